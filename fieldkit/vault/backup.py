"""Backups that restore: a consistent copy of an open vault, and putting one back.

A backup is a folder laid out like a vault (``vault.db`` and ``vault.keys``), so it opens with
the same passphrase or recovery key. The database is copied with SQLite's online backup in one
step, inside one read transaction: a save made meanwhile (by this program or, through a
read-only snapshot, by the app holding the vault) is either wholly in the copy or not at all.
The copy is written under a temporary name, checked (page authentication, structure, the same
number of interviews, the key slots as they are), and only then renamed; a failure leaves
nothing behind. Its name is random: it says neither fieldkit, nor whose, nor when.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from fieldkit.core.errors import DiskFull, FieldkitError, VaultDamaged, VaultError, VaultExists
from fieldkit.core.record import now_iso
from fieldkit.vault import blobs, keyslot
from fieldkit.vault.database import DatabaseError, connect, translate_db_error
from fieldkit.vault.fsutil import atomic_write, fsync_dir, fsync_file, overwrite_and_unlink
from fieldkit.vault.opening import DB_NAME, SLOTS_NAME
from fieldkit.vault.settings import RESTORED, ROLE
from fieldkit.vault.store import Vault


def backup_vault(vault: Vault, out_dir: Path) -> Path:
    """Write a checked copy of the open ``vault`` into a new folder in ``out_dir``; its path."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise FieldkitError(f"no such folder: {out_dir}")
    if out_dir.resolve().is_relative_to(vault.path.resolve()):
        raise FieldkitError("a backup inside the vault's own folder would be lost with it")
    final = out_dir / secrets.token_hex(8)
    work = out_dir / f".{final.name}.tmp"
    work.mkdir(mode=0o700)
    try:
        _write_copy(vault, work)
        os.rename(work, final)
        fsync_dir(out_dir)
    except BaseException:
        _remove(work)
        raise
    return final


def _write_copy(vault: Vault, work: Path) -> None:
    dek = vault._dek
    if dek is None:
        raise VaultError("the vault is locked")
    db_path, slots_path = Vault.paths(work)
    try:
        target = connect(db_path, dek, create=True)
        try:
            os.chmod(db_path, 0o600)
            with vault.lock:
                # One read transaction around the count and the copy (pages=-1: every page in
                # one step), so both see the same state whatever is saved meanwhile.
                source = vault.conn
                source.execute("BEGIN")
                try:
                    interviews = source.execute("SELECT count(*) FROM interviews").fetchone()[0]
                    source.backup(target, pages=-1)
                finally:
                    source.execute("COMMIT")
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            problems = _problems(target)
            copied = target.execute("SELECT count(*) FROM interviews").fetchone()[0]
            sealed = [
                row[0]
                for row in target.execute(
                    "SELECT blob FROM attachments UNION ALL "
                    "SELECT stripped_blob FROM attachments WHERE stripped_blob IS NOT NULL"
                )
            ]
        finally:
            target.close()
    except DatabaseError as error:
        raise translate_db_error(error, context="writing the backup") from error
    if problems or copied != interviews:
        raise VaultDamaged(
            "the backup did not check out after writing ("
            + (problems[0] if problems else f"{copied} of {interviews} interviews")
            + "); no backup was kept"
        )
    _copy_sealed(blobs.folder_of(vault.path), blobs.folder_of(work), sealed)
    # The slots that opened this vault, without any count of wrong passphrases.
    slots = vault._slots.with_counts(failed=0)
    try:
        atomic_write(slots_path, slots.to_bytes())
    except OSError as error:
        raise _os_error(error, "writing the backup") from error
    if keyslot.KeySlots.load(slots_path) != slots:
        raise VaultDamaged("the backup's key slot file did not read back; no backup was kept")
    fsync_file(db_path)


