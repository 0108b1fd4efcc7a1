"""The SQLCipher database under a vault: connecting with the raw key, the numbered
migrations, the page and structure checks, and the driver's errors in fieldkit's words."""

from __future__ import annotations

import contextlib
import re
from importlib import resources
from pathlib import Path
from typing import Any

import sqlcipher3

from fieldkit.core.errors import DiskFull, SchemaTooNew, VaultDamaged, VaultError
from fieldkit.vault.memwipe import hex_into, wipe, wipe_immutable
from fieldkit.vault.settings import FORGET_PENDING

DatabaseError = sqlcipher3.dbapi2.DatabaseError
IntegrityError = sqlcipher3.dbapi2.IntegrityError


def _migrations() -> list[tuple[int, str]]:
    found = []
    folder = resources.files("fieldkit.vault") / "migrations"
    for entry in folder.iterdir():
        match = re.fullmatch(r"(\d{4})_[a-z0-9_]+\.sql", entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    found.sort()
    return found


MIGRATIONS = _migrations()
SCHEMA_VERSION = MIGRATIONS[-1][0]


def translate_db_error(error: Exception, *, context: str = "") -> VaultError:
    """Map a driver error to the one fieldkit error a person should see."""
    text = str(error).lower()
    where = f" while {context}" if context else ""
    if "disk is full" in text or "disk full" in text or "disk i/o error" in text:
        return DiskFull(f"the disk is full (or failed){where}; nothing was changed")
    if "not a database" in text or "malformed" in text or "hmac" in text or "corrupt" in text:
        return VaultDamaged(
            f"the vault database is damaged{where}; run 'fieldkit check' and restore from a backup"
        )
    return VaultError(f"the vault could not be used{where} ({type(error).__name__})")


def connect(db_path: Path, dek: bytearray, *, create: bool, read_only: bool = False) -> Any:
    # mode=rw never creates a file: a missing or unreadable database is reported,
    # and nothing plaintext can ever be written in its place.
    uri = f"{db_path.resolve().as_uri()}?mode={'rwc' if create else 'rw'}"
    try:
        conn = sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except DatabaseError as error:
        raise translate_db_error(error, context="opening the vault") from error
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        # Zeroing every block SQLCipher frees costs 3-4x on imports and 2-5x on searches
        # (measured); it is switched on just before closing instead (close()), when the
        # page cache and the key schedule are freed.
        conn.execute("PRAGMA cipher_memory_security = OFF")
        apply_key(conn, dek)
        # Prove the key with a read before anything can write.
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if not create and not tables:
            # An empty (e.g. truncated) file reads as an empty database: setting it up
            # would silently replace the vault with a new, empty one.
            raise VaultDamaged(
                f"the vault database {db_path.name} is empty; it is damaged or truncated"
            )
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise VaultError("the vault's disk does not support write-ahead logging")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA busy_timeout = 5000")
        if read_only:
            conn.execute("PRAGMA query_only = ON")
    except DatabaseError as error:
        conn.close()
        raise translate_db_error(error, context="opening the vault") from error
    except BaseException:
        conn.close()
        raise
    return conn


def schema_version(conn: Any) -> int:
    row = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if row is None:
        return 0
    return int(conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] or 0)


def check_schema(conn: Any, path: Path, *, upgrade: bool) -> None:
    """Refuse a vault of a newer fieldkit, or one without a schema; ``upgrade``: migrate an
    older one to this fieldkit's schema."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"this vault was written by a newer fieldkit (schema {version}, this one "
            f"knows {SCHEMA_VERSION}); update fieldkit to open it"
        )
    if version < 1:
        # ``create`` migrates before it writes the key slots, so a vault with slots
        # always has a schema: without one the database is damaged, not new.
        raise VaultDamaged(f"the vault database in {path} has no schema; it is damaged")
    if version < SCHEMA_VERSION and upgrade:
        migrate(conn)


def migrate(conn: Any) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    current = schema_version(conn)
    for version, script in MIGRATIONS:
        if version <= current:
            continue
        # One transaction per migration, with its version record inside it.
        try:
            conn.executescript(
                "BEGIN IMMEDIATE;\n" + script + "\nINSERT INTO schema_migrations "
                f"(version, applied_at) VALUES ({version}, strftime('%Y-%m-%dT%H:%M:%SZ'));"
                "\nCOMMIT;"
            )
        except BaseException:
            with contextlib.suppress(DatabaseError):
                conn.execute("ROLLBACK")
            raise


def integrity_problems(conn: Any) -> list[str]:
    """SQLCipher's page authentication and SQLite's structural check, as messages."""
    problems: list[str] = []
    try:
        for (row,) in conn.execute("PRAGMA cipher_integrity_check"):
            problems.append(f"page authentication failed: {row}")
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            # One row may hold many newline-separated findings: one line each.
            lines = [
                line
                for r in rows
                for line in str(r[0]).splitlines()
                if line.strip() and not line.startswith("*** in database")
            ]
            problems.extend(f"database structure: {line}" for line in lines[:20])
            if len(lines) > 20:
                problems.append(f"database structure: … and {len(lines) - 20} more")
        if not problems:
            # A write statement: never run it on a database already known damaged.
            conn.execute("INSERT INTO interview_fts (interview_fts) VALUES ('integrity-check')")
    except DatabaseError as error:
        found = translate_db_error(error, context="checking the vault")
        if problems and not isinstance(found, VaultDamaged):
            # Whatever fails after pages failed authentication is that damage showing.
            found = VaultDamaged("the damaged pages above stop the rest of the check")
        problems.append(str(found))
    return problems


def close(conn: Any) -> None:
    """Close ``conn`` with SQLCipher zeroing what it frees: the page cache (plaintext pages)
    and the key schedule go now, so a memory scan after locking finds neither."""
    with contextlib.suppress(DatabaseError):
        conn.execute("PRAGMA cipher_memory_security = ON")
    conn.close()


def apply_key(conn: Any, dek: bytearray) -> None:
    """``PRAGMA key = "x'<hex>'"``, with the statement's text zeroed once SQLCipher has it."""
    buffer = hex_into(dek, b"PRAGMA key = \"x'", b"'\"")
    statement = buffer.decode("ascii")
    wipe(buffer)
    try:
        # Not ``execute``: its statement cache would keep the text as a key until closing.
        conn.executescript(statement)
    finally:
        wipe_immutable(statement)


def forget_removed_words(conn: Any) -> None:
    """Rewrite the search index so the words of removed or deleted text are gone from it.

    A contentless FTS5 index only marks deleted rows (in secure-delete mode it removes their
    entries, but a word no row uses any more stays as a bare term) until its segments are
    merged. ``optimize`` merges everything now (secure delete then zeroes the freed pages),
    so nothing is left pending. It costs time proportional to the index, so it runs where text
    must go at once (purge, delete) and on close (:meth:`Vault.forget_replaced_words`), not on
    every autosave.
    """
    conn.execute("INSERT INTO interview_fts (interview_fts) VALUES ('optimize')")
    conn.execute("DELETE FROM settings WHERE key = ?", (FORGET_PENDING.key,))
