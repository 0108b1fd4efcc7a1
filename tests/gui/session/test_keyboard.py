"""The unlock dialog driven by the keys a person presses: type, Enter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from fieldkit.gui.app import Controller
from fieldkit.gui.session.unlock import PASSPHRASE_PAGE, RECOVERY_PAGE, UnlockDialog
from tests.helpers import PASSPHRASE, flip_sealed_keys


def _type(qtbot: Any, text: str) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClicks(focused, text)


def _shown(qtbot: Any, controller: Controller) -> UnlockDialog:
    """The unlock dialog as the app starts: active, the passphrase field focused."""
    controller.start()
    dialog = controller.unlock_dialog
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.passphrase)
    return dialog


def test_typing_the_passphrase_then_enter_unlocks(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    dialog = _shown(qtbot, controller)
    _type(qtbot, PASSPHRASE)
    with qtbot.waitSignal(controller.opened, timeout=10_000):
        QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == PASSPHRASE_PAGE


def test_enter_presses_each_page_s_own_button(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    dialog = _shown(qtbot, controller)
    for _ in range(5):  # Tab to the "Forgot passphrase?" link, then Space
        if QApplication.focusWidget() is dialog.forgot_button:
            break
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    QTest.keyClick(dialog.forgot_button, Qt.Key.Key_Space)
    assert dialog.pages.currentIndex() == RECOVERY_PAGE
    assert QApplication.focusWidget() is dialog.recovery_key
    _type(qtbot, "AAAA-BBBB")
    QTest.keyClick(dialog.recovery_key, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=10_000)
    assert dialog.pages.currentIndex() == RECOVERY_PAGE  # a wrong key: tried, and said so
    assert dialog.recovery_message.text()


def test_a_damaged_key_slot_is_not_called_a_wrong_passphrase(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    flip_sealed_keys(closed_vault)  # as a bad sector would: the file still parses

    dialog = _shown(qtbot, controller)
    _type(qtbot, PASSPHRASE)
    QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.message.isVisible, timeout=10_000)
    text = dialog.message.text()
    assert "key slot file is damaged" in text
    assert "not a wrong passphrase" in text
    assert "recovery key" in text and "backup" in text
    assert "does not open" not in text
    assert not controller.window.isVisible()
    # The recovery key is damaged alike: the recovery page says the same, not "check each group".
    QTest.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == RECOVERY_PAGE)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.recovery_key)
    _type(qtbot, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    QTest.keyClick(dialog.recovery_key, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.recovery_message.isVisible, timeout=10_000)
    assert "key slot file is damaged" in dialog.recovery_message.text()
