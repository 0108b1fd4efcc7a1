"""Exports of the central dataset for analysis and reports.

Each writer streams interviews page by page (bounded memory) and writes to a temporary file
beside the target, renamed into place only when complete.
"""

from __future__ import annotations

import contextlib
import csv
import enum
import io
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TypeVar

from fieldkit.core.canonical import canonical_json
from fieldkit.core.citation import citation, citation_language
from fieldkit.core.errors import FieldkitError
from fieldkit.core.escape import markdown_text
from fieldkit.core.record import FIELDS, Interview
from fieldkit.core.script import quotation_marks, text_language
from fieldkit.hq.attachments import HqAttachment
from fieldkit.hq.formcolumns import (
    FormColumn,
    answer_labels,
    answer_names,
    checked_language,
    form_columns,
)
from fieldkit.hq.history import Revision, interview_ids, revisions
from fieldkit.hq.provenance import Provenance, provenance
from fieldkit.vault import records
from fieldkit.vault.fsutil import create_private
from fieldkit.vault.store import Vault

PAGE = 500


class ExportFormat(enum.StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    UWAZI_CSV = "uwazi-csv"
    UWAZI_TEMPLATE = "uwazi-template"
    CITATIONS = "citations"
    #: Uwazi's CSV import with the attachments, in one ZIP (:mod:`fieldkit.hq.export_files`).
    UWAZI_ZIP = "uwazi-zip"


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

#: The Uwazi CSV's own columns (fieldkit.hq.uwazi: their properties; the form fields follow).
UWAZI_COLUMNS = (
    "title",
    "may_share_with_partners",
    "may_quote_anonymously",
    "consent",
    "interview_date",
    "place",
    "country",
    "role",
    "organisation",
    "language",
    "interviewer",
    "tags",
    "quote_number",
    "quote",
    "citation",
    "interview_id",
)


#: The column naming an interview's attachments (in the CSV exports written with them).
ATTACHMENTS_COLUMN = "attachments"
#: Between the relative paths in that column (Uwazi's multi-value separator too).
PATH_SEPARATOR = "|"


@dataclass(frozen=True)
class Attached:
    """An attachment written with an export, at ``path`` (relative, with ``/``)."""

    path: str
    item: HqAttachment

    def entry(self) -> dict[str, object]:
        """What the JSONL record says of it."""
        item = self.item
        return {
            "path": self.path,
            "id": item.id,
            "media_type": item.media_type,
            "size": item.size,
            "sha256": item.sha256,
            "copy": item.copy,
            "original_sha256": item.original_sha256,
            "kit": item.kit_fingerprint,
            "bundle_id": item.bundle_id,
            "received_at": item.received_at,
        }


#: Stored interview id -> the attachments written with it (None: an export without them).
Files = Mapping[str, Sequence[Attached]] | None


def paths_of(files: Files, interview_id: str) -> str:
    return PATH_SEPARATOR.join(a.path for a in (files or {}).get(interview_id, ()))


@dataclass(frozen=True)
class Written:
    """What an export wrote: records, rows or quotes, and the Uwazi cells to warn about."""

    count: int
    #: Uwazi CSV cells a spreadsheet program would take for a formula (written unchanged).
    formula_cells: int = 0
    #: Uwazi CSV: interviews carried again because they changed since an earlier export.
    changed: tuple[str, ...] = ()
    #: Uwazi: what notes the export in the dataset once its file is in place (its number).
    note: Callable[[], int] | None = field(default=None, compare=False, repr=False)
    #: Uwazi: the export's number, once noted.
    number: int | None = None


def _interviews(vault: Vault) -> Iterator[tuple[Interview, list[Provenance]]]:
    """Every interview, oldest interview date first (report order), with its provenance."""
    ids = interview_ids(vault)
    for start in range(0, len(ids), PAGE):
        part = ids[start : start + PAGE]
        origins = provenance(vault, part)
        for interview in records.get_many(vault, part):
            yield interview, origins.get(interview.id, [])


#: Every interview with its provenance, for the Uwazi writers (fieldkit.hq.uwazi).
interviews = _interviews


def _record(interview: Interview, origins: list[Provenance]) -> dict[str, object]:
    data = interview.shared_dict()
    data["provenance"] = [
        {
            "kit": p.kit_fingerprint,
            "bundle_id": p.bundle_id,
            "kit_revision": p.kit_revision,
            "imported_at": p.imported_at,
            "kit_name": p.kit_name,
            "unreviewed": p.unreviewed,
            "kit_revoked_at": p.kit_revoked_at,
            "stored_after_revocation": p.after_revocation,
        }
        for p in origins
    ]
    return data


def write_jsonl(vault: Vault, out: IO[str], files: Files = None) -> Written:
    """One interview per line; with ``files``, each names its attachments (``attachments``)."""
    count = 0
    for interview, origins in _interviews(vault):
        record = _record(interview, origins)
        if files is not None:
            record["attachments"] = [a.entry() for a in files.get(interview.id, ())]
        out.write(canonical_json(record).decode("utf-8") + "\n")
        count += 1
    return Written(count)


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
    for interview, origins in _interviews(vault):
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


def write_uwazi_csv(vault: Vault, out: IO[str], files: Files = None) -> Written:
    """Uwazi's CSV import (:func:`fieldkit.hq.uwazi.write_csv`: every interview, labels in
    each form's default language). With ``files`` (the ZIP), the ``attachments`` column
    Uwazi's import reads names each entity's files in the ZIP."""
    from fieldkit.hq import uwazi  # uwazi builds on this module's readers

    return uwazi.write_csv(vault, out, files=files)


def write_citations(vault: Vault, out: IO[str]) -> Written:
    """Markdown: each quote as a block quote, followed by its citation, as a report prints it.

    Record text is escaped (:func:`markdown_text`): a quote or a role shows as typed, never as
    a link, an image, HTML or formatting.
    """
    quotes = 0
    for interview, _ in _interviews(vault):
        for index, quote in enumerate(interview.quotes):
            cited = markdown_text(citation(interview, citation_language(interview, index)))
            paragraphs = markdown_text(quote.text).split("\n\n")
            opening, closing = quotation_marks(text_language(quote.text, interview.language))
            paragraphs[0] = opening + paragraphs[0]
            paragraphs[-1] = paragraphs[-1] + closing
            out.write("\n>\n".join("> " + p.replace("\n", "\n> ") for p in paragraphs))
            out.write(f"\n\n({cited})\n\n")
            quotes += 1
    return Written(quotes)


HISTORY_COLUMNS = (
    "interview_id",
    "kit_fingerprint",
    "bundle_id",
    "kit_revision",
    "imported_at",
    "sha256",
    "content_stored",
    *INTERVIEW_COLUMNS,
    "quotes",
)


def _history(vault: Vault) -> Iterator[Revision]:
    """Every revision HQ accepted, interview by interview in report order, oldest first."""
    for interview_id in interview_ids(vault):
        yield from revisions(vault, interview_id)


def _revision_record(revision: Revision) -> dict[str, object]:
    return {
        "interview_id": revision.interview_id,
        "kit": revision.kit_fingerprint,
        "bundle_id": revision.bundle_id,
        "kit_revision": revision.kit_revision,
        "imported_at": revision.imported_at,
        "sha256": revision.sha256,
        "content_stored": revision.record is not None,
        "record": revision.record,
    }


def write_history_jsonl(vault: Vault, out: IO[str]) -> Written:
    """One line per revision HQ accepted, with the record as its kit signed it (null for
    one accepted before HQ kept content)."""
    count = 0
    for revision in _history(vault):
        out.write(canonical_json(_revision_record(revision)).decode("utf-8") + "\n")
        count += 1
    return Written(count)


def _history_cells(revision: Revision) -> tuple[object, ...]:
    record = revision.record or {}
    consent = record.get("consent") or {}
    quotes = record.get("quotes") or []
    return (
        revision.interview_id,
        revision.kit_fingerprint,
        revision.bundle_id,
        revision.kit_revision,
        revision.imported_at,
        revision.sha256,
        str(revision.record is not None).lower(),
        record.get("interview_date") or "",
        record.get("place") or "",
        record.get("country") or "",
        record.get("role") or "",
        record.get("organisation") or "",
        record.get("language") or "",
        record.get("interviewer") or "",
        consent.get("kind") or "",
        str(bool(consent.get("quote_anonymously"))).lower() if revision.record else "",
        str(bool(consent.get("share_with_partners"))).lower() if revision.record else "",
        "|".join(record.get("tags") or []),
        "\n\n".join(str(q.get("text", "")) for q in quotes),
    )


def write_history_csv(vault: Vault, out: IO[str]) -> Written:
    """One row per revision HQ accepted (its quotes in one cell), safe to open in a
    spreadsheet program."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HISTORY_COLUMNS)
    rows = 0
    for revision in _history(vault):
        writer.writerow(spreadsheet_safe(cell) for cell in _history_cells(revision))
        rows += 1
    return Written(rows)


HISTORY_WRITERS = {
    ExportFormat.JSONL: write_history_jsonl,
    ExportFormat.CSV: write_history_csv,
}


def _write_uwazi_template(vault: Vault, out: IO[str]) -> Written:
    from fieldkit.hq import uwazi

    return uwazi.write_template(vault, out)


WRITERS: dict[ExportFormat, Callable[[Vault, IO[str]], Written]] = {
    ExportFormat.JSONL: write_jsonl,
    ExportFormat.CSV: write_csv,
    ExportFormat.UWAZI_CSV: write_uwazi_csv,
    ExportFormat.UWAZI_TEMPLATE: _write_uwazi_template,
    ExportFormat.CITATIONS: write_citations,
}


def _writer(
    fmt: ExportFormat, history: bool, labels: str | None, since: int | None
) -> Callable[[Vault, IO[str]], Written]:
    """The writer of ``fmt``, given ``--labels`` and ``--since`` where they apply."""
    writers = HISTORY_WRITERS if history else WRITERS
    if fmt not in writers:
        raise FieldkitError(
            "--history is written as jsonl or csv: every revision HQ accepted, with its kit, "
            "bundle, revision and time"
        )
    if labels is not None and (history or fmt not in (ExportFormat.CSV, *UWAZI)):
        raise FieldkitError("--labels is for --format csv, uwazi-csv and uwazi-template")
    if since is not None and fmt is not ExportFormat.UWAZI_CSV:
        raise FieldkitError("--since and --since-last are for --format uwazi-csv")
    if fmt in UWAZI:
        from fieldkit.hq import uwazi

        if fmt is ExportFormat.UWAZI_TEMPLATE:
            return lambda vault, out: uwazi.write_template(vault, out, labels=labels)
        return lambda vault, out: uwazi.write_csv(vault, out, labels=labels, since=since)
    if fmt is ExportFormat.CSV and not history:
        return lambda vault, out: write_csv(vault, out, labels=checked_language(labels))
    return writers[fmt]


UWAZI = (ExportFormat.UWAZI_CSV, ExportFormat.UWAZI_TEMPLATE)


def export(vault: Vault, fmt: ExportFormat, target: Path, *, bom: bool = False) -> int:
    """Write ``fmt`` to ``target`` atomically; returns the number of records, rows or quotes."""
    return export_file(vault, fmt, target, bom=bom).count


def export_file(
    vault: Vault,
    fmt: ExportFormat,
    target: Path,
    *,
    bom: bool = False,
    history: bool = False,
    labels: str | None = None,
    since: int | None = None,
) -> Written:
    """Write ``fmt`` to ``target`` atomically. ``bom`` starts the spreadsheet CSV with a
    byte-order mark (Excel reads UTF-8 by it); it is refused for the other formats, the Uwazi
    CSV included, which is for Uwazi's import and not for spreadsheet programs. ``history``
    writes every revision HQ accepted instead (jsonl and csv only). ``labels`` (a language
    code): the form fields' labels in that language (csv: label columns for the selects).
    ``since``: a Uwazi CSV of what is new or changed since that earlier Uwazi export. A Uwazi
    export is noted in the dataset once its file is in place."""
    target = Path(target)
    if fmt is ExportFormat.UWAZI_ZIP:
        raise FieldkitError("the Uwazi ZIP is written with its attachments: export_uwazi_zip")
    write = _writer(fmt, history, labels, since)
    if bom and fmt is not ExportFormat.CSV:
        raise FieldkitError(
            "a byte-order mark is for the spreadsheet CSV only: the Uwazi CSV is for Uwazi's "
            "import (export csv to open the dataset in a spreadsheet program)"
        )

    def write_file(raw: IO[bytes]) -> Written:
        with text_over(raw) as handle:
            if bom:
                handle.write("\ufeff")
            written = write(vault, handle)
        os.fsync(raw.fileno())
        return written

    written = write_atomically(target, write_file)
    if written.note is not None:  # a Uwazi export, noted once its file is in place
        written = replace(written, number=written.note(), note=None)
    return written


@contextlib.contextmanager
def text_over(raw: IO[bytes]) -> Iterator[IO[str]]:
    """UTF-8 text written to ``raw`` (a file, a ZIP entry), flushed at the end and let go of
    without closing ``raw``, which its owner closes."""
    handle = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    try:
        yield handle
        handle.flush()
    finally:
        with contextlib.suppress(ValueError, OSError):  # the error that ended it propagates
            handle.detach()


T = TypeVar("T")


def write_atomically(target: Path, write: Callable[[IO[bytes]], T]) -> T:
    """Call ``write`` with a new private file beside ``target`` (``.NAME.partial``, 0600,
    never through a link planted under that name), renamed to ``target`` once it returns;
    removed on any error, an OSError becoming one line."""
    if not target.parent.is_dir():
        raise FieldkitError(f"no such folder: {target.parent}")
    partial = target.with_name(f".{target.name}.partial")
    try:
        with open(create_private(partial), "wb") as raw:
            written = write(raw)
        os.replace(partial, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        if isinstance(error, OSError):
            raise FieldkitError(
                f"the export could not be written to {target} ({error.strerror or error})"
            ) from error
        raise
    return written


def export_text(
    vault: Vault,
    fmt: ExportFormat,
    *,
    history: bool = False,
    labels: str | None = None,
    since: int | None = None,
) -> str:
    """The export as a string (for small datasets and tests; a Uwazi export is not noted)."""
    buffer = io.StringIO(newline="")
    _writer(fmt, history, labels, since)(vault, buffer)
    return buffer.getvalue()
