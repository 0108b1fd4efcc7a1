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

import contextlib
import io
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

import pyrage
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.core.record import Interview
from fieldkit.exchange import agefile, manifest, sniff
from fieldkit.exchange.manifest import (
    FORMAT,
    MAX_MANIFEST,
    VERSION,
    Carried,
    canonical_object,
)
from fieldkit.exchange.manifest import (
    MAX_ENTRIES as MAX_ENTRIES,
)
from fieldkit.exchange.manifest import (
    MAX_INT as MAX_INT,
)
from fieldkit.exchange.manifest import (
    BundleRejected as BundleRejected,
)
from fieldkit.exchange.manifest import (
    Entry as Entry,
)
from fieldkit.exchange.manifest import (
    Epoch as Epoch,
)
from fieldkit.vault.fsutil import NotARegularFile, open_regular

BUNDLE_SUFFIX = ".fkbundle"
MAGIC = b"FIELDKIT-BUNDLE\x001\n"
MANIFEST_CONTEXT = b"fieldkit bundle manifest v1\x00"
#: Version 2 carries attachments after the records (fieldkit/exchange/carry.py).
MAGIC_V2 = b"FIELDKIT-BUNDLE\x002\n"
MANIFEST_CONTEXT_V2 = b"fieldkit bundle manifest v2\x00"
_MAGICS = {VERSION: MAGIC, manifest.VERSION_2: MAGIC_V2}
_CONTEXTS = {VERSION: MANIFEST_CONTEXT, manifest.VERSION_2: MANIFEST_CONTEXT_V2}
#: A record frame.
MAX_FRAME = 64 * 1024 * 1024
#: The bundle file (what is read of it, whatever it is).
MAX_BUNDLE_BYTES = 2 * 1024 * 1024 * 1024
#: The records of a bundle read whole (:meth:`BundleReader.read_all`), by their entries: HQ's
#: import holds them about three times over (bytes, parsed, rows), so ~300 MB at most.
MAX_HELD_BYTES = 96 * 1024 * 1024
_LEN = struct.Struct(">I")


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
    epoch: Epoch | None = None,
    attachments: Sequence[manifest.Carried] | None = None,
) -> bytes:
    """The canonical manifest (with ``epoch`` only for a kit restored from a backup); with
    ``attachments``, of version 2 (docs/bundle-format.md), else of version 1."""
    extra: dict[str, Any] = {} if epoch is None else {manifest.EPOCH: epoch.to_dict()}
    if attachments is not None:
        extra[manifest.ATTACHMENTS] = [a.to_dict() for a in attachments]
    return canonical_json(
        {
            **extra,
            "format": FORMAT,
            "version": VERSION if attachments is None else manifest.VERSION_2,
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


def sign_manifest(manifest: bytes, key: SigningKey, context: bytes = MANIFEST_CONTEXT) -> bytes:
    return bytes(key.sign(context + manifest).signature)


class _Plaintext(io.RawIOBase):
    """A read-only stream of the inner plaintext, produced chunk by chunk (bounded memory)."""

    def __init__(self, parts: Iterator[bytes]) -> None:
        self._parts = parts
        self._buffer = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer:
            try:
                self._buffer = memoryview(next(self._parts))
            except StopIteration:
                return 0
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]  # a view: large parts are not copied again
        return size


def stream_of(parts: Iterable[bytes]) -> io.BufferedReader:
    """A readable stream of ``parts`` one after the other, produced only as it is read."""
    return io.BufferedReader(_Plaintext(iter(parts)), 1 << 16)


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

    pyrage.encrypt_io(stream_of(parts()), out, list(recipients))


@dataclass(frozen=True)
class OpenedBundle:
    """A decrypted bundle whose structure, signature and hashes have been checked."""

    manifest: dict[str, Any]
    manifest_sha256: str
    entries: tuple[Entry, ...]
    records: tuple[dict[str, Any], ...]
    payloads: tuple[bytes, ...] = ()
    #: Version 2: the attachments the manifest lists (their bytes went to the reader's sinks).
    carried: tuple[Carried, ...] = ()

    @property
    def bundle_id(self) -> str:
        return str(self.manifest["bundle_id"])

    @property
    def kit_id(self) -> str:
        return str(self.manifest["kit_id"])

    @property
    def sequence(self) -> int:
        return int(self.manifest["sequence"])

    @property
    def epoch(self) -> Epoch | None:
        """The timeline of a kit restored from a backup; None for its first one."""
        return manifest.epoch_of(self.manifest)


class _Plain:
    """A plaintext already in memory, read like an age :class:`~agefile.Payload`."""

    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)
        self._pos = 0

    def read(self, size: int) -> bytes:
        data = bytes(self._data[self._pos : self._pos + size])
        self._pos += len(data)
        return data

    def read_exact(self, size: int) -> bytes | None:
        data = self.read(size)
        return data if len(data) == size else None


