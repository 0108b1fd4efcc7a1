"""Encrypted attachment files beside the database: the file format, writing, reading, sweeping
(a plaintext copy written out on purpose: :mod:`fieldkit.vault.plaincopy`).

Each file holds one attachment under its own random 256-bit key, which lives only in the
vault's database (``attachments.blob_key``): deleting that row is the crypto-erase. The bytes
are cut into chunks of :data:`CHUNK` and each is sealed with XChaCha20-Poly1305 (libsodium,
through PyNaCl); the nonce carries the chunk's index and a final flag, so a chunk cannot be
moved, dropped, repeated or the file cut short without the read failing. A key is used for one
file only, so the nonces never repeat. Chunks sit at fixed offsets: a reader can seek to any
of them (playback later) without reading what comes before.

A file is written under a temporary name in the vault's ``attachments`` folder, flushed, then
renamed to its final name (random, saying nothing of what it holds); the database row is
committed after that. The writer holds an advisory lock on the file until the row is committed,
so :func:`sweep` (at open) removes only files that no row names and nobody is still writing:
whatever a killed attach left behind, ciphertext whose key was never stored.
"""

from __future__ import annotations

import bisect
import contextlib
import errno
import fcntl
import functools
import hashlib
import io
import os
import re
import secrets
from array import array
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
)
from nacl.exceptions import CryptoError

from fieldkit.core.errors import DiskFull, VaultDamaged, VaultError
from fieldkit.vault.fsutil import create_private, fsync_dir

FOLDER = "attachments"
#: Plaintext bytes per sealed chunk.
CHUNK = 64 * 1024
#: Blocks at least this large are hashed on a thread of their own while they are sealed.
_OVERLAP = 256 * 1024
TAG = 16
MAGIC = b"FKATT\x00\x01\n"
#: Version 2 (recordings, :mod:`fieldkit.vault.journal`): chunks of any length up to CHUNK,
#: each after its plaintext length (4 bytes, big-endian, in the associated data), so that a
#: file still growing can seal what it holds every half second.
MAGIC_V2 = b"FKATT\x00\x02\n"
LENGTH = 4
HEADER = len(MAGIC)
KEY_BYTES = 32
#: How much of the start is handed back for sniffing the type.
HEAD = 8192
_NAME = re.compile(r"[0-9a-f]{32}")


class AttachmentDamaged(VaultDamaged):
    """An attachment's file is missing, altered or cut short."""


def folder_of(vault_path: Path) -> Path:
    return Path(vault_path) / FOLDER


