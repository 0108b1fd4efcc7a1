"""A form field marked sensitive is reviewed in the editor like a quote: a phone number typed
into its answer is underlined and counted in "Details to review", and goes once replaced."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from fieldkit.gui.app import Controller
from tests.gui.helpers import load_form, new_interview_editor
from tests.xlsforms import INCIDENT_FORM


def test_a_phone_number_in_a_sensitive_answer_is_marked_for_review(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    description = copy.deepcopy(INCIDENT_FORM)
    description["fields"][0]["sensitive"] = True  # "What happened"
    load_form(closed_vault, description)
    editor = new_interview_editor(qtbot, controller)
    answer = editor.form_fields.input_of("what")
    assert answer is not None
    answer.setFocus()
    qtbot.waitUntil(lambda: answer.hasFocus())
    QTest.keyClicks(answer, "They took him away; his wife answers on +996 555 123 456")
    qtbot.waitUntil(lambda: editor.review_button.isVisible(), timeout=10_000)
    assert editor.review_button.text() == "Details to review: 1"
    # Replaced by the person: nothing left to review.
    QTest.keyClick(answer, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(answer, "They took him away; his wife can be reached through us")
    qtbot.waitUntil(lambda: not editor.review_button.isVisible(), timeout=10_000)


def test_an_answer_to_a_field_not_marked_sensitive_is_not_reviewed(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    load_form(closed_vault)
    editor = new_interview_editor(qtbot, controller)
    answer = editor.form_fields.input_of("what")
    answer.setFocus()
    qtbot.waitUntil(lambda: answer.hasFocus())
    QTest.keyClicks(answer, "his wife answers on +996 555 123 456")
    qtbot.waitUntil(lambda: editor.review.settled, timeout=10_000)
    assert not editor.review_button.isVisible()
