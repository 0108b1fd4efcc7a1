"""One writer per vault: an exclusive lock on a file in the vault folder, held while it is open.

The operating system drops the lock when the holder exits, however it exits (a crash or a
kill leaves no stale lock to clear by hand). ``flock`` on POSIX, ``msvcrt.locking`` on
Windows (written for it, not tested there). The lock file holds nothing and exists only while
the vault is open (a crash may leave it, empty and unlocked); it is not the database, because
SQLite's own locks on the database must not be disturbed.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from fieldkit.core.errors import VaultInUse

LOCK_NAME = "vault.lock"


class VaultLock:
    """An exclusive lock on ``folder``'s lock file; :meth:`release` (or exiting) frees it."""

    def __init__(self, folder: Path) -> None:
        self._path = Path(folder) / LOCK_NAME
        self._fd: int | None = None
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        while self._fd is None:
            fd = os.open(self._path, flags, 0o600)
            try:
                _lock(fd)
            except OSError:
                os.close(fd)
                raise VaultInUse(
                    f"the vault in {folder} is open in another fieldkit window or command; "
                    "close it there first"
                ) from None
            # The holder removes the file as it lets go: a lock won on a file already removed
            # guards nothing, so try again on the file now at that name.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self._path))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
            else:
                os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            if sys.platform != "win32":  # Windows cannot remove a file that is open
                with contextlib.suppress(OSError):
                    self._path.unlink()
            with contextlib.suppress(OSError):
                _unlock(self._fd)
            os.close(self._fd)
            self._fd = None


class Shared(VaultLock):
    """No lock: a command-line write beside the app (each is one SQLite transaction, which
    the app notices through ``PRAGMA data_version``); only app sessions exclude each other."""

    def __init__(self) -> None:
        self._fd = None

    def release(self) -> None:
        pass


if sys.platform == "win32":  # pragma: no cover - not run by the test suite
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
