"""Which language a piece of record text is written in, from its letters.

A quote carries no language of its own: the interview's Language field says what the
interview was held in, yet a Russian-language interview often has a quote written down in
English (and the other way round). What a report prints around a quote — the bracket that
replaces a phone number, the quotation marks of a citation — follows the quote's own
letters: mostly Cyrillic is Russian, mostly Latin is English. Only when the letters do not
decide (digits alone, or a mix between one third and two thirds) does the interview's
language break the tie.
"""

from __future__ import annotations

import re

__all__ = ["CYRILLIC_LANGUAGES", "quotation_marks", "quoted", "text_language"]

_CYRILLIC = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

#: Languages written in Cyrillic (their primary subtag), which print Russian-style brackets
#: and «…»; every other tag counts as Latin when it breaks a tie.
CYRILLIC_LANGUAGES = frozenset({"ru", "kk", "ky", "tg", "uk", "be", "bg", "mn", "tt", "ba"})

#: A script decides on its own when it has more than this share of the letters.
DECISIVE_SHARE = 2 / 3


def _tie_breaker(tag: str | None) -> str | None:
    primary = (tag or "").split("-")[0].strip().lower()
    if not primary:
        return None
    return "ru" if primary in CYRILLIC_LANGUAGES else "en"


def text_language(text: str, tie_breaker: str | None = None) -> str:
    """``"ru"`` when ``text`` is written mostly in Cyrillic, ``"en"`` when mostly in Latin.

    ``tie_breaker`` is the interview's language tag (``"ru"``, ``"en-GB"``, ``"kk"``…); it
    decides when neither script has more than two thirds of the letters. Without one, the
    larger share wins and English is the last resort.
    """
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    letters = cyrillic + latin
    if letters and cyrillic > DECISIVE_SHARE * letters:
        return "ru"
    if letters and latin > DECISIVE_SHARE * letters:
        return "en"
    fallback = _tie_breaker(tie_breaker)
    if fallback is not None:
        return fallback
    return "ru" if cyrillic > latin else "en"


def quotation_marks(language: str) -> tuple[str, str]:
    """The quotation marks a report in ``language`` prints: «…» in Russian, “…” in English."""
    return ("\u00ab", "\u00bb") if language == "ru" else ("\u201c", "\u201d")


def quoted(text: str, tie_breaker: str | None = None) -> str:
    """``text`` between the quotation marks of the language it is written in."""
    opening, closing = quotation_marks(text_language(text, tie_breaker))
    return f"{opening}{text}{closing}"
