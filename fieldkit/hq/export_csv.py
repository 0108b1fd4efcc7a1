"""The spreadsheet CSV of the central dataset: a row per quote, form fields as columns, every
cell safe to open in a spreadsheet program."""

from __future__ import annotations

import csv
from typing import IO

from fieldkit.core.citation import citation, citation_language
from fieldkit.core.record import FIELDS, Interview
from fieldkit.hq.export_records import ATTACHMENTS_COLUMN, Files, Written, interviews, paths_of
from fieldkit.hq.formcolumns import FormColumn, answer_labels, answer_names, form_columns
from fieldkit.hq.provenance import Provenance
from fieldkit.vault.store import Vault

#: An interview's own columns, in the spreadsheet CSV and in its history alike.
INTERVIEW_COLUMNS = (
    # The record's fields, but its id (a column of its own), tags (split in two below), the
    # private notes (never leave a kit) and status (the kit's workflow).
    *(name for name in FIELDS if name not in ("id", "tags", "notes", "status")),
    "may_quote_anonymously",
    "may_share_with_partners",
    "interview_tags",
)

CSV_COLUMNS = (
    "interview_id",
    "quote_number",
    *INTERVIEW_COLUMNS,
    "quote_tags",
    "quote",
    "citation",
    "kit_fingerprint",
    "bundle_id",
    "imported_at",
    "kit_name",
    "unreviewed_details",
    "kit_revoked_at",
    "stored_after_revocation",
)


def _consent(interview: Interview) -> str:
    return interview.consent.kind.value if interview.consent.kind else ""


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text that a spreadsheet program would run as a formula, shown as text instead.

    A quote typed as ``=HYPERLINK(…)`` would otherwise become a live link in Excel or
    LibreOffice; a leading apostrophe makes it plain text there (the OWASP advice).
    """
    if looks_like_formula(value):
        return "'" + str(value)
    return value


def looks_like_formula(value: object) -> bool:
    """Whether a spreadsheet program would take this cell for a formula."""
    return isinstance(value, str) and value.startswith(_FORMULA_START)


def _after(origin: Provenance | None) -> str:
    """Whether the revision was stored after its kit was revoked: "true", "false", or empty
    for a kit never revoked (or an interview typed at HQ)."""
    if origin is None or origin.kit_revoked_at is None:
        return ""
    return str(origin.after_revocation).lower()


def _form_header(columns: list[FormColumn], labels: str | None) -> list[str]:
    """``<form id>.<field name>`` per field; with ``labels``, a select's
    ``<form id>.<field name>@<language>`` after it."""
    header = []
    for column in columns:
        header.append(column.name)
        if labels and column.is_select:
            header.append(f"{column.name}@{labels}")
    return header


def _form_cells(
    interview: Interview, columns: list[FormColumn], labels: str | None
) -> list[object]:
    cells: list[object] = []
    for column in columns:
        value = column.answer(interview)
        cells.append("" if value is None else answer_names(value))
        if labels and column.is_select:
            cells.append("" if value is None else answer_labels(column, value, labels))
    return cells


def write_csv(
    vault: Vault, out: IO[str], files: Files = None, *, labels: str | None = None
) -> Written:
    """One row per quote (RFC 4180: CRLF line ends, quotes doubled), safe to open in a
    spreadsheet program. After the interview's own columns, one per form field
    (:mod:`fieldkit.hq.formcolumns`); ``labels`` adds a select's labels in that language;
    with ``files``, a last column names the interview's attachments."""
    columns = form_columns(vault)
    writer = csv.writer(out, lineterminator="\r\n")
    extra = () if files is None else (ATTACHMENTS_COLUMN,)
    writer.writerow([*CSV_COLUMNS, *_form_header(columns, labels), *extra])
    rows = 0
    for interview, origins in interviews(vault):
        latest = origins[-1] if origins else None
        answers = _form_cells(interview, columns, labels)
        paths = () if files is None else (paths_of(files, interview.id),)
        for number, quote in enumerate(interview.quotes, start=1):
            writer.writerow(
                spreadsheet_safe(cell)
                for cell in (
                    interview.id,
                    number,
                    interview.interview_date.isoformat() if interview.interview_date else "",
                    interview.place,
                    interview.country or "",
                    interview.role,
                    interview.organisation,
                    interview.language or "",
                    interview.interviewer or "",
                    _consent(interview),
                    str(interview.consent.quote_anonymously).lower(),
                    str(interview.consent.share_with_partners).lower(),
                    "|".join(interview.tags),
                    "|".join(quote.tags),
                    quote.text,
                    citation(interview, citation_language(interview, number - 1)),
                    "|".join(dict.fromkeys(p.kit_fingerprint for p in origins)),
                    latest.bundle_id if latest else "",
                    latest.imported_at if latest else "",
                    "|".join(dict.fromkeys(p.kit_name for p in origins)),
                    latest.unreviewed if latest else "",
                    (latest.kit_revoked_at or "") if latest else "",
                    _after(latest),
                    *answers,
                    *paths,
                )
            )
            rows += 1
    return Written(rows)
