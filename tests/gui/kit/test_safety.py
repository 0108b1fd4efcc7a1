"""Field safety in the kit window: stale saves never revert another change, the quick exit,
Vault → Back up… and the backup reminder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QMessageBox,
    QToolButton,
    QWidget,
)

from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.gui.kit.main_window import MainWindow
from fieldkit.vault import records, search
from fieldkit.vault.backup import backup_vault
from fieldkit.vault.settings import BACKUP_REMINDER, LAST_BACKUP
from fieldkit.vault.store import Vault
from tests.builders import add_interview, edit_quote
from tests.gui.helpers import (
    FakePrompts,
    another_process,
    open_first_row,
    start_new_interview,
    unlock,
)
from tests.helpers import FAST_KDF, PASSPHRASE

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _type_into(qtbot: Any, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    QTest.keyClick(_focused(), Qt.Key.Key_End)
    QTest.keyClicks(_focused(), text)


# --- stale saves ---------------------------------------------------------------------------


def test_typing_into_a_stale_editor_never_reverts_the_other_change(
    qtbot: Any, controller: Controller, fixture_vault: Path, fake_prompts: FakePrompts
) -> None:
    window = open_first_row(qtbot, controller)
    editor = window.editor
    opened = editor.current_id
    assert opened is not None
    named = editor.quotes.editors[0].text.toPlainText()

    with another_process(fixture_vault) as cli:  # the CLI anonymises it meanwhile
        edit_quote(cli, opened, "[a neighbour] told us what happened.")

    _type_into(qtbot, editor.role, " (second visit)")
    qtbot.waitUntil(lambda: not editor.is_dirty, timeout=5000)  # the autosave ran

    assert fake_prompts.kinds() == ["warning"]  # one dialog, through the prompt seam
    assert "changed elsewhere" in fake_prompts.texts()
    with another_process(fixture_vault) as cli:
        kept = records.get(cli, opened)
        copy_id = editor.current_id
        assert copy_id is not None and copy_id != opened
        copy = records.get(cli, copy_id)
    assert kept.quotes[0].text == "[a neighbour] told us what happened."  # not reverted
    assert not kept.role.endswith("(second visit)")
    assert copy.role.endswith("(second visit)") and copy.quotes[0].text == named
    assert records.CONFLICT_TAG in copy.tags
    assert editor.role.text().endswith("(second visit)")  # the kept copy is shown
    assert records.CONFLICT_TAG in editor.tags.text()
    assert window.model.row_of(copy_id) is not None and window.model.row_of(opened) is not None

    # Typing on goes into the copy, with no further refusal.
    _type_into(qtbot, editor.place, " district")
    qtbot.waitUntil(lambda: not editor.is_dirty, timeout=5000)
    assert fake_prompts.kinds() == ["warning"]
    assert records.get(window.vault, copy_id).place.endswith(" district")
    assert records.get(window.vault, opened).quotes[0].text.startswith("[a neighbour]")


# --- the quick exit --------------------------------------------------------------------------


def _draft_with_citation(qtbot: Any, controller: Controller) -> tuple[MainWindow, Vault]:
    """The window unlocked, a new draft typed (not saved yet) and a citation copied."""
    window = start_new_interview(qtbot, controller)
    _type_into(qtbot, window.editor.place, "Masanchi")
    controller.clipboard.copy("A citation with a name in it")
    assert QApplication.clipboard().text() != ""
    assert window.vault is not None
    return window, window.vault


def _closed_and_clean(window: MainWindow, vault: Vault, fake_prompts: FakePrompts) -> None:
    assert not vault.is_open and window.vault is None
    assert not window.isVisible()
    assert QApplication.clipboard().text() == ""
    assert fake_prompts.calls == []
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_quick_exit_from_a_modal_dialog_locks_clears_and_quits_at_once(
    qtbot: Any, controller: Controller, closed_vault: Path, fake_prompts: FakePrompts
) -> None:
    window, vault = _draft_with_citation(qtbot, controller)
    window.actions_[Act.PREFERENCES].trigger()
    dialog = controller.preferences_dialog
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and _focused().window() is dialog)
    assert dialog.isModal()

    with qtbot.waitSignal(controller.finished, timeout=5000) as finished:
        QTest.keyClick(_focused(), Qt.Key.Key_Q, CTRL_SHIFT)

    assert finished.args == [0]
    assert not dialog.isVisible()
    _closed_and_clean(window, vault, fake_prompts)
    with Vault.open(closed_vault, PASSPHRASE) as reopened:  # the draft was saved first
        places = [i.place for i in search.search(reopened, search.Query())]
    assert places == ["Masanchi"]


def test_quick_exit_from_the_window_key_and_its_toolbar_button(
    qtbot: Any, controller: Controller, closed_vault: Path, fake_prompts: FakePrompts
) -> None:
    window, vault = _draft_with_citation(qtbot, controller)
    action = window.actions_[Act.QUICK_EXIT]
    assert action.shortcut().toString() == "Ctrl+Shift+Q"
    buttons = [b for b in window.findChildren(QToolButton) if b.defaultAction() is action]
    assert len(buttons) == 1 and buttons[0].isVisible()
    with qtbot.waitSignal(controller.finished, timeout=5000):
        QTest.keyClick(_focused(), Qt.Key.Key_Q, CTRL_SHIFT)
    _closed_and_clean(window, vault, fake_prompts)

    window, vault = _draft_with_citation(qtbot, controller)  # the button does the same
    with qtbot.waitSignal(controller.finished, timeout=5000):
        buttons[0].click()
    _closed_and_clean(window, vault, fake_prompts)


# --- backups ---------------------------------------------------------------------------------


def test_back_up_from_the_vault_menu_and_the_reminder_goes(
    qtbot: Any, controller: Controller, fixture_vault: Path, fake_prompts: FakePrompts, usb: Path
) -> None:
    unlock(qtbot, controller)
    window = controller.window
    qtbot.waitUntil(window.backup_note.isVisible)  # once the list is painted
    assert "have no backup yet" in window.backup_note.text()

    fake_prompts.answers["choose_folder"] = usb
    window.actions_[Act.BACKUP].trigger()
    dialog = window.backup_dialog
    assert not dialog.run_button.isEnabled()
    dialog.folder.button.setFocus()
    QTest.keyClick(dialog.folder.button, Qt.Key.Key_Space)  # Choose…, answered by the seam
    assert dialog.folder.path() == usb and dialog.run_button.isEnabled()
    QTest.keyClick(dialog.run_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)

    (written,) = list(usb.iterdir())
    assert written.name in dialog.message.text() and "fieldkit" not in written.name
    assert sorted(p.name for p in written.iterdir()) == ["vault.db", "vault.keys"]
    assert not window.backup_note.isVisible()
    assert window.vault is not None and window.vault.get_setting(LAST_BACKUP)
    assert fake_prompts.kinds() == ["choose_folder"]
    with Vault.open(written, PASSPHRASE) as copy:
        assert len(search.search(copy, search.Query())) == len(
            search.search(window.vault, search.Query())
        )


def test_the_reminder_can_be_switched_off_in_preferences(
    qtbot: Any, controller: Controller, fixture_vault: Path, fake_prompts: FakePrompts
) -> None:
    unlock(qtbot, controller)
    window = controller.window
    qtbot.waitUntil(window.backup_note.isVisible)  # once the list is painted
    window.actions_[Act.PREFERENCES].trigger()
    dialog = controller.preferences_dialog
    assert dialog.reminder is not None and dialog.reminder.isChecked()
    dialog.reminder.setFocus()
    QTest.keyClick(dialog.reminder, Qt.Key.Key_Space)
    buttons = dialog.findChild(QDialogButtonBox)
    with qtbot.waitSignal(dialog.reminder_chosen):
        buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not window.backup_note.isVisible()
    assert window.vault is not None and window.vault.get_setting(BACKUP_REMINDER) is False
    assert fake_prompts.calls == []


def test_restore_from_a_backup_in_the_first_run_dialog(
    qtbot: Any, controller: Controller, vault_dir: Path, fake_prompts: FakePrompts, tmp_path
) -> None:
    old, _ = Vault.create(tmp_path / "old", PASSPHRASE, organisation="ADC Memorial", kdf=FAST_KDF)
    with old:
        kept = add_interview(old)
        (tmp_path / "usb").mkdir()
        backup = backup_vault(old, tmp_path / "usb")
    controller.start()
    dialog = controller.first_run
    assert dialog is not None and dialog.isVisible() and not vault_dir.exists()

    fake_prompts.answers["choose_folder"] = backup
    fake_prompts.queue("ask_text", "not the passphrase", PASSPHRASE)
    dialog.restore_button.click()  # a wrong passphrase: said in the dialog, nothing written
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert not vault_dir.exists() and dialog.restore_button.isEnabled()

    with qtbot.waitSignal(controller.opened, timeout=10_000):
        dialog.restore_button.click()
    window = controller.window
    assert window.isVisible() and window.vault is not None
    assert records.get(window.vault, kept).place == "Tokmok"
    assert [kind for kind in fake_prompts.kinds() if kind != "ask_text"] == [
        "choose_folder",
        "choose_folder",
    ]


def test_quick_exit_ends_a_dialog_run_with_exec_and_the_first_run_dialog(
    qtbot: Any, controller: Controller, closed_vault: Path, vault_dir: Path, fake_prompts
) -> None:
    window, vault = _draft_with_citation(qtbot, controller)
    box = QMessageBox(QMessageBox.Icon.Question, "Delete", "Delete?", parent=window)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    pressed: list[bool] = []

    def press() -> None:
        pressed.append(box.isVisible())
        QTest.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_Q, CTRL_SHIFT)

    QTimer.singleShot(200, press)
    with qtbot.waitSignal(controller.finished, timeout=5000):
        answer = box.exec()  # returns once the quick exit ends it
    assert pressed == [True] and answer != QMessageBox.StandardButton.Yes
    _closed_and_clean(window, vault, fake_prompts)


def test_quick_exit_from_the_first_run_dialog_asks_nothing(
    qtbot: Any, controller: Controller, vault_dir: Path, fake_prompts: FakePrompts
) -> None:
    controller.start()
    dialog = controller.first_run
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    codes: list[int] = []
    controller.finished.connect(codes.append)
    QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Q, CTRL_SHIFT)
    qtbot.wait(50)
    assert codes == [0]  # once: the dialog's own "cancelled" did not end the session again
    assert not dialog.isVisible() and fake_prompts.calls == []
