"""HQ names a kit where it compares the kit's fingerprint, and renames it on the Kits tab."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPushButton

from fieldkit import hq
from fieldkit.exchange.keys import Card, Role
from fieldkit.gui.app import Controller
from fieldkit.gui.base import prompts
from fieldkit.gui.base.actions import Act
from fieldkit.gui.hq.window import HqWindow
from tests.builders import kit_cards, make_hq, make_kit
from tests.gui.helpers import FakePrompts, focused, show_active, unlock

KITS_TAB = 3


@pytest.fixture
def cards(vault_dir: Path, tmp_path: Path) -> dict[str, Path]:
    """An HQ at ``vault_dir`` with kit "a" enrolled; kit "c"'s card, of the same
    organisation, not enrolled yet."""
    hq_card = tmp_path / "hq.fkcard"
    central, _identity = make_hq(vault_dir, hq_card)
    kit_a = make_kit(tmp_path / "kit-a", hq_card)
    kit_c = make_kit(tmp_path / "kit-c", hq_card)
    try:
        found = kit_cards(central, kit_a, kit_c, tmp_path)
    finally:
        for vault in (kit_a, kit_c, central):
            vault.close()
    return found


def _open_hq(qtbot: Any, controller: Controller) -> HqWindow:
    unlock(qtbot, controller)
    window = controller.hq_window
    assert window is not None and window.isVisible()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def _retype(widget: QLineEdit, text: str) -> None:
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        QTest.keyClicks(widget, text)
    else:
        QTest.keyClick(widget, Qt.Key.Key_Delete)


def test_hq_names_the_kit_in_the_dialog_where_it_compares_the_fingerprint(
    qtbot: Any,
    controller: Controller,
    cards: dict[str, Path],
    fake_prompts: FakePrompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = _open_hq(qtbot, controller)
    card = Card.load(cards["c"], Role.KIT)
    [kit_a] = hq.kit_list(window.vault)
    seen: dict[str, Any] = {}

    def compare_and_name(parent: Any, title: str, text: str, fingerprint: str, **kw: Any) -> bool:
        dialog = prompts.fingerprint_dialog(
            parent,
            title,
            text,
            fingerprint,
            kw["accept"],
            **{k: v for k, v in kw.items() if k != "accept"},
        )
        show_active(qtbot, dialog)
        yes = dialog.findChild(QPushButton, "acceptButton")
        problem = dialog.findChild(QLabel, "nameProblem")
        name = dialog.findChild(QLineEdit, "nameEdit")
        # Prefilled with the card's organisation and the fingerprint's first group.
        seen["prefilled"] = name.text()
        typed = focused(qtbot, QLineEdit)  # the last group first: the explicit act of trust
        assert typed is not name
        QTest.keyClicks(typed, fingerprint.rsplit("-", 1)[-1])
        assert yes.isEnabled()
        QTest.keyClick(typed, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is name
        height = dialog.height()
        _retype(name, kit_a.name.upper())  # another kit's name, in other letters
        assert problem.text() == "Another kit already has this name: choose another."
        assert not yes.isEnabled()
        QTest.keyClick(name, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        _retype(name, "")  # required
        assert problem.text().startswith("Give the kit a name")
        assert not yes.isEnabled()
        assert dialog.height() == height  # the problem's line was kept for it
        _retype(name, "Karakol  team")
        assert problem.text() == "" and yes.isEnabled()
        seen["screenshot"] = dialog.grab()
        QTest.keyClick(name, Qt.Key.Key_Return)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(prompts, "fingerprint", compare_and_name)
    fake_prompts.answers["open_file"] = cards["c"]
    window.actions_[Act.ENROLL_KIT].trigger()
    assert seen["prefilled"] == hq.default_kit_name(card)
    assert seen["prefilled"].startswith("ADC Memorial ")
    names = {kit.fingerprint: kit.name for kit in hq.kit_list(window.vault)}
    assert names == {kit_a.fingerprint: kit_a.name, card.fingerprint: "Karakol team"}
    table = window.kits.table
    assert sorted(table.item(row, 0).text() for row in range(table.rowCount())) == sorted(
        names.values()
    )
    if shot := os.environ.get("FIELDKIT_SCREENSHOTS"):
        seen["screenshot"].save(str(Path(shot) / "enroll-kit-name.png"))


def test_the_kits_tab_renames_a_kit_from_the_keyboard(
    qtbot: Any, controller: Controller, cards: dict[str, Path], fake_prompts: FakePrompts
) -> None:
    window = _open_hq(qtbot, controller)
    fake_prompts.answers["open_file"] = cards["c"]
    fake_prompts.answers["fingerprint"] = True  # compared; the suggested name kept
    window.actions_[Act.ENROLL_KIT].trigger()
    kits = hq.kit_list(window.vault)
    assert len(kits) == 2
    QTest.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == KITS_TAB
    table = window.kits.table
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_Home)
    QTest.keyClick(table, Qt.Key.Key_Down)
    chosen = window.kits.chosen()
    assert chosen is not None and window.kits.rename_button.isEnabled()
    other = next(kit for kit in kits if kit.kit_id != chosen.kit_id)
    # Tab leaves the table for the first button of the row below it: Rename…
    QTest.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.kits.rename_button
    QTest.keyClick(window.kits.rename_button, Qt.Key.Key_Space)
    dialog = window.kits.rename_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    name = focused(qtbot, QLineEdit)
    assert name.text() == chosen.name and name.selectedText() == chosen.name
    QTest.keyClicks(name, other.name)  # replaces the selected name: taken
    assert not dialog.rename_button.isEnabled()
    QTest.keyClick(name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert hq.find_kit(window.vault, chosen.fingerprint).name == chosen.name
    _retype(name, "Tokmok office")
    assert dialog.rename_button.isEnabled()
    if shot := os.environ.get("FIELDKIT_SCREENSHOTS"):
        dialog.grab().save(str(Path(shot) / "rename-kit.png"))
    QTest.keyClick(name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert hq.find_kit(window.vault, chosen.fingerprint).name == "Tokmok office"
    shown = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert "Tokmok office" in shown and chosen.name not in shown
