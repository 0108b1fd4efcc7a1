"""Citations in the style of published human-rights reports, in English or in Russian.

Which of the two a citation is written in follows the quote it stands under
(:func:`fieldkit.core.script.text_language`: the quote's letters, the interview's Language
field breaking a tie), as a Russian-language report cites a Russian quote:
``Роль. Интервью с АДЦ «Мемориал», 16 февраля 2020 г., Токмок``. Dates come from the
CLDR data Babel ships, so the Russian month is in the genitive ("февраля"), as written dates
in Russian put it.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from fieldkit.core.record import Interview
from fieldkit.core.script import quoted, text_language

__all__ = ["citation", "citation_language", "cited_quote", "format_report_date"]

#: What each language's citation says, and how it writes the date (a CLDR pattern; in Russian
#: ``MMMM`` is the month's genitive, "16 февраля 2020").
_STYLE = {
    "en": ("Interview with {organisation}", "Interview", "MMMM d, y", ""),
    "ru": ("Интервью с {organisation}", "Интервью", "d MMMM y", " г."),
}


def format_report_date(value: date, language: str = "en") -> str:
    """``February 16, 2020`` in English, ``16 февраля 2020 г.`` in Russian."""
    _with, _alone, pattern, suffix = _STYLE[language if language in _STYLE else "en"]
    return format_date(value, pattern, locale=language if language in _STYLE else "en") + suffix


def citation_language(interview: Interview, index: int | None = None) -> str:
    """``"ru"`` or ``"en"``: the language of quote ``index``; without one, of all the
    interview's quotes together (what a single citation for the whole interview follows)."""
    if index is not None:
        text = interview.quotes[index].text
    else:
        text = "\n".join(quote.text for quote in interview.quotes)
    return text_language(text, interview.language)


def citation(interview: Interview, language: str | None = None) -> str:
    """``ROLE. Interview with ORGANISATION, Month D, YYYY, PLACE`` (or its Russian form).

    ``language`` is ``"ru"`` or ``"en"``; without it, :func:`citation_language` of the whole
    interview. The role starts with a capital letter as it opens the citation; everything
    else is printed as the researcher wrote it.
    """
    chosen = language if language in _STYLE else citation_language(interview)
    with_organisation, alone, _pattern, _suffix = _STYLE[chosen]
    role = interview.role.rstrip(". ")
    role = role[:1].upper() + role[1:]
    organisation = interview.organisation
    parts = [with_organisation.format(organisation=organisation) if organisation else alone]
    if interview.interview_date is not None:
        parts.append(format_report_date(interview.interview_date, chosen))
    if interview.place:
        parts.append(interview.place)
    return f"{role}. " + ", ".join(parts)


def cited_quote(interview: Interview, index: int) -> str:
    """A quote followed by its citation, as a report prints it: between «…» and cited in
    Russian when the quote is written in Russian, “…” and in English otherwise."""
    quote = quoted(interview.quotes[index].text, interview.language)
    return f"{quote} ({citation(interview, citation_language(interview, index))})"