def ensure_folder(vault_path: Path) -> Path:
    folder = folder_of(vault_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(8, "big") + (b"\x01" if final else b"\x00") + bytes(15)


def sealed_size(size: int) -> int:
    """The file size of an attachment of ``size`` bytes."""
    chunks = max(1, -(-size // CHUNK))
    return HEADER + size + chunks * TAG


def _disk_error(error: OSError) -> VaultError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DiskFull(
            "the disk is full (or failed) while adding the attachment; it was not added"
        )
    return VaultError(f"the attachment could not be written ({error.strerror}); it was not added")


def write_all(fd: int, data: bytes, failed: Callable[[OSError], Exception]) -> None:
    """All of ``data`` written (``os.write`` may take less at a time); an OSError raises
    ``failed(error)`` instead."""
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as error:
        raise failed(error) from error


@dataclass
class Pending:
    """A sealed file renamed into place, locked until its row is committed (or discarded)."""

    path: Path
    key: bytes
    sha256: str
    size: int
    head: bytes
    _fd: int

    @property
    def name(self) -> str:
        return self.path.name

    def release(self) -> None:
        """The row is committed: let go of the lock."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def discard(self) -> None:
        """The row was not committed: remove the file."""
        with contextlib.suppress(OSError):
            self.path.unlink()
        self.release()


class Sealer(io.RawIOBase):
    """A writable stream that seals what is written into a new attachment file.

    :meth:`finish` seals the last chunk, flushes and renames the file into place and returns
    it :class:`Pending`; :meth:`abort` (or any error) removes it. Memory: one chunk.
    """

    def __init__(self, vault_path: Path, limit: int, too_large: Callable[[], Exception]) -> None:
        super().__init__()
        self._folder = ensure_folder(vault_path)
        self._name = secrets.token_hex(16)
        self._tmp = self._folder / f".{self._name}.tmp"
        self._key = secrets.token_bytes(KEY_BYTES)
        self._digest = hashlib.sha256()
        self._hashing: Future[None] | None = None
        self._limit = limit
        self._too_large = too_large
        self._buffer = bytearray()
        self._size = 0
        self._index = 0
        self._head = b""
        try:
            self._fd = create_private(self._tmp)
        except OSError as error:
            raise _disk_error(error) from error
        # Held until the row is committed: sweep() leaves a file being written alone.
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._size

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(data).cast("B")
        n = len(view)
        self._size += n
        if self._size > self._limit:
            raise self._too_large()
        if len(self._head) < HEAD:
            self._head += bytes(view[: HEAD - len(self._head)])
        self._hashed()
        if n >= _OVERLAP:  # hashed on another core while this one seals (both free the GIL)
            snapshot = data if type(data) is bytes else bytes(view)
            self._hashing = _hasher().submit(self._digest.update, snapshot)
        else:
            self._digest.update(view)
        # A chunk is sealed once more bytes are known to follow it: the last one is final.
        while len(self._buffer) + len(view) > CHUNK:
            if self._buffer:
                fill = CHUNK - len(self._buffer)
                chunk = bytes(self._buffer) + bytes(view[:fill])
                self._buffer.clear()
            else:
                fill = CHUNK
                chunk = bytes(view[:CHUNK])
            view = view[fill:]
            self._emit(chunk, final=False)
        self._buffer += view
        return n

    def _hashed(self) -> None:
        """Wait for the block being hashed (its error, if any, raised here)."""
        if self._hashing is not None:
            hashing, self._hashing = self._hashing, None
            hashing.result()

    def _emit(self, plain: bytes, *, final: bool) -> None:
        if self._index == 0:
            self._put(MAGIC)
        self._put(
            crypto_aead_xchacha20poly1305_ietf_encrypt(
                plain, MAGIC, _nonce(self._index, final), self._key
            )
        )
        self._index += 1

    def _put(self, data: bytes) -> None:
        write_all(self._fd, data, _disk_error)

    def finish(self) -> Pending:
        """Seal the last chunk and put the file in place (still locked): the caller commits
        its row, then calls ``release`` (or ``discard`` if the commit failed)."""
        try:
            self._emit(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._hashed()
            os.fsync(self._fd)
            os.rename(self._tmp, self._folder / self._name)
            fsync_dir(self._folder)
        except BaseException as error:
            self.abort()
            if isinstance(error, OSError):
                raise _disk_error(error) from error
            raise
        pending = Pending(
            self._folder / self._name,
            self._key,
            self._digest.hexdigest(),
            self._size,
            self._head,
            self._fd,
        )
        self._fd = -1
        super().close()
        return pending

    def abort(self) -> None:
        """Remove what was written."""
        with contextlib.suppress(Exception):
            self._hashed()
        with contextlib.suppress(OSError):
            self._tmp.unlink()
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        self._buffer.clear()
        super().close()

    def close(self) -> None:
        if self._fd >= 0:
            self.abort()  # neither finished nor aborted: nothing is kept
        super().close()


@functools.cache
def _hasher() -> ThreadPoolExecutor:
    """The one thread that hashes what sealers are given (in the order they submit it)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="fieldkit-hash")


# A forked child has not the parent's thread: it starts one of its own when it needs it.
os.register_at_fork(after_in_child=_hasher.cache_clear)


def write(
    vault_path: Path,
    source: BinaryIO,
    limit: int,
    *,
    too_large: Callable[[], Exception],
    progress: Callable[[int], None] | None = None,
) -> Pending:
    """Seal ``source`` (read to its end, at most ``limit`` bytes) into a new file.

    Memory stays at a few chunks whatever the size. ``too_large`` makes the error raised when
    the source holds more than ``limit`` bytes; nothing is left behind then, or on any error
    (an error ``progress(bytes sealed)`` raises, a cancel, included).
    """
    sealer = Sealer(vault_path, limit, too_large)
    done = 0
    try:
        while block := source.read(1024 * 1024):
            sealer.write(block)
            done += len(block)
            if progress is not None:
                progress(done)
    except BaseException:
        sealer.abort()
        raise
    return sealer.finish()


class Reader(io.RawIOBase):
    """The plaintext of one sealed file: readable and seekable, one chunk in memory at a time.

    Every chunk is authenticated as it is read; a failure raises :class:`AttachmentDamaged`.
    Both versions are read: fixed 64 KiB chunks (version 1), or chunks each after its length
    (version 2, a recording), whose places are listed once at open and whose last chunk is
    authenticated then, so a file cut short after a whole chunk is refused at once.
    """

    def __init__(self, path: Path, key: bytes, size: int) -> None:
        super().__init__()
        self._size = size
        self._key = key
        self._chunks = max(1, -(-size // CHUNK))
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC)
        except OSError as error:
            raise AttachmentDamaged(
                "an attachment's file is missing from the vault; restore it from a backup"
            ) from error
        self._file = os.fdopen(fd, "rb", buffering=0)
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None
        self._v2: tuple[array[int], array[int]] | None = None
        try:
            magic = self._file.read(HEADER)
            if magic == MAGIC_V2:
                self._v2 = chunk_places(fd, os.fstat(fd).st_size, size)
                self._chunks = len(self._v2[0])
                self._chunk(self._chunks - 1)
            elif os.fstat(fd).st_size != sealed_size(size) or magic != MAGIC:
                raise AttachmentDamaged("an attachment's file has the wrong size: it was altered")
        except BaseException:
            self._file.close()
            raise

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._pos = base + offset
        return self._pos

    def _chunk(self, index: int) -> bytes:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        final = index == self._chunks - 1
        if self._v2 is None:
            length = (self._size - index * CHUNK if final else CHUNK) + TAG
            self._file.seek(HEADER + index * (CHUNK + TAG))
            sealed, aad = self._file.read(length), MAGIC
        else:
            offset, start = self._v2[0][index], self._v2[1][index]
            end = self._v2[1][index + 1] if index + 1 < self._chunks else self._size
            prefix = (end - start).to_bytes(LENGTH, "big")
            self._file.seek(offset + LENGTH)
            sealed, aad = self._file.read(end - start + TAG), MAGIC_V2 + prefix
        try:
            plain = crypto_aead_xchacha20poly1305_ietf_decrypt(
                sealed, aad, _nonce(index, final), self._key
            )
        except CryptoError:
            raise AttachmentDamaged(
                "an attachment's file fails authentication: it was altered or damaged"
            ) from None
        self._cached = (index, plain)
        return plain

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._pos >= self._size:
            return 0
        if self._v2 is None:
            index, start = divmod(self._pos, CHUNK)
        else:
            index = bisect.bisect_right(self._v2[1], self._pos) - 1
            start = self._pos - self._v2[1][index]
        plain = self._chunk(index)
        n = min(len(buffer), len(plain) - start)
        memoryview(buffer)[:n] = plain[start : start + n]
        self._pos += n
        return n

    def close(self) -> None:
        if not self.closed:
            self._file.close()
            self._cached = None
        super().close()


def chunk_places(fd: int, file_size: int, size: int) -> tuple[array[int], array[int]]:
    """A version 2 file's chunks: where each starts in the file and in the plaintext.

    Refused (:class:`AttachmentDamaged`) unless the lengths tile the file exactly and add up to
    ``size``; a chunk of no bytes may only be the last (so the list is at most one entry per
    byte of the plaintext, plus one).
    """
    offsets, starts = array("q"), array("q")
    offset, plain = HEADER, 0
    while offset < file_size:
        prefix = os.pread(fd, LENGTH, offset)
        length = int.from_bytes(prefix, "big") if len(prefix) == LENGTH else -1
        if not 0 <= length <= CHUNK or (length == 0 and offset + LENGTH + TAG != file_size):
            break
        offsets.append(offset)
        starts.append(plain)
        offset += LENGTH + length + TAG
        plain += length
        if plain > size:
            break
    if offset != file_size or plain != size or not offsets:
        raise AttachmentDamaged("an attachment's file has the wrong size: it was altered")
    return offsets, starts


def verify(path: Path, key: bytes, size: int, sha256: str) -> None:
    """Read the whole file: every chunk authenticates and the SHA-256 matches, or raise."""
    digest = hashlib.sha256()
    with Reader(path, key, size) as reader:
        while block := reader.read(1024 * 1024):
            digest.update(block)
    if digest.hexdigest() != sha256:
        raise AttachmentDamaged("an attachment's content does not match its SHA-256")


def erase(vault_path: Path, names: Iterable[str]) -> None:
    """Remove the files of attachments whose keys are already gone from the database.

    Without the key the ciphertext reads as random: overwriting it (which flash storage may
    not honour anyway) would add nothing but time proportional to the file.
    """
    folder = folder_of(vault_path)
    removed = False
    for name in names:
        if _NAME.fullmatch(name):
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
                removed = True
    if removed:
        fsync_dir(folder)


def remove_all(vault_path: Path) -> list[Path]:
    """Remove every sealed file and the folder, once the database holding their keys is
    beyond reach (the vault destroyed or wiped): their sizes and count need not stay."""
    folder = folder_of(vault_path)
    removed: list[Path] = []
    if not folder.is_dir() or folder.is_symlink():
        return removed
    for target in sorted(folder.iterdir()):
        with contextlib.suppress(OSError):
            target.unlink()
            removed.append(target)
    with contextlib.suppress(OSError):
        folder.rmdir()
    return removed


def sweep(vault_path: Path, is_known: Callable[[str], bool]) -> int:
    """Remove what no row names and nobody is writing (a killed attach's leftovers)."""
    folder = folder_of(vault_path)
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        name = path.name
        stem = name[1:-4] if name.startswith(".") and name.endswith(".tmp") else name
        if not _NAME.fullmatch(stem) or (stem == name and is_known(name)):
            continue
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # being written right now
        try:
            # The lock is held until commit: a row committed meanwhile is seen now.
            if stem == name and is_known(name):
                continue
            path.unlink()
            removed += 1
        finally:
            os.close(fd)
    if removed:
        fsync_dir(folder)
    return removed
