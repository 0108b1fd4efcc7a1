"""The bundle format (version 1): sign inside, encrypt outside. Specified in docs/bundle-format.md.

Inner plaintext::

    MAGIC                       b"FIELDKIT-BUNDLE\\x001\\n" (18 bytes)
    frame(manifest)             canonical JSON
    frame(signature)            Ed25519 over MANIFEST_CONTEXT + manifest (64 bytes)
    frame(record) * n           canonical JSON, in the manifest's entry order

``frame(x)`` is a 4-byte big-endian length followed by x. The whole is encrypted with age to
HQ's X25519 recipient (and any escrow recipients), so the standard ``age`` tool decrypts it.
"""

from __future__ import annotations

import io
import json
import re
import struct
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pyrage
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import Interview

BUNDLE_SUFFIX = ".fkbundle"
MAGIC = b"FIELDKIT-BUNDLE\x001\n"
FORMAT = "fieldkit-bundle"
VERSION = 1
MANIFEST_CONTEXT = b"fieldkit bundle manifest v1\x00"
MAX_FRAME = 64 * 1024 * 1024
MAX_MANIFEST = 256 * 1024 * 1024
_LEN = struct.Struct(">I")


class BundleRejected(FieldkitError):
    """A bundle failed a check; nothing from it was imported."""


@dataclass(frozen=True)
class Entry:
    id: str
    revision: int
    sha256: str
    length: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "revision": self.revision,
            "sha256": self.sha256,
            "length": self.length,
        }


def frame(data: bytes) -> bytes:
    return _LEN.pack(len(data)) + data


def manifest_bytes(
    *,
    bundle_id: str,
    kit_id: str,
    kit_fingerprint: str,
    kit_signing_key: str,
    sequence: int,
    prev_manifest_sha256: str | None,
    hq_id: str,
    hq_fingerprint: str,
    created_at: str,
    entries: Sequence[Entry],
) -> bytes:
    """The canonical manifest."""
    return canonical_json(
        {
            "format": FORMAT,
            "version": VERSION,
            "bundle_id": bundle_id,
            "kit_id": kit_id,
            "kit_fingerprint": kit_fingerprint,
            "kit_signing_key": kit_signing_key,
            "sequence": sequence,
            "prev_manifest_sha256": prev_manifest_sha256,
            "hq_id": hq_id,
            "hq_fingerprint": hq_fingerprint,
            "created_at": created_at,
            "entries": [e.to_dict() for e in entries],
        }
    )


def sign_manifest(manifest: bytes, key: SigningKey) -> bytes:
    return bytes(key.sign(MANIFEST_CONTEXT + manifest).signature)


class _Plaintext(io.RawIOBase):
    """A read-only stream of the inner plaintext, produced chunk by chunk (bounded memory)."""

    def __init__(self, parts: Iterator[bytes]) -> None:
        self._parts = parts
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer:
            try:
                self._buffer = next(self._parts)
            except StopIteration:
                return 0
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def write_encrypted(
    out: io.BufferedIOBase,
    manifest: bytes,
    signature: bytes,
    payloads: Iterable[bytes],
    recipients: Sequence[pyrage.x25519.Recipient],
) -> None:
    """Encrypt MAGIC, manifest, signature and payload frames to ``recipients`` into ``out``."""

    def parts() -> Iterator[bytes]:
        yield MAGIC + frame(manifest) + frame(signature)
        for payload in payloads:
            yield frame(payload)

    pyrage.encrypt_io(io.BufferedReader(_Plaintext(parts()), 1 << 16), out, list(recipients))


@dataclass(frozen=True)
class OpenedBundle:
    """A decrypted bundle whose structure, signature and hashes have been checked."""

    manifest: dict[str, Any]
    manifest_sha256: str
    entries: tuple[Entry, ...]
    records: tuple[dict[str, Any], ...]
    payloads: tuple[bytes, ...] = ()

    @property
    def bundle_id(self) -> str:
        return str(self.manifest["bundle_id"])

    @property
    def kit_id(self) -> str:
        return str(self.manifest["kit_id"])

    @property
    def sequence(self) -> int:
        return int(self.manifest["sequence"])


