"""Revoking a kit in the HQ window, from the keyboard; then its next bundle is held."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from fieldkit import hq
from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.gui.hq.window import IMPORTS_TAB, KITS_TAB, HqWindow
from fieldkit.hq.revocation import revoke_kit
from fieldkit.kit.rekey import rekey
from fieldkit.vault.store import Vault
from tests.builders import add_interview, enroll_at_hq, export, make_hq, make_kit
from tests.gui.helpers import FakePrompts, unlock
from tests.helpers import PASSPHRASE


@dataclass
class Bundles:
    before: Path  # sent before the revocation
    after: Path  # exported after it (the laptop, in other hands, still sends)
    name: str  # HQ's name for the kit


@pytest.fixture
def bundles(vault_dir: Path, tmp_path: Path) -> Bundles:
    central, _identity = make_hq(vault_dir, tmp_path / "hq.card")
    kit = make_kit(tmp_path / "kit", tmp_path / "hq.card")
    try:
        enroll_at_hq(central, kit, tmp_path / "kit.card")
        add_interview(kit, "Before.")
        (tmp_path / "one").mkdir()
        (tmp_path / "two").mkdir()
        before = export(kit, tmp_path / "one")
        add_interview(kit, "After.", place="Osh")
        after = export(kit, tmp_path / "two")
        name = hq.kit_list(central)[0].name
    finally:
        kit.close()
        central.close()
    return Bundles(before, after, name)


def _import(qtbot: Any, window: HqWindow, fake: FakePrompts, path: Path) -> None:
    fake.answers["open_files"] = [path]
    with qtbot.waitSignal(window.queue.idle, timeout=20_000):
        window.actions_[Act.IMPORT_BUNDLES].trigger()


def _focused() -> Any:
    return QApplication.focusWidget()


def test_revoke_from_the_keyboard_then_the_next_bundle_is_held(
    qtbot: Any, controller: Controller, bundles: Bundles, fake_prompts: FakePrompts
) -> None:
    unlock(qtbot, controller)
    window = controller.hq_window
    assert window is not None
    _import(qtbot, window, fake_prompts, bundles.before)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == KITS_TAB
    kits = window.kits
    assert kits.table.item(0, 5).text() == "Trusted"
    kits.table.setFocus()
    QTest.keyClick(kits.table, Qt.Key.Key_Down)
    QTest.keyClick(kits.table, Qt.Key.Key_Home)
    assert kits.revoke_button.isEnabled()

    # Enter in the dialog cancels: no button that revokes is the default.
    QTest.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: kits.dialog is not None)  # a mnemonic clicks after a moment
    dialog = kits.dialog
    assert dialog is not None and dialog.isVisible()
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"Revoke kit “{bundles.name}”" in texts and "cannot be undone" in texts
    assert bundles.name in dialog.revoke.text() and not dialog.revoke.isDefault()
    qtbot.waitUntil(lambda: _focused() is dialog.reason)
    QTest.keyClicks(_focused(), "laptop seized")
    QTest.keyClick(_focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.vault.read("SELECT revoked_at FROM kits")[0][0] is None

    # Again, and this time the revoke button, reached with Tab, pressed with Space.
    kits.dialog = None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: kits.dialog is not None)
    dialog = kits.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: _focused() is dialog.reason)
    QTest.keyClicks(_focused(), "laptop seized at the border")
    QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused() is dialog.by
    QTest.keyClick(_focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(_focused(), "Aigul")
    QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused() is dialog.cancel
    QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused() is dialog.revoke
    QTest.keyClick(_focused(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [(at, by, why)] = window.vault.read("SELECT revoked_at, revoked_by, revoked_reason FROM kits")
    assert at and (by, why) == ("Aigul", "laptop seized at the border")
    assert (
        kits.table.item(0, 5).text().startswith("Revoked ")
        and "Aigul" in kits.table.item(0, 5).text()
    )
    assert not kits.revoke_button.isEnabled()  # revoked once, for good

    _import(qtbot, window, fake_prompts, bundles.after)
    assert window.tabs.currentIndex() == IMPORTS_TAB
    # Newest first: the held bundle above the one imported before the revocation.
    row = window.imports.results.topLevelItem(0)
    assert row.text(2).startswith("Held, not merged: the kit was revoked.")
    assert window.imports.results.topLevelItem(1).text(2) == "1 new"
    assert "Bundles quarantined because their kit was revoked: 1" in window.held.text()
    assert window.quarantine.count() == 2  # what it sent before, sent again, and the new one

    # The record view says the kit was revoked, and that this revision came before.
    window.tabs.setCurrentIndex(0)
    window.table.setCurrentIndex(window.model.index(0, 0))
    kit_cells = [
        window.record.provenance.item(r, 4).text()
        for r in range(window.record.provenance.rowCount())
    ]
    assert kit_cells and all("revoked" in c and "arrived before" in c for c in kit_cells)


def test_a_revoked_kit_cannot_be_revoked_again_from_the_tab(
    qtbot: Any, controller: Controller, bundles: Bundles, vault_dir: Path
) -> None:
    with Vault.open(vault_dir, PASSPHRASE) as central:
        revoke_kit(central, bundles.name, by="desk")
    unlock(qtbot, controller)
    window = controller.hq_window
    assert window is not None
    window.tabs.setCurrentIndex(KITS_TAB)
    window.kits.table.setCurrentCell(0, 0)
    assert window.kits.table.item(0, 5).text().startswith("Revoked ")
    assert not window.kits.revoke_button.isEnabled()
    window.kits.ask_revoke()
    assert window.kits.dialog is None


def test_accept_a_kit_s_new_key_after_the_phone_comparison(
    qtbot: Any,
    controller: Controller,
    bundles: Bundles,
    fake_prompts: FakePrompts,
    tmp_path: Path,
) -> None:
    with Vault.open(tmp_path / "kit", PASSPHRASE) as kit:
        moved = rekey(kit, tmp_path / "move.fkrekey")
    unlock(qtbot, controller)
    window = controller.hq_window
    assert window is not None
    window.tabs.setCurrentIndex(KITS_TAB)
    fake_prompts.answers["open_file"] = moved.path
    fake_prompts.answers["fingerprint"] = False  # it did not match: nothing changes
    window.kits.new_key_button.click()
    [(_parent, _title, text, shown)] = [args[:4] for args in fake_prompts.of("fingerprint")]
    assert shown == moved.new_fingerprint and bundles.name in text and moved.old_fingerprint in text
    assert window.kits.table.item(0, 1).text() == moved.old_fingerprint
    fake_prompts.answers["fingerprint"] = True
    window.kits.new_key_button.click()
    qtbot.waitUntil(lambda: window.kits.table.item(0, 1).text() == moved.new_fingerprint)
    assert window.kits.table.item(0, 5).text().startswith("Trusted; new key since ")
    window.kits.new_key_button.click()  # the same statement again
    assert "already has this key" in fake_prompts.texts()
    # One byte altered: one dialog saying so, nothing changed.
    altered = tmp_path / "altered.fkrekey"
    data = bytearray(moved.path.read_bytes())
    data[10] ^= 1
    altered.write_bytes(bytes(data))
    fake_prompts.answers["open_file"] = altered
    window.kits.new_key_button.click()
    assert "or it was altered" in fake_prompts.texts()
