"""Crash-safe file writes, and opening files that anyone may have put in place."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path
from typing import BinaryIO

from fieldkit.core.errors import FieldkitError

#: How much random data :func:`overwrite_and_unlink` writes at a time.
OVERWRITE_CHUNK = 1024 * 1024


def fsync_dir(path: Path) -> None:
    """Make a rename or unlink in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush to the disk a file that another writer (SQLite, ``shutil``) wrote."""
    fsync_dir(path)  # the same call: open read-only, fsync


def create_private(path: Path, mode: int = 0o600) -> int:
    """Open a new file for writing that nobody else can read, refusing anything in its place
    (an existing file or a planted link): returns the file descriptor."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


#: What overwriting a file cannot do on flash storage: the command line and the app say it
#: (the app through its translation, checked against this).
FLASH = (
    "on SSDs, USB sticks, SD cards and phones, wear levelling can keep the old blocks "
    "readable after any overwrite; only full-disk encryption protects them"
)


def overwrite_and_unlink(path: Path) -> None:
    """Overwrite a file with random bytes, flush it to disk, then remove it.

    On flash storage the old blocks may survive the overwrite; what makes erasure certain is
    that the data key existed only inside the key slots destroyed this way.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode):
        # A link or anything else planted under a vault file's name: never write through it.
        path.unlink()
        return
    size = info.st_size
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "wb") as handle:
        # In chunks: a vault database can be far larger than the memory one may allocate.
        left = max(size, 1)
        while left > 0:
            chunk = min(left, OVERWRITE_CHUNK)
            handle.write(secrets.token_bytes(chunk))
            left -= chunk
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


class NotARegularFile(FieldkitError):
    """A path names a link, a device, a pipe, a folder or a file over the size allowed."""


def open_regular(path: Path, limit: int) -> BinaryIO:
    """Open ``path`` for reading only if it is a regular file of at most ``limit`` bytes.

    A symbolic link is refused (O_NOFOLLOW), and a named pipe neither blocks the open
    (O_NONBLOCK) nor is read; what is checked is the file opened (fstat), not the path.
    The caller still reads at most ``limit`` bytes: the file may grow while it is read.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotARegularFile("it is a symbolic link, not a file") from error
        raise NotARegularFile(f"it cannot be read ({error.strerror})") from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
            raise NotARegularFile(f"it is {kind}, not a file")
        if info.st_size > limit:
            raise NotARegularFile(f"it is larger than the {limit:,} bytes accepted")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a small file opened with :func:`open_regular`: at most ``limit + 1`` (one
    more than allowed, so a file that grew while read is told apart)."""
    with open_regular(path, limit) as handle:
        return handle.read(limit + 1)
