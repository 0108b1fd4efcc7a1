"""The export dialog says which attachments go with the interviews before and after the
bundle is written; the receipt's summary says what HQ confirmed of them and what a purge
erased, typed and pressed as a person does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.gui.kit.exchange import receipt_summary_text
from fieldkit.vault import attachments
from fieldkit.vault.attachments import SendChoice
from fieldkit.vault.store import Vault
from tests import media_samples
from tests.builders import HqSetup
from tests.gui.helpers import FakePrompts, type_and_enter
from tests.helpers import PASSPHRASE


def test_the_export_dialog_says_what_goes_with_the_interviews(
    qtbot: Any,
    enrolled: Controller,
    fake_prompts: FakePrompts,
    hq_a: HqSetup,
    tmp_path: Path,
) -> None:
    window = enrolled.window
    vault = window.vault
    first = vault.read("SELECT id FROM interviews ORDER BY rowid LIMIT 1")[0][0]
    photo = tmp_path / "injury.jpg"
    photo.write_bytes(media_samples.jpeg("at the checkpoint"))
    attachments.attach(vault, first, [photo, photo])
    (private,) = attachments.attach(vault, first, [photo])
    attachments.set_send(vault, private, SendChoice.KIT_ONLY)

    window.actions_[Act.EXPORT_HQ].trigger()
    dialog = window.export_dialog
    qtbot.waitUntil(lambda: "With them go 2 attachments" in dialog.plan.text(), timeout=20_000)
    assert "1 attachment stays on this computer" in dialog.plan.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as signal:
        type_and_enter(qtbot, dialog, dialog.folder.edit, str(usb))
    summary = signal.args[0]
    shown = [w.text() for w in window.summary_dialog.findChildren(QWidget) if hasattr(w, "text")]
    assert any("With them go 2 attachments" in text for text in shown), shown

    # At HQ, then back: the receipt confirms both by hash; a purge erases them.
    kit_card = tmp_path / "kit.fkcard"
    kitx.kit_card(vault).write_card(kit_card)
    with Vault.open(hq_a.path, PASSPHRASE) as central:
        hq.enroll_kit(central, kit_card)
        outcome = hq.import_bundle(central, summary.path)
    window.summary_dialog.close()
    window.actions_[Act.APPLY_RECEIPT].trigger()
    receipt = window.receipt_dialog
    receipt.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is receipt.file.edit)
    QTest.keyClicks(receipt.file.edit, str(outcome.receipt_path))
    QTest.keyClick(receipt.file.edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not receipt.file.edit)
    while QApplication.focusWidget() is not receipt.purge:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    QTest.keyClick(receipt.purge, Qt.Key.Key_Space)
    assert receipt.purge.isChecked()
    fake_prompts.answers["confirm"] = True
    with qtbot.waitSignal(receipt.applied, timeout=20_000) as applied:
        QTest.keyClick(receipt.purge, Qt.Key.Key_Return)
    text = receipt_summary_text(applied.args[0])
    assert "HQ confirmed holding 2 attachments." in text
    assert "2 attachments HQ holds were erased from here, with their originals." in text
    assert "1 attachment of those interviews stays here" in text
    assert [a.id for a in attachments.list_for(vault, first)] == [private.id]
