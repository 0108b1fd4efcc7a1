"""Back up… and Export to HQ open with the cursor in the folder field: a person types the
folder and presses Enter, and the dialog does what it says (Enter never cancels)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from tests.gui.helpers import FakePrompts, type_and_enter, unlock


def test_back_up_by_typing_the_folder_and_pressing_enter(
    qtbot: Any, controller: Controller, fixture_vault: Path, fake_prompts: FakePrompts, tmp_path
) -> None:
    unlock(qtbot, controller)
    controller.window.actions_[Act.BACKUP].trigger()
    dialog = controller.window.backup_dialog
    (usb := tmp_path / "stick").mkdir()
    type_and_enter(qtbot, dialog, dialog.folder.edit, str(usb))
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    (written,) = list(usb.iterdir())
    assert written.name in dialog.message.text()
    assert sorted(p.name for p in written.iterdir()) == ["vault.db", "vault.keys"]
    assert fake_prompts.calls == []
    # The dialog grew to show the whole message, not its middle lines only.
    needed = dialog.layout().totalHeightForWidth(dialog.width())
    assert dialog.height() >= needed
    assert dialog.message.geometry().height() >= dialog.message.heightForWidth(
        dialog.message.width()
    )


def test_export_by_typing_the_folder_and_pressing_enter(
    qtbot: Any, enrolled: Controller, fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    window = enrolled.window
    window.actions_[Act.EXPORT_HQ].trigger()
    dialog = window.export_dialog
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        type_and_enter(qtbot, dialog, dialog.folder.edit, str(usb))
    assert list(usb.glob("*.fkbundle"))
    assert window.summary_dialog.isVisible()


def test_apply_a_receipt_by_typing_its_file_and_pressing_enter(
    qtbot: Any, enrolled: Controller, fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    window = enrolled.window
    window.actions_[Act.APPLY_RECEIPT].trigger()
    dialog = window.receipt_dialog
    missing = tmp_path / "no-such.fkreceipt"
    type_and_enter(qtbot, dialog, dialog.file.edit, str(missing))
    qtbot.waitUntil(lambda: bool(fake_prompts.calls), timeout=10_000)  # tried, not cancelled
    assert dialog.file.path() == missing
