"""What every export of the central dataset reads and returns: the interviews in report
order with their provenance, the attachments written with them, what was written; and the
JSON Lines and the citations (Markdown) writers."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO

from fieldkit.core.canonical import canonical_json
from fieldkit.core.citation import citation, citation_language
from fieldkit.core.escape import markdown_text
from fieldkit.core.record import FIELDS, Interview
from fieldkit.core.script import quotation_marks, text_language
from fieldkit.hq.attachments import HqAttachment
from fieldkit.hq.history import interview_ids
from fieldkit.hq.provenance import Provenance, provenance
from fieldkit.vault import records
from fieldkit.vault.store import Vault

PAGE = 500

#: The Uwazi CSV's own columns (fieldkit.hq.uwazi: their properties; the form fields follow).
UWAZI_COLUMNS = (
    "title",
    "may_share_with_partners",
    "may_quote_anonymously",
    "consent",
    # interview_date … interviewer: the record's own fields, in the order the vault keeps them
    *FIELDS[FIELDS.index("interview_date") : FIELDS.index("consent")],
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


def interviews(vault: Vault) -> Iterator[tuple[Interview, list[Provenance]]]:
    """Every interview, oldest interview date first (report order), with its provenance
    (the Uwazi writers, :mod:`fieldkit.hq.uwazi`, read them so too)."""
    ids = interview_ids(vault)
    for start in range(0, len(ids), PAGE):
        part = ids[start : start + PAGE]
        origins = provenance(vault, part)
        for interview in records.get_many(vault, part):
            yield interview, origins.get(interview.id, [])


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
    for interview, origins in interviews(vault):
        record = _record(interview, origins)
        if files is not None:
            record["attachments"] = [a.entry() for a in files.get(interview.id, ())]
        out.write(canonical_json(record).decode("utf-8") + "\n")
        count += 1
    return Written(count)


def write_citations(vault: Vault, out: IO[str]) -> Written:
    """Markdown: each quote as a block quote, followed by its citation, as a report prints it.

    Record text is escaped (:func:`markdown_text`): a quote or a role shows as typed, never as
    a link, an image, HTML or formatting.
    """
    quotes = 0
    for interview, _ in interviews(vault):
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
