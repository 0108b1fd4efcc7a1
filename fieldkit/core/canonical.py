"""Canonical JSON: one byte sequence per value, for hashing, signing and export.

Keys sorted, no insignificant white space, UTF-8 without escaping non-ASCII, no floats
(records never need them, and their text form is not stable across implementations).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def _reject_floats(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError("canonical JSON does not carry floats")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError("canonical JSON keys must be strings")
            _reject_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _reject_floats(item)


_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def canonical_json(value: Any, *, checked: bool = False) -> bytes:
    """Encode ``value`` as canonical JSON bytes.

    ``checked=True`` skips the walk that refuses floats, for values built by fieldkit itself
    from validated fields (it is a third of the cost of hashing a record).
    """
    if not checked:
        _reject_floats(value)
    return _ENCODER.encode(value).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()
