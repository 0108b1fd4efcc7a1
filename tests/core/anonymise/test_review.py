"""What of an interview is left to review, with each text's brackets in its own language."""

from __future__ import annotations

from fieldkit.core.anonymise.review import spots
from tests.helpers import interview_of


def test_an_english_quote_of_a_russian_interview_gets_english_brackets() -> None:
    interview = interview_of(
        interview_date="2020-02-16",
        place="Алматы",
        role="сестра задержанного",
        language="ru",
        quotes=[
            {"text": "Call my sister on +7 701 123 45 67 after dark."},
            {"text": "Позвоните сестре: +7 701 765 43 21."},
        ],
    )
    found = [(spot.index, spot.finding.suggestion) for spot in spots(interview)]
    assert found == [(0, "[phone number]"), (1, "[номер телефона]")]
