"""The history exports (``--history``): every revision HQ accepted, with its kit, bundle,
revision and time, as JSON Lines or CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO

from fieldkit.core.canonical import canonical_json
from fieldkit.hq.export_csv import INTERVIEW_COLUMNS, spreadsheet_safe
from fieldkit.hq.export_records import Written
from fieldkit.hq.history import Revision, interview_ids, revisions
from fieldkit.vault.store import Vault

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
