"""The kit's Exchange menu: enroll HQ, this kit's card, export to HQ, apply a receipt."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.errors import DiskFull
from fieldkit.core.record import Interview, Quote, Status
from fieldkit.exchange.keys import Card, Role
from fieldkit.gui.app import Controller
from fieldkit.gui.base import prompts
from fieldkit.gui.base.actions import Act
from fieldkit.gui.base.work import Cancelled, Op, Progress
from fieldkit.gui.kit.export_dialog import ExportDialog, ExportSummaryDialog
from fieldkit.gui.widgets.list_model import STATUS
from fieldkit.vault import records, search
from fieldkit.vault.store import Vault
from tests.builders import HqSetup
from tests.gui.helpers import (
    FakePrompts,
    RunningExport,
    enroll_hq,
    export_to_hq,
    start_export,
)
from tests.helpers import PASSPHRASE

COMPLETE_DRAFT = "00000000-0000-4000-8000-00000000d001"
INCOMPLETE_DRAFT = "00000000-0000-4000-8000-00000000d002"


@pytest.fixture
def drafts(fixture_vault: Path) -> None:
    """Two drafts more in the closed Korday vault: one complete, one not (no date, no quote)."""
    with Vault.open(fixture_vault, PASSPHRASE) as vault:
        records.save(
            vault,
            Interview(
                id=COMPLETE_DRAFT,
                interview_date=date(2020, 3, 1),
                place="Masanchi",
                role="Dungan woman, resident of Masanchi",
                quotes=(Quote("Complete draft quote."),),
                status=Status.DRAFT,
            ),
        )
        records.save(
            vault,
            Interview(
                id=INCOMPLETE_DRAFT,
                interview_date=None,
                place="Sortobe",
                role="",
                quotes=(),
                status=Status.DRAFT,
            ),
        )


@pytest.mark.usefixtures("unlocked")
def test_enroll_hq_after_comparing_the_fingerprint(
    qtbot: Any, controller: Controller, fake_prompts: FakePrompts, hq_a: HqSetup
) -> None:
    fake_prompts.answers["open_file"] = hq_a.card
    fake_prompts.answers["fingerprint"] = False  # it did not match what HQ read out
    controller.window.actions_[Act.ENROLL_HQ].trigger()
    assert kitx.pinned_hq(controller.window.vault) is None
    (_parent, _title, text, shown) = fake_prompts.of("fingerprint")[0][:4]
    assert shown == hq_a.fingerprint
    assert "ADC Memorial" in text

    enroll_hq(qtbot, controller, fake_prompts, hq_a.card)
    assert kitx.pinned_hq(controller.window.vault).fingerprint == hq_a.fingerprint
    assert "ADC Memorial" in controller.window.statusBar().currentMessage()


@pytest.mark.usefixtures("unlocked")
def test_enroll_hq_pins_the_card_whose_fingerprint_was_compared(
    controller: Controller,
    fake_prompts: FakePrompts,
    hq_a: HqSetup,
    hq_b: HqSetup,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The card file is swapped while the person compares its fingerprint by phone: the card
    they confirmed is pinned, not whatever the file holds by then."""
    confirmed = hq_a.card.read_bytes()
    shown: list[str] = []

    def compare_then_swap(*args: Any, **kwargs: Any) -> bool:
        shown.append(args[3])
        hq_a.card.write_bytes(hq_b.card.read_bytes())
        return True

    monkeypatch.setattr(prompts, "fingerprint", compare_then_swap)
    fake_prompts.answers["open_file"] = hq_a.card
    controller.window.actions_[Act.ENROLL_HQ].trigger()
    assert shown == [hq_a.fingerprint]
    assert kitx.pinned_hq(controller.window.vault).fingerprint == hq_a.fingerprint
    [(pinned,)] = controller.window.vault.read("SELECT card FROM hq_pins")
    assert pinned.encode("utf-8") == confirmed


@pytest.mark.usefixtures("unlocked")
def test_replacing_a_pinned_hq_needs_confirmation(
    qtbot: Any,
    controller: Controller,
    fake_prompts: FakePrompts,
    hq_a: HqSetup,
    hq_b: HqSetup,
) -> None:
    enroll_hq(qtbot, controller, fake_prompts, hq_a.card)
    fake_prompts.answers["confirm"] = False
    enroll_hq(qtbot, controller, fake_prompts, hq_b.card)
    assert kitx.pinned_hq(controller.window.vault).fingerprint == hq_a.fingerprint
    assert hq_a.fingerprint in fake_prompts.of("confirm")[-1][2]  # names the HQ it replaces

    fake_prompts.answers["confirm"] = True
    enroll_hq(qtbot, controller, fake_prompts, hq_b.card)
    assert kitx.pinned_hq(controller.window.vault).fingerprint == hq_b.fingerprint


