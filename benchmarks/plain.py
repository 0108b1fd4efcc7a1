"""The baseline: the same schema, rows and queries in a plain (unencrypted) stdlib sqlite3 file.

The rows are built before the clock starts with fieldkit's own validation and hashing, so the
timed baseline is storage only: the same INSERTs into the same tables and the same FTS5 index,
with the same pragmas fieldkit sets, in one transaction, in chunks of the same size.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fieldkit.core.record import Interview, Status, now_utc, validate
from fieldkit.vault import bulk, importing, schema
from fieldkit.vault.database import MIGRATIONS

_CONTENTLESS_DELETE = "contentless_delete = 1,"


def supports_contentless_delete() -> bool:
    """Whether this sqlite3 build's FTS5 knows contentless_delete (SQLite 3.43+)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5 (a, content = '', contentless_delete = 1)")
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()
    return True


def schema_note() -> str:
    if supports_contentless_delete():
        return "identical schema (FTS5 contentless_delete supported)"
    return (
        f"stdlib SQLite {sqlite3.sqlite_version} lacks FTS5 contentless_delete (3.43+): "
        "baseline FTS table is contentless without it"
    )


def migration_scripts() -> list[str]:
    keep = supports_contentless_delete()
    out = []
    for _, script in MIGRATIONS:
        if not keep:
            script = script.replace(_CONTENTLESS_DELETE, "")
        if sqlite3.sqlite_version_info < (3, 44):
            # FTS5's secure-delete option (3.44+) matters for deletes; the baseline only inserts.
            script = "\n".join(
                line for line in script.splitlines() if "'secure-delete'" not in line
            )
        out.append(script)
    return out


def connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """A plain connection with the pragmas fieldkit.vault.database.connect sets (less the key)."""
    uri = f"{path.resolve().as_uri()}?mode={'rwc' if create else 'rw'}"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def create(path: Path) -> sqlite3.Connection:
    conn = connect(path, create=True)
    for script in migration_scripts():
        conn.executescript("BEGIN IMMEDIATE;\n" + script + "\nCOMMIT;")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return conn


@dataclass
class Chunk:
    """The rows of one chunk of interviews, as fieldkit's bulk import writes them."""

    interviews: list[tuple[Any, ...]] = field(default_factory=list)
    quotes: list[tuple[Any, ...]] = field(default_factory=list)
    tags: list[tuple[Any, ...]] = field(default_factory=list)
    fts: list[tuple[Any, ...]] = field(default_factory=list)
    revisions: list[tuple[Any, ...]] = field(default_factory=list)


def _iso(value: Any) -> str:
    return str(value.isoformat(timespec="seconds").replace("+00:00", "Z"))


def _rows(chunk: Chunk, rowid: int, interview: Interview, saved: str) -> None:
    item = bulk.prepare(interview, saved)
    chunk.interviews.append((rowid, *item.row))
    chunk.quotes.extend((rowid, *q) for q in item.quotes)
    chunk.tags.extend((t, rowid) for t in item.tags)
    chunk.fts.append((rowid, *item.fts))
    chunk.revisions.append((item.id, 1, saved, item.sha, None))


def build_chunks(
    records: Iterable[tuple[int, Any]], *, organisation: str = "", size: int = 2000
) -> Iterator[Chunk]:
    """Validate and hash ``records`` as fieldkit does, yielding the rows chunk by chunk."""
    now = now_utc()
    saved = _iso(now)
    chunk = Chunk()
    rowid = 1
    for _, raw in records:
        interview = validate(raw, default_status=Status.READY, default_organisation=organisation)
        _rows(chunk, rowid, replace(interview, revision=1), saved)
        rowid += 1
        if len(chunk.interviews) >= size:
            yield chunk
            chunk = Chunk()
    if chunk.interviews:
        yield chunk


def insert_chunk(conn: sqlite3.Connection, chunk: Chunk) -> None:
    conn.executemany(schema.INSERT_INTERVIEW, chunk.interviews)
    conn.executemany(schema.INSERT_QUOTE, chunk.quotes)
    conn.executemany(schema.INSERT_TAG, chunk.tags)
    conn.executemany(schema.INSERT_FTS, chunk.fts)
    conn.executemany(schema.INSERT_REVISION, chunk.revisions)


def import_cache_kib() -> int | None:
    """The page cache fieldkit's import asks for, if it sets one (the baseline does the same)."""
    value = getattr(importing, "IMPORT_CACHE_KIB", None)
    return int(value) if value else None


def import_chunks(
    conn: sqlite3.Connection, chunks: Iterable[Chunk], *, cache_kib: int | None = None
) -> int:
    """Insert every chunk in one ``BEGIN IMMEDIATE`` … ``COMMIT``; returns the interviews.

    ``cache_kib`` sets the page cache for the import, as fieldkit's import does.
    """
    done = 0
    old_cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    if cache_kib:
        conn.execute(f"PRAGMA cache_size = {-int(cache_kib)}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for chunk in chunks:
            insert_chunk(conn, chunk)
            done += len(chunk.interviews)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute(f"PRAGMA cache_size = {int(old_cache)}")
    return done


class PlainVault:
    """Just enough of :class:`~fieldkit.vault.store.Vault` for ``search.search``/``count``
    to run their own SQL on the plain database."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def read(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Any]:
        return list(self.conn.execute(sql, params).fetchall())

    def close(self) -> None:
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()
