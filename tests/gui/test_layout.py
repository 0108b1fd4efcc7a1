"""Nothing jumps: hints that appear while typing keep their room, so a dialog keeps its size
and a button stays where the pointer is (issue 13, item 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from fieldkit.gui.app import Controller
from fieldkit.gui.base import prompts
from fieldkit.gui.session.first_run import FirstRunDialog
from tests.gui.helpers import new_form_interview, new_interview_editor, type_text, unlock
from tests.helpers import PASSPHRASE


def _settled(qtbot: Any) -> None:
    """Let pending layout requests and queued resizes run."""
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(20)


def _where(widget: QWidget) -> QPoint:
    return widget.mapTo(widget.window(), QPoint(0, 0))


def _focused(qtbot: Any, widget: QWidget) -> QWidget:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    return widget


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_first_run_dialog_keeps_its_size_while_the_advice_changes(
    qtbot: Any, controller: Controller, vault_dir: Path, language: str
) -> None:
    assert controller.language.apply(language)
    controller.start()
    dialog = controller.first_run
    assert isinstance(dialog, FirstRunDialog)
    dialog.activateWindow()
    _settled(qtbot)
    size, create, quit_ = dialog.size(), _where(dialog.create_button), _where(dialog.quit_button)
    advice_before = dialog.form.advice.text()

    type_text(_focused(qtbot, dialog.form.first), "abc")  # "too easy", a warning, suggestions
    _settled(qtbot)
    assert dialog.form.advice.text() != advice_before
    assert dialog.form.advice.text().count("\n") >= 2  # several lines of advice now
    assert (dialog.size(), _where(dialog.create_button)) == (size, create)

    QTest.keyClick(dialog.form.first, Qt.Key.Key_Tab)
    type_text(_focused(qtbot, dialog.form.second), "ab")  # "do not match yet" appears
    _settled(qtbot)
    assert dialog.form.match.text()  # "do not match yet", in either language
    assert dialog.size() == size
    assert (_where(dialog.create_button), _where(dialog.quit_button)) == (create, quit_)


def test_the_editor_does_not_jump_while_a_date_or_language_is_typed(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    editor = new_interview_editor(qtbot, controller)
    _settled(qtbot)
    rows = lambda: (_where(editor.place), _where(editor.role), _where(editor.interviewer))  # noqa: E731
    buttons = lambda: (_where(editor.ready_button), editor.ready_button.size())  # noqa: E731
    before_rows, before_buttons = rows(), buttons()

    type_text(_focused(qtbot, editor.date.edit), "16/02/20")  # a two-digit year: refused
    QTest.keyClick(editor, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    type_text(_focused(qtbot, editor.language), "r")  # not a language code (yet)
    editor.revalidate()
    _settled(qtbot)
    assert editor.problems["language"].text()  # the problem is said …
    assert editor.problems["interview_date"].isVisible()
    assert rows() == before_rows  # … and nothing below it moved
    assert editor.missing.text() == "Fix the fields marked in red to save."
    assert buttons() == before_buttons

    type_text(editor.language, "u")
    editor.revalidate()
    _settled(qtbot)
    assert not editor.problems["language"].text()
    assert rows() == before_rows and buttons() == before_buttons


def test_the_review_button_appearing_moves_no_other_button(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    editor = new_interview_editor(qtbot, controller)
    _settled(qtbot)
    ready = _where(editor.ready_button)
    editor.quotes.editors[0].text.setFocus()
    type_text(_focused(qtbot, editor.quotes.editors[0].text), "Call +7 701 384 2296 at night.")
    shown = lambda: editor.review.settled and editor.review_button.isVisible()  # noqa: E731
    qtbot.waitUntil(shown, timeout=20_000)
    _settled(qtbot)
    assert editor.review_button.text() == "Details to review: 1"
    assert _where(editor.ready_button) == ready
    # Its menu arrow has room of its own beside the words.
    words = editor.review_button.fontMetrics().horizontalAdvance(editor.review_button.text())
    assert editor.review_button.width() >= words + editor.review_button.height() // 2


def test_the_status_bar_is_there_from_the_start_and_keeps_its_height(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    controller.start()
    window = controller.window
    bar = window.statusBar()
    height = bar.sizeHint().height()
    unlock(qtbot, controller, PASSPHRASE)
    assert window.statusBar() is bar
    bar.showMessage("Saved.")
    assert bar.sizeHint().height() == height
    bar.clearMessage()
    assert bar.sizeHint().height() == height


def test_the_replace_dialog_is_wide_enough_for_its_title(qtbot: Any) -> None:
    dialog = prompts.text_dialog(None, "Replace a phone number", "Replace “A.” with:")
    qtbot.addWidget(dialog)
    dialog.show()
    _settled(qtbot)
    title = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
    assert dialog.width() >= max(prompts.TEXT_DIALOG_MIN_WIDTH, title + 200)
    assert dialog.size().expandedTo(QSize(0, 0)).height() < dialog.width()


def test_a_form_fields_message_and_date_echo_do_not_move_the_fields_below(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    editor = new_form_interview(qtbot, controller, closed_vault)
    fields = editor.form_fields
    detained = fields.input_of("detained")
    detained.setFocus()
    QTest.keyClick(_focused(qtbot, detained), Qt.Key.Key_Down)  # "Yes": the days are asked
    qtbot.waitUntil(fields.input_of("days").isVisible)
    _settled(qtbot)
    # Where in the form (the scroll area follows the focus, so not where in the window).
    inside = lambda name: fields.input_of(name).mapTo(fields, QPoint(0, 0))  # noqa: E731
    below = lambda: [inside(n) for n in ("who", "on", "bail")]  # noqa: E731
    before = below()

    QTest.keyClick(detained, Qt.Key.Key_Tab)
    type_text(_focused(qtbot, fields.input_of("days")), "0")  # refused by its constraint
    editor.revalidate()
    _settled(qtbot)
    assert fields.problem_of("days") == "From 1 to 3,650 days"
    assert below() == before

    fields.input_of("on").setFocus()
    type_text(_focused(qtbot, fields.input_of("on")), "2020-02-14")  # echoed in words
    editor.revalidate()
    _settled(qtbot)
    assert inside("bail") == before[2]