def _copy_sealed(source: Path, target: Path, names: list[str]) -> None:
    """The sealed attachment files the copied database names (still sealed: their keys are
    in that database). A file removed meanwhile (detached) fails the backup."""
    if not names:
        return
    target.mkdir(mode=0o700)
    try:
        for name in names:
            shutil.copyfile(source / name, target / name, follow_symlinks=False)
            os.chmod(target / name, 0o600)
            fsync_file(target / name)
        fsync_dir(target)
    except FileNotFoundError as error:
        raise VaultError(
            "an attachment was removed while the backup was written; no backup was kept: try again"
        ) from error
    except OSError as error:
        raise _os_error(error, "writing the backup") from error


def restore_vault(backup: Path, target: Path, open_copy: OpenCopy) -> Path:
    """Copy the backup folder ``backup`` to ``target`` (a new vault folder) and prove it opens.

    ``open_copy`` opens the copy (with the passphrase or recovery key the caller has); it is
    checked before the copy takes ``target``'s name, so a failed restore leaves nothing there.
    """
    backup, target = Path(backup), Path(target)
    if not (backup / SLOTS_NAME).is_file() or not (backup / DB_NAME).is_file():
        raise VaultError(f"{backup} is not a fieldkit backup (no key slots and database there)")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise VaultExists(f"{target} is not empty; restore into a new folder")
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    work = parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
    work.mkdir(mode=0o700)
    try:
        for name in (DB_NAME, SLOTS_NAME):
            destination = work / name
            shutil.copyfile(backup / name, destination)
            os.chmod(destination, 0o600)
            fsync_file(destination)
        sealed = blobs.folder_of(backup)
        if sealed.is_dir():
            _copy_sealed(sealed, blobs.folder_of(work), sorted(p.name for p in sealed.iterdir()))
        with open_copy(work) as vault:
            problems = vault.integrity_problems()
            if not problems and vault.get_setting(ROLE) is None:
                # A kit: its next export starts a new epoch (HQ may hold bundles its lost
                # copy sent after this backup, under the numbers it would use next).
                vault.set_setting(RESTORED, now_iso())
        if problems:
            raise VaultDamaged(f"the backup is damaged ({problems[0]}); nothing was restored")
        if target.exists():
            target.rmdir()
        os.rename(work, target)
        fsync_dir(parent)
    except OSError as error:
        _remove(work)
        raise _os_error(error, "restoring the backup") from error
    except BaseException:
        _remove(work)
        raise
    return target


class OpenCopy:
    """How :func:`restore_vault` opens the copy: ``Vault.open`` or ``open_with_recovery``."""

    def __init__(self, secret: str, *, recovery: bool = False) -> None:
        self._secret = secret
        self._recovery = recovery

    def __call__(self, path: Path) -> Vault:
        if self._recovery:
            return Vault.open_with_recovery(path, self._secret)
        return Vault.open(path, self._secret)


def _problems(conn: Any) -> list[str]:
    found = [
        f"page authentication failed: {row[0]}"
        for row in conn.execute("PRAGMA cipher_integrity_check")
    ]
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        found.append(f"database structure: {rows[0]}")
    return found


def _os_error(error: OSError, context: str) -> VaultError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DiskFull(f"the disk is full (or failed) while {context}; no copy was kept")
    return VaultError(f"the disk could not be written while {context} ({error.strerror})")


def _remove(folder: Path) -> None:
    """Remove a half-written copy: the key slots overwritten, as ``destroy`` does."""
    if not folder.exists():
        return
    sealed = blobs.folder_of(folder)
    if sealed.is_dir() and not sealed.is_symlink():
        for path in sealed.iterdir():
            with contextlib.suppress(OSError):
                path.unlink()
        with contextlib.suppress(OSError):
            sealed.rmdir()
    for path in sorted(folder.iterdir()):
        try:
            if SLOTS_NAME in path.name:
                overwrite_and_unlink(path)
        except OSError:
            pass  # a full disk may refuse even the overwrite: removed unwritten below
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()
