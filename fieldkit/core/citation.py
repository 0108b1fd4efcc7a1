"""Citations in the style of published human-rights reports."""

from __future__ import annotations

from datetime import date

from fieldkit.core.record import Interview
from fieldkit.core.script import quoted

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_report_date(value: date) -> str:
    """``February 16, 2020``: the date as English-language reports print it."""
    return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"


def citation(interview: Interview) -> str:
    """``ROLE. Interview with ORGANISATION, Month D, YYYY, PLACE``.

    The role starts with a capital letter as it opens the citation; everything else is
    printed as the researcher wrote it.
    """
    role = interview.role.rstrip(". ")
    role = role[:1].upper() + role[1:]
    parts = [f"Interview with {interview.organisation}" if interview.organisation else "Interview"]
    if interview.interview_date is not None:
        parts.append(format_report_date(interview.interview_date))
    if interview.place:
        parts.append(interview.place)
    return f"{role}. " + ", ".join(parts)


def cited_quote(interview: Interview, index: int) -> str:
    """A quote followed by its citation, as a report prints it: between «…» when the quote
    is written in Russian, “…” otherwise (:func:`fieldkit.core.script.text_language`)."""
    quote = quoted(interview.quotes[index].text, interview.language)
    return f"{quote} ({citation(interview)})"