def age_error(
    error: agefile.AgeRejected, head: bytes | None = None, path: Path | None = None
) -> BundleRejected:
    """The refusal for an outer layer that did not open; with the file's first bytes (and
    name), one that says what the file is instead: empty, a card, a receipt, not age."""
    if head is not None:
        what = sniff.not_a_bundle(head, path)
        if what is not None:
            return BundleRejected(what)
    if isinstance(error, agefile.NotForThisKey):
        return BundleRejected(
            "the bundle cannot be decrypted with this HQ's key: it was made for another HQ, "
            "or it is damaged"
        )
    return BundleRejected(str(error).replace("the file", "the bundle", 1))


def decrypt(data: bytes, identity: pyrage.x25519.Identity) -> bytes:
    """Decrypt the outer layer in one shot (bounded header, every chunk authenticated)."""
    try:
        payload = agefile.open_payload(io.BytesIO(data), identity, len(data))
        return b"".join(iter(lambda: payload.read(agefile.CHUNK), b""))
    except agefile.AgeRejected as error:
        raise age_error(error, data[: agefile.MAX_HEADER]) from error


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


VerifyKeyFor = Callable[[dict[str, Any]], VerifyKey]


class BundleReader:
    """A bundle read as a stream, checked as it goes (docs/bundle-format.md, the order of checks).

    Constructing it reads the magic, the manifest frame (at most MAX_MANIFEST bytes) and the
    signature frame, picks the key with ``verify_key_for`` (given the fields :func:`manifest.peek`
    reads), verifies the signature over the raw manifest bytes, and only then parses and
    validates the manifest. :meth:`records` then yields each record's bytes in entry order,
    checked against its entry (length, SHA-256), and once the last has been yielded requires
    the end of the plaintext: for an age file, that its final chunk authenticated.

    **The contract:** a record yielded is authentic only as part of a whole bundle that has not
    been shown complete yet. Nothing may be committed before :meth:`records` is exhausted
    without raising; a truncated or extended file raises BundleRejected at its end.
    """

    #: The version this reader reads (:class:`~fieldkit.exchange.carry.CarriedReader`: 2).
    version = VERSION

    def __init__(
        self, source: Any, verify_key_for: VerifyKeyFor, *, magic: bytes | None = None
    ) -> None:
        """``magic``: the first bytes, where a caller already read them to pick the reader."""
        self._source = source
        if magic is None:
            magic = self._exact(len(MAGIC))
        if magic != _MAGICS[self.version]:
            if magic == MAGIC_V2:
                raise BundleRejected(
                    "the bundle is of version 2 (it carries attachments), which this part of "
                    "fieldkit cannot read yet"
                )
            raise BundleRejected(f"the bundle is not a fieldkit bundle of version {self.version}")
        raw = self._frame(MAX_MANIFEST, "manifest")
        signature = self._frame(64, "signature")
        key = verify_key_for(manifest.peek(raw, self.version))
        try:
            key.verify(_CONTEXTS[self.version] + raw, signature)
        except (BadSignatureError, ValueError) as error:
            raise BundleRejected("the bundle's signature does not match its kit's key") from error
        self.manifest, self.entries = manifest.check(raw, self.version)
        self.manifest_sha256 = sha256_hex(raw)

    def _exact(self, size: int) -> bytes | None:
        try:
            data: bytes | None = self._source.read_exact(size)
        except agefile.AgeRejected as error:
            raise age_error(error) from error
        return data

    def _read(self, size: int) -> bytes:
        """Up to ``size`` bytes (``b""`` at the authenticated end)."""
        try:
            data: bytes = self._source.read(size)
        except agefile.AgeRejected as error:
            raise age_error(error) from error
        return data

    def _frame(self, limit: int, what: str) -> bytes:
        head = self._exact(4)
        if head is None:
            raise BundleRejected(f"the bundle is truncated (before its {what})")
        (size,) = _LEN.unpack(head)
        if size > limit:
            raise BundleRejected(f"the bundle's {what} is over {limit:,} bytes")
        data = self._exact(size)
        if data is None:
            raise BundleRejected(f"the bundle is truncated (in its {what})")
        return data

    def records(self) -> Iterator[tuple[Entry, bytes]]:
        """Each entry with its record's bytes, then the end of the bundle checked."""
        for entry in self.entries:
            head = self._exact(4)
            if head is None:
                raise BundleRejected("the bundle does not hold the records its manifest lists")
            if _LEN.unpack(head)[0] != entry.length or entry.length > MAX_FRAME:
                raise BundleRejected("a record in the bundle does not match its manifest entry")
            payload = self._exact(entry.length)
            if payload is None:
                raise BundleRejected("the bundle is truncated (in a record)")
            if sha256_hex(payload) != entry.sha256:
                raise BundleRejected("a record in the bundle does not match its manifest entry")
            yield entry, payload
        self._after_records()

    def _after_records(self) -> None:
        """Version 1: the plaintext ends with the last record."""
        self._require_end()

    def _require_end(self) -> None:
        if self._exact(1) is not None:
            raise BundleRejected("the bundle holds more than its manifest lists")

    def _held_records(self) -> OpenedBundle:
        """The records in memory (not parsed): refused before any is read if they add up to
        more than MAX_HELD_BYTES."""
        if sum(entry.length for entry in self.entries) > MAX_HELD_BYTES:
            raise BundleRejected(
                f"the bundle's records add up to more than {MAX_HELD_BYTES >> 20} MiB, more than "
                "HQ reads at once; ask the kit to send them in several bundles"
            )
        payloads = tuple(payload for _, payload in self.records())
        return OpenedBundle(self.manifest, self.manifest_sha256, self.entries, (), payloads)

    def read_all(self, *, parse: bool = True) -> OpenedBundle:
        """The whole bundle in memory (what :func:`open_bundle` returns): refused before any
        record is read if its records add up to more than MAX_HELD_BYTES."""
        opened = self._held_records()
        return parse_records(opened) if parse else opened