def decrypt(data: bytes, identity: pyrage.x25519.Identity) -> bytes:
    """Decrypt the outer layer in one shot: nothing is released before it all authenticates."""
    try:
        return bytes(pyrage.decrypt(data, [identity]))
    except (pyrage.DecryptError, ValueError, TypeError) as error:
        raise BundleRejected(
            "the bundle cannot be decrypted with this HQ's key: it was made for another HQ, "
            "or it is damaged"
        ) from error


def split_frames(plain: bytes, magic: bytes = MAGIC) -> list[bytes]:
    """The frames after ``magic``; the first may be up to MAX_MANIFEST, the rest MAX_FRAME."""
    if not plain.startswith(magic):
        raise BundleRejected("the bundle is not a fieldkit bundle of version 1")
    frames: list[bytes] = []
    pos = len(magic)
    while pos < len(plain):
        if pos + 4 > len(plain):
            raise BundleRejected("the bundle is truncated")
        (size,) = _LEN.unpack_from(plain, pos)
        pos += 4
        limit = MAX_MANIFEST if not frames else MAX_FRAME
        if size > limit or pos + size > len(plain):
            raise BundleRejected("the bundle is truncated or has an oversized part")
        frames.append(plain[pos : pos + size])
        pos += size
    if len(frames) < 2:
        raise BundleRejected("the bundle has no manifest or signature")
    return frames


class _NotAnInteger(Exception):
    """A number with a fraction or exponent, or NaN / Infinity: canonical JSON has none."""


def _refuse_number(text: str) -> Any:
    raise _NotAnInteger(text[:20])


#: The parser refuses floats as it meets them, so a parsed value holds only objects (with
#: string keys), arrays, strings, integers, booleans and null: what canonical JSON encodes
#: without the walk ``canonical_json`` otherwise makes to refuse floats.
_DECODER = json.JSONDecoder(parse_float=_refuse_number, parse_constant=_refuse_number)


def _canonical_object(data: bytes, what: str) -> dict[str, Any]:
    # ValueError covers bad UTF-8, bad JSON and integers too long to convert; RecursionError
    # deeply nested arrays: a hostile frame must be refused, not crash the reader.
    try:
        value = _DECODER.decode(data.decode("utf-8"))
    except _NotAnInteger as error:
        raise BundleRejected(f"the bundle's {what} has values of the wrong type") from error
    except (ValueError, RecursionError) as error:
        raise BundleRejected(f"the bundle's {what} is not valid JSON") from error
    if not isinstance(value, dict):
        raise BundleRejected(f"the bundle's {what} is not a JSON object")
    try:
        if canonical_json(value, checked=True) != data:
            raise BundleRejected(f"the bundle's {what} is not in canonical form")
    except (TypeError, ValueError, RecursionError) as error:  # lone surrogates
        raise BundleRejected(f"the bundle's {what} has values of the wrong type") from error
    return value


#: Sequence numbers, revisions and lengths are stored as SQLite integers (signed 64 bits).
MAX_INT = 2**63 - 1
_ENTRY_FIELDS = {"id", "revision", "sha256", "length"}
_FINGERPRINT = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){4}")


def _is_int(value: Any, low: int) -> bool:
    return type(value) is int and low <= value <= MAX_INT


def _entries(manifest: dict[str, Any]) -> tuple[Entry, ...]:
    entries = []
    for e in manifest["entries"]:
        if (
            not isinstance(e, dict)
            or set(e) != _ENTRY_FIELDS
            or not isinstance(e["id"], str)
            or not isinstance(e["sha256"], str)
            or not _is_int(e["revision"], 1)
            or not _is_int(e["length"], 0)
        ):
            raise BundleRejected("the bundle's manifest has malformed entries")
        entries.append(Entry(e["id"], e["revision"], e["sha256"], e["length"]))
    if len({e.id for e in entries}) != len(entries):
        raise BundleRejected("the bundle lists the same interview twice")
    return tuple(entries)


