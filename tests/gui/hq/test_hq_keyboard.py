"""HQ's window by keyboard: each Alt shortcut is taken once, in English and in Russian."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fieldkit.gui.app import Controller
from tests.builders import make_hq
from tests.gui.helpers import alt_letters_taken_twice, unlock


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_alt_shortcut_of_the_hq_window_is_taken_once(
    qtbot: Any, controller: Controller, vault_dir: Path, tmp_path: Path, language: str
) -> None:
    make_hq(vault_dir, tmp_path / "hq.fkcard")[0].close()
    assert controller.language.apply(language)
    unlock(qtbot, controller)
    window = controller.hq_window
    assert window is not None and window.isVisible()
    assert alt_letters_taken_twice(window) == {}
