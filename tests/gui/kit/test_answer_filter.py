"""The list's "By answer:" filter by keyboard: a select_multiple's choice lists the interviews
that chose it among their answers (a select_one's, those that gave it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from fieldkit.core.record import validate
from fieldkit.gui.app import Controller
from fieldkit.gui.kit.main_window import MainWindow
from fieldkit.vault import forms, records
from fieldkit.vault.store import Vault
from tests.gui.helpers import load_form, unlock
from tests.helpers import PASSPHRASE
from tests.xlsforms import RECORD


def _interviews(vault_dir: Path) -> dict[str, str]:
    load_form(vault_dir)
    answers = {
        "both": {"what": "x", "who": ["police", "army"]},
        "army": {"what": "x", "who": ["army"]},
        "police": {"what": "x", "who": ["police"], "detained": "no"},
        "none": {"what": "x"},
    }
    with Vault.open(vault_dir, PASSPHRASE) as vault:
        form = forms.load(vault, "incident")
        return {
            name: records.save(
                vault, validate({**RECORD, "quote": f"{name}.", "fields": given}, form=form)
            ).id
            for name, given in answers.items()
        }


def _listed(window: MainWindow, ids: dict[str, str]) -> set[str]:
    return {name for name, i in ids.items() if window.model.row_of(i) is not None}


def test_a_select_multiple_choice_chosen_by_keyboard_filters_the_list(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    ids = _interviews(closed_vault)
    unlock(qtbot, controller)
    window = controller.window
    assert isinstance(window, MainWindow)
    window.activateWindow()
    qtbot.waitUntil(lambda: _listed(window, ids) == set(ids))
    combo = window.filter_bar.answer
    QTest.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # B&y answer:
    qtbot.waitUntil(combo.hasFocus)
    offered = [combo.itemText(n) for n in range(combo.count())]
    assert offered == [
        "Any answer",
        "Detained?: Yes",
        "Detained?: No",
        "Who took part: Police & guards",
        "Who took part: Army",
    ]
    seen = {}
    for _ in range(len(offered) - 1):
        QTest.keyClick(combo, Qt.Key.Key_Down)
        qtbot.waitUntil(lambda: window.model.query.answer == combo.currentData())
        seen[combo.currentText()] = _listed(window, ids)
    assert seen == {
        "Detained?: Yes": set(),
        "Detained?: No": {"police"},
        "Who took part: Police & guards": {"both", "police"},
        "Who took part: Army": {"both", "army"},
    }
    QTest.keyClick(combo, Qt.Key.Key_Home)  # Any answer: every interview again
    qtbot.waitUntil(lambda: _listed(window, ids) == set(ids))
