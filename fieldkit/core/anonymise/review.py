"""What in an interview a person still has to look at before it may leave the kit.

The detector (:mod:`fieldkit.core.anonymise.detect`) runs over the two places a report prints: the
interviewee's role and every quote. Each finding is then either fixed (the text replaced, so
it is gone from the next detection) or marked "not identifying" by the researcher; such a mark
is a :data:`Dismissal` — the finding's kind and case-folded text — and holds for the whole
interview. Whatever is neither is *unreviewed*, and the export guard holds the interview back.
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
DETECTOR_VERSION = "3"

#: ``(kind, case-folded text)``: a finding the researcher marked as not identifying.
Dismissal = tuple[str, str]

ROLE = "role"
QUOTE = "quote"


@dataclass(frozen=True, slots=True)
class Spot:
    """A finding and where it is: the role (``index`` 0) or quote number ``index``."""

    field: str
    index: int
    finding: Finding


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def dismissal(kind: FindingKind | str, text: str) -> Dismissal:
    """The key under which "not identifying" is remembered for a finding of ``kind``."""
    return (FindingKind(kind).value, _fold(text))


def _texts(interview: Interview) -> Iterable[tuple[str, int, str]]:
    yield ROLE, 0, interview.role
    for number, quote in enumerate(interview.quotes):
        yield QUOTE, number, quote.text


def spots(interview: Interview) -> list[Spot]:
    """Every finding in the role and the quotes, in reading order; each text's brackets in
    its own language (the interview's breaks a tie)."""
    return [
        Spot(field, index, finding)
        for field, index, text in _texts(interview)
        if text.strip()
        for finding in detect(text, context_language=interview.language)
    ]


def unreviewed(interview: Interview, dismissed: Collection[Dismissal]) -> list[Spot]:
    """The findings nobody has marked as not identifying."""
    return [
        spot
        for spot in spots(interview)
        if dismissal(spot.finding.kind, spot.finding.text) not in dismissed
    ]


def still_present(interview: Interview, dismissed: Iterable[Dismissal]) -> set[Dismissal]:
    """The dismissals whose text still occurs in the role or a quote.

    The others refer to text that was replaced or deleted; the vault forgets them so that the
    replaced words are not kept in the list of dismissals either.
    """
    texts = [_fold(text) for _, _, text in _texts(interview)]
    return {item for item in dismissed if any(item[1] in text for text in texts)}
