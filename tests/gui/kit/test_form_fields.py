"""HQ's form in the editor, by keyboard: the fields typed in order, a follow-up question shown
by an answer, a constraint's message while a number is wrong, the answers saved with the
rest, there again when the interview is reopened and the same in ``fieldkit show``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QWidget

from fieldkit.core.record import Status, validate
from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.vault import forms, records
from tests.gui.helpers import (
    FakePrompts,
    another_process,
    every_text_in_the_app,
    focused,
    load_form,
    new_form_interview,
    new_interview_editor,
    type_text,
    unlock,
)
from tests.helpers import PASSPHRASE, cli_in_process
from tests.xlsforms import INCIDENT_FORM, RECORD


def _tab(qtbot: Any, expected: QWidget | None) -> QWidget:
    QTest.keyClick(focused(qtbot), Qt.Key.Key_Tab)
    if expected is not None:
        qtbot.waitUntil(lambda: QApplication.focusWidget() is expected)
    return focused(qtbot)


def _checked(qtbot: Any, editor: Any) -> None:
    """Wait for the check that runs when typing pauses."""
    qtbot.waitUntil(lambda: not editor._check_timer.isActive())


def _built_ins(qtbot: Any, editor: Any) -> None:
    type_text(focused(qtbot), "2020-02-16")
    QTest.keyClick(editor, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    type_text(focused(qtbot), "Tokmok")
    QTest.keyClick(editor, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    type_text(focused(qtbot), "shop owner")
    quote = editor.quotes.editors[0].text
    quote.setFocus()
    type_text(focused(qtbot), "They came at night.")


def test_a_form_is_filled_by_keyboard_saved_and_shown_again(
    qtbot: Any,
    controller: Controller,
    closed_vault: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor = new_form_interview(qtbot, controller, closed_vault)  # one form: nothing asked
    fields = editor.form_fields
    assert fields.isVisible() and fields.form.ref == "incident@1"
    _built_ins(qtbot, editor)
    days = fields.input_of("days")
    assert not days.isVisible()  # shown only when detained

    fields.input_of("what").setFocus()
    type_text(focused(qtbot), "The school burned")
    detained = _tab(qtbot, fields.input_of("detained"))
    assert isinstance(detained, QComboBox)
    QTest.keyClick(detained, Qt.Key.Key_Down)  # "—" to "Yes"
    assert detained.currentText() == "Yes"
    qtbot.waitUntil(days.isVisible)  # the follow-up appears at once
    _tab(qtbot, days)
    type_text(days, "0")
    _checked(qtbot, editor)
    assert fields.problem_of("days") == "From 1 to 3,650 days"
    assert "Days detained" in editor.missing.text()
    assert not editor.ready_button.isEnabled()
    QTest.keyClick(days, Qt.Key.Key_Backspace)
    type_text(days, "45")  # more than 30: the Release section is shown
    _checked(qtbot, editor)
    assert fields.problem_of("days") == ""
    assert fields.input_of("released_how").isVisible()

    police = _tab(qtbot, fields.input_of("who"))
    assert isinstance(police, QCheckBox) and police.text() == "Police && guards"
    QTest.keyClick(police, Qt.Key.Key_Space)
    _tab(qtbot, None)  # army, left unticked
    type_text(_tab(qtbot, fields.input_of("on")), "2020-02-14")
    type_text(_tab(qtbot, fields.input_of("bail")), "120,50")  # a decimal comma
    QTest.keyClick(focused(qtbot), Qt.Key.Key_Return)  # Enter submits nothing
    type_text(_tab(qtbot, fields.input_of("released_how")), "On bail")
    _tab(qtbot, editor.notes)  # the form's last field, then the private notes

    _checked(qtbot, editor)
    assert editor.ready_button.isEnabled(), editor.missing.text()
    QTest.keyClick(editor, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: editor.status is Status.READY)
    interview_id = editor.current_id
    with another_process(closed_vault) as vault:
        stored = records.get(vault, interview_id)
    assert (stored.form, stored.form_version) == ("incident", 1)
    assert dict(stored.answers) == {
        "what": "The school burned",
        "detained": "yes",
        "days": 45,
        "who": ("police",),
        "on": "2020-02-14",
        "bail": "120.50",
        "released_how": "On bail",
    }

    # Reopened (another interview shown in between): the answers are there.
    editor.new_interview()
    assert fields.typed()["what"] == ""
    editor.load(stored)
    assert fields.typed() | {} == {
        "what": "The school burned",
        "detained": "yes",
        "days": "45",
        "who": ("police",),
        "on": "2020-02-14",
        "bail": "120.50",
        "released_how": "On bail",
    }
    assert fields.input_of("released_how").isVisible()

    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    code, out, err = cli_in_process(capsys, "show", "--vault", str(closed_vault), interview_id)
    assert (code, err) == (0, "")
    assert out.split("Form incident@1 (Incident)")[1].splitlines()[1:8] == [
        "  What happened: The school burned",
        "  Detained?: Yes",
        "  Days detained: 45",
        "  Who took part: Police & guards",
        "  Arrested on: 2020-02-14",
        "  Bail paid: 120.50",
        "  How released: On bail",
    ]


def test_a_hidden_answer_is_not_saved_and_a_bad_number_does_not_stop_the_draft(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    editor = new_form_interview(qtbot, controller, closed_vault)
    fields = editor.form_fields
    _built_ins(qtbot, editor)
    detained = fields.input_of("detained")
    detained.setFocus()
    QTest.keyClick(detained, Qt.Key.Key_Y)  # type-ahead: "Yes"
    assert detained.currentText() == "Yes"
    type_text(_tab(qtbot, fields.input_of("days")), "9999")  # refused by the constraint
    _checked(qtbot, editor)
    assert fields.problem_of("days") == "From 1 to 3,650 days"
    assert editor.save_now()  # a draft keeps it while it is corrected
    with another_process(closed_vault) as vault:
        assert dict(records.get(vault, editor.current_id).answers)["days"] == 9999

    detained.setFocus()
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new search, not "yn"
    QTest.keyClick(detained, Qt.Key.Key_N)  # "No": the days are hidden, and not kept
    qtbot.waitUntil(lambda: not fields.input_of("days").isVisible())
    assert editor.save_now()
    with another_process(closed_vault) as vault:
        assert dict(records.get(vault, editor.current_id).answers) == {"detained": "no"}


def test_several_forms_ask_which_and_an_unloaded_version_is_shown_read_only(
    qtbot: Any, controller: Controller, closed_vault: Path, fake_prompts: FakePrompts
) -> None:
    load_form(closed_vault)
    other = {**INCIDENT_FORM, "id": "arrest", "title": "Arrest"}
    load_form(closed_vault, other, "2026-02-01T00:00:00Z")
    fake_prompts.queue("choose", 0, None)
    editor = new_interview_editor(qtbot, controller)
    (asked,) = fake_prompts.of("choose")
    assert asked[3] == ["Arrest (arrest, version 1)", "Incident (incident, version 1)", "No form"]
    assert asked[4] == 0  # the form published last is offered first
    assert editor.form_fields.form.ref == "arrest@1"
    type_text(focused(qtbot), "2020-02-16")
    assert editor.save_now()
    shown_id = editor.current_id
    controller.window.actions_[Act.NEW].trigger()  # cancelled: the interview stays
    assert editor.current_id == shown_id

    stored = records.get(controller.window.vault, shown_id)
    editor.load(replace(stored, form_version=7, answers=(("x", 1),)))
    assert editor.form_fields.form is None
    assert "not on this computer" in editor.form_fields.caption.text()
    assert "fields" not in editor.form_raw()  # the save keeps the stored answers as they are


def test_the_form_speaks_the_apps_language(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    load_form(closed_vault)
    unlock(qtbot, controller)
    assert controller.language.apply("ru")
    window = controller.window
    window.activateWindow()
    window.actions_[Act.NEW].trigger()
    fields = window.editor.form_fields
    assert fields.label_of("detained") == "Задержан?"
    assert fields.label_of("thanks") == "Thank the witness"  # no Russian: the default's
    assert fields.input_of("detained").itemText(1) == "Да"
    detained = fields.input_of("detained")
    detained.setFocus()
    QTest.keyClick(detained, Qt.Key.Key_Down)
    type_text(_tab(qtbot, fields.input_of("days")), "0")
    window.editor.revalidate()
    assert fields.problem_of("days") == "От 1 до 3650 дней"  # the form's own, in Russian
    assert "Дней под стражей" in window.editor.missing.text()


def test_the_list_is_filtered_by_a_select_one_answer_by_keyboard(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    load_form(closed_vault)
    with another_process(closed_vault) as vault:
        form = forms.load(vault, "incident")
        for quote, answer in (("One.", "yes"), ("Two.", "no"), ("Three.", "yes")):
            raw = {**RECORD, "quote": quote, "fields": {"what": "x", "detained": answer}}
            if answer == "yes":
                raw["fields"]["days"] = 2
            records.save(vault, validate(raw, form=form))
    unlock(qtbot, controller)
    window = controller.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    QTest.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    answer = window.filter_bar.answer
    qtbot.waitUntil(lambda: QApplication.focusWidget() is answer)
    assert [answer.itemText(i) for i in range(answer.count())] == [
        "Any answer",
        "Detained?: Yes",
        "Detained?: No",
        # A select_multiple's choices too (tests/gui/kit/test_answer_filter.py).
        "Who took part: Police & guards",
        "Who took part: Army",
    ]
    QTest.keyClick(answer, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    QTest.keyClick(answer, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert "1 of 3" in window.filter_bar.count.text()


def test_lock_saves_the_answers_and_leaves_none_in_the_window(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    editor = new_form_interview(qtbot, controller, closed_vault)
    _built_ins(qtbot, editor)
    editor.form_fields.input_of("what").setFocus()
    type_text(focused(qtbot), "Zorbulak canary")
    detained = editor.form_fields.input_of("detained")
    detained.setFocus()
    QTest.keyClick(detained, Qt.Key.Key_Down)
    type_text(_tab(qtbot, editor.form_fields.input_of("days")), "-")  # not a number yet
    interview_id = editor.current_id
    assert any("Zorbulak" in text for text in every_text_in_the_app())

    with qtbot.waitSignal(controller.locked):
        QTest.keyClick(controller.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert [t for t in every_text_in_the_app() if "Zorbulak" in t] == []
    with another_process(closed_vault) as vault:  # saved first; the "-" left out
        stored = records.get(vault, interview_id)
    assert dict(stored.answers) == {"what": "Zorbulak canary", "detained": "yes"}


def test_a_long_list_of_what_ready_needs_is_cut_to_fit_the_footer(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    many = [
        {"name": f"q{n}", "type": "text", "required": True, "labels": {"en": f"Question {n}"}}
        for n in range(10)
    ]
    load_form(closed_vault, {**INCIDENT_FORM, "sections": [], "fields": many})
    editor = new_interview_editor(qtbot, controller)
    editor.revalidate()
    assert editor.missing.text() == (
        "Still needed to mark as ready: the date, the place, the role, a quote, Question 0, 9 more"
    )