def _check_values(manifest: dict[str, Any]) -> None:
    """What the types alone do not say: ids, numbers and fingerprints as version 1 writes them.

    The bundle id names the receipt file and the fingerprints are shown to people before any
    signature is checked, so neither may be arbitrary text.
    """
    try:
        canonical_id = str(uuid.UUID(manifest["bundle_id"]))
    except ValueError:
        canonical_id = ""
    if canonical_id != manifest["bundle_id"]:
        raise BundleRejected("the bundle's manifest has an invalid bundle id")
    if not _is_int(manifest["sequence"], 1):
        raise BundleRejected("the bundle's manifest has an invalid sequence number")
    for name in ("kit_fingerprint", "hq_fingerprint"):
        if not _FINGERPRINT.fullmatch(manifest[name]):
            raise BundleRejected("the bundle's manifest has a malformed fingerprint")


_MANIFEST_TYPES: dict[str, Any] = {
    "format": str,
    "version": int,
    "bundle_id": str,
    "kit_id": str,
    "kit_fingerprint": str,
    "kit_signing_key": str,
    "sequence": int,
    "prev_manifest_sha256": (str, type(None)),
    "hq_id": str,
    "hq_fingerprint": str,
    "created_at": str,
    "entries": list,
}


def open_bundle(
    plain: bytes, verify_key_for: Callable[[dict[str, Any]], VerifyKey], *, parse: bool = True
) -> OpenedBundle:
    """Check a decrypted bundle: frames, canonical manifest, signature, every hash and length.

    ``verify_key_for(manifest)`` returns the enrolled kit's key or raises BundleRejected.
    With ``parse=False`` the records are checked against the signed manifest (hash and
    length) but not parsed: enough to recognise a replay; :func:`parse_records` does the rest.
    """
    frames = split_frames(plain)
    manifest_raw, signature, payloads = frames[0], frames[1], frames[2:]
    manifest = _canonical_object(manifest_raw, "manifest")
    if set(manifest) != set(_MANIFEST_TYPES) or not all(
        isinstance(manifest[k], t) and not isinstance(manifest[k], bool)
        for k, t in _MANIFEST_TYPES.items()
    ):
        raise BundleRejected("the bundle's manifest does not have the fields of version 1")
    if manifest["format"] != FORMAT or manifest["version"] != VERSION:
        raise BundleRejected("the bundle is not a fieldkit bundle of version 1")
    _check_values(manifest)
    key = verify_key_for(manifest)
    try:
        key.verify(MANIFEST_CONTEXT + manifest_raw, signature)
    except (BadSignatureError, ValueError) as error:
        raise BundleRejected("the bundle's signature does not match its kit's key") from error
    entries = _entries(manifest)
    if len(entries) != len(payloads):
        raise BundleRejected("the bundle does not hold the records its manifest lists")
    for entry, payload in zip(entries, payloads, strict=True):
        if len(payload) != entry.length or sha256_hex(payload) != entry.sha256:
            raise BundleRejected("a record in the bundle does not match its manifest entry")
    opened = OpenedBundle(manifest, sha256_hex(manifest_raw), entries, (), tuple(payloads))
    return parse_records(opened) if parse else opened


def parse_records(opened: OpenedBundle) -> OpenedBundle:
    """The bundle with its records parsed: canonical JSON naming its entry's id and revision."""
    records = parse_payloads([(e.id, e.revision) for e in opened.entries], opened.payloads)
    return replace(opened, records=tuple(records))


def parse_payloads(
    entries: Sequence[tuple[str, int]], payloads: Sequence[bytes]
) -> list[dict[str, Any]]:
    """Each payload parsed: canonical JSON naming its entry's (id, revision).

    The payloads must have been checked against the signed manifest (:func:`open_bundle`);
    this takes plain pairs so that a worker process can be handed a bundle's records.
    """
    if len(entries) != len(payloads):
        raise BundleRejected("the bundle does not hold the records its manifest lists")
    records = []
    for (entry_id, revision), payload in zip(entries, payloads, strict=True):
        record = _canonical_object(payload, "record")
        if record.get("id") != entry_id or record.get("revision") != revision:
            raise BundleRejected("a record in the bundle does not match its manifest entry")
        records.append(record)
    return records


def payload_of(interview: Interview) -> bytes:
    """The record as it travels to HQ: its content and revision, without the private notes.

    Status is left out: it is this kit's workflow (sent, received), not content.
    """
    data = interview.shared_dict()
    data["revision"] = interview.revision
    return canonical_json(data, checked=True)
