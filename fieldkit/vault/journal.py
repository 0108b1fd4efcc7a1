"""A sealed file written while it grows (blob format version 2), and its recovery after a kill.

A recording cannot wait for 64 KiB before its sound reaches the disk: :class:`Journal` seals
what it holds whenever :meth:`Journal.flush` is called (every half second of sound), as a chunk
of any length up to ``blobs.CHUNK``, after its length. The file has its final name from the
start (the recording's row, committed before any sound, names it and holds its key, so
:func:`blobs.sweep` leaves it) and is locked while written. Killed, it holds whole chunks and
perhaps a torn one: :func:`recover` keeps every chunk that authenticates, in order, cuts the
rest and appends the empty final chunk, so the file reads as a whole one (``blobs.Reader``).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
)
from nacl.exceptions import CryptoError

from fieldkit.core.errors import DiskFull, VaultError
from fieldkit.vault.blobs import CHUNK, HEAD, HEADER, LENGTH, MAGIC_V2, TAG, _nonce, write_all
from fieldkit.vault.fsutil import create_private, fsync_dir


class JournalFull(DiskFull):
    """The disk filled (or failed) while a growing file was written; what it held is kept."""


def _seal(plain: bytes, index: int, final: bool, key: bytes) -> bytes:
    prefix = len(plain).to_bytes(LENGTH, "big")
    return prefix + crypto_aead_xchacha20poly1305_ietf_encrypt(
        plain, MAGIC_V2 + prefix, _nonce(index, final), key
    )


@dataclass(frozen=True)
class Written:
    """A finished (or recovered) file: what its row records."""

    path: Path
    key: bytes
    size: int
    sha256: str
    head: bytes


class Journal:
    """Appends sealed chunks to a new file: :meth:`write` buffers (a full chunk is sealed at
    once), :meth:`flush` seals what is buffered and syncs it, :meth:`finish` seals the final
    chunk. Memory: one chunk."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self._key = key
        self._digest = hashlib.sha256()
        self._buffer = bytearray()
        self._head = b""
        self._size = 0
        self._index = 0
        try:
            self._fd = create_private(path)
        except OSError as error:
            raise _full(error) from error
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            self._put(MAGIC_V2)
            os.fsync(self._fd)
            fsync_dir(path.parent)
        except BaseException:
            self.abort()
            raise

    @property
    def size(self) -> int:
        return self._size

    def write(self, data: bytes) -> None:
        if not data:
            return
        self._size += len(data)
        self._digest.update(data)
        if len(self._head) < HEAD:
            self._head += data[: HEAD - len(self._head)]
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]

    def flush(self) -> None:
        """What is buffered sealed and on the disk (a kill or power cut after keeps it)."""
        if self._buffer:
            self._emit(bytes(self._buffer), final=False)
            self._buffer.clear()
        self._sync(data_only=True)

    def finish(self) -> Written:
        """The final chunk sealed and synced; the file stays locked until :meth:`release`."""
        self._emit(bytes(self._buffer), final=True)
        self._buffer.clear()
        self._sync(data_only=False)
        return Written(self.path, self._key, self._size, self._digest.hexdigest(), self._head)

    def _emit(self, plain: bytes, *, final: bool) -> None:
        self._put(_seal(plain, self._index, final, self._key))
        self._index += 1

    def _put(self, data: bytes) -> None:
        write_all(self._fd, data, _full)

    def _sync(self, *, data_only: bool) -> None:
        try:
            (os.fdatasync if data_only else os.fsync)(self._fd)
        except OSError as error:
            raise _full(error) from error

    def release(self) -> None:
        """Let go of the file (its row says what it is now)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        self._buffer.clear()

    def abort(self) -> None:
        """Remove the file (nothing of it was recorded anywhere)."""
        with contextlib.suppress(OSError):
            self.path.unlink()
        self.release()


def _full(error: OSError) -> VaultError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return JournalFull("the disk is full (or failed)")
    return VaultError(f"the recording could not be written ({error.strerror})")


class InUse(VaultError):
    """The file is being written by a live recording (this process or another)."""


def recover(path: Path, key: bytes) -> Written | None:
    """Turn a file a killed writer left into a whole one: every chunk that authenticates, in
    order, kept; the rest cut; the final chunk added (if it was missing). None: the file is
    gone or holds no chunk. Raises :class:`InUse` if a live writer holds it."""
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise InUse("a recording is still being made") from None
        if os.pread(fd, HEADER, 0) != MAGIC_V2:
            return None
        digest, head, size, index, end, final = hashlib.sha256(), b"", 0, 0, HEADER, False
        file_size = os.fstat(fd).st_size
        while not final and end + LENGTH + TAG <= file_size:
            length = int.from_bytes(os.pread(fd, LENGTH, end), "big")
            if length > CHUNK or end + LENGTH + length + TAG > file_size:
                break
            sealed = os.pread(fd, length + TAG, end + LENGTH)
            opened = _open(sealed, length, index, key)
            if opened is None:
                break
            plain, final = opened
            digest.update(plain)
            if len(head) < HEAD:
                head += plain[: HEAD - len(head)]
            size += len(plain)
            index += 1
            end += LENGTH + length + TAG
        if size == 0:
            return None
        if not final:
            os.ftruncate(fd, end)
            os.pwrite(fd, _seal(b"", index, True, key), end)
            os.fsync(fd)
        return Written(path, key, size, digest.hexdigest(), head)
    finally:
        os.close(fd)


def _open(sealed: bytes, length: int, index: int, key: bytes) -> tuple[bytes, bool] | None:
    aad = MAGIC_V2 + length.to_bytes(LENGTH, "big")
    for final in (False, True):
        with contextlib.suppress(CryptoError):
            return (
                crypto_aead_xchacha20poly1305_ietf_decrypt(sealed, aad, _nonce(index, final), key),
                final,
            )
    return None
