"""Citations as published reports print them."""

from __future__ import annotations

from fieldkit.core.citation import citation, cited_quote
from fieldkit.core.record import Interview
from tests.helpers import interview_of


def _interviewed_by_adc(when: str, place: str, role: str, **more: object) -> Interview:
    """An interview ADC Memorial held on ``when`` (ISO) in ``place`` with a ``role``."""
    return interview_of(
        interview_date=when, place=place, role=role, organisation="ADC Memorial", **more
    )


def test_citation_matches_the_published_style() -> None:
    interview = _interviewed_by_adc(
        "2020-02-16",
        "Tokmok",
        "Young Dungan woman, resident of Tokmok",
        quote="We stood like that for nine hours until the evening.",
    )
    assert citation(interview) == (
        "Young Dungan woman, resident of Tokmok. "
        "Interview with ADC Memorial, February 16, 2020, Tokmok"
    )
    assert cited_quote(interview, 0) == (
        "\u201cWe stood like that for nine hours until the evening.\u201d "
        "(Young Dungan woman, resident of Tokmok. "
        "Interview with ADC Memorial, February 16, 2020, Tokmok)"
    )


def test_role_is_capitalised_and_not_doubly_stopped() -> None:
    interview = _interviewed_by_adc(
        "2020-02-04",
        "Korday",
        "law enforcement officer posted to Korday District from Taraz.",
        quote="x",
    )
    assert citation(interview) == (
        "Law enforcement officer posted to Korday District from Taraz. "
        "Interview with ADC Memorial, February 4, 2020, Korday"
    )


def test_a_quote_is_cited_in_the_quotation_marks_of_its_own_language() -> None:
    interview = _interviewed_by_adc(
        "2020-02-16",
        "Masanchi",
        "Elderly Dungan man",
        language="en",
        quotes=[{"text": "Они пришли ночью."}, {"text": "They came at night."}],
    )
    cited = "(Elderly Dungan man. Interview with ADC Memorial, February 16, 2020, Masanchi)"
    assert cited_quote(interview, 0) == f"«Они пришли ночью.» {cited}"
    assert cited_quote(interview, 1) == f"\u201cThey came at night.\u201d {cited}"
