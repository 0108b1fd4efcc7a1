"""The editor by keyboard alone: each Alt shortcut reaches one field, in English and in
Russian, and Tab walks from the tags into the quotes (issue 13's walkthrough)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.gui.kit.main_window import MainWindow
from tests.gui.helpers import accelerators, load_form, open_first_row, unlock


def _new_interview(qtbot: Any, controller: Controller, language: str) -> MainWindow:
    unlock(qtbot, controller)
    if language != "en":
        _switch(qtbot, controller, language)
    window = controller.window
    assert isinstance(window, MainWindow)
    window.activateWindow()
    window.actions_[Act.NEW].trigger()
    return window


@pytest.mark.parametrize("with_form", [False, True])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_alt_shortcut_of_the_window_is_taken_once(
    qtbot: Any, controller: Controller, closed_vault: Path, language: str, with_form: bool
) -> None:
    if with_form:  # the filter bar's "By answer:" and the editor's form section shown too
        load_form(closed_vault)
    window = _new_interview(qtbot, controller, language)
    assert window.filter_bar.answer.isVisibleTo(window) is with_form
    keys = accelerators(window)
    for action in window.menuBar().actions():
        found = re.search(r"&([^&])", action.text())
        if found:
            keys[found.group(1).lower()].append(action.text())
    assert {key: words for key, words in keys.items() if len(words) > 1} == {}


def test_alt_shortcuts_and_tab_reach_the_fields(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    window = _new_interview(qtbot, controller, "en")
    editor = window.editor
    for key, field in (
        (Qt.Key.Key_P, editor.place),
        (Qt.Key.Key_D, editor.date.edit),
        (Qt.Key.Key_N, editor.consent_kind),
        (Qt.Key.Key_T, editor.tags),
    ):
        QTest.keyClick(QApplication.focusWidget() or window, key, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda field=field: QApplication.focusWidget() is field)
    QTest.keyClick(editor.tags, Qt.Key.Key_Tab)  # from the tags into the first quote
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.quotes.editors[0].text)
    editor.quotes.add_button.click()  # a second quote is in the walk too
    second = editor.quotes.editors[1].text
    qtbot.waitUntil(lambda: QApplication.focusWidget() is second)
    QTest.keyClick(second, Qt.Key.Key_Backtab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not second)
    assert QApplication.focusWidget() is editor.quotes.editors[0].remove_button


def _switch(qtbot: Any, controller: Controller, language: str) -> None:
    controller.current.actions_[Act.PREFERENCES].trigger()
    dialog = controller.preferences_dialog
    dialog.language.setCurrentIndex(dialog.language.findData(language))
    with qtbot.waitSignal(dialog.chosen):
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("act", [Act.EXPORT_HQ, Act.APPLY_RECEIPT])
def test_the_path_of_a_task_dialog_is_reached_by_its_label_shortcut(
    qtbot: Any, enrolled: Controller, act: Act, language: str
) -> None:
    """Alt+F (Folder) in Export to HQ, Alt+R (Receipt) in Apply receipt, then type the path;
    no other shortcut of the dialog takes the same letter."""
    controller = enrolled
    if language != "en":
        _switch(qtbot, controller, language)
    controller.window.actions_[act].trigger()
    dialog = next(
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w is not controller.window and w.findChildren(QLabel)
    )
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    keys = accelerators(dialog)
    assert {key: words for key, words in keys.items() if len(words) > 1} == {}
    label = next(lab for lab in dialog.findChildren(QLabel) if lab.buddy() is not None)
    key = re.search(r"&(\w)", label.text())
    assert key is not None
    letter = QKeySequence(key.group(1).upper())[0].key()
    QTest.keyClick(dialog, letter, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is label.buddy())
    QTest.keyClicks(QApplication.focusWidget(), "/tmp/somewhere")
    assert label.buddy().text() == "/tmp/somewhere"
    dialog.close()


def test_tab_goes_round_the_window_from_the_list_through_the_interview_and_back(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    window = open_first_row(qtbot, controller)
    window.table.setFocus()
    editor = window.editor
    visited: list[Any] = []
    QTest.keyClick(window.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.date.edit  # the list left at once
    for _ in range(60):
        visited.append(QApplication.focusWidget())
        if visited[-1] is window.table:
            break
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert visited[-1] is window.table  # round again, not trapped in the editor or the list
    for widget in (
        editor.place,
        editor.quotes.editors[0].text,
        editor.notes,
        editor.attachments.add_button,
        editor.attachments.record_button,
        window.filter_bar.search,
        window.filter_bar.status,
    ):
        assert widget in visited, widget.accessibleName()
    assert visited.index(editor.attachments.add_button) < visited.index(window.filter_bar.search)
