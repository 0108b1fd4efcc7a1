"""Help → About names the version and build, the licence and where the vault is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.version import version_info
from tests.gui.helpers import FakePrompts, unlock


def test_help_about_from_the_keyboard_names_version_build_and_vault(
    qtbot: Any, controller: Controller, fake_prompts: FakePrompts, fixture_vault: Path
) -> None:
    unlock(qtbot, controller)
    window = controller.window
    help_menu = next(
        m for m in window.menuBar().findChildren(QMenu) if m.title().replace("&", "") == "Help"
    )
    about = window.actions_[Act.ABOUT]
    assert about in help_menu.actions() and about.isEnabled()
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # the Help menu
    qtbot.waitUntil(help_menu.isVisible)
    QTest.keyClick(help_menu, Qt.Key.Key_A)  # &About fieldkit
    qtbot.waitUntil(lambda: fake_prompts.kinds() == ["information"])
    [(_, title, text, *_)] = fake_prompts.of("information")
    info = version_info()
    assert title == "About fieldkit"
    assert f"version {info.version} (build {info.build_id})" in text
    assert str(fixture_vault) in text
    assert "Affero" in text


def test_about_is_offered_while_locked_too(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    unlock(qtbot, controller)
    controller.lock()
    assert controller.window.actions_[Act.ABOUT].isEnabled()
