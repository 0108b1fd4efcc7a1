"""Fixtures of the kit window's tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fieldkit import kit as kitx
from fieldkit.gui.app import Controller
from tests.builders import HqSetup
from tests.gui.helpers import (
    FakePrompts,
    RunningExport,
    enroll_hq,
    first_interview_attachments,
    start_export,
    unlock,
)


@pytest.fixture
def unlocked(qtbot: Any, controller: Controller, closed_vault: Path) -> Controller:
    """The kit window unlocked on a new, empty vault."""
    unlock(qtbot, controller)
    return controller


@pytest.fixture
def enrolled(
    qtbot: Any,
    controller: Controller,
    fixture_vault: Path,
    fake_prompts: FakePrompts,
    hq_a: HqSetup,
) -> Controller:
    """The kit window unlocked on the Korday testimonies, with HQ A enrolled."""
    unlock(qtbot, controller)
    enroll_hq(qtbot, controller, fake_prompts, hq_a.card)
    return controller


@pytest.fixture
def held_export(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The kit's export waits (up to 10 s) until the event is set: an export still running."""
    gate = threading.Event()
    real = kitx.export_bundle

    def held(*args: Any, **kwargs: Any) -> Any:
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(kitx, "export_bundle", held)
    yield gate
    gate.set()


@pytest.fixture
def running_export(
    enrolled: Controller,
    fake_prompts: FakePrompts,
    tmp_path: Path,
    held_export: threading.Event,
) -> RunningExport:
    """The enrolled kit's export to an empty ``usb`` folder, started and still running."""
    folder = tmp_path / "usb"
    folder.mkdir()
    return RunningExport(start_export(enrolled, fake_prompts, folder), folder, held_export)


@pytest.fixture
def panel(qtbot: Any, controller: Controller, fixture_vault: Path) -> Any:
    """The kit window on the list's first interview: its editor's attachments panel."""
    return first_interview_attachments(qtbot, controller)
