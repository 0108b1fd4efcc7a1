"""Bulk import: many records in one transaction, and the writer of prepared rows.

Validating and turning records into rows is :mod:`fieldkit.vault.bulk` (pure, so a worker
process can do it); this module writes those rows into an open vault.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldkit.core.errors import DiskFull, FieldkitError, FieldProblem, ImportRejected
from fieldkit.core.forms.model import FormSet
from fieldkit.core.jsonl import read_jsonl
from fieldkit.core.record import Interview, Status, now_iso
from fieldkit.vault import attachments, bulk, forms, schema, sealing
from fieldkit.vault.database import DatabaseError, IntegrityError
from fieldkit.vault.records import organisation
from fieldkit.vault.store import Vault


@dataclass(frozen=True)
class ImportResult:
    imported: int
    quotes: int
    skipped_duplicates: int


def _group_lines(rows: Iterable[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    """Merge lines with the same date, place, role and organisation into one interview.

    Quotes keep their file order; the merged interview takes the place of its first line.
    This holds the file in memory, which ``--group`` accepts for its convenience.
    """
    key_of = ("interview_date", "place", "role", "organisation")
    merged: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}
    order: list[tuple[int, Any]] = []
    for line, raw in rows:
        if not isinstance(raw, dict) or raw.get("id") or raw.get("quote") is None:
            order.append((line, raw))
            continue
        key = tuple(json.dumps(raw.get(k), sort_keys=True) for k in key_of)
        if key in merged:
            merged[key][1].setdefault("quotes", []).append(raw["quote"])
            continue
        first = dict(raw)
        first["quotes"] = [first.pop("quote"), *list(first.get("quotes") or [])]
        merged[key] = (line, first)
        order.append(merged[key])
    yield from order


#: Page cache for a bulk import, in KiB (SQLite's default is 2 MiB). Each page that falls out
#: of the cache must be encrypted and written, then read back and decrypted with its HMAC
#: checked when the next row lands on it; the unique id, fingerprint and revision indexes get
#: random keys, so with 2 MiB nearly every insert did that. Given back when the import ends.
IMPORT_CACHE_KIB = 64 * 1024


@contextlib.contextmanager
def import_cache(vault: Vault, kib: int = IMPORT_CACHE_KIB) -> Iterator[None]:
    """A page cache of ``kib`` KiB while the block runs, the previous size after it."""
    with vault.lock:
        conn = vault.conn
        before = int(conn.execute("PRAGMA cache_size").fetchone()[0])
        conn.execute(f"PRAGMA cache_size = {-kib}")
        try:
            yield
        finally:
            with contextlib.suppress(DatabaseError):
                conn.execute(f"PRAGMA cache_size = {before}")


def import_records(
    vault: Vault,
    rows: Iterable[tuple[int, Any]],
    *,
    default_status: Status = Status.READY,
    group: bool = False,
    base: Path | None = None,
) -> ImportResult:
    """Validate and store many records in one transaction: all of them, or none.

    ``rows`` yields (line number, parsed JSON). Every bad record is collected and reported
    in one :class:`ImportRejected`; records already in the vault (same date, place, role,
    organisation and quotes) are skipped, not duplicated. A record's ``attachments`` are paths
    inside the folder ``base`` (without one, a record naming files is refused).
    """
    saved = now_iso()
    options = {
        "parse": False,
        "default_status": default_status,
        "default_organisation": organisation(vault),
        "saved": saved,
        "forms": form_set(vault),
    }
    source = _group_lines(rows) if group else rows

    def chunks() -> Iterator[tuple[list[bulk.Prepared], bulk.Problems]]:
        chunk: list[tuple[int, Any]] = []
        for entry in source:
            chunk.append(entry)
            if len(chunk) >= bulk.CHUNK:
                yield bulk.prepare_chunk(chunk, **options)  # type: ignore[arg-type]
                chunk = []
        yield bulk.prepare_chunk(chunk, **options)  # type: ignore[arg-type]

    return _store_chunks(vault, chunks(), base=base)


def import_jsonl(
    vault: Vault,
    path: Path,
    *,
    default_status: Status = Status.READY,
    group: bool = False,
    parallel: bool | None = None,
) -> ImportResult:
    """:func:`import_records` for a JSON Lines file, parsed and validated alongside the writes
    (in a worker process for large files)."""
    if group:
        return import_records(
            vault,
            read_jsonl(path),
            default_status=default_status,
            group=True,
            base=Path(path).parent,
        )
    chunks = bulk.prepared_chunks(
        path,
        default_status=default_status,
        default_organisation=organisation(vault),
        saved=now_iso(),
        parallel=parallel,
        forms=form_set(vault),
    )
    return _store_chunks(vault, chunks, base=Path(path).parent)


def form_set(vault: Vault) -> FormSet | None:
    """The vault's forms for an import (None when it holds none: nothing to load)."""
    held = forms.all_forms(vault)
    if not held:
        return None
    chosen = forms.default(vault)
    return FormSet(held, (chosen.id, chosen.version) if chosen else None)


def import_prepared(
    vault: Vault, chunks: Iterable[tuple[list[bulk.Prepared], bulk.Problems]]
) -> ImportResult:
    """Write chunks that :func:`fieldkit.vault.bulk.prepare_chunk` made, in one transaction
    (how ``benchmarks/forms.py`` times the writing half of an import alone)."""
    return _store_chunks(vault, chunks)


