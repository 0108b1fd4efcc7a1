"""Citations as published reports print them."""

from __future__ import annotations

from datetime import date

import pytest

from fieldkit.core.citation import citation, citation_language, cited_quote, format_report_date
from fieldkit.core.record import Interview, validate
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
    # A Russian quote is cited as a Russian report cites it, the rest as the researcher
    # wrote it; the English quote's citation is unchanged.
    assert cited_quote(interview, 0) == (
        "«Они пришли ночью.» (Elderly Dungan man. Интервью с ADC Memorial, "
        "16 февраля 2020 г., Masanchi)"
    )
    assert cited_quote(interview, 1) == f"\u201cThey came at night.\u201d {cited}"


def _russian(**fields: str) -> Interview:
    return validate(
        {
            "interview_date": "2020-02-16",
            "place": "Токмок",
            "role": "молодая дунганка, жительница Токмока",
            "organisation": "АДЦ «Мемориал»",
            "language": "ru",
            "quote": "Мы так простояли девять часов, до самого вечера.",
            **fields,
        },
        today=date(2026, 1, 1),
    )


def test_a_russian_quote_is_cited_in_russian_with_the_month_in_the_genitive() -> None:
    interview = _russian()
    assert citation_language(interview, 0) == "ru"
    assert citation(interview) == (
        "Молодая дунганка, жительница Токмока. "
        "Интервью с АДЦ «Мемориал», 16 февраля 2020 г., Токмок"
    )
    assert cited_quote(interview, 0) == (
        "«Мы так простояли девять часов, до самого вечера.» "
        "(Молодая дунганка, жительница Токмока. "
        "Интервью с АДЦ «Мемориал», 16 февраля 2020 г., Токмок)"
    )


@pytest.mark.parametrize(
    ("day", "written"),
    [
        ("2020-01-05", "5 января 2020 г."),
        ("2020-03-08", "8 марта 2020 г."),
        ("2019-05-09", "9 мая 2019 г."),
        ("2020-08-31", "31 августа 2020 г."),
        ("2021-12-01", "1 декабря 2021 г."),
    ],
)
def test_russian_dates_are_written_as_russian_reports_write_them(day: str, written: str) -> None:
    assert format_report_date(date.fromisoformat(day), "ru") == written
    assert citation(_russian(interview_date=day)).endswith(f", {written}, Токмок")


def test_a_russian_citation_without_organisation_or_date() -> None:
    interview = _russian(organisation="", interview_date="")
    assert citation(interview) == "Молодая дунганка, жительница Токмока. Интервью, Токмок"


def test_the_quote_decides_not_the_interview_language_field() -> None:
    """An English quote in a Russian-language interview keeps the English citation."""
    interview = _russian(quote="We stood like that for nine hours.", role="Dungan woman")
    assert citation(interview) == (
        "Dungan woman. Interview with АДЦ «Мемориал», February 16, 2020, Токмок"
    )
