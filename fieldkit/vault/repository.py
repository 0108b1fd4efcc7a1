"""Reading and writing interviews in an open :class:`~fieldkit.vault.store.Vault`."""

from __future__ import annotations

import contextlib
import enum
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fieldkit.core.errors import (
    FieldkitError,
    FieldProblem,
    ImportRejected,
    NotFound,
    Purged,
)
from fieldkit.core.jsonl import read_jsonl
from fieldkit.core.record import (
    Consent,
    ConsentKind,
    Interview,
    Quote,
    Status,
    iso_utc,
    now_iso,
    now_utc,
    parse_utc,
)
from fieldkit.vault import bulk, review
from fieldkit.vault.store import (
    FORGET_PENDING,
    CheckReport,
    DatabaseError,
    IntegrityError,
    Vault,
    forget_removed_words,
)

_COLUMNS = (
    "rowid, id, interview_date, place, country, role, organisation, language, interviewer, "
    "consent, tags, notes, status, quote_count, created_at, updated_at, revision, sha256"
)
_SUMMARY_COLUMNS = (
    "i.id, i.interview_date, i.place, i.role, i.quote_count, i.tags, i.status, i.updated_at"
)


def organisation(vault: Vault) -> str:
    """The organisation new interviews default to (kept inside the vault)."""
    return str(vault.get_setting("organisation", "") or "")


# --- writing ----------------------------------------------------------------------------


