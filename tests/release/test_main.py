"""``python -m fieldkit.release`` refuses to empty a folder that is not an earlier build's."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.release.__main__ import main


@pytest.mark.parametrize("which", ["--out", "--work"])
def test_a_foreign_folder_is_never_emptied(tmp_path: Path, which: str) -> None:
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "report.odt").write_text("keep me")
    other = "--work" if which == "--out" else "--out"
    assert main([which, str(foreign), other, str(tmp_path / "other"), "--starts", "0"]) == 2
    assert (foreign / "report.odt").read_text() == "keep me"
