"""Answers checked against a form: types, skip logic, required, constraints, defaults; and
what an interview with answers (or without) looks like as a record."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldkit.core.errors import ValidationError
from fieldkit.core.forms.answers import check_answers, shown, with_defaults
from fieldkit.core.forms.model import Form, FormError, form_from_dict, form_to_dict
from fieldkit.core.record import problems_for_ready, validate
from fieldkit.vault.schema import answers_json
from tests.xlsforms import RECORD, form_header

FORM: dict[str, Any] = {
    **form_header("violations", 3, "Violations"),
    "sections": [
        {
            "name": "displacement",
            "labels": {"en": "Displacement"},
            "relevant": "${displaced} = 'yes'",
        }
    ],
    "fields": [
        {
            "name": "violation",
            "type": "select_one",
            "required": True,
            "labels": {"en": "Violation", "ru": "Нарушение"},
            "choices": [
                {"name": "arson", "labels": {"en": "Arson", "ru": "Поджог"}},
                {"name": "beating", "labels": {"en": "Beating"}},
            ],
        },
        {
            "name": "perpetrators",
            "type": "select_multiple",
            "or_other": True,
            "choices": [{"name": "police"}, {"name": "army"}, {"name": "other"}],
        },
        {
            "name": "perpetrators_other",
            "type": "text",
            "relevant": "selected(${perpetrators}, 'other')",
        },
        {
            "name": "affected",
            "type": "integer",
            "required": True,
            "default": "1",
            "constraint": ". >= 0 and . <= 1000",
            "constraint_messages": {"en": "From 0 to 1,000", "ru": "От 0 до 1000"},
        },
        {"name": "displaced", "type": "select_one", "choices": [{"name": "yes"}, {"name": "no"}]},
        {
            "name": "destination",
            "type": "text",
            "required": True,
            "section": "displacement",
            "sensitive": True,
        },
        {"name": "on", "type": "date", "section": "displacement"},
        {"name": "distance", "type": "decimal", "constraint": ". > 0"},
        {"name": "thanks", "type": "note"},
    ],
}


@pytest.fixture(scope="module")
def form() -> Form:
    return form_from_dict(FORM)


def problems(form: Form, raw: dict[str, Any], *, complete: bool = True, language: str = "en"):
    with pytest.raises(ValidationError) as refused:
        check_answers(form, raw, complete=complete, language=language)
    return {p.field: (p.code, p.message) for p in refused.value.problems}


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        pytest.param(
            {
                "violation": "arson",
                "perpetrators": "army  police other",
                "perpetrators_other": "x",
                "affected": "12",
                "displaced": "yes",
                "destination": " Bishkek ",
                "on": "2020-02-18",
                "distance": "12.50",
            },
            {
                "violation": "arson",
                "perpetrators": ("police", "army", "other"),  # form order, once each
                "perpetrators_other": "x",
                "affected": 12,
                "displaced": "yes",
                "destination": "Bishkek",
                "on": "2020-02-18",
                "distance": "12.50",  # a decimal stays as written: canonical JSON has no floats
            },
            id="as-typed",
        ),
        pytest.param(  # JSON values as an import carries them
            {"violation": "arson", "affected": 3, "perpetrators": ["army"], "distance": 2.5},
            {"violation": "arson", "affected": 3, "perpetrators": ("army",), "distance": "2.5"},
            id="json-values",
        ),
    ],
)
def test_answers_are_read_as_their_types(
    form: Form, raw: dict[str, Any], read: dict[str, Any]
) -> None:
    assert check_answers(form, raw, complete=True) == read


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [
        ("affected", "twelve", "not_integer"),
        ("affected", "1.5", "not_integer"),
        ("affected", "99999999999999999999", "not_integer"),
        ("affected", True, "not_text"),
        ("distance", "1e5", "not_number"),
        ("distance", "NaN", "not_number"),
        ("on", "18/02/2020", "bad_date"),
        ("on", "2020-02-30", "bad_date"),
        ("violation", "theft", "bad_choice"),
        ("perpetrators", "police navy", "bad_choice"),
        ("perpetrators", 3, "not_choices"),
        ("thanks", "hello", "note"),
    ],
)
def test_a_bad_answer_names_its_field_and_reason(
    form: Form, name: str, value: Any, code: str
) -> None:
    raw = {"violation": "arson", "affected": 1, "displaced": "yes", "destination": "x"}
    found = problems(form, {**raw, name: value})
    assert found[f"fields.{name}"][0] == code
    assert "theft" not in found[f"fields.{name}"][1]  # the answer itself is not repeated


def test_skip_logic_hides_fields_and_a_hidden_answer_is_refused(form: Form) -> None:
    assert "destination" not in {f.name for f in shown(form, {"displaced": "no"})}
    assert "destination" in {f.name for f in shown(form, {"displaced": "yes"})}
    assert "perpetrators_other" in {f.name for f in shown(form, {"perpetrators": ("other",)})}
    found = problems(form, {"violation": "arson", "affected": 1, "destination": "Bishkek"})
    assert found == {
        "fields.destination": (
            "hidden",
            "is hidden by the form's skip logic for these answers and must be left out",
        )
    }


def test_required_applies_to_shown_fields_of_a_complete_interview_only(form: Form) -> None:
    # destination is required but hidden (not displaced): not asked for.
    assert check_answers(form, {"violation": "arson", "affected": 0}, complete=True)
    found = problems(form, {"displaced": "yes"})
    assert found == {
        "fields.violation": ("required", "is required"),
        "fields.affected": ("required", "is required"),
        "fields.destination": ("required", "is required"),
    }
    # A draft may be incomplete.
    assert check_answers(form, {"displaced": "yes"}, complete=False) == {"displaced": "yes"}


def test_a_constraint_speaks_its_message_in_the_language_asked(form: Form) -> None:
    raw = {"violation": "arson", "affected": "5000"}
    assert problems(form, raw)["fields.affected"] == ("constraint", "From 0 to 1,000")
    assert problems(form, raw, language="ru")["fields.affected"][1] == "От 0 до 1000"
    assert problems(form, {**raw, "affected": 1, "distance": "-1"})["fields.distance"] == (
        "constraint",
        "does not meet the form's check (. > 0)",
    )


def test_unknown_fields_are_named_not_dropped(form: Form) -> None:
    found = problems(form, {"violation": "arson", "affected": 1, "perpetrator": "army"})
    assert found["fields.perpetrator"][0] == "unknown_field"


def test_defaults_fill_shown_fields_nobody_answered(form: Form) -> None:
    assert with_defaults(form, {"violation": "arson"}) == {"violation": "arson", "affected": "1"}
    assert with_defaults(form, {"affected": "7"}) == {"affected": "7"}


def test_the_form_round_trips_through_its_json(form: Form) -> None:
    assert form_from_dict(form_to_dict(form)) == form


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "no spaces"}, "a form's id must be a name"),
        ({"version": 0}, "version must be a whole number"),
        ({"fields": []}, "the form has no fields"),
        ({"fields": [{"name": "a", "type": "geopoint"}]}, "not one fieldkit supports"),
        ({"fields": [{"name": "a", "type": "select_one"}]}, "a select needs choices"),
        (
            {"fields": [{"name": "a", "type": "text"}, {"name": "a", "type": "text"}]},
            "two fields are named a",
        ),
        (
            {
                "fields": [
                    {"name": "a", "type": "text", "relevant": "${b} = 1"},
                    {"name": "b", "type": "integer"},
                ]
            },
            "does not come before it",
        ),
        (
            {"fields": [{"name": "a", "type": "text", "constraint": "${zz} = 1"}]},
            "which is not a field",
        ),
        (
            {"fields": [{"name": "a", "type": "text", "constraint": "today() = 1"}]},
            "today() is not supported",
        ),
        (
            {"fields": [{"name": "a", "type": "select_one", "choices": [{"name": "x y"}]}]},
            "without spaces",
        ),
    ],
)
def test_a_form_description_that_is_not_a_form_is_refused(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(FormError) as refused:
        form_from_dict({**FORM, "sections": [], **change})
    assert message in str(refused.value)


def test_an_interview_without_a_form_keeps_todays_canonical_record() -> None:
    plain = validate(RECORD)
    assert "form" not in plain.content_dict() and "fields" not in plain.content_dict()
    with pytest.raises(ValidationError) as refused:
        validate({**RECORD, "fields": {"violation": "arson"}})
    assert [p.code for p in refused.value.problems] == ["no_form"]


def test_an_interview_with_answers_names_its_form_and_version(form: Form) -> None:
    interview = validate({**RECORD, "fields": {"violation": "arson", "affected": 2}}, form=form)
    assert (interview.form, interview.form_version) == ("violations", 3)
    assert interview.content_dict()["form"] == {"id": "violations", "version": 3}
    assert interview.content_dict()["fields"] == {"affected": 2, "violation": "arson"}
    assert interview.content_hash() != validate(RECORD).content_hash()
    with pytest.raises(ValidationError) as refused:
        validate({**RECORD, "form": "violations@2", "fields": {}}, form=form)
    assert [p.code for p in refused.value.problems] == ["other_form"]
    # Marking ready checks the form's required fields.
    draft = validate({**RECORD, "status": "draft", "fields": {"affected": 2}}, form=form)
    assert [p.field for p in problems_for_ready(draft, form=form)] == ["fields.violation"]


def test_answers_are_normalised_as_record_text(form: Form) -> None:
    got = check_answers(
        form,
        {
            "violation": " arson ",
            "affected": 1,
            "perpetrators_other": "x",
            "perpetrators": "other",
            "on": "2020-02-18",
            "displaced": "yes",
            "destination": "Bish\u202ekek\r\nnext",
        },
        complete=False,
    )
    assert got["violation"] == "arson"
    assert got["destination"] == "Bishkek\nnext"  # no bidi override, Unix line ends
    line = check_answers(form, {"displaced": "yes", "on": " 2020-02-18 "}, complete=False)
    assert line["on"] == "2020-02-18"


awkward = (
    st.lists(
        st.sampled_from(['"', "\\", ",", ":", "{", "}", "form", "fields", "é", "ж", " ", "a"]),
        min_size=1,
        max_size=12,
    )
    .map("".join)
    .filter(lambda s: s.strip())
)


@given(place=awkward, role=awkward, answer=awkward, destination=awkward, notes=awkward)
def test_the_stored_answers_and_the_hash_come_out_as_when_encoded_apart(
    place: str, role: str, answer: str, destination: str, notes: str
) -> None:
    """An import hashes an interview and stores its answers from one encoding of them: the
    same hash and the same stored JSON as encoding the two apart, whatever the text holds
    (quotes, backslashes, a ``,"form":`` of its own)."""
    interview = validate(
        {
            **RECORD,
            "place": place,
            "role": role,
            "notes": notes,
            "tags": [answer],
            "quote": f'{answer} ,"form": {answer}',
            "fields": {
                "violation": "arson",
                "affected": 2,
                "perpetrators": ["other"],
                "perpetrators_other": answer,
                "displaced": "yes",
                "destination": destination,
            },
        },
        form=form_from_dict(FORM),
    )
    assert interview.hashed() == (interview.content_hash(), answers_json(interview))
    plain = validate({**RECORD, "place": place})
    assert plain.hashed() == (plain.content_hash(), None)
