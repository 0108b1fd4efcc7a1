"""What normalisation removes from record text, and what it keeps (docs/exports.md)."""

from __future__ import annotations

from datetime import date

import pytest

from fieldkit.core.record import normalise_line, normalise_text, validate

TODAY = date(2024, 5, 1)
UYGHUR = "ئۇيغۇر\u200f تىلى"


@pytest.mark.parametrize(
    "control",
    [*"\x1b\x07\x7f\x85\x9b", *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"],
)
def test_control_characters_and_bidi_overrides_are_removed(control: str) -> None:
    assert normalise_text(f"a{control}b\nc") == "ab\nc"
    assert normalise_line(f"a{control}b") == "ab"


def test_marks_and_joiners_that_arabic_script_needs_are_kept() -> None:
    persian = "می\u200cخواهم و\u200dی \u061c۲۰۲۰ a\u200eb"
    interview = validate(
        {
            "interview_date": "2020-02-18",
            "place": UYGHUR,
            "role": f"{UYGHUR} \u202eayol",
            "status": "ready",
            "quotes": [f"{UYGHUR}\n\n{persian}\tend"],
            "tags": [UYGHUR],
        },
        today=TODAY,
    )
    assert interview.place == UYGHUR and interview.tags == (UYGHUR,)
    assert interview.role == f"{UYGHUR} ayol"
    assert interview.quotes[0].text == f"{UYGHUR}\n\n{persian}\tend"
