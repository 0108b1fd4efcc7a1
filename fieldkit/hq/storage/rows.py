"""The rows HQ's storage seam reads and writes, and how it looks ids up in parts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

#: Ids per ``IN (…)`` lookup (SQLite's limit on parameters is far above it).
LOOKUP = 500
#: Page cache for an import transaction, in KiB (given back when it ends). 25 bundles of a
#: thousand interviews touch ~100 MB of pages; in the bulk import's 64 MiB they spill to the
#: write-ahead log mid-transaction and are read back (decrypted, HMAC checked): ~6% slower.
IMPORT_CACHE_KIB = 128 * 1024

#: (interview id, kit revision, kit id, bundle id, sha256, imported at, details sent unreviewed)
ProvenanceRow = tuple[str, int, str, str, str, str, int]
#: (interview id, stored id, kit id, bundle id, noted at)
AliasRow = tuple[str, str, str, str, str]
#: (interview id, kit id, bundle id, kit revision, sha256, payload, reason, received at,
#: the record's signed bytes, details sent unreviewed)
QuarantineRow = tuple[str, str, str, int, str, str, str, str, bytes, int]
#: (interview id, kit id, kit revision, sha256, bundle id, the record's signed bytes, stored at)
RevisionRow = tuple[str, str, int, str, str, bytes, str]
#: (stored id, kit fingerprint, bundle id, kit revision, imported at, sha256, signed bytes or
#: None when accepted before HQ kept them, kit name, details sent unreviewed)
HistoryRow = tuple[str, str, str, int, str, str, bytes | None, str, int]
#: (kit id, name, fingerprint, enrolled at, last bundle's sequence and import time or None,
#: interviews stored from it, revoked at, by and why or None)
KitRow = tuple[str, str, str, str, int | None, str | None, int, str | None, str | None, str | None]
#: (bundle id, kit id, fingerprint of the key that signed it, sequence, manifest sha256,
#: why it is held: 'revoked' or 'replaced_key', received at, entries)
HeldRow = tuple[str, str, str, int, str, str, str, int]
#: (bundle id, kit id, sequence, manifest sha256, previous manifest sha256, imported at,
#: stored, quarantined, receipt, epoch ('' for the kit's first timeline), the epoch's fork:
#: the last bundle its backup held and that bundle's manifest sha256, or None)
BundleRow = tuple[str, str, int, str, str | None, str, int, int, bytes, str, int | None, str | None]
#: (number, kind ('csv' or 'template'), exported at, labels' language, column names as JSON,
#: the export it continued or None, rows or properties)
UwaziExportRow = tuple[int, str, str, str, str, int | None, int]
#: (bundle id, epoch, sequence, manifest sha256, epoch's fork bundle and its sha256, or None)
TimelineRow = tuple[str, str, int, str, int | None, str | None]
#: (imported at, file name, fate, bundle id, kit id, sequence, new, duplicates, updated,
#: unchanged, stored, quarantined, unreviewed, warnings as JSON, reason rejected)
ImportRow = tuple[
    str,
    str,
    str,
    str | None,
    str | None,
    int | None,
    int | None,
    int | None,
    int | None,
    int | None,
    int,
    int,
    int,
    str,
    str | None,
]
IMPORT_COLUMNS = (
    "imported_at, file_name, fate, bundle_id, kit_id, sequence, new, duplicates, updated, "
    "unchanged, stored, quarantined, unreviewed, warnings, reason"
)


def parts(items: Sequence[str]) -> Iterator[tuple[list[str], str]]:
    """``items`` :data:`LOOKUP` at a time, each with its ``?,?,…`` placeholders."""
    for start in range(0, len(items), LOOKUP):
        part = list(items[start : start + LOOKUP])
        yield part, ",".join("?" * len(part))
