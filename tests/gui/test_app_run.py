"""``fieldkit.gui.app.run``: the entry point the command line calls."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from fieldkit.gui import app as app_module
from fieldkit.gui.base.errors import ExceptHook


def test_run_shows_first_run_and_returns_when_the_session_ends(
    qtbot: Any, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}
    original_start = app_module.Controller.start

    def start(self: app_module.Controller) -> None:
        seen["hook"] = sys.excepthook  # installed before any window existed
        original_start(self)
        seen["first_run"] = self.first_run is not None and self.first_run.isVisible()
        QTimer.singleShot(0, lambda: self.finished.emit(0))

    monkeypatch.setattr(app_module.Controller, "start", start)
    before = sys.excepthook
    assert app_module.run(vault_dir) == 0
    assert isinstance(seen["hook"], ExceptHook)
    assert seen["first_run"] is True
    assert sys.excepthook is before
    assert not vault_dir.exists()  # nothing is created until the person confirms


def test_run_returns_the_error_code_when_the_vault_cannot_be_opened(
    qtbot: Any, closed_vault: Path, fake_prompts: Any
) -> None:
    (closed_vault / "vault.keys").unlink()
    assert app_module.run(closed_vault) == 1
    assert fake_prompts.kinds() == ["critical"]
