"""Which fieldkit this is: ``--version``, and the build id a frozen build stamps."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from fieldkit import version as version_module
from fieldkit.version import SOURCE_BUILD, version_info
from tests.helpers import cli_in_process


def test_a_source_install_says_so() -> None:
    info = version_info()
    assert info.version == metadata.version("fieldkit")
    assert info.build_id == SOURCE_BUILD and not info.frozen and info.built is None
    assert info.line() == f"fieldkit {info.version} (build source)"


def test_a_stamped_build_reports_its_version_and_build_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamped = {"version": "0.2.0", "build_id": "20261201.abc.linux-x86_64", "built": "2026-12-01"}
    (tmp_path / version_module.BUILD_INFO).write_text(json.dumps(stamped), encoding="utf-8")
    monkeypatch.setattr(version_module.resources, "files", lambda package: tmp_path)
    info = version_info()
    assert (info.version, info.build_id, info.built) == ("0.2.0", stamped["build_id"], "2026-12-01")
    assert info.frozen
    # A damaged stamp falls back to the package's metadata, never an error.
    (tmp_path / version_module.BUILD_INFO).write_text("{not json", encoding="utf-8")
    assert version_info().build_id == SOURCE_BUILD


def test_cli_version(capsys: Any) -> None:
    code, out, _ = cli_in_process(capsys, "--version")
    assert code == 0
    assert out.strip() == version_info().line()
