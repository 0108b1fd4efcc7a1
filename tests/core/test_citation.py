"""Citations as published reports print them."""

from __future__ import annotations

from fieldkit.core.citation import citation, cited_quote
from tests.helpers import interview_of


def test_citation_matches_the_published_style() -> None:
    interview = interview_of(
        interview_date="2020-02-16",
        place="Tokmok",
        role="Young Dungan woman, resident of Tokmok",
        organisation="ADC Memorial",
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
    interview = interview_of(
        interview_date="2020-02-04",
        place="Korday",
        role="law enforcement officer posted to Korday District from Taraz.",
        organisation="ADC Memorial",
        quote="x",
    )
    assert citation(interview) == (
        "Law enforcement officer posted to Korday District from Taraz. "
        "Interview with ADC Memorial, February 4, 2020, Korday"
    )


def test_a_quote_is_cited_in_the_quotation_marks_of_its_own_language() -> None:
    interview = interview_of(
        interview_date="2020-02-16",
        place="Masanchi",
        role="Elderly Dungan man",
        organisation="ADC Memorial",
        language="en",
        quotes=[{"text": "Они пришли ночью."}, {"text": "They came at night."}],
    )
    cited = "(Elderly Dungan man. Interview with ADC Memorial, February 16, 2020, Masanchi)"
    assert cited_quote(interview, 0) == f"«Они пришли ночью.» {cited}"
    assert cited_quote(interview, 1) == f"\u201cThey came at night.\u201d {cited}"
