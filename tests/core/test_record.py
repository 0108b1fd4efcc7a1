"""Validation, normalisation and the canonical form of an interview."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldkit.core.canonical import canonical_json
from fieldkit.core.errors import ValidationError
from fieldkit.core.record import ConsentKind, Status, problems_for_ready, validate

TODAY = date(2026, 11, 25)


def ready(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "interview_date": "2020-02-16",
        "place": "Tokmok",
        "role": "Young Dungan woman, resident of Tokmok",
        "quote": "We stood like that for nine hours until the evening.",
        "status": "ready",
    }
    base.update(fields)
    return base


def fields_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {p.field: p.code for p in error.value.problems}


def test_fixture_lines_validate_with_their_values(fixture_rows: list[dict[str, object]]) -> None:
    for row in fixture_rows:
        interview = validate(row, default_status=Status.READY, today=TODAY)
        assert interview.interview_date == date.fromisoformat(str(row["interview_date"]))
        assert (interview.place, interview.role, interview.organisation) == (
            row["place"],
            row["role"],
            row["organisation"],
        )
        assert interview.quotes[0].text == row["quote"]
        assert interview.language == "en"
        assert interview.status is Status.READY


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as error:
        validate(
            {
                "status": "ready",
                "interview_date": "2020-02-30",
                "country": "Atlantis",
                "language": "xx",
                "consent": "telepathic",
            },
            today=TODAY,
        )
    assert fields_of(error) == {
        "interview_date": "bad_date",
        "place": "required",
        "role": "required",
        "quotes": "required",
        "country": "bad_country",
        "language": "bad_language",
        "consent.kind": "bad_consent",
    }
    assert "interview_date: is not a calendar date" in str(error.value)


def test_future_date_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        validate(ready(interview_date=(TODAY + timedelta(days=1)).isoformat()), today=TODAY)
    assert fields_of(error) == {"interview_date": "future_date"}
    assert validate(ready(interview_date=TODAY.isoformat()), today=TODAY).interview_date == TODAY


def test_draft_may_be_incomplete_but_not_wrong() -> None:
    draft = validate({"place": "Korday"}, today=TODAY)
    assert draft.status is Status.DRAFT and draft.role == "" and draft.quotes == ()
    assert {p.field for p in problems_for_ready(draft, today=TODAY)} == {
        "interview_date",
        "role",
        "quotes",
    }
    with pytest.raises(ValidationError):
        validate({"interview_date": "yesterday"}, today=TODAY)


def test_text_is_normalised_to_nfc_and_cleaned() -> None:
    decomposed = unicodedata.normalize("NFD", "Тоқмоқ, Қордай")
    interview = validate(
        ready(
            place=f"  {decomposed}\t ",
            role="  woman,\n resident ",
            quote="First paragraph.\r\n\r\nSecond\x00 paragraph.  ",
            tags=["Pogrom", " pogrom ", "police"],
        ),
        today=TODAY,
    )
    assert interview.place == "Тоқмоқ, Қордай"
    assert unicodedata.is_normalized("NFC", interview.place)
    assert interview.role == "woman, resident"
    assert interview.quotes[0].text == "First paragraph.\n\nSecond paragraph."
    assert interview.tags == ("Pogrom", "police")


def test_country_and_language_use_iso_codes() -> None:
    interview = validate(ready(country="Kyrgyzstan", language="KY"), today=TODAY)
    assert (interview.country, interview.language) == ("KG", "ky")
    assert validate(ready(country="kz", language="dng"), today=TODAY).country == "KZ"


def test_consent_and_quotes_with_tags() -> None:
    interview = validate(
        ready(
            quote=None,
            quotes=[{"text": "One.", "tags": ["a"]}, "Two."],
            consent={"kind": "oral", "quote_anonymously": True},
        ),
        today=TODAY,
    )
    assert [q.text for q in interview.quotes] == ["One.", "Two."]
    assert interview.quotes[0].tags == ("a",)
    assert interview.consent.kind is ConsentKind.ORAL
    assert interview.consent.quote_anonymously and not interview.consent.share_with_partners
    with pytest.raises(ValidationError) as error:
        validate(ready(consent={"kind": "written", "share_with_partners": "yes"}), today=TODAY)
    assert fields_of(error) == {"consent.share_with_partners": "not_bool"}


def test_hash_covers_content_not_status() -> None:
    interview = validate(ready(), today=TODAY)
    assert interview.with_status(Status.SENT).content_hash() == interview.content_hash()
    changed = validate(ready(id=interview.id, quote="Something else."), today=TODAY)
    assert changed.content_hash() != interview.content_hash()


def test_canonical_json_is_stable_and_utf8() -> None:
    assert canonical_json({"b": 1, "a": ["ж", None]}) == '{"a":["ж",null],"b":1}'.encode()
    with pytest.raises(TypeError):
        canonical_json({"x": 1.5})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_canonical_json_round_trips(value: object) -> None:
    encoded = canonical_json(value)
    assert json.loads(encoded) == value
    assert canonical_json(json.loads(encoded)) == encoded


scripts = st.text(
    alphabet=st.characters(
        whitelist_categories=("Lu", "Ll", "Lo", "Nd", "Zs", "Po"),
        max_codepoint=0x2FFF,
    ),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip())


@given(place=scripts, role=scripts, quote=scripts)
def test_any_script_round_trips_exactly(place: str, role: str, quote: str) -> None:
    interview = validate(ready(place=place, role=role, quote=quote), today=TODAY)
    again = validate(json.loads(canonical_json(interview.to_dict())), today=TODAY)
    assert again.content_dict() == interview.content_dict()
    assert interview.place == " ".join(unicodedata.normalize("NFC", place).split())
