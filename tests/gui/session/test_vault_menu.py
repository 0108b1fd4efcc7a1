"""The Vault menu: change passphrase, integrity check, destroy; deleting an interview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.gui.session.vault_dialogs import DESTROY_PHRASE, ChangePassphraseDialog
from fieldkit.vault import search
from fieldkit.vault.store import Vault
from tests.gui.helpers import FakePrompts, open_first_row, start_new_interview, unlock
from tests.helpers import PASSPHRASE

NEW_PASSPHRASE = "violet tractor umbrella quarry 1987"


def test_change_passphrase(qtbot: Any, controller: Controller, closed_vault: Path) -> None:
    unlock(qtbot, controller)
    window = controller.window
    window.actions_[Act.CHANGE_PASSPHRASE].trigger()
    dialog = window.findChild(ChangePassphraseDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()
    dialog.form.first.setText(NEW_PASSPHRASE)
    dialog.form.second.setText(NEW_PASSPHRASE)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.ok_button.click()
    assert not dialog.isVisible()
    controller.lock()
    Vault.open(closed_vault, NEW_PASSPHRASE).close()


def test_locking_closes_an_open_dialog(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    unlock(qtbot, controller)
    controller.window.actions_[Act.CHANGE_PASSPHRASE].trigger()
    dialog = controller.window.findChild(ChangePassphraseDialog)
    dialog.form.first.setText(NEW_PASSPHRASE)
    controller.lock()
    assert not dialog.isVisible()
    assert dialog.form.first.text() == ""


def test_integrity_check_runs_in_the_background(
    qtbot: Any, controller: Controller, fixture_vault: Path, fake_prompts: FakePrompts
) -> None:
    unlock(qtbot, controller)
    controller.window.actions_[Act.CHECK].trigger()
    qtbot.waitUntil(lambda: bool(fake_prompts.calls), timeout=10_000)
    assert fake_prompts.kinds() == ["information"]
    assert "11 interviews and " in fake_prompts.texts()


def test_destroy_needs_the_typed_phrase(
    qtbot: Any, controller: Controller, closed_vault: Path, fake_prompts: FakePrompts
) -> None:
    unlock(qtbot, controller)
    fake_prompts.answers["ask_text"] = "destroy"  # not exactly the phrase
    controller.window.actions_[Act.DESTROY].trigger()
    assert Vault.exists(closed_vault)
    assert controller.is_open

    fake_prompts.answers["ask_text"] = DESTROY_PHRASE
    with qtbot.waitSignal(controller.finished, timeout=10_000):
        controller.window.actions_[Act.DESTROY].trigger()
    assert not Vault.exists(closed_vault)
    assert not (closed_vault / "vault.keys").exists()
    assert fake_prompts.kinds()[-1] == "information"
    assert not controller.window.isVisible()


def test_delete_interview_after_confirmation(
    qtbot: Any, controller: Controller, fixture_vault: Path, fake_prompts: FakePrompts
) -> None:
    window = open_first_row(qtbot, controller)
    doomed = window.editor.current_id
    window.actions_[Act.DELETE].trigger()  # "No" is the default answer
    assert window.model.counts()[0] == 11
    fake_prompts.answers["confirm"] = True
    window.actions_[Act.DELETE].trigger()
    assert window.model.counts() == (10, 10)
    assert window.model.row_of(doomed) is None
    assert window.editor.current_id is None
    assert search.count(window.vault) == 10


def test_ctrl_s_and_the_quit_action_save(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    window = start_new_interview(qtbot, controller)
    window.editor.role.setText("Saved by Ctrl+S")
    window.actions_[Act.SAVE].trigger()
    assert not window.editor.is_dirty
    window.editor.role.setText("Saved by quitting")
    with qtbot.waitSignal(controller.finished):
        window.actions_[Act.QUIT].trigger()
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        assert [s.role for s in search.search(vault)] == ["Saved by quitting"]
    assert QApplication.clipboard().text() == ""
