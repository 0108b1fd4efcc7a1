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
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from fieldkit.core.errors import (
    DiskFull,
    FieldkitError,
    VaultError,
    VaultExists,
    VaultLocked,
    VaultNotFound,
)
from fieldkit.core.passphrase import require_strong
from fieldkit.vault import blobs, keyslot, opening
from fieldkit.vault.database import (
    DatabaseError,
    forget_removed_words,
    integrity_problems,
    translate_db_error,
)
from fieldkit.vault.database import (
    close as close_connection,
)
from fieldkit.vault.fsutil import fsync_dir, overwrite_and_unlink
from fieldkit.vault.memwipe import give_back_freed_memory, wipe
from fieldkit.vault.opening import DB_SUFFIXES, SLOTS_NAME
from fieldkit.vault.settings import FORGET_PENDING, Setting, key_of
from fieldkit.vault.vaultlock import LOCK_NAME, Shared, VaultLock
from fieldkit.vault.wipe import destroy_key_slots


def default_vault_dir() -> Path:
    """Where the vault lives unless ``--vault`` says otherwise (the platform's data dir)."""
    return Path(platformdirs.user_data_dir("fieldkit", appauthor=False)) / "vault"


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
        #: Attachments made at open from recordings a kill left unfinished (to tell).
        self.recovered: list[Any] = []

    # --- creating and opening -------------------------------------------------------------

    @staticmethod
    def paths(path: Path) -> tuple[Path, Path]:
        return opening.paths(path)

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
            conn, slots, dek, key = opening.make_files(
                path, passphrase, organisation, kdf, recovery_key
            )
        except BaseException:
            writer.release()
            raise
        return cls(path, conn, slots, dek, writer), key

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
        opening.check_files(path)
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
        conn, slots, dek = opening.unlock(path, secret, kinds, read_only=writer is None)
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
        # Killed while attaching: a sealed file no row names (its key was never stored).
        with contextlib.suppress(FieldkitError, OSError):
            vault.sweep_attachments()
        # Killed while recording: what was sealed of it becomes an attachment (the encoder's
        # libraries are loaded only then).
        with contextlib.suppress(FieldkitError, OSError):
            if vault.read("SELECT 1 FROM recordings LIMIT 1"):
                from fieldkit.vault import recording  # it builds on this module

                vault.recovered = recording.recover(vault)
        return vault

    @property
    def read_only(self) -> bool:
        """Opened as a snapshot reader, without the one-writer lock."""
        return self._writer is None

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
                close_connection(self._conn)
                self._conn = None
                give_back_freed_memory()
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
            write_setting(conn, key, value)

    def sweep_attachments(self) -> int:
        """Remove attachment files no row names and nobody is writing; how many."""

        def known(name: str) -> bool:
            return bool(
                self.read(
                    "SELECT 1 FROM attachments WHERE blob = ? OR stripped_blob = ? "
                    "UNION ALL SELECT 1 FROM hq_attachments WHERE blob = ? "
                    "UNION ALL SELECT 1 FROM recordings WHERE blob = ?",
                    (name, name, name, name),
                )
            )

        return blobs.sweep(self.path, known)

    # --- integrity ------------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """SQLCipher's page authentication and SQLite's structural check, as messages."""
        with self.lock:
            return integrity_problems(self.conn)


def write_setting(conn: Any, key: str | Setting, value: Any) -> None:
    """Store ``value`` under ``key`` inside a transaction the caller holds (the row is
    overwritten in place: with secure delete on, SQLite zeroes the old value's bytes)."""
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key_of(key), json.dumps(value, ensure_ascii=False)),
    )


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
    # Sealed attachments: their keys were rows of the database whose key just went.
    removed.extend(blobs.remove_all(path))
    with contextlib.suppress(FileNotFoundError):
        (path / LOCK_NAME).unlink()
    fsync_dir(path)
    with contextlib.suppress(OSError):
        path.rmdir()
    return removed
