"""What the editor asks of a form while a person types: which fields skip logic shows, which
answers are kept, what stops saving (an answer that is not of its type) and what stops only
marking ready (a required field unanswered, a constraint not met)."""

from __future__ import annotations

import pytest

from fieldkit.core import draft
from fieldkit.core.errors import ValidationError
from fieldkit.core.forms.answers import check_answers, labelled, view
from fieldkit.core.forms.model import Form, form_from_dict
from fieldkit.core.record import Status, problems_for_ready, validate
from tests.helpers import editor_draft
from tests.xlsforms import INCIDENT_FORM, RECORD

DRAFT = editor_draft("shop owner", "They came at night.")


@pytest.fixture(scope="module")
def form() -> Form:
    return form_from_dict(INCIDENT_FORM)


def test_skip_logic_follows_the_answers_as_typed(form: Form) -> None:
    always = {"what", "detained", "who", "on", "bail", "thanks"}
    assert view(form, {}).fields == always
    typed = view(form, {"what": "x", "detained": "yes", "days": "4"})
    assert typed.fields == always | {"days"}
    assert typed.sections == frozenset()  # its one field is hidden: no heading either
    assert view(form, {"detained": "yes", "days": "45"}).sections == {"release"}
    # A number half typed ("-") is not an answer yet: what depends on it stays hidden.
    assert "released_how" not in view(form, {"detained": "yes", "days": "-"}).fields


def test_a_hidden_fields_answer_is_not_kept(form: Form) -> None:
    typed = {"what": "x", "detained": "no", "days": "12", "released_how": "On bail"}
    assert view(form, typed).answers == {"what": "x", "detained": "no"}
    # Nothing typed is no answer.
    assert view(form, {"what": "", "detained": None, "who": ()}).answers == {}


def test_a_draft_may_fail_a_constraint_but_may_not_be_marked_ready(form: Form) -> None:
    answers = {"what": "x", "detained": "yes", "days": "0"}
    assert check_answers(form, answers, complete=False)["days"] == 0
    with pytest.raises(ValidationError) as refused:
        check_answers(form, answers, complete=True)
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("fields.days", "From 1 to 3,650 days")
    ]
    interview = validate({**RECORD, "status": "draft", "fields": answers}, form=form)
    found = problems_for_ready(interview, form=form, message_language="ru")
    assert [(p.field, p.code, p.message) for p in found] == [
        ("fields.days", "constraint", "От 1 до 3650 дней")
    ]


def test_the_editors_check_saves_a_draft_and_names_what_ready_needs(form: Form) -> None:
    checked = draft.check(
        {**DRAFT, "fields": {"detained": "yes", "days": "0"}}, Status.DRAFT, form=form
    )
    assert checked.interview is not None and checked.problems == []
    assert checked.interview.answers == (("days", 0), ("detained", "yes"))
    assert [(p.field, p.code) for p in checked.missing_for_ready] == [
        ("fields.what", "required"),
        ("fields.days", "constraint"),
    ]
    # A ready interview whose answer is changed to fail its check goes back to draft.
    again = draft.check(
        {**DRAFT, "fields": {"what": "x", "detained": "yes", "days": "0"}}, Status.READY, form=form
    )
    assert again.interview is not None and again.interview.status is Status.DRAFT


def test_an_answer_not_of_its_type_stops_saving_and_salvage_leaves_it_out(form: Form) -> None:
    raw = {**DRAFT, "fields": {"what": "The school burned", "detained": "yes", "days": "4x"}}
    checked = draft.check(raw, Status.DRAFT, form=form)
    assert checked.interview is None
    assert [(p.field, p.code) for p in checked.problems] == [("fields.days", "not_integer")]
    kept = draft.salvage(raw, Status.DRAFT, form=form)
    assert kept is not None
    assert kept.answers == (("detained", "yes"), ("what", "The school burned"))
    assert raw["fields"]["days"] == "4x"  # the editor's own copy is left as it was


def test_answers_are_labelled_in_the_language_asked(form: Form) -> None:
    answers = (("days", 12), ("detained", "yes"), ("what", "x"), ("who", ("police", "army")))
    assert labelled(form, answers, "ru") == [
        ("Что произошло", "x"),
        ("Задержан?", "Да"),
        ("Дней под стражей", "12"),
        ("Кто участвовал", "Полиция, Армия"),  # in form order
    ]
    # A language the form does not have: its default language's.
    assert labelled(form, answers, "kk")[3] == ("Who took part", "Police & guards, Army")
