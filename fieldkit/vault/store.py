"""The vault: a folder holding a key slot file and a SQLCipher database.

Opening derives the wrapping key from the passphrase, unseals the data key and opens the
database with it as a raw key. Nothing is written before a read has proved the key right, and
a database that cannot be read is reported, never replaced.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs
import sqlcipher3

from fieldkit.core.errors import (
    DiskFull,
    FieldkitError,
    KeySlotDamaged,
    SchemaTooNew,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
)
from fieldkit.core.passphrase import require_strong
from fieldkit.vault import keyslot
from fieldkit.vault.fsutil import fsync_dir, overwrite_and_unlink
from fieldkit.vault.memwipe import hex_into, wipe, wipe_immutable
from fieldkit.vault.settings import FORGET_PENDING, ORGANISATION, Setting, key_of
from fieldkit.vault.vaultlock import LOCK_NAME, Shared, VaultLock
from fieldkit.vault.wipe import count_wrong_secret, destroy_key_slots

DB_NAME = "vault.db"
SLOTS_NAME = "vault.keys"
DB_SUFFIXES = ("", "-wal", "-shm", "-journal")

DatabaseError = sqlcipher3.dbapi2.DatabaseError
IntegrityError = sqlcipher3.dbapi2.IntegrityError


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


def default_vault_dir() -> Path:
    """Where the vault lives unless ``--vault`` says otherwise (the platform's data dir)."""
    return Path(platformdirs.user_data_dir("fieldkit", appauthor=False)) / "vault"


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


@dataclass
class CheckReport:
    """What ``check`` found: empty ``problems`` means the vault is sound."""

    interviews: int = 0
    revisions: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class Vault:
    """An open vault. Use :meth:`create` or :meth:`open`; close it (or use ``with``)."""

    def __init__(
        self,
        path: Path,
        conn: Any,
        slots: keyslot.KeySlots,
        dek: bytearray,
        writer: VaultLock | None = None,
    ) -> None:
        self.path = path
        self._conn: Any = conn
        self._slots = slots
        self._dek: bytearray | None = dek
        #: The one-writer lock; None for a read-only snapshot (see :meth:`open`).
        self._writer = writer
        self.lock = threading.RLock()

    # --- creating and opening -------------------------------------------------------------

    @staticmethod
    def paths(path: Path) -> tuple[Path, Path]:
        return path / DB_NAME, path / SLOTS_NAME

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        organisation: str = "",
        kdf: keyslot.KdfParams | None = None,
        recovery_key: str | None = None,
        check_strength: bool = True,
        exclusive: bool = False,
    ) -> tuple[Vault, str]:
        """Create a vault at ``path``; returns it open, with the recovery key to show once
        (``exclusive`` as for :meth:`open`)."""
        path = Path(path)
        db_path, slots_path = cls.paths(path)
        if slots_path.exists() or any(Path(f"{db_path}{s}").exists() for s in DB_SUFFIXES):
            raise VaultExists(f"a vault already exists in {path}")
        if check_strength:
            require_strong(passphrase)
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)  # mkdir's mode does not apply to a folder that was there
        writer = VaultLock(path) if exclusive else Shared()
        try:
            vault = cls._create_locked(path, passphrase, organisation, kdf, recovery_key, writer)
        except BaseException:
            writer.release()
            raise
        return vault

    @classmethod
    def _create_locked(
        cls,
        path: Path,
        passphrase: str,
        organisation: str,
        kdf: keyslot.KdfParams | None,
        recovery_key: str | None,
        writer: VaultLock,
    ) -> tuple[Vault, str]:
        db_path, slots_path = cls.paths(path)
        dek = keyslot.new_dek()
        vault_id = str(uuid.uuid4())
        recovery_key = recovery_key or keyslot.new_recovery_key()
        params = kdf or keyslot.calibrate()
        slots = keyslot.KeySlots(
            vault_id,
            (
                keyslot.seal(vault_id, keyslot.PASSPHRASE, passphrase, dek, params),
                keyslot.seal(
                    vault_id,
                    keyslot.RECOVERY,
                    keyslot.normalise_recovery_key(recovery_key),
                    dek,
                    keyslot.RECOVERY_KDF,
                ),
            ),
        )
        # The database first, then the slots: a crash in between leaves no openable half-vault
        # and the next ``create`` refuses, so nothing is silently replaced.
        conn = cls._connect(db_path, dek, create=True)
        try:
            # Ciphertext, but nobody else's business: its size and times say how much is kept.
            os.chmod(db_path, 0o600)
            cls._migrate(conn)
            if organisation:
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, json_quote(?))",
                    (ORGANISATION.key, organisation),
                )
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException:
            conn.close()
            wipe(dek)
            for suffix in DB_SUFFIXES:
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
            raise
        slots.save(slots_path)
        return cls(path, conn, slots, dek, writer), recovery_key

    @classmethod
    def open(
        cls, path: Path, passphrase: str, *, read_only: bool = False, exclusive: bool = False
    ) -> Vault:
        """Open with the passphrase.

        ``exclusive`` (the desktop app) holds the vault's lock while it is open: a second app
        session on it gets :class:`VaultInUse`. Command-line writes take no lock; each is one
        transaction, and the app shows them when its window is next activated.
        ``read_only`` opens a snapshot reader, for a backup taken while the app has the vault
        open: nothing can be written through it.
        """
        return cls._open(Path(path), passphrase, (keyslot.PASSPHRASE,), read_only, exclusive)

    @classmethod
    def open_with_recovery(cls, path: Path, recovery_key: str, *, exclusive: bool = False) -> Vault:
        """Open with the recovery key printed at creation (``exclusive`` as for :meth:`open`)."""
        return cls._open(
            Path(path),
            keyslot.normalise_recovery_key(recovery_key),
            (keyslot.RECOVERY,),
            exclusive=exclusive,
        )

    @classmethod
    def exists(cls, path: Path) -> bool:
        db_path, slots_path = cls.paths(Path(path))
        return slots_path.exists() and db_path.exists()

    @classmethod
    def _open(
        cls,
        path: Path,
        secret: str,
        kinds: tuple[str, ...],
        read_only: bool = False,
        exclusive: bool = False,
    ) -> Vault:
        db_path, slots_path = cls.paths(path)
        if not slots_path.exists():
            if db_path.exists():
                raise VaultDamaged(
                    f"the key slot file is missing from {path}; the vault cannot be opened"
                )
            raise VaultNotFound(f"no vault in {path} (create one with 'fieldkit init')")
        if not db_path.exists():
            raise VaultDamaged(f"the database file is missing from {path}")
        # Before the slow key derivation: a second writer is told at once.
        writer = None if read_only else VaultLock(path) if exclusive else Shared()
        try:
            return cls._open_locked(path, secret, kinds, writer)
        except BaseException:
            if writer is not None:
                writer.release()
            raise

    @classmethod
    def _open_locked(
        cls, path: Path, secret: str, kinds: tuple[str, ...], writer: VaultLock | None
    ) -> Vault:
        db_path, slots_path = cls.paths(path)
        slots = keyslot.KeySlots.load(slots_path)
        try:
            dek = slots.open(secret, kinds)
        except KeySlotDamaged:
            raise  # not a guess: never counted towards the wipe
        except WrongPassphrase:
            count_wrong_secret(slots_path)
            raise
        try:
            conn = cls._connect(db_path, dek, create=False, read_only=writer is None)
        except BaseException:
            wipe(dek)
            raise
        try:
            version = cls._schema_version(conn)
            if version > SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"this vault was written by a newer fieldkit (schema {version}, this one "
                    f"knows {SCHEMA_VERSION}); update fieldkit to open it"
                )
            if version < 1:
                # ``create`` migrates before it writes the key slots, so a vault with slots
                # always has a schema: without one the database is damaged, not new.
                raise VaultDamaged(f"the vault database in {path} has no schema; it is damaged")
            if version < SCHEMA_VERSION and writer is not None:
                cls._migrate(conn)
        except DatabaseError as error:
            conn.close()
            wipe(dek)
            raise translate_db_error(error, context="opening the vault") from error
        except BaseException:
            conn.close()
            wipe(dek)
            raise
        # The key is proved: the count of wrong passphrases starts again (and a slot file
        # written before checksums gets one).
        if slots.failed or slots.checksum != "ok":
            count_wrong_secret(slots_path, reset=True)
            slots = slots.with_counts(failed=0)
        with contextlib.suppress(OSError):
            os.chmod(path, 0o700)  # a folder that existed before the vault kept its 0755
        if writer is None:
            return cls(path, conn, slots, dek, None)
        # A passphrase change killed before its rename leaves a temporary slot file that
        # holds the data key too: the vault opened, so the real slot file is good; remove it.
        for leftover in path.glob(f".{SLOTS_NAME}.*.tmp"):
            with contextlib.suppress(OSError):
                overwrite_and_unlink(leftover)
        vault = cls(path, conn, slots, dek, writer)
        # Killed after replacing text and before closing: finish forgetting the old words.
        with contextlib.suppress(FieldkitError):
            vault.forget_replaced_words()
        return vault

    @staticmethod
    def _connect(db_path: Path, dek: bytearray, *, create: bool, read_only: bool = False) -> Any:
        # mode=rw never creates a file: a missing or unreadable database is reported,
        # and nothing plaintext can ever be written in its place.
        uri = f"{db_path.resolve().as_uri()}?mode={'rwc' if create else 'rw'}"
        try:
            conn = sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        except DatabaseError as error:
            raise translate_db_error(error, context="opening the vault") from error
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            # SQLCipher then zeroes every block of memory it frees (pages, statements, the
            # parsed key), so closing leaves no plaintext page or key copy in its heap.
            conn.execute("PRAGMA cipher_memory_security = ON")
            _apply_key(conn, dek)
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

    @property
    def read_only(self) -> bool:
        """Opened as a snapshot reader, without the one-writer lock."""
        return self._writer is None

    @staticmethod
    def _schema_version(conn: Any) -> int:
        row = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchone()
        if row is None:
            return 0
        return int(conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] or 0)

    @classmethod
    def _migrate(cls, conn: Any) -> None:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        current = cls._schema_version(conn)
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

    # --- using ----------------------------------------------------------------------------

    @property
    def conn(self) -> Any:
        if self._conn is None:
            raise VaultLocked("the vault is locked")
        return self._conn

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @property
    def vault_id(self) -> str:
        return self._slots.vault_id

    @contextlib.contextmanager
    def transaction(self, context: str = "") -> Iterator[Any]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; any error rolls everything back."""
        with self.lock:
            conn = self.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except BaseException as error:
                if conn.in_transaction:
                    with contextlib.suppress(DatabaseError):
                        conn.execute("ROLLBACK")
                if isinstance(error, DatabaseError):
                    raise translate_db_error(error, context=context) from error
                raise

    def read(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Any]:
        """Run a query and fetch every row, reporting damage as :class:`VaultDamaged`."""
        with self.lock:
            try:
                return list(self.conn.execute(sql, params).fetchall())
            except DatabaseError as error:
                raise translate_db_error(error, context="reading the vault") from error

    def change_passphrase(self, new_passphrase: str, *, check_strength: bool = True) -> None:
        """Rewrap the data key under a new passphrase; the database is not touched."""
        if self._dek is None:
            raise VaultLocked("the vault is locked")
        self._require_writer()
        if check_strength:
            require_strong(new_passphrase)
        params = self._passphrase_params()
        slot = keyslot.seal(self.vault_id, keyslot.PASSPHRASE, new_passphrase, self._dek, params)
        self._save_slots(self._slots.replace(slot), "the passphrase was not changed")

    @property
    def wipe_after(self) -> int:
        """Wrong passphrases in a row after which the key slots are destroyed (0: never)."""
        return self._slots.wipe_after

    def set_wipe_after(self, count: int) -> None:
        """Destroy the key slots after ``count`` wrong passphrases in a row (0 turns it off)."""
        if self._dek is None:
            raise VaultLocked("the vault is locked")
        self._require_writer()
        if count < 0:
            raise ValueError("the count cannot be negative")
        self._save_slots(self._slots.with_counts(wipe_after=count), "the setting was not changed")

    def _require_writer(self) -> None:
        if self._writer is None:
            raise VaultError("this vault was opened read-only (a snapshot for a backup)")

    def _save_slots(self, slots: keyslot.KeySlots, unchanged: str) -> None:
        try:
            slots.save(self.paths(self.path)[1])
        except OSError as error:
            # atomic_write leaves the old slot file in place: the old passphrase still opens.
            kind = DiskFull if error.errno in (errno.ENOSPC, errno.EDQUOT) else VaultError
            raise kind(
                "the key slot file could not be written "
                f"({error.strerror or type(error).__name__}); {unchanged}"
            ) from error
        self._slots = slots

    def _passphrase_params(self) -> keyslot.KdfParams:
        for slot in self._slots.slots:
            if slot.kind == keyslot.PASSPHRASE:
                return slot.params
        return keyslot.calibrate()

    @property
    def kdf_params(self) -> keyslot.KdfParams:
        return self._passphrase_params()

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database and empty it."""
        with self.lock:
            try:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except DatabaseError as error:
                raise translate_db_error(error, context="writing the vault") from error

    def forget_replaced_words(self) -> bool:
        """Rewrite the search index if text was replaced since it was last rewritten.

        Deleting from the index (in secure-delete mode) removes at once which interview a word
        was in, but a word no interview uses any more can stay in the index's pages as a bare
        term until the index is merged. Merging costs time in proportion to the whole index
        (about half a second for 100,000 interviews), so saves only flag it and it runs here:
        on close and lock, and on the next open if the program was killed first. Returns
        whether it ran.
        """
        with self.lock:
            if self.read("SELECT 1 FROM settings WHERE key = ?", (FORGET_PENDING.key,)):
                with self.transaction("removing replaced words from the search index") as conn:
                    forget_removed_words(conn)
                self.checkpoint()
                return True
            return False

    def close(self) -> None:
        """Close the database and forget the data key (replaced words are forgotten first)."""
        with self.lock:
            if self._conn is not None:
                if self._writer is not None:
                    with contextlib.suppress(FieldkitError):
                        self.forget_replaced_words()
                    with contextlib.suppress(DatabaseError):
                        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._conn.close()
                self._conn = None
            if self._dek is not None:
                wipe(self._dek)
                self._dek = None
            if self._writer is not None:
                self._writer.release()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- settings -------------------------------------------------------------------------

    def get_setting(self, key: str | Setting, default: Any = ...) -> Any:
        """The value stored under ``key``; else ``default`` (the registry's for a Setting)."""
        if default is ...:
            default = key.default if isinstance(key, Setting) else None
        rows = self.read("SELECT value FROM settings WHERE key = ?", (key_of(key),))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, key: str | Setting, value: Any) -> None:
        with self.transaction("saving a setting") as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key_of(key), json.dumps(value, ensure_ascii=False)),
            )

    # --- integrity ------------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """SQLCipher's page authentication and SQLite's structural check, as messages."""
        problems: list[str] = []
        with self.lock:
            try:
                for (row,) in self.conn.execute("PRAGMA cipher_integrity_check"):
                    problems.append(f"page authentication failed: {row}")
                rows = self.conn.execute("PRAGMA integrity_check").fetchall()
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
                    self.conn.execute(
                        "INSERT INTO interview_fts (interview_fts) VALUES ('integrity-check')"
                    )
            except DatabaseError as error:
                found = translate_db_error(error, context="checking the vault")
                if problems and not isinstance(found, VaultDamaged):
                    # Whatever fails after pages failed authentication is that damage showing.
                    found = VaultDamaged("the damaged pages above stop the rest of the check")
                problems.append(str(found))
        return problems