def _head(handle: BinaryIO, limit: int) -> bytes | None:
    """The file's first bytes again, to say what a file that is not a bundle is."""
    try:
        handle.seek(0)
        return handle.read(min(agefile.MAX_HEADER, limit))
    except OSError:
        return None


@contextlib.contextmanager
def open_file(
    path: Path,
    identity: pyrage.x25519.Identity,
    verify_key_for: VerifyKeyFor,
    *,
    limit: int = MAX_BUNDLE_BYTES,
    reader: Callable[[Any, VerifyKeyFor], BundleReader] | None = None,
) -> Iterator[BundleReader]:
    """A bundle file opened safely (a regular file, no link, no pipe; at most ``limit`` bytes
    read) and read as a stream by ``reader`` (:class:`BundleReader`, which says what the caller
    must do, or a subclass for another version)."""
    try:
        handle = open_regular(Path(path), limit)
    except NotARegularFile as error:
        raise BundleRejected(f"the bundle cannot be opened: {error}") from error
    with handle:
        try:
            payload = agefile.open_payload(handle, identity, limit)
        except agefile.AgeRejected as error:
            raise age_error(error, _head(handle, limit), Path(path)) from error
        except OSError as error:
            raise BundleRejected(f"the bundle cannot be read ({error.strerror})") from error
        try:
            yield (reader or BundleReader)(payload, verify_key_for)
        except OSError as error:
            raise BundleRejected(f"the bundle cannot be read ({error.strerror})") from error


def read_file(
    path: Path,
    identity: pyrage.x25519.Identity,
    verify_key_for: VerifyKeyFor,
    *,
    parse: bool = True,
    limit: int = MAX_BUNDLE_BYTES,
) -> OpenedBundle:
    """A bundle file read whole through :func:`open_file`: every check done, nothing pending."""
    with open_file(path, identity, verify_key_for, limit=limit) as reader:
        return reader.read_all(parse=parse)


def open_bundle(plain: bytes, verify_key_for: VerifyKeyFor, *, parse: bool = True) -> OpenedBundle:
    """Check a decrypted bundle: frames, signature, canonical manifest, every hash and length.

    ``verify_key_for(fields)`` returns the enrolled kit's key or raises BundleRejected.
    With ``parse=False`` the records are checked against the signed manifest (hash and
    length) but not parsed: enough to recognise a replay; :func:`parse_records` does the rest.
    """
    return BundleReader(_Plain(plain), verify_key_for).read_all(parse=parse)


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
        record = canonical_object(payload, "record")
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
