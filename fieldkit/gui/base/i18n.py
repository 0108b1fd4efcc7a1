"""Display text for what the core returns as enums and codes, and the pseudo-translation.

The core speaks in ``Status``, ``ConsentKind`` and problem codes; only this module turns them
into (translatable) words.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime, QTranslator

from fieldkit.core.errors import FieldProblem
from fieldkit.core.record import ConsentKind, Status
from fieldkit.hq.timelines import TWO_TIMELINES
from fieldkit.kit import HoldReason

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

# Set to 1 to lengthen every string by about 40 % and mark it, to find clipped layouts.
PSEUDO_ENV = "FIELDKIT_PSEUDO_TRANSLATE"


# Day, abbreviated month, year: unambiguous in every language (unlike 02/03/2020).
DATE_FORMAT = "d MMM yyyy"


def format_date(value: date) -> str:
    """A date in the chosen language (``QLocale()``, set with the language)."""
    return QLocale().toString(QDate(value.year, value.month, value.day), DATE_FORMAT)


def date_input_format() -> str:
    """The chosen language's numeric date format for date fields, always with four-digit
    years (``dd.MM.yyyy`` in Russian, ``dd/MM/yyyy`` in English)."""
    pattern = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "yyyy")
    return pattern


def format_timestamp(value: str | datetime) -> str:
    """An ISO timestamp (UTC, as the vault stores them) in local time and the chosen language."""
    try:
        when = (
            datetime.fromisoformat(value.replace("Z", "+00:00"))
            if isinstance(value, str)
            else value
        )
    except ValueError:
        return str(value)
    local = when.astimezone()
    qt = QDateTime(
        QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second)
    )
    return QLocale().toString(qt, f"{DATE_FORMAT} HH:mm")


def status_label(status: Status) -> str:
    return {
        Status.DRAFT: translate("Status", "Draft"),
        Status.READY: translate("Status", "Ready"),
        Status.SENT: translate("Status", "Sent"),
        Status.RECEIVED: translate("Status", "Received by HQ"),
    }[status]


def consent_label(kind: ConsentKind | None) -> str:
    if kind is None:
        return translate("Consent", "Not recorded")
    return {
        ConsentKind.ORAL: translate("Consent", "Oral"),
        ConsentKind.WRITTEN: translate("Consent", "Written"),
        ConsentKind.NOT_GIVEN: translate("Consent", "Not given"),
    }[kind]


def hold_reason_label(reason: HoldReason) -> str:
    """Why an interview stayed out of a bundle."""
    return {
        HoldReason.DRAFT: translate("HoldReason", "a draft, not marked as ready"),
        HoldReason.INCOMPLETE: translate(
            "HoldReason", "a draft still missing the date, place, role or a quote"
        ),
        HoldReason.UNREVIEWED: translate(
            "HoldReason",
            "names, numbers or addresses nobody has reviewed: open it and fix or keep each "
            "underlined detail",
        ),
    }[reason]


def quarantine_reason_label(reason: str) -> str:
    """The HQ dataset stores why an item was quarantined as an English phrase."""
    known = {
        "same revision with different content": translate(
            "Quarantine", "the same revision arrived with different content"
        ),
        "another kit sent this interview": translate(
            "Quarantine", "another kit sent this interview"
        ),
        "an older revision than the one stored": translate(
            "Quarantine", "an older revision than the one stored"
        ),
        TWO_TIMELINES: translate(
            "Quarantine",
            "changed on two timelines of a kit restored from a backup: the version HQ holds "
            "came from the other one",
        ),
    }
    return known.get(reason, reason)


_QUOTE_FIELD = re.compile(r"quotes\[(\d+)\](?:\.(text|tags))?")


def field_key(problem_field: str) -> tuple[str, int | None]:
    """The editor field a problem belongs to: ("quote", 0) for "quotes[1].text"."""
    match = _QUOTE_FIELD.fullmatch(problem_field)
    if match:
        return ("quote_tags" if match.group(2) == "tags" else "quote", int(match.group(1)) - 1)
    if problem_field.startswith("consent"):
        return "consent", None
    return problem_field, None


def problem_text(problem: FieldProblem) -> str:
    """A sentence for one validation problem, in the reader's language."""
    required = {
        "interview_date": translate(
            "Problem", "The interview date is needed before marking ready."
        ),
        "place": translate("Problem", "The place is needed before marking ready."),
        "role": translate("Problem", "Describe the interviewee before marking ready."),
        "quotes": translate("Problem", "At least one quote is needed before marking ready."),
    }
    if problem.code == "required" and problem.field in required:
        return required[problem.field]
    by_code = {
        "required": translate("Problem", "This is needed before marking ready."),
        "too_long": translate("Problem", "This is too long."),
        "future_date": translate("Problem", "The date is in the future."),
        "bad_date": translate("Problem", "This is not a calendar date."),
        "bad_country": translate("Problem", "This is not a country name or ISO code."),
        "bad_language": translate("Problem", "Use a language code such as en, ru or kk."),
        "not_tags": translate("Problem", "Separate tags with commas."),
        "bad_consent": translate("Problem", "Choose how consent was given."),
        "not_integer": translate("Problem", "Type a whole number."),
        "not_number": translate("Problem", "Type a number, such as 12.5."),
        "too_large": translate("Problem", "This number is too large."),
    }
    return by_code.get(problem.code, translate("Problem", "This value cannot be used."))


class PseudoTranslator(QTranslator):
    """Returns every source string lengthened and bracketed, so clipped text is obvious."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        qt_own = len(context) > 1 and context[0] == "Q" and context[1].isupper()
        if not source or qt_own:  # leave Qt's own strings (QLineEdit, QDialogButtonBox…)
            return source
        pad = "~" * max(2, len(source) * 2 // 5)
        return f"[{source}{pad}]"


def install_pseudo_translation_if_asked(app: QCoreApplication) -> QTranslator | None:
    """Install :class:`PseudoTranslator` when ``FIELDKIT_PSEUDO_TRANSLATE=1``."""
    if os.environ.get(PSEUDO_ENV) != "1":
        return None
    translator = PseudoTranslator(app)
    app.installTranslator(translator)
    return translator
