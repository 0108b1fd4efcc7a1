"""A vault's files made and unlocked, before a :class:`~fieldkit.vault.store.Vault` holds
them: the database and the key slots created together, a secret proved against the slots
(a wrong one counted towards the wipe) and the schema checked."""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path
from typing import Any

from fieldkit.core.errors import (
    KeySlotDamaged,
    VaultDamaged,
    VaultNotFound,
    WrongPassphrase,
)
from fieldkit.vault import keyslot
from fieldkit.vault.database import (
    DatabaseError,
    check_schema,
    connect,
    migrate,
    translate_db_error,
)
from fieldkit.vault.memwipe import wipe
from fieldkit.vault.settings import ORGANISATION
from fieldkit.vault.wipe import count_wrong_secret

DB_NAME = "vault.db"
SLOTS_NAME = "vault.keys"
DB_SUFFIXES = ("", "-wal", "-shm", "-journal")


def paths(path: Path) -> tuple[Path, Path]:
    """The database and the key slot file of the vault in ``path``."""
    return path / DB_NAME, path / SLOTS_NAME


def make_files(
    path: Path,
    passphrase: str,
    organisation: str,
    kdf: keyslot.KdfParams | None,
    recovery_key: str | None,
) -> tuple[Any, keyslot.KeySlots, bytearray, str]:
    """A new vault's database and key slots in ``path``: the open connection, the slots, the
    data key and the recovery key (``recovery_key``, or a new one)."""
    db_path, slots_path = paths(path)
    dek = keyslot.new_dek()
    vault_id = str(uuid.uuid4())
    recovery_key = recovery_key or keyslot.new_recovery_key()
    params = kdf or keyslot.calibrate()
    slots = keyslot.new_slots(vault_id, dek, passphrase, params, recovery_key)
    # The database first, then the slots: a crash in between leaves no openable half-vault
    # and the next ``create`` refuses, so nothing is silently replaced.
    conn = connect(db_path, dek, create=True)
    try:
        # Ciphertext, but nobody else's business: its size and times say how much is kept.
        os.chmod(db_path, 0o600)
        migrate(conn)
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
    return conn, slots, dek, recovery_key


def check_files(path: Path) -> None:
    """Refuse a folder without both of a vault's files, saying which is missing."""
    db_path, slots_path = paths(path)
    if not slots_path.exists():
        if db_path.exists():
            raise VaultDamaged(
                f"the key slot file is missing from {path}; the vault cannot be opened"
            )
        raise VaultNotFound(f"no vault in {path} (create one with 'fieldkit init')")
    if not db_path.exists():
        raise VaultDamaged(f"the database file is missing from {path}")


def unlock(
    path: Path, secret: str, kinds: tuple[str, ...], *, read_only: bool
) -> tuple[Any, keyslot.KeySlots, bytearray]:
    """The connection, key slots and data key of the vault in ``path``, opened with
    ``secret`` (a slot of one of ``kinds``); the schema is checked (and, unless
    ``read_only``, upgraded) before anything else is written."""
    db_path, slots_path = paths(path)
    slots = keyslot.KeySlots.load(slots_path)
    try:
        dek = slots.open(secret, kinds)
    except KeySlotDamaged:
        raise  # not a guess: never counted towards the wipe
    except WrongPassphrase:
        count_wrong_secret(slots_path)
        raise
    try:
        conn = connect(db_path, dek, create=False, read_only=read_only)
    except BaseException:
        wipe(dek)
        raise
    try:
        check_schema(conn, path, upgrade=not read_only)
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
    return conn, slots, dek
