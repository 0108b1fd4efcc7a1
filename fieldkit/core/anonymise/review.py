"""What in an interview a person still has to look at before it may leave the kit.

The detector (:mod:`fieldkit.core.anonymise.detect`) runs over the places a report prints: the
interviewee's role, every quote, and the text answers to the fields its form marks sensitive.
Each finding is then either fixed (the text replaced, so it is gone from the next detection)
or marked "not identifying" by the researcher; such a mark is a :data:`Dismissal` — the
finding's kind and case-folded text — and holds for the whole interview. Whatever is neither
is *unreviewed*, and the export guard holds the interview back.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from fieldkit.core.anonymise.detect import Finding, FindingKind, detect
from fieldkit.core.record import Interview

__all__ = [
    "DETECTOR_VERSION",
    "Dismissal",
    "Spot",
    "dismissal",
    "spots",
    "still_present",
    "unreviewed",
]

#: Bump when detection changes, so that cached review results are computed again.
DETECTOR_VERSION = "4"

#: ``(kind, case-folded text)``: a finding the researcher marked as not identifying.
Dismissal = tuple[str, str]

ROLE = "role"
QUOTE = "quote"
FIELD = "field"


@dataclass(frozen=True, slots=True)
class Spot:
    """A finding and where it is: the role (``index`` 0), quote number ``index``, or the
    answer to the sensitive form field ``name``."""

    field: str
    index: int
    finding: Finding
    name: str = ""


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def dismissal(kind: FindingKind | str, text: str) -> Dismissal:
    """The key under which "not identifying" is remembered for a finding of ``kind``."""
    return (FindingKind(kind).value, _fold(text))


Sensitive = Collection[str]


def _texts(interview: Interview, sensitive: Sensitive = ()) -> Iterable[tuple[str, int, str, str]]:
    yield ROLE, 0, interview.role, ""
    for number, quote in enumerate(interview.quotes):
        yield QUOTE, number, quote.text, ""
    for number, (name, value) in enumerate(interview.answers):
        if name in sensitive and isinstance(value, str):
            yield FIELD, number, value, name


def spots(interview: Interview, sensitive: Sensitive = ()) -> list[Spot]:
    """Every finding in the role, the quotes and the answers to the ``sensitive`` fields, in
    reading order; each text's brackets in its own language (the interview's breaks a tie)."""
    return [
        Spot(field, index, finding, name)
        for field, index, text, name in _texts(interview, sensitive)
        if text.strip()
        for finding in detect(text, context_language=interview.language)
    ]


def unreviewed(
    interview: Interview, dismissed: Collection[Dismissal], sensitive: Sensitive = ()
) -> list[Spot]:
    """The findings nobody has marked as not identifying."""
    return [
        spot
        for spot in spots(interview, sensitive)
        if dismissal(spot.finding.kind, spot.finding.text) not in dismissed
    ]


def still_present(
    interview: Interview, dismissed: Iterable[Dismissal], sensitive: Sensitive = ()
) -> set[Dismissal]:
    """The dismissals whose text still occurs in the role or a quote.

    The others refer to text that was replaced or deleted; the vault forgets them so that the
    replaced words are not kept in the list of dismissals either.
    """
    texts = [_fold(text) for _, _, text, _ in _texts(interview, sensitive)]
    return {item for item in dismissed if any(item[1] in text for text in texts)}