class _Writer:
    """Insert/replace rows for one interview inside an open transaction."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def insert(self, interview: Interview, rowid: int | None, sha: str, saved: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO interviews (rowid, id, interview_date, place, country, role, "
            "organisation, language, interviewer, consent, tags, notes, status, quote_count, "
            "created_at, updated_at, revision, sha256, fingerprint) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (rowid, *self._row(interview, sha, saved)),
        )
        new_rowid = int(cur.lastrowid if rowid is None else rowid)
        self._children(new_rowid, interview)
        return new_rowid

    @staticmethod
    def _row(
        interview: Interview, sha: str, saved: str, fingerprint: str | None = None
    ) -> tuple[Any, ...]:
        return bulk.interview_row(interview, sha, saved, fingerprint)

    def _children(self, rowid: int, interview: Interview) -> None:
        self.conn.executemany(
            "INSERT INTO quotes (interview_rowid, position, text, tags) VALUES (?,?,?,?)",
            [(rowid, *q) for q in bulk.quote_rows(interview)],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO interview_tags (tag, interview_rowid) VALUES (?, ?)",
            [(tag, rowid) for tag in bulk.all_tags(interview)],
        )
        self.conn.execute(
            "INSERT INTO interview_fts (rowid, quotes, role, place, tags) VALUES (?,?,?,?,?)",
            (rowid, *bulk.fts_fields(interview)),
        )

    def replace(self, rowid: int, interview: Interview, sha: str, saved: str) -> None:
        self.conn.execute("DELETE FROM quotes WHERE interview_rowid = ?", (rowid,))
        self.conn.execute("DELETE FROM interview_tags WHERE interview_rowid = ?", (rowid,))
        self.conn.execute("DELETE FROM interview_fts WHERE rowid = ?", (rowid,))
        row = self._row(interview, sha, saved)
        self.conn.execute(
            "UPDATE interviews SET interview_date=?, place=?, country=?, role=?, "
            "organisation=?, language=?, interviewer=?, consent=?, tags=?, notes=?, status=?, "
            "quote_count=?, updated_at=?, revision=?, sha256=?, fingerprint=? WHERE rowid=?",
            (*row[1:13], row[14], *row[15:], rowid),
        )
        self._children(rowid, interview)

    def revision(
        self, interview_id: str, number: int, saved: str, sha: str, prev: str | None
    ) -> None:
        self.conn.execute(
            "INSERT INTO revisions (interview_id, number, saved_at, sha256, prev_sha256) "
            "VALUES (?,?,?,?,?)",
            (interview_id, number, saved, sha, prev),
        )


def save(vault: Vault, interview: Interview, *, now: datetime | None = None) -> Interview:
    """Store ``interview``: a new revision when its content changed, else just its status.

    Returns the interview as stored (revision number and times filled in). When the content
    changed, the write-ahead log is checkpointed and emptied afterwards: text replaced while
    anonymising must not survive in older copies of the pages there.
    """
    with vault.transaction("saving an interview") as conn:
        before = conn.execute(
            "SELECT revision FROM interviews WHERE id = ?", (interview.id,)
        ).fetchone()
        stored = save_in(conn, interview, iso_utc(now or now_utc()))
    if before is not None and before[0] != stored.revision:
        # Committed already: a checkpoint that fails (disk full) is retried on close.
        with contextlib.suppress(FieldkitError):
            vault.checkpoint()
    return stored


def save_all(
    vault: Vault, interviews: Iterable[Interview], *, context: str = "saving"
) -> list[Interview]:
    """Store several interviews in one transaction: all of them, or none."""
    saved = now_iso()
    with vault.transaction(context) as conn:
        return [save_in(conn, interview, saved) for interview in interviews]


def save_in(conn: Any, interview: Interview, saved: str) -> Interview:
    """:func:`save` inside a transaction the caller holds (``saved`` is the ISO time)."""
    sha = interview.content_hash()
    writer = _Writer(conn)
    current = conn.execute(
        "SELECT rowid, revision, sha256, created_at, status, updated_at FROM interviews "
        "WHERE id = ?",
        (interview.id,),
    ).fetchone()
    if current is None:
        stored = replace(
            interview, revision=1, created_at=parse_utc(saved), updated_at=parse_utc(saved)
        )
        writer.insert(stored, None, sha, saved)
        writer.revision(stored.id, 1, saved, sha, None)
        return stored
    rowid, revision, old_sha, created_at, old_status, updated_at = current
    if old_sha != sha and _purged(conn, interview.id):
        raise Purged(
            "this interview was confirmed by HQ and removed from this computer; it cannot be "
            "edited: record new testimony as a new interview"
        )
    if old_sha == sha:
        if old_status != interview.status.value:
            conn.execute(
                "UPDATE interviews SET status = ?, updated_at = ? WHERE rowid = ?",
                (interview.status.value, saved, rowid),
            )
        else:
            saved = updated_at
        return replace(
            interview,
            revision=revision,
            created_at=parse_utc(created_at),
            updated_at=parse_utc(saved),
        )
    stored = replace(
        interview,
        revision=revision + 1,
        created_at=parse_utc(created_at),
        updated_at=parse_utc(saved),
    )
    writer.replace(rowid, stored, sha, saved)
    writer.revision(stored.id, stored.revision, saved, sha, old_sha)
    review.prune_in(conn, stored)
    conn.execute(
        "INSERT OR IGNORE INTO settings (key, value) VALUES (?, 'true')", (FORGET_PENDING,)
    )
    return stored


def _purged(conn: Any, interview_id: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM confirmed WHERE interview_id = ? AND purged_at IS NOT NULL",
        (interview_id,),
    ).fetchone()
    return row is not None


def is_purged(vault: Vault, interview_id: str) -> bool:
    """Whether HQ confirmed this interview and its quotes and notes were removed here."""
    with vault.lock:
        return _purged(vault.conn, interview_id)


def set_status(vault: Vault, ids: Iterable[str], status: Status) -> int:
    """Set the status of several interviews at once; returns how many changed."""
    saved = now_iso()
    with vault.transaction("changing status") as conn:
        changed = 0
        for interview_id in ids:
            cur = conn.execute(
                "UPDATE interviews SET status = ?, updated_at = ? WHERE id = ? AND status != ?",
                (status.value, saved, interview_id, status.value),
            )
            changed += cur.rowcount
        return changed


def delete(vault: Vault, interview_id: str) -> None:
    """Remove an interview, its quotes, index entries and revision trail."""
    with vault.transaction("deleting an interview") as conn:
        row = conn.execute("SELECT rowid FROM interviews WHERE id = ?", (interview_id,)).fetchone()
        if row is None:
            raise NotFound("no interview with that id")
        conn.execute("DELETE FROM interview_fts WHERE rowid = ?", (row[0],))
        conn.execute("DELETE FROM interviews WHERE rowid = ?", (row[0],))
        conn.execute("DELETE FROM revisions WHERE interview_id = ?", (interview_id,))
        review.forget_in(conn, interview_id)
        forget_removed_words(conn)
    vault.checkpoint()


# --- bulk import -------------------------------------------------------------------------


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
) -> ImportResult:
    """Validate and store many records in one transaction: all of them, or none.

    ``rows`` yields (line number, parsed JSON). Every bad record is collected and reported
    in one :class:`ImportRejected`; records already in the vault (same date, place, role,
    organisation and quotes) are skipped, not duplicated.
    """
    saved = now_iso()
    options = {
        "parse": False,
        "default_status": default_status,
        "default_organisation": organisation(vault),
        "saved": saved,
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

    return _store_chunks(vault, chunks())


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
        return import_records(vault, read_jsonl(path), default_status=default_status, group=True)
    chunks = bulk.prepared_chunks(
        path,
        default_status=default_status,
        default_organisation=organisation(vault),
        saved=now_iso(),
        parallel=parallel,
    )
    return _store_chunks(vault, chunks)


def _store_chunks(
    vault: Vault, chunks: Iterable[tuple[list[bulk.Prepared], bulk.Problems]]
) -> ImportResult:
    """Write prepared chunks in one transaction; after the first problem only collect more."""
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
    for rowid, item in enumerate(batch, start=first_rowid):
        rows.append((rowid, *item.row))
        quote_rows.extend((rowid, *q) for q in item.quotes)
        tag_rows.extend((tag, rowid) for tag in item.tags)
        fts_rows.append((rowid, *item.fts))
        revision_rows.append((item.id, 1, item.row[14], item.sha, None))
    conn.executemany(
        "INSERT INTO interviews (rowid, id, interview_date, place, country, role, "
        "organisation, language, interviewer, consent, tags, notes, status, quote_count, "
        "created_at, updated_at, revision, sha256, fingerprint) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    conn.executemany(
        "INSERT INTO quotes (interview_rowid, position, text, tags) VALUES (?,?,?,?)", quote_rows
    )
    conn.executemany(
        "INSERT OR IGNORE INTO interview_tags (tag, interview_rowid) VALUES (?,?)", tag_rows
    )
    conn.executemany(
        "INSERT INTO interview_fts (rowid, quotes, role, place, tags) VALUES (?,?,?,?,?)",
        fts_rows,
    )
    conn.executemany(
        "INSERT INTO revisions (interview_id, number, saved_at, sha256, prev_sha256) "
        "VALUES (?,?,?,?,?)",
        revision_rows,
    )


# --- reading -----------------------------------------------------------------------------


def _interview_from_row(row: Sequence[Any], quote_rows: Iterable[Sequence[Any]]) -> Interview:
    consent = json.loads(row[9])
    return Interview(
        id=row[1],
        interview_date=date.fromisoformat(row[2]) if row[2] else None,
        place=row[3],
        country=row[4],
        role=row[5],
        organisation=row[6],
        language=row[7],
        interviewer=row[8],
        consent=Consent(
            ConsentKind(consent["kind"]) if consent.get("kind") else None,
            bool(consent.get("quote_anonymously")),
            bool(consent.get("share_with_partners")),
        ),
        tags=tuple(json.loads(row[10])),
        notes=row[11],
        status=Status(row[12]),
        created_at=parse_utc(row[14]),
        updated_at=parse_utc(row[15]),
        revision=int(row[16]),
        quotes=tuple(Quote(q[0], tuple(json.loads(q[1]))) for q in quote_rows),
    )


def resolve_id(vault: Vault, prefix: str) -> str:
    """The full id of the one interview whose id starts with ``prefix`` (at least 4 chars)."""
    prefix = prefix.strip().lower()
    if len(prefix) < 4 or not re.fullmatch(r"[0-9a-f-]+", prefix):
        raise NotFound("give at least the first four characters of an interview id")
    rows = vault.read(
        "SELECT id FROM interviews WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "g")
    )
    if not rows:
        raise NotFound("no interview has an id starting with " + prefix)
    if len(rows) > 1:
        raise NotFound("more than one interview has an id starting with " + prefix)
    return str(rows[0][0])


def get(vault: Vault, interview_id: str) -> Interview:
    """One interview with its quotes."""
    found = get_many(vault, [interview_id])
    if not found:
        raise NotFound("no interview with that id")
    return found[0]


def get_many(vault: Vault, ids: Sequence[str]) -> list[Interview]:
    """Several interviews with their quotes, in the order of ``ids`` (missing ones left out)."""
    out: dict[str, Interview] = {}
    for start in range(0, len(ids), 500):
        part = list(ids[start : start + 500])
        marks = ",".join("?" * len(part))
        rows = vault.read(f"SELECT {_COLUMNS} FROM interviews WHERE id IN ({marks})", tuple(part))
        rowids = [r[0] for r in rows]
        quotes: dict[int, list[Any]] = {r: [] for r in rowids}
        if rowids:
            for q in vault.read(
                "SELECT interview_rowid, text, tags FROM quotes WHERE interview_rowid IN "
                f"({','.join('?' * len(rowids))}) ORDER BY interview_rowid, position",
                tuple(rowids),
            ):
                quotes[q[0]].append(q[1:])
        for r in rows:
            out[r[1]] = _interview_from_row(r, quotes[r[0]])
    return [out[i] for i in ids if i in out]


class SortKey(enum.StrEnum):
    """Columns the interview list can be ordered by."""

    DATE = "date"
    PLACE = "place"
    ROLE = "role"
    QUOTES = "quotes"
    STATUS = "status"


_SORT_SQL = {
    SortKey.PLACE: "i.place COLLATE NOCASE",
    SortKey.ROLE: "i.role COLLATE NOCASE",
    SortKey.QUOTES: "i.quote_count",
    SortKey.STATUS: "i.status",
}


@dataclass(frozen=True)
class Query:
    """What the list shows: full-text search and filters; newest first unless ``sort`` says."""

    text: str = ""
    date_from: date | None = None
    date_to: date | None = None
    place: str = ""
    tag: str = ""
    status: Status | None = None
    limit: int | None = None
    offset: int = 0
    sort: SortKey = SortKey.DATE
    descending: bool = True


@dataclass(frozen=True)
class Summary:
    """One row of the interview list."""

    id: str
    interview_date: date | None
    place: str
    role: str
    quote_count: int
    tags: tuple[str, ...]
    status: Status
    updated_at: datetime

    @classmethod
    def of(cls, interview: Interview) -> Summary:
        """The list row for a saved interview (the same fields :func:`search` returns)."""
        assert interview.updated_at is not None
        return cls(
            id=interview.id,
            interview_date=interview.interview_date,
            place=interview.place,
            role=interview.role,
            quote_count=len(interview.quotes),
            tags=interview.tags,
            status=interview.status,
            updated_at=interview.updated_at,
        )


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_expression(text: str) -> str | None:
    """A safe FTS5 query for what a person typed: every word must occur; the last may be
    the start of a word (search as you type). None when there is no word to search."""
    words = _WORD.findall(text)
    if not words:
        return None
    terms = [f'"{w}"' for w in words]
    terms[-1] += "*"
    return " ".join(terms)


#: Every interview has exactly one row in ``interview_fts`` under its own rowid: they are
#: written and deleted together, so the index alone can count text matches.
_MATCHES = "i.rowid IN (SELECT rowid FROM interview_fts WHERE interview_fts MATCH ?)"


def _where(query: Query) -> tuple[str, list[Any]]:
    clauses, params = [], []
    expression = fts_expression(query.text)
    if expression:
        clauses.append(_MATCHES)
        params.append(expression)
    if query.date_from:
        clauses.append("i.interview_date >= ?")
        params.append(query.date_from.isoformat())
    if query.date_to:
        clauses.append("i.interview_date <= ?")
        params.append(query.date_to.isoformat())
    if query.place.strip():
        clauses.append("i.place LIKE ? ESCAPE '\\'")
        escaped = query.place.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    if query.tag.strip():
        clauses.append("i.rowid IN (SELECT interview_rowid FROM interview_tags WHERE tag = ?)")
        params.append(query.tag.strip())
    if query.status:
        clauses.append("i.status = ?")
        params.append(query.status.value)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return where, params


def _newest_first(query: Query) -> bool:
    """Whether to walk ``interviews_newest`` and test each row against the text/tag sets.

    For one page of a text or tag search this stops after the page is full, where SQLite's
    own choice (look up every match, then sort) reads and decrypts a row per match: with
    50,000 matches that is ~100 ms against ~5. Without a limit every match is read anyway,
    and place or status filters are better served by SQLite's choice, so it is left to it.
    """
    return (
        query.limit is not None
        and query.sort is SortKey.DATE
        and query.descending
        and bool(fts_expression(query.text) or query.tag.strip())
        and not query.place.strip()
        and not query.status
    )


def _order(query: Query) -> str:
    direction = "DESC" if query.descending else "ASC"
    newest = f"i.interview_date {direction}, i.created_at {direction}, i.rowid {direction}"
    if query.sort is SortKey.DATE:
        return newest
    # Ties (the same place, role …) stay newest first, whichever way the column goes.
    return (
        f"{_SORT_SQL[query.sort]} {direction}, "
        "i.interview_date DESC, i.created_at DESC, i.rowid DESC"
    )


def search(vault: Vault, query: Query = Query()) -> list[Summary]:
    """The interviews ``query`` selects, in its order (newest interview date first)."""
    where, params = _where(query)
    source = "interviews i INDEXED BY interviews_newest" if _newest_first(query) else "interviews i"
    sql = f"SELECT {_SUMMARY_COLUMNS} FROM {source}{where} ORDER BY {_order(query)}"
    if query.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [query.limit, query.offset]
    return [
        Summary(
            id=r[0],
            interview_date=date.fromisoformat(r[1]) if r[1] else None,
            place=r[2],
            role=r[3],
            quote_count=int(r[4]),
            tags=tuple(json.loads(r[5])),
            status=Status(r[6]),
            updated_at=parse_utc(r[7]),
        )
        for r in vault.read(sql, tuple(params))
    ]


def count(vault: Vault, query: Query = Query()) -> int:
    """How many interviews ``query`` selects (ignoring limit and offset)."""
    expression = fts_expression(query.text)
    if expression and replace(query, text="", limit=None, offset=0) == Query():
        # Text alone: the full-text index counts its matches without reading any row.
        sql, params = "SELECT count(*) FROM interview_fts WHERE interview_fts MATCH ?", [expression]
    else:
        where, params = _where(query)
        sql = f"SELECT count(*) FROM interviews i{where}"
    return int(vault.read(sql, tuple(params))[0][0])


def known_places(vault: Vault, limit: int = 200) -> list[str]:
    """Places already used, most recently used first (for completion)."""
    rows = vault.read(
        "SELECT place FROM interviews WHERE place != '' GROUP BY place "
        "ORDER BY max(updated_at) DESC LIMIT ?",
        (limit,),
    )
    return [r[0] for r in rows]


def known_tags(vault: Vault) -> list[str]:
    """Tags already used, most used first (for completion and the tag filter)."""
    rows = vault.read("SELECT tag FROM interview_tags GROUP BY tag ORDER BY count(*) DESC, tag")
    return [r[0] for r in rows]


def revisions(vault: Vault, interview_id: str) -> list[tuple[int, str, str, str | None]]:
    """(number, saved_at, sha256, prev_sha256) for each revision of one interview."""
    return [
        (int(r[0]), r[1], r[2], r[3])
        for r in vault.read(
            "SELECT number, saved_at, sha256, prev_sha256 FROM revisions "
            "WHERE interview_id = ? ORDER BY number",
            (interview_id,),
        )
    ]


# --- integrity ---------------------------------------------------------------------------


def check(vault: Vault) -> CheckReport:
    """SQLCipher's page check, SQLite's integrity check and every revision chain."""
    report = CheckReport(problems=vault.integrity_problems())
    if report.problems:
        return report
    chains: dict[str, list[tuple[int, str, str | None]]] = {}
    for interview_id, number, sha, prev in vault.read(
        "SELECT interview_id, number, sha256, prev_sha256 FROM revisions "
        "ORDER BY interview_id, number"
    ):
        chains.setdefault(interview_id, []).append((int(number), sha, prev))
        report.revisions += 1
    ids = [r[0] for r in vault.read("SELECT id FROM interviews")]
    report.interviews = len(ids)
    for start in range(0, len(ids), 500):
        for interview in get_many(vault, ids[start : start + 500]):
            chain = chains.pop(interview.id, [])
            report.problems.extend(_chain_problems(interview, chain))
    for orphan in chains:
        report.problems.append(f"interview {orphan[:8]}: revisions without an interview")
    return report


def _chain_problems(interview: Interview, chain: list[tuple[int, str, str | None]]) -> list[str]:
    label = f"interview {interview.id[:8]}"
    if not chain:
        return [f"{label}: no revision trail"]
    problems = []
    prev_sha = None
    for expected, (number, sha, prev) in enumerate(chain, start=1):
        if number != expected:
            problems.append(f"{label}: revision {expected} is missing")
            break
        if prev != prev_sha:
            problems.append(f"{label}: revision {number} does not follow revision {number - 1}")
        prev_sha = sha
    if chain[-1][0] != interview.revision:
        problems.append(f"{label}: the current revision is not the last in the trail")
    if interview.content_hash() != chain[-1][1]:
        problems.append(f"{label}: content does not match the hash of its last revision")
    return problems
