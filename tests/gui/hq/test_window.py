"""The HQ window: imports (chosen and dropped), provenance, quarantine, kits, cards, exports."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.jsonl import read_jsonl
from fieldkit.core.record import Quote
from fieldkit.exchange.keys import Card, Role
from fieldkit.gui.app import Controller
from fieldkit.gui.base import prompts
from fieldkit.gui.base.actions import Act
from fieldkit.gui.base.changes import Changes
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.hq.dialogs import DatasetExportDialog
from fieldkit.gui.hq.import_queue import warning_text
from fieldkit.gui.hq.window import IMPORTS_TAB, INTERVIEWS_TAB, KITS_TAB, HqWindow
from fieldkit.gui.session.first_run import FirstRunDialog
from fieldkit.hq.exports import ExportFormat
from fieldkit.vault import importing, records, search
from fieldkit.vault.store import Vault
from tests.builders import export, kit_cards, make_hq, make_kit
from tests.gui.helpers import (
    FakePrompts,
    another_process,
    come_back_to,
    every_text_in_the_app,
    unlock,
    unnamed,
)
from tests.helpers import FAST_KDF, FIXTURES, PASSPHRASE

CANARY = "Qwzhqcanary"


@dataclass
class Network:
    hq: Path
    hq_card: Path
    bundles: dict[str, Path]
    kit_cards: dict[str, Path]
    conflict_id: str


@pytest.fixture
def network(vault_dir: Path, tmp_path: Path, usb: Path) -> Network:
    """HQ (at the app's vault folder) with kit "a" enrolled; kit "c" is not.

    Bundles: "a" (the 11 testimonies), "b" (kit a's second bundle, one changed interview with
    a canary), "c" (kit c sends kit a's first interview, changed: quarantine), "junk".
    """
    hq_card = tmp_path / "hq.fkcard"
    central, _identity = make_hq(vault_dir, hq_card)
    bundles: dict[str, Path] = {}
    kit_a = make_kit(tmp_path / "kit-a", hq_card)
    kit_c = make_kit(tmp_path / "kit-c", hq_card)
    try:
        importing.import_records(kit_a, read_jsonl(FIXTURES))
        bundles["a"] = export(kit_a, usb)
        first = search.search(kit_a, search.Query(limit=1))[0].id
        changed = records.get(kit_a, first)
        records.save(kit_a, replace(changed, quotes=(*changed.quotes, Quote(f"{CANARY} added"))))
        second = usb / "second"
        second.mkdir()
        bundles["b"] = export(kit_a, second, ids=[first])
        records.save(kit_c, replace(changed, quotes=(Quote("Another kit's words."),), revision=0))
        third = usb / "third"
        third.mkdir()
        bundles["c"] = export(kit_c, third)
        cards = kit_cards(central, kit_a, kit_c, tmp_path)
    finally:
        for vault in (kit_a, kit_c, central):
            vault.close()
    junk = usb / "junk.fkbundle"
    junk.write_bytes(b"age-encryption.org/v1\nnot a bundle at all")
    bundles["junk"] = junk
    return Network(vault_dir, hq_card, bundles, cards, first)


def _open_hq(qtbot: Any, controller: Controller) -> HqWindow:
    unlock(qtbot, controller)
    window = controller.hq_window
    assert window is not None and window.isVisible()
    assert not controller.window.isVisible()
    return window


def _import(qtbot: Any, window: HqWindow, fake: FakePrompts, *paths: Path) -> None:
    fake.answers["open_files"] = list(paths)
    with qtbot.waitSignal(window.queue.idle, timeout=20_000):
        window.actions_[Act.IMPORT_BUNDLES].trigger()


def _results(window: HqWindow) -> list[str]:
    tree = window.imports.results
    return [tree.topLevelItem(i).text(2) for i in range(tree.topLevelItemCount())]


def _enroll_c(qtbot: Any, window: HqWindow, fake: FakePrompts, network: Network) -> None:
    fake.answers["open_file"] = network.kit_cards["c"]
    fake.answers["fingerprint"] = True
    window.actions_[Act.ENROLL_KIT].trigger()


def _quarantined(
    qtbot: Any, controller: Controller, fake: FakePrompts, network: Network
) -> HqWindow:
    """The HQ window after kit c was enrolled and bundles a and c imported: one conflict."""
    window = _open_hq(qtbot, controller)
    _enroll_c(qtbot, window, fake, network)
    _import(qtbot, window, fake, network.bundles["a"], network.bundles["c"])
    return window


def test_an_hq_vault_opens_the_hq_window(
    qtbot: Any, controller: Controller, network: Network
) -> None:
    window = _open_hq(qtbot, controller)
    assert controller.current is window
    assert window.model.counts() == (0, 0)
    assert "1 kit enrolled" in window.statusBar().currentMessage()
    with qtbot.waitSignal(controller.locked):
        controller.lock()
    assert not window.isVisible()
    unlock(qtbot, controller)
    assert window.isVisible()


def test_imports_list_each_bundle_and_a_rejection_stops_nothing(
    qtbot: Any, controller: Controller, network: Network, fake_prompts: FakePrompts
) -> None:
    window = _open_hq(qtbot, controller)
    bundles = network.bundles
    _import(qtbot, window, fake_prompts, bundles["junk"], bundles["c"], bundles["a"])
    results = _results(window)
    assert len(results) == 3
    # Newest first: bundle a, imported last, is at the top.
    assert results == ["11 new", "Rejected, nothing imported", "Rejected, nothing imported"]
    why = window.imports.results.topLevelItem(1).child(0)
    assert why.text(0).startswith("Why: ") and "has not enrolled" in why.text(0)  # kit c
    assert why.isFirstColumnSpanned()
    assert window.tabs.currentIndex() == IMPORTS_TAB
    assert window.model.counts() == (11, 11)
    assert (bundles["a"].parent / f"{bundles['a'].stem}.fkreceipt").exists()
    assert fake_prompts.kinds() == ["open_files"]  # no dialog per bundle

    # Importing the same bundle again is a replay.
    _import(qtbot, window, fake_prompts, bundles["a"])
    assert _results(window)[0].startswith("Already imported before")


def _drag_enter(mime: QMimeData) -> QDragEnterEvent:
    return QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def test_dropping_bundles_imports_them(
    qtbot: Any, controller: Controller, network: Network
) -> None:
    window = _open_hq(qtbot, controller)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(network.bundles["a"]))])
    enter = _drag_enter(mime)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(network.hq_card))])
    refused = _drag_enter(other)
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()
    drop = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.queue.idle, timeout=20_000):
        QApplication.sendEvent(window, drop)
    assert window.model.counts() == (11, 11)


def test_missing_bundle_warning_and_provenance(
    qtbot: Any, controller: Controller, network: Network, fake_prompts: FakePrompts
) -> None:
    window = _open_hq(qtbot, controller)
    _import(qtbot, window, fake_prompts, network.bundles["b"])  # bundle 2 before bundle 1
    item = window.imports.results.topLevelItem(0)
    children = [item.child(i).text(2) for i in range(item.childCount())]
    assert any("Bundle 1 of kit" in text and "has not arrived" in text for text in children)
    assert any(text.startswith("Receipt for the kit:") for text in children)

    window.tabs.setCurrentIndex(0)
    window.table.selectRow(0)
    table = window.record.provenance
    assert table.rowCount() == 1
    fingerprint = Card.load(network.kit_cards["a"], Role.KIT).fingerprint
    assert table.item(0, 0).text() == fingerprint
    assert table.item(0, 2).text() == "2"  # kit revision
    assert CANARY in window.record.details.toPlainText()


def test_provenance_names_the_kit_and_marks_what_was_sent_unreviewed(
    qtbot: Any, controller: Controller, network: Network, fake_prompts: FakePrompts
) -> None:
    window = _open_hq(qtbot, controller)
    _import(qtbot, window, fake_prompts, network.bundles["a"])
    card = Card.load(network.kit_cards["a"], Role.KIT)
    name = hq.default_kit_name(card)
    assert window.imports.results.topLevelItem(0).text(1) == f"{name} ({card.fingerprint})"
    window.tabs.setCurrentIndex(0)
    window.table.selectRow(0)
    table = window.record.provenance
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[4:] == ["Kit name", "Sent unreviewed"]
    assert table.item(0, 0).text() == card.fingerprint
    assert table.item(0, 4).text() == name and table.item(0, 5).text() == ""
    # A revision the kit sent with --allow-unreviewed is marked.
    interview = window.record._interview
    assert interview is not None
    origin = hq.Provenance(card.fingerprint, "b" * 36, 1, "2020-02-20T12:00:00Z", name, 2)
    window.record.show_interview(interview, [origin])
    assert table.item(0, 5).text() == "⚠ 2 identifying details nobody reviewed"


def test_the_kits_tab_lists_each_kit_with_its_last_bundle(
    qtbot: Any, controller: Controller, network: Network, fake_prompts: FakePrompts
) -> None:
    window = _open_hq(qtbot, controller)
    assert window.tabs.tabText(KITS_TAB) == "Ki&ts"
    table = window.kits.table
    card = Card.load(network.kit_cards["a"], Role.KIT)
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == hq.default_kit_name(card)
    assert table.item(0, 1).text() == card.fingerprint and table.item(0, 3).text() == "none yet"
    _import(qtbot, window, fake_prompts, network.bundles["a"])
    assert table.item(0, 3).text().startswith("1, imported ")
    assert table.item(0, 4).text() == "11"
    # Reached from the keyboard: Alt+T opens the tab.
    window.tabs.setCurrentIndex(INTERVIEWS_TAB)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == KITS_TAB


def test_warning_texts_are_translated_patterns() -> None:
    assert warning_text("bundle 3 of kit ABCD-EFGH is missing") == (
        "Bundle 3 of kit ABCD-EFGH has not arrived."
    )
    assert warning_text("something new") == "something new"


def test_quarantine_side_by_side_then_accept(
    qtbot: Any, controller: Controller, network: Network, fake_prompts: FakePrompts
) -> None:
    window = _quarantined(qtbot, controller, fake_prompts, network)
    assert _results(window)[0] == "1 quarantined"  # bundle c, imported after a (newest first)
    assert window.tabs.tabText(2).endswith("(1)")
    view = window.quarantine
    assert view.count() == 1
    incoming_quotes, stored_quotes = view.cells["quotes"]
    assert "Another kit's words." in incoming_quotes.toPlainText()
    assert "Another kit's words." not in stored_quotes.toPlainText()
    assert view.row_labels["quotes"].text().startswith("≠")
    assert not view.row_labels["place"].text().startswith("≠")
    assert "another kit sent this interview" in view.reason.text()

    fake_prompts.answers["confirm"] = True
    view.accept_button.click()
    assert view.count() == 0
    assert window.tabs.tabText(2) == "&Quarantine"
    stored = records.get(window.vault, network.conflict_id)
    assert [q.text for q in stored.quotes] == ["Another kit's words."]


def test_quarantine_keep_stored(
    qtbot: Any, controller: Controller, network: Network, fake_prompts: FakePrompts
) -> None:
    window = _quarantined(qtbot, controller, fake_prompts, network)
    before = records.get(window.vault, network.conflict_id)
    window.quarantine.keep_button.click()
    assert window.quarantine.count() == 0
    assert records.get(window.vault, network.conflict_id).quotes == before.quotes


def test_enroll_kit_after_comparing_and_hq_card(
    qtbot: Any, controller: Controller, network: Network, fake_prompts: FakePrompts, tmp_path
) -> None:
    window = _open_hq(qtbot, controller)
    fake_prompts.answers["open_file"] = network.kit_cards["c"]
    fake_prompts.answers["fingerprint"] = False
    window.actions_[Act.ENROLL_KIT].trigger()
    assert len(hq.kits(window.vault)) == 1
    _enroll_c(qtbot, window, fake_prompts, network)
    assert len(hq.kits(window.vault)) == 2
    assert "2 kits enrolled" in window.statusBar().currentMessage()

    target = tmp_path / "out.fkcard"
    fake_prompts.answers["save_file"] = target
    window.actions_[Act.HQ_CARD].trigger()
    assert Card.load(target, Role.HQ).fingerprint == Card.load(network.hq_card, Role.HQ).fingerprint


def test_enroll_kit_pins_the_card_whose_fingerprint_was_compared(
    qtbot: Any,
    controller: Controller,
    network: Network,
    fake_prompts: FakePrompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The kit's card file is swapped for another kit's while HQ compares the fingerprint by
    phone: the card HQ confirmed is enrolled, not whatever the file holds by then."""
    window = _open_hq(qtbot, controller)
    card_c = network.kit_cards["c"]
    confirmed = card_c.read_bytes()
    expected = Card.parse(confirmed, Role.KIT).fingerprint
    stranger = Vault.create(
        card_c.parent / "kit-stranger", PASSPHRASE, organisation="ADC Memorial", kdf=FAST_KDF
    )[0]
    with stranger:
        other = kitx.kit_card(stranger).card_bytes()
    shown: list[str] = []

    def compare_then_swap(*args: Any, **kwargs: Any) -> bool:
        shown.append(args[3])
        card_c.write_bytes(other)
        return True

    monkeypatch.setattr(prompts, "fingerprint", compare_then_swap)
    fake_prompts.answers["open_file"] = card_c
    window.actions_[Act.ENROLL_KIT].trigger()
    assert shown == [expected]
    assert len(hq.kits(window.vault)) == 2
    [(pinned,)] = window.vault.read("SELECT card FROM kits WHERE fingerprint = ?", (expected,))
    assert pinned.encode("utf-8") == confirmed


@pytest.mark.parametrize(
    ("fmt", "bom", "expected"),
    [
        (ExportFormat.JSONL, False, "wrote 11 interviews"),
        (ExportFormat.CSV, True, "wrote 11 rows"),
        (ExportFormat.UWAZI_CSV, False, "wrote 11 rows"),
        (ExportFormat.CITATIONS, False, "wrote 11 quotes"),
    ],
)
def test_export_each_format(
    qtbot: Any,
    controller: Controller,
    network: Network,
    fake_prompts: FakePrompts,
    tmp_path: Path,
    fmt: ExportFormat,
    bom: bool,
    expected: str,
) -> None:
    window = _open_hq(qtbot, controller)
    _import(qtbot, window, fake_prompts, network.bundles["a"])
    window.actions_[Act.EXPORT_DATASET].trigger()
    dialog = window.export_dialog
    assert isinstance(dialog, DatasetExportDialog)
    dialog.format.setCurrentIndex(dialog.format.findData(fmt.value))
    assert dialog.bom.isEnabled() == (fmt in (ExportFormat.CSV, ExportFormat.UWAZI_CSV))
    target = tmp_path / "export.out"
    fake_prompts.answers["save_file"] = target
    dialog.target.button.click()
    dialog.bom.setChecked(bom)
    dialog.run_button.click()
    qtbot.waitUntil(lambda: "information" in fake_prompts.kinds(), timeout=10_000)
    assert expected in fake_prompts.texts().lower()
    assert target.read_bytes().startswith(b"\xef\xbb\xbf") == bom


def test_lock_forgets_every_record_shown(
    qtbot: Any, controller: Controller, network: Network, fake_prompts: FakePrompts
) -> None:
    window = _open_hq(qtbot, controller)
    _enroll_c(qtbot, window, fake_prompts, network)
    _import(
        qtbot,
        window,
        fake_prompts,
        network.bundles["a"],
        network.bundles["b"],
        network.bundles["c"],
    )
    window.tabs.setCurrentIndex(0)
    row = window.model.row_of(network.conflict_id)
    window.table.selectRow(row)
    assert any(CANARY in text for text in every_text_in_the_app())
    with qtbot.waitSignal(controller.locked):
        controller.lock()
    assert [text for text in every_text_in_the_app() if CANARY in text] == []
    assert window.findChildren(QLabel)  # the window is kept, only emptied


def test_hq_default_location_and_first_run(qtbot: Any, tmp_path: Path) -> None:
    config = AppConfig.for_path(None, hq=True)
    assert config.vault_path == Path(platformdirs.user_data_dir("fieldkit", appauthor=False)) / "hq"
    config.vault_path = tmp_path / "new-hq"
    config.kdf = FAST_KDF
    dialog = FirstRunDialog(config)
    qtbot.addWidget(dialog)
    dialog.form.first.setText(PASSPHRASE)
    dialog.form.second.setText(PASSPHRASE)
    assert not dialog.create_button.isEnabled()  # HQ needs its organisation's name
    dialog.organisation.setText("ADC Memorial")
    assert dialog.create_button.isEnabled()
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    vault = dialog._vault
    assert vault is not None
    assert hq.hq_identity(vault).card.name == "ADC Memorial"
    vault.close()
    dialog._vault = None
    dialog._done = True


def test_every_hq_control_has_a_name(
    qtbot: Any, controller: Controller, network: Network, fake_prompts: FakePrompts
) -> None:
    window = _quarantined(qtbot, controller, fake_prompts, network)
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        window.table.selectRow(0)
        assert unnamed(window) == [], window.tabs.tabText(tab)
    dialog = DatasetExportDialog(window.vault)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed(dialog) == []


def test_switching_language_rebuilds_the_hq_window(
    qtbot: Any, controller: Controller, network: Network, fake_prompts: FakePrompts
) -> None:
    window = _open_hq(qtbot, controller)
    _import(qtbot, window, fake_prompts, network.bundles["a"])
    controller.switch_language("ru")
    rebuilt = controller.hq_window
    assert rebuilt is not None and rebuilt is not window and rebuilt.isVisible()
    assert [a.text() for a in rebuilt.menuBar().actions()][:2] == ["&Файл", "&Правка"]
    assert rebuilt.tabs.tabText(2) == "Кара&нтин"  # Alt+К is the filter's «Поис&к»
    assert rebuilt.model.counts() == (11, 11)
    controller.switch_language("en")


def cli_import_then_come_back(qtbot: Any, window: HqWindow, net: Network) -> None:
    """``fieldkit hq enroll-kit`` kit c, ``hq import`` bundles a and c (one quarantined)."""
    come_back_to(qtbot, window)
    with another_process(net.hq) as cli:
        hq.enroll_kit(cli, net.kit_cards["c"])
        for name in ("a", "c"):
            hq.import_bundle(cli, net.bundles[name])
    come_back_to(qtbot, window)


def test_a_cli_import_at_hq_shows_in_the_quarantine_tab(
    qtbot: Any,
    controller: Controller,
    network: Network,
) -> None:
    window = _open_hq(qtbot, controller)
    assert window.model.counts() == (0, 0)
    assert window.quarantine.count() == 0
    cli_import_then_come_back(qtbot, window, network)

    assert window.model.counts() == (11, 11)
    assert window.quarantine.count() == 1
    assert window.tabs.tabText(2).endswith("(1)")
    assert "2 kits enrolled · 1 in quarantine" in window.statusBar().currentMessage()
    assert "Another kit's words." in window.quarantine.cells["quotes"][0].toPlainText()


def test_the_imports_tab_keeps_earlier_sessions_and_the_command_line_s_imports(
    qtbot: Any,
    controller: Controller,
    network: Network,
    fake_prompts: FakePrompts,
) -> None:
    window = _open_hq(qtbot, controller)
    assert window.imports.empty.isVisibleTo(window.imports)
    assert window.imports.empty.text() == "No bundles imported yet."
    _import(qtbot, window, fake_prompts, network.bundles["junk"])
    with qtbot.waitSignal(controller.locked):
        controller.lock()
    unlock(qtbot, controller)  # a new session: the window read the history again
    assert _results(window) == ["Rejected, nothing imported"]
    cli_import_then_come_back(qtbot, window, network)

    tree = window.imports.results
    assert _results(window) == ["1 quarantined", "11 new", "Rejected, nothing imported"]
    newest, second, oldest = (tree.topLevelItem(i) for i in range(3))
    assert (newest.text(0), second.text(0)) == (
        network.bundles["c"].name,
        network.bundles["a"].name,
    )
    assert oldest.text(0) == "junk.fkbundle" and oldest.child(0).text(0).startswith("Why: ")
    assert second.text(4) == "1" and second.text(3)  # the bundle's number, when
    name = hq.default_kit_name(Card.load(network.kit_cards["a"], Role.KIT))
    assert second.text(1).startswith(f"{name} (")
    header = tree.header()
    shown = sorted(range(5), key=header.visualIndex)
    assert [tree.headerItem().text(c) for c in shown] == [
        "When",
        "Bundle",
        "Kit",
        "Number",
        "Result",
    ]
    window.tabs.setCurrentIndex(IMPORTS_TAB)
    tree.setFocus()
    QTest.keyClick(tree, Qt.Key.Key_Down)  # the keyboard walks the history
    assert tree.currentItem() is not None


def test_a_quarantine_the_cli_made_is_resolved_from_the_keyboard(
    qtbot: Any,
    controller: Controller,
    network: Network,
) -> None:
    window = _open_hq(qtbot, controller)
    cli_import_then_come_back(qtbot, window, network)
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)  # the tab
    assert window.tabs.currentWidget() is window.quarantine
    with qtbot.waitSignal(window.changes_made) as signal:
        # Alt+S: Alt+K, as it was, is also the Kits menu's, so it pressed nothing.
        QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert signal.args[0] == Changes(interviews=True, quarantine=True)
    assert window.quarantine.count() == 0
    assert window.tabs.tabText(2) == "&Quarantine"
    assert "2 kits enrolled · 0 in quarantine" in window.statusBar().currentMessage()
