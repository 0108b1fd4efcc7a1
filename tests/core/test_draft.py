"""The editor's record logic (Qt-free): checking a draft and saving what can be saved."""

from __future__ import annotations

from fieldkit.core import draft
from fieldkit.core.record import MAX_SHORT, Status
from tests.helpers import editor_draft

COMPLETE = editor_draft(
    "Young Dungan woman, resident of Tokmok", "We stood like that for nine hours."
)


def test_a_complete_draft_may_be_marked_ready() -> None:
    checked = draft.check(COMPLETE, Status.DRAFT, "ADC Memorial")
    assert checked.interview is not None
    assert checked.problems == []
    assert checked.missing_for_ready == []
    assert checked.interview.organisation == "ADC Memorial"


def test_a_ready_interview_that_loses_its_quote_goes_back_to_draft() -> None:
    checked = draft.check({**COMPLETE, "quotes": []}, Status.READY)
    assert checked.interview is not None
    assert checked.interview.status is Status.DRAFT
    assert [p.field for p in checked.missing_for_ready] == ["quotes"]


def test_a_sent_interview_keeps_its_status() -> None:
    checked = draft.check(COMPLETE, Status.SENT)
    assert checked.interview is not None and checked.interview.status is Status.SENT


def test_bad_codes_stop_saving_but_salvage_keeps_the_text() -> None:
    raw = {**COMPLETE, "language": "not a language", "place": "x" * (MAX_SHORT + 5)}
    checked = draft.check(raw, Status.DRAFT)
    assert checked.interview is None
    assert {p.field for p in checked.problems} == {"language", "place"}
    saved = draft.salvage(raw, Status.DRAFT)
    assert saved is not None
    assert saved.language is None
    assert saved.place == "x" * MAX_SHORT
    assert saved.quotes[0].text == "We stood like that for nine hours."
    assert raw["language"] == "not a language"  # the form's values are not touched
