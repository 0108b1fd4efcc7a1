"""Keeping key material in buffers that can be overwritten, and overwriting them.

Python's ``bytes`` and ``str`` are immutable: once a key has been in one, the copy stays in
freed memory until the allocator happens to reuse it. So the data key lives in a
``bytearray`` that :func:`wipe` zeroes, and where a library insists on ``bytes`` or an SQL
statement must be a ``str``, the short-lived object is zeroed in place with
:func:`wipe_immutable` once it has been used. That relies on CPython's object layout (the
characters follow the object header, and ``sys.getsizeof`` counts them plus a terminating
zero); it is checked at run time and skipped where it does not hold (a non-ASCII ``str``, or
another interpreter).
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_HEX = b"0123456789abcdef"


def wipe(buffer: bytearray | memoryview) -> None:
    """Overwrite a mutable buffer with zeros."""
    view = memoryview(buffer).cast("B")
    view[:] = bytes(len(view))


def wipe_immutable(value: bytes | str) -> bool:
    """Zero the characters of a ``bytes`` or ASCII ``str`` object in place; whether it could.

    Only for objects this module's callers made themselves and drop right after: anything
    else holding the same object (an interned string, a cache key) would see it change.
    """
    # Empty and one-character objects are shared singletons in CPython: never touch them.
    if sys.implementation.name != "cpython" or len(value) < 2:
        return False
    if isinstance(value, str) and not value.isascii():
        return False
    length = len(value)
    offset = sys.getsizeof(value) - length - 1
    address = id(value) + offset
    # The terminating zero after the characters proves the layout assumed above.
    if ctypes.string_at(address + length, 1) != b"\0":
        return False
    first = ord(value[0]) if isinstance(value, str) else value[0]
    if ctypes.c_ubyte.from_address(address).value != first:
        return False
    ctypes.memset(address, 0, length)
    return True


@contextmanager
def transient_bytes(buffer: bytearray) -> Iterator[bytes]:
    """A ``bytes`` copy of ``buffer`` for an API that takes only ``bytes``, zeroed after."""
    copy = bytes(buffer)
    try:
        yield copy
    finally:
        wipe_immutable(copy)


def hex_into(data: bytearray | bytes, prefix: bytes = b"", suffix: bytes = b"") -> bytearray:
    """``prefix + hex(data) + suffix`` built in a new bytearray (no intermediate copies)."""
    out = bytearray(len(prefix) + 2 * len(data) + len(suffix))
    out[: len(prefix)] = prefix
    at = len(prefix)
    for byte in data:
        out[at] = _HEX[byte >> 4]
        out[at + 1] = _HEX[byte & 15]
        at += 2
    out[at:] = suffix
    return out


def _malloc_trim() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc's; musl and others lack it
    except (OSError, AttributeError):
        return None


_TRIM = _malloc_trim()


def give_back_freed_memory() -> bool:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``); whether
    it could. Called after a vault closes: SQLCipher frees its page cache zeroed then, but
    pages it freed earlier in the session (zeroing is off while a vault is open, for speed)
    can still hold record text. A page handed back reads as zeros if it is ever mapped
    again, so a memory dump after locking no longer finds it. What shares a page with memory
    still in use stays: this narrows what remains, it does not promise nothing does."""
    if _TRIM is None:
        return False
    _TRIM(0)
    return True