@pytest.mark.usefixtures("unlocked")
def test_a_file_that_is_not_an_hq_card_gives_one_calm_warning(
    controller: Controller, fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.fkcard"
    junk.write_text("not a card")
    fake_prompts.answers["open_file"] = junk
    controller.window.actions_[Act.ENROLL_HQ].trigger()
    assert fake_prompts.kinds() == ["open_file", "warning"]
    assert kitx.pinned_hq(controller.window.vault) is None


@pytest.mark.usefixtures("unlocked")
def test_kit_card_shows_the_fingerprint_and_saves_the_card(
    controller: Controller, fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    target = tmp_path / "my-kit.fkcard"
    fake_prompts.answers["fingerprint"] = True
    fake_prompts.answers["save_file"] = target
    controller.window.actions_[Act.KIT_CARD].trigger()
    card = Card.load(target, Role.KIT)
    assert fake_prompts.of("fingerprint")[0][3] == card.fingerprint
    assert card.fingerprint == kitx.kit_card(controller.window.vault).card.fingerprint


def test_fingerprint_dialog_shows_it_large(qtbot: Any) -> None:
    dialog = prompts.fingerprint_dialog(None, "t", "compare", "ABCD-EFGH-IJKL-MNOP-QRST", "Match")
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QLabel

    shown = dialog.findChild(QLabel, "fingerprint")
    assert shown.text() == "ABCD-EFGH-IJKL-MNOP-QRST"
    assert shown.font().pointSizeF() >= 2 * QApplication.font().pointSizeF() * 0.9
    assert shown.accessibleName()


@pytest.mark.usefixtures("unlocked")
def test_export_without_hq_explains_what_to_do(
    controller: Controller, fake_prompts: FakePrompts
) -> None:
    controller.window.actions_[Act.EXPORT_HQ].trigger()
    assert fake_prompts.kinds() == ["warning"]
    assert "Enroll HQ" in fake_prompts.texts()
    assert controller.window.findChild(ExportDialog) is None


@pytest.mark.usefixtures("drafts", "enrolled")  # the drafts are in the vault it unlocks
def test_export_writes_a_bundle_and_summarises(
    qtbot: Any, controller: Controller, fake_prompts: FakePrompts, usb: Path
) -> None:
    summary = export_to_hq(qtbot, controller, fake_prompts, usb, drafts=False)
    assert summary.path is not None and summary.path.parent == usb
    assert len(summary.included) == 11
    window = controller.window
    summary_dialog = window.summary_dialog
    assert summary_dialog is not None and summary_dialog.isVisible()
    assert summary_dialog.held_back.count() == 2
    texts = [summary_dialog.held_back.item(i).text() for i in range(2)]
    assert any("not marked as ready" in text for text in texts)

    # A click on a held-back draft opens it in the editor.
    item = next(
        summary_dialog.held_back.item(i)
        for i in range(2)
        if summary_dialog.held_back.item(i).data(0x0101) == COMPLETE_DRAFT
    )
    summary_dialog.held_back.itemClicked.emit(item)
    assert window.editor.current_id == COMPLETE_DRAFT
    # The list shows the sent interviews as sent.
    statuses = {window.model.index(r, STATUS).data() for r in range(window.model.rowCount())}
    assert "Sent" in statuses

    # Again, with complete drafts: HQ confirmed nothing yet, so all go again with the draft;
    # the incomplete draft is held back.
    summary_dialog.close()
    again = export_to_hq(qtbot, controller, fake_prompts, usb, drafts=True)
    assert COMPLETE_DRAFT in again.included and len(again.included) == 12
    assert [reason for _, reason in again.held_back] == [kitx.HoldReason.INCOMPLETE]
    assert len(list(usb.glob("*.fkbundle"))) == 2


def test_export_progress_and_cancel(
    qtbot: Any, controller: Controller, running_export: RunningExport
) -> None:
    dialog = running_export.dialog
    assert dialog.busy and dialog.progress_bar.isVisible()
    assert controller.window.is_busy()
    dialog.reject()  # Cancel while it runs: stops at the next chunk
    assert dialog.isVisible()
    running_export.gate.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert "Cancelled" in dialog.message.text()
    assert list(running_export.folder.iterdir()) == []
    assert {s.status for s in search.search(controller.window.vault)} == {Status.READY}


def test_progress_raises_cancelled_once_cancelled(qtbot: Any) -> None:
    progress = Progress()
    seen: list[tuple[int, int]] = []
    progress.changed.connect(lambda d, t: seen.append((d, t)))
    progress(1, 4)
    qtbot.waitUntil(lambda: seen == [(1, 4)])
    progress.cancel()
    with pytest.raises(Cancelled):
        progress(2, 4)


@pytest.mark.usefixtures("enrolled")
def test_disk_full_is_one_calm_warning(
    qtbot: Any,
    controller: Controller,
    fake_prompts: FakePrompts,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:

    def full(*_args: Any, **_kwargs: Any) -> Any:
        raise DiskFull("the bundle could not be written (No space left on device)")

    monkeypatch.setattr(kitx, "export_bundle", full)
    dialog = start_export(controller, fake_prompts, tmp_path)
    qtbot.waitUntil(lambda: "warning" in fake_prompts.kinds(), timeout=10_000)
    assert fake_prompts.kinds().count("warning") == 1
    assert "No space left" in fake_prompts.texts()
    assert dialog.isVisible() and dialog.run_button.isEnabled()  # choose another stick


def test_locking_during_an_export_drops_it(
    qtbot: Any, controller: Controller, running_export: RunningExport
) -> None:
    with qtbot.waitSignal(controller.locked):
        controller.lock()  # returns at once though the export holds the vault
    assert controller.unlock_dialog.isVisible()
    running_export.gate.set()
    qtbot.waitUntil(lambda: Op.pending() == 0, timeout=10_000)
    assert controller.window.findChild(ExportSummaryDialog) is None
    assert not list(running_export.folder.glob("*.fkbundle"))


@pytest.mark.usefixtures("enrolled")
def test_apply_receipt_with_purge(
    qtbot: Any,
    controller: Controller,
    fake_prompts: FakePrompts,
    hq_a: HqSetup,
    tmp_path: Path,
    usb: Path,
) -> None:
    window = controller.window
    summary = export_to_hq(qtbot, controller, fake_prompts, usb, drafts=False)
    window.summary_dialog.close()
    kit_card = tmp_path / "kit.fkcard"
    kitx.kit_card(window.vault).write_card(kit_card)
    with Vault.open(hq_a.path, PASSPHRASE) as central:
        hq.enroll_kit(central, kit_card)
        outcome = hq.import_bundle(central, summary.path)
    assert outcome.receipt_path is not None

    window.table.selectRow(0)
    shown_id = window.editor.current_id
    fake_prompts.answers["open_file"] = outcome.receipt_path
    window.actions_[Act.APPLY_RECEIPT].trigger()
    dialog = window.receipt_dialog
    dialog.file.button.click()
    dialog.purge.setChecked(True)
    fake_prompts.answers["confirm"] = False
    dialog.run_button.click()  # the purge is not confirmed: nothing happens
    assert not dialog.busy and dialog.isVisible()
    fake_prompts.answers["confirm"] = True
    with qtbot.waitSignal(dialog.applied, timeout=10_000) as signal:
        dialog.run_button.click()
    assert signal.args[0].purged == 11
    assert "HQ confirmed receiving 11 interviews." in fake_prompts.texts()
    statuses = {window.model.index(r, STATUS).data() for r in range(window.model.rowCount())}
    assert statuses == {"Received by HQ"}
    stored = records.get(window.vault, shown_id)
    assert stored.quotes == ()
    assert window.editor.current_id == shown_id
    assert window.editor.quotes.values()[0]["text"] == ""  # the editor shows the purged record
    # … read only: it was confirmed and removed, so it can no longer be edited or re-sent.
    assert not window.editor.scroll_area.widget().isEnabled()
    assert "removed from this computer" in window.editor.state.text()


@pytest.mark.usefixtures("unlocked")
def test_a_rejected_receipt_is_one_calm_warning(
    qtbot: Any,
    controller: Controller,
    fake_prompts: FakePrompts,
    tmp_path: Path,
) -> None:
    forged = tmp_path / "forged.fkreceipt"
    forged.write_bytes(b"age-encryption.org/v1\nnot really")
    fake_prompts.answers["open_file"] = forged
    controller.window.actions_[Act.APPLY_RECEIPT].trigger()
    dialog = controller.window.receipt_dialog
    dialog.file.button.click()
    dialog.run_button.click()
    qtbot.waitUntil(lambda: "warning" in fake_prompts.kinds(), timeout=10_000)
    assert fake_prompts.kinds().count("warning") == 1
    assert dialog.isVisible()
