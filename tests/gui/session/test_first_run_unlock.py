"""Creating the vault on first run, and unlocking it (right, wrong, recovery key)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fieldkit.gui.app import Controller
from fieldkit.gui.session.first_run import FirstRunDialog
from fieldkit.gui.session.unlock import NEW_PASSPHRASE_PAGE, PASSPHRASE_PAGE, RECOVERY_PAGE
from fieldkit.vault import records
from fieldkit.vault.store import Vault
from tests.gui.helpers import FakePrompts, unlock
from tests.helpers import FAST_KDF, PASSPHRASE

NEW_PASSPHRASE = "violet tractor umbrella quarry 1987"


def test_first_run_creates_the_vault_and_confirms_the_recovery_key(
    qtbot: Any, controller: Controller, vault_dir: Path
) -> None:
    controller.start()
    dialog = controller.first_run
    assert isinstance(dialog, FirstRunDialog)
    assert dialog.isVisible()
    assert not dialog.create_button.isEnabled()

    dialog.form.first.setText("password1")
    assert not dialog.create_button.isEnabled()
    assert dialog.form.advice.text()  # zxcvbn's warning is shown
    dialog.form.first.setText(PASSPHRASE)
    dialog.form.second.setText(PASSPHRASE + "x")
    assert not dialog.create_button.isEnabled()
    assert "not match" in dialog.form.match.text()
    dialog.form.second.setText(PASSPHRASE)
    assert dialog.create_button.isEnabled()
    dialog.organisation.setText("ADC Memorial")

    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    key = dialog.key_label.text()
    assert len(key.split("-")) == 8
    assert not dialog.continue_button.isEnabled()
    dialog.confirm.setText("WRONG")
    assert not dialog.continue_button.isEnabled()
    dialog.confirm.setText(key.rsplit("-", 1)[-1].lower())
    assert dialog.continue_button.isEnabled()
    with qtbot.waitSignal(controller.opened):
        dialog.continue_button.click()

    assert not dialog.isVisible()
    assert dialog.key_label.text() == ""  # shown once, then forgotten
    assert controller.window.isVisible()
    assert Vault.exists(vault_dir)
    assert controller.window.vault is not None
    assert records.organisation(controller.window.vault) == "ADC Memorial"
    # The recovery key shown really opens the vault.
    controller.lock()
    Vault.open_with_recovery(vault_dir, key).close()


def test_closing_first_run_before_confirming_asks(
    qtbot: Any, controller: Controller, fake_prompts: FakePrompts
) -> None:
    controller.start()
    dialog = controller.first_run
    assert dialog is not None
    dialog.form.first.setText(PASSPHRASE)
    dialog.form.second.setText(PASSPHRASE)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    dialog.close()
    assert fake_prompts.kinds() == ["confirm"]
    assert dialog.isVisible()  # "No" keeps the key on screen


def test_unlock_with_the_right_passphrase(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    unlock(qtbot, controller)
    assert controller.window.isVisible()
    assert not controller.unlock_dialog.isVisible()
    assert controller.unlock_dialog.passphrase.text() == ""


def test_a_wrong_passphrase_keeps_the_dialog_with_a_calm_message(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    controller.start()
    dialog = controller.unlock_dialog
    dialog.passphrase.setText("not the passphrase at all")
    dialog.unlock_button.click()
    assert dialog.busy.isVisible()  # key derivation runs in the background
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert "does not open" in dialog.message.text()
    assert dialog.isVisible()
    assert dialog.passphrase.text() == ""
    assert dialog.passphrase.isEnabled()
    assert not dialog.busy.isVisible()
    qtbot.waitUntil(dialog.passphrase.hasFocus)
    assert not controller.window.isVisible()
    # And then the right one still works.
    unlock(qtbot, controller)


def test_forgot_passphrase_uses_the_recovery_key_then_asks_a_new_one(
    qtbot: Any, controller: Controller, vault_dir: Path
) -> None:
    vault, key = Vault.create(vault_dir, PASSPHRASE, kdf=FAST_KDF)
    vault.close()
    controller.start()
    dialog = controller.unlock_dialog
    dialog.forgot_button.click()
    assert dialog.pages.currentIndex() == RECOVERY_PAGE

    dialog.recovery_key.setText("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    dialog.recover_button.click()
    qtbot.waitUntil(dialog.recovery_message.isVisible, timeout=10_000)
    assert dialog.pages.currentIndex() == RECOVERY_PAGE

    dialog.recovery_key.setText(key.lower())
    dialog.recover_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == NEW_PASSPHRASE_PAGE, timeout=10_000)
    assert not dialog.set_button.isEnabled()
    dialog.new_form.first.setText(NEW_PASSPHRASE)
    dialog.new_form.second.setText(NEW_PASSPHRASE)
    assert dialog.set_button.isEnabled()
    with qtbot.waitSignal(controller.opened, timeout=10_000):
        dialog.set_button.click()
    assert dialog.pages.currentIndex() == PASSPHRASE_PAGE
    controller.lock()
    Vault.open(vault_dir, NEW_PASSPHRASE).close()


def test_damaged_vault_is_reported_not_replaced(
    qtbot: Any, controller: Controller, closed_vault: Path, fake_prompts: FakePrompts
) -> None:
    (closed_vault / "vault.keys").unlink()
    with qtbot.waitSignal(controller.finished) as finished:
        controller.start()
    assert finished.args == [1]
    assert fake_prompts.kinds() == ["critical"]
    assert (closed_vault / "vault.db").exists()


def test_every_alt_shortcut_of_the_first_run_dialog_is_taken_once(
    qtbot: Any, controller: Controller, vault_dir: Path
) -> None:
    """ "Open existing vault…" and "Restore from a backup…" both took Alt+E: the key only
    moved the focus, and the next Space pressed the wrong one (opening a backup in place)."""
    import re
    from collections import defaultdict

    from PySide6.QtWidgets import QAbstractButton, QLabel

    controller.start()
    dialog = controller.first_run
    assert isinstance(dialog, FirstRunDialog)
    keys: dict[str, list[str]] = defaultdict(list)
    for widget in [*dialog.findChildren(QLabel), *dialog.findChildren(QAbstractButton)]:
        found = re.search(r"&([^&])", widget.text()) if widget.isVisibleTo(dialog) else None
        if found:
            keys[found.group(1).lower()].append(widget.text())
    assert {key: words for key, words in keys.items() if len(words) > 1} == {}
    assert keys["b"] == ["Restore from a &backup…"]