def _apply_key(conn: Any, dek: bytearray) -> None:
    """``PRAGMA key = "x'<hex>'"``, with the statement's text zeroed once SQLCipher has it."""
    buffer = hex_into(dek, b"PRAGMA key = \"x'", b"'\"")
    statement = buffer.decode("ascii")
    wipe(buffer)
    try:
        # Not ``execute``: its statement cache would keep the text as a key until closing.
        conn.executescript(statement)
    finally:
        wipe_immutable(statement)


def destroy_vault(path: Path) -> list[Path]:
    """Crypto-erase: destroy the key slots first, then remove the database files.

    Once the slot file is gone nobody can recover the data key, whatever remains on disk.
    Returns the files removed.
    """
    path = Path(path)
    db_path, slots_path = Vault.paths(path)
    if not slots_path.exists() and not db_path.exists():
        raise VaultNotFound(f"no vault in {path}")
    # The keys first; only then the (large, slow) database files.
    removed = destroy_key_slots(path / SLOTS_NAME)
    for target in (Path(f"{db_path}{s}") for s in DB_SUFFIXES):
        if target.exists():
            overwrite_and_unlink(target)
            removed.append(target)
    with contextlib.suppress(FileNotFoundError):
        (path / LOCK_NAME).unlink()
    fsync_dir(path)
    with contextlib.suppress(OSError):
        path.rmdir()
    return removed
