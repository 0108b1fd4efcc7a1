"""A plaintext copy of a sealed attachment written out of the vault or HQ's dataset, on
purpose (``attachment-save``, Save a copy): checked against its SHA-256 as it is written."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from pathlib import Path

from fieldkit.core.errors import DiskFull, VaultError
from fieldkit.vault.blobs import AttachmentDamaged, Reader
from fieldkit.vault.fsutil import create_private, fsync_dir


def write_plain(reader: Reader, sha256: str, out: Path) -> int:
    """Write what ``reader`` holds to the new file ``out`` (never over one, never through a
    link), checked against ``sha256`` as written; returns its size. A copy that fails the
    check is removed, and so is a half-written one; a full disk is :class:`DiskFull`."""
    out = Path(out)
    try:
        fd = create_private(out)
    except FileExistsError as error:
        reader.close()
        raise VaultError(f"{out} exists already; name a new file") from error
    except OSError as error:
        reader.close()
        raise VaultError(f"cannot write {out} ({error.strerror})") from error
    digest = hashlib.sha256()
    written = 0
    try:
        with reader, os.fdopen(fd, "wb") as handle:
            while block := reader.read(1024 * 1024):
                digest.update(block)
                handle.write(block)
                written += len(block)
            handle.flush()
            os.fsync(handle.fileno())
        if digest.hexdigest() != sha256:
            raise AttachmentDamaged("the attachment's content does not match its SHA-256")
        fsync_dir(out.parent)
    except BaseException as error:
        with contextlib.suppress(OSError):
            out.unlink()
        if isinstance(error, OSError):
            full = error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
            raise (DiskFull if full else VaultError)(
                f"the copy could not be written to {out} ({error.strerror}); none was kept"
            ) from error
        raise
    return written
