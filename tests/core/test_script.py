"""The language of a quote is read from its letters; the interview's breaks a tie."""

from __future__ import annotations

import pytest

from fieldkit.core.script import quoted, text_language


@pytest.mark.parametrize(
    ("text", "interview", "expected"),
    [
        ("They took him away at night.", "ru", "en"),  # an English quote, Russian interview
        ("Его увели ночью.", "en", "ru"),
        ("Его увели ночью, сказал officer.", "en", "ru"),  # a Latin word among Cyrillic
        ("Қазақ тілінде жазылған.", None, "ru"),  # Kazakh letters count as Cyrillic
        ("+7 701 123 45 67", "ru", "ru"),  # no letters: the interview decides
        ("+7 701 123 45 67", "en-GB", "en"),
        ("+7 701 123 45 67", "kk", "ru"),  # Kazakh is written in Cyrillic
        ("+7 701 123 45 67", None, "en"),
        ("Да yes", "ru", "ru"),  # half and half: the interview decides
        ("Да yes", "en", "en"),
        ("Дааа yes", None, "ru"),  # no interview language: the larger share
    ],
)
def test_the_language_follows_the_letters_and_the_interview_breaks_ties(
    text: str, interview: str | None, expected: str
) -> None:
    assert text_language(text, interview) == expected


def test_russian_is_quoted_in_guillemets_and_english_in_curly_quotes() -> None:
    assert quoted("Его увели ночью.", "en") == "«Его увели ночью.»"
    assert quoted("They took him away.", "ru") == "\u201cThey took him away.\u201d"