def _store_chunks(
    vault: Vault,
    chunks: Iterable[tuple[list[bulk.Prepared], bulk.Problems]],
    *,
    base: Path | None = None,
) -> ImportResult:
    """Write prepared chunks in one transaction; after the first problem only collect more.

    Attachments are sealed as their records are written; their files are kept only if the
    whole import commits."""
    with sealing.kept_if_committed() as sealed:
        return _store_locked(vault, chunks, base, sealed)


def _attach_lines(
    vault: Vault,
    conn: Any,
    items: Sequence[bulk.Prepared],
    base: Path | None,
    sealed: list[sealing.Sealed],
    problems: bulk.Problems,
) -> None:
    """Seal and insert the attachments the lines name; a file that cannot be names its line."""
    for item in items:
        for text in item.attachments:
            if base is None:
                problems.append((item.line, _bad_file(text, "no import file to find it from")))
                continue
            try:
                found = sealing.seal(vault, base / text, None)
            except FieldkitError as error:
                if isinstance(error, DiskFull):
                    raise
                problems.append((item.line, _bad_file(text, str(error))))
                continue
            sealed.append(found)
            attachments.insert_in(conn, item.id, found)


def _bad_file(text: str, why: str) -> FieldProblem:
    return FieldProblem("attachments", "bad_file", f"{text!r}: {why}")


def _store_locked(
    vault: Vault,
    chunks: Iterable[tuple[list[bulk.Prepared], bulk.Problems]],
    base: Path | None,
    sealed: list[sealing.Sealed],
) -> ImportResult:
    problems: bulk.Problems = []
    imported = quotes = skipped = 0
    seen: set[str] = set()
    with import_cache(vault), vault.transaction("importing") as conn:
        next_rowid = (
            int(conn.execute("SELECT coalesce(max(rowid), 0) FROM interviews").fetchone()[0]) + 1
        )
        for prepared, found in chunks:
            problems.extend(found)
            if problems:
                continue
            known = _known_fingerprints(conn, [p.fingerprint for p in prepared])
            fresh = []
            for item in prepared:
                if item.fingerprint in known or item.fingerprint in seen:
                    skipped += 1
                    continue
                seen.add(item.fingerprint)
                fresh.append(item)
            if not fresh:
                continue
            try:
                _write_prepared(conn, fresh, next_rowid)
            except IntegrityError as error:
                # The unique index on ids, not a query per chunk, finds an id already used.
                raise ImportRejected(
                    [
                        (
                            0,
                            FieldProblem(
                                "id",
                                "exists",
                                "an interview with this id is already in the vault "
                                "or twice in the file",
                            ),
                        )
                    ]
                ) from error
            _attach_lines(vault, conn, fresh, base, sealed, problems)
            next_rowid += len(fresh)
            imported += len(fresh)
            quotes += sum(len(item.quotes) for item in fresh)
        if problems:
            raise ImportRejected(problems)
    return ImportResult(imported, quotes, skipped)


def _known_fingerprints(conn: Any, prints: Sequence[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(prints), 500):
        part = prints[start : start + 500]
        known.update(
            r[0]
            for r in conn.execute(
                "SELECT fingerprint FROM interviews WHERE fingerprint IN "
                f"({','.join('?' * len(part))})",
                part,
            )
        )
    return known


def insert_new(conn: Any, batch: Sequence[Interview | bulk.Prepared], saved: str) -> None:
    """Insert interviews known to be new (revision 1) inside the caller's transaction.

    An item may be the interview's rows as ``bulk.prepare(interview, saved)`` made them
    already (with the fingerprint the caller looked up), so nothing is computed twice.
    """
    first = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM interviews").fetchone()[0])
    rows = [i if isinstance(i, bulk.Prepared) else bulk.prepare(i, saved) for i in batch]
    _write_prepared(conn, rows, first + 1)


def _write_prepared(conn: Any, batch: Sequence[bulk.Prepared], first_rowid: int) -> None:
    """Insert prepared interviews under consecutive rowids from ``first_rowid``."""
    rows: list[tuple[Any, ...]] = []
    quote_rows: list[tuple[Any, ...]] = []
    tag_rows: list[tuple[str, int]] = []
    fts_rows: list[tuple[Any, ...]] = []
    revision_rows: list[tuple[Any, ...]] = []
    updated = schema.UPDATED_AT
    for rowid, item in enumerate(batch, start=first_rowid):
        rows.append((rowid, *item.row))
        quote_rows.extend((rowid, *q) for q in item.quotes)
        tag_rows.extend((tag, rowid) for tag in item.tags)
        fts_rows.append((rowid, *item.fts))
        revision_rows.append((item.id, 1, item.row[updated], item.sha, None))
    conn.executemany(schema.INSERT_INTERVIEW, rows)
    conn.executemany(schema.INSERT_QUOTE, quote_rows)
    conn.executemany(schema.INSERT_TAG, tag_rows)
    conn.executemany(schema.INSERT_FTS, fts_rows)
    conn.executemany(schema.INSERT_REVISION, revision_rows)
