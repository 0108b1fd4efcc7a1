"""Bundles of version 2: the attachments a bundle carries, after its records, as a stream.

Inner plaintext (docs/bundle-format.md, "Version 2")::

    MAGIC_V2                    b"FIELDKIT-BUNDLE\\x002\\n" (18 bytes)
    frame(manifest)             canonical JSON, version 2, with ``attachments``
    frame(signature)            Ed25519 over MANIFEST_CONTEXT_V2 + manifest (64 bytes)
    frame(record) * n           as in version 1
    bytes * m                   each listed attachment's ``size`` bytes, in the listed order

The attachments' sizes and SHA-256 are in the signed manifest, so their bytes need no frame:
the reader takes exactly ``size`` bytes of each, hashing as it goes, and never holds more than
one 64 KiB piece of one. Every cap (count, each size, the total) is checked from the manifest
before a byte of them is read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import pyrage
from nacl.signing import SigningKey

from fieldkit.core.errors import FieldkitError
from fieldkit.exchange import agefile, bundle
from fieldkit.exchange.bundle import (
    MAGIC_V2,
    MANIFEST_CONTEXT_V2,
    MAX_BUNDLE_BYTES,
    BundleReader,
    BundleRejected,
    VerifyKeyFor,
    frame,
    stream_of,
)
from fieldkit.exchange.manifest import (
    MAX_CARRIED_BYTES,
    VERSION_2,
    Carried,
    carried_of,
)

#: The pieces attachments are read in from a bundle, and from their source when writing one.
PIECE = agefile.CHUNK
SOURCE_READ = 1024 * 1024
#: A bundle file of version 2: its records as in version 1, plus its attachments.
MAX_BUNDLE_BYTES_V2 = MAX_BUNDLE_BYTES + MAX_CARRIED_BYTES


class AttachmentChanged(FieldkitError):
    """An attachment's bytes were not what its manifest entry says while a bundle was written."""


class Sink(Protocol):
    """Where one attachment's bytes go as they are read; its ``done()``, if it has one, is
    called once they all checked."""

    def write(self, data: bytes, /) -> Any: ...


class Sinks(Protocol):
    """Where a bundle's attachments go: told the manifest and what it lists once the records
    are read (it may still refuse the bundle then), then asked for a sink for each."""

    def start(self, manifest: dict[str, Any], carried: Sequence[Carried]) -> None: ...

    def open(self, carried: Carried) -> Sink: ...


class Discard:
    """A sink for bytes already held (a replay, an attachment HQ has): only checked."""

    def write(self, data: bytes, /) -> int:
        return len(data)

    def done(self) -> None:
        return None


# --- writing --------------------------------------------------------------------------------


def _pieces(
    carried: Carried, open_source: Callable[[], BinaryIO], hashed: bool = True
) -> Iterator[bytes]:
    """The attachment's bytes in pieces, checked against its entry (size, and SHA-256 unless
    not ``hashed``) as read."""
    digest, left = hashlib.sha256(), carried.size
    with open_source() as source:
        while True:
            data = source.read(SOURCE_READ)
            if not data:
                break
            if len(data) > left:
                raise AttachmentChanged("an attachment is larger than when it was listed")
            if hashed:
                digest.update(data)
            left -= len(data)
            yield data
    if left or (hashed and digest.hexdigest() != carried.sha256):
        raise AttachmentChanged("an attachment's bytes are not those it was listed with")


def write_encrypted(
    out: io.BufferedIOBase,
    manifest: bytes,
    signature: bytes,
    payloads: Iterable[bytes],
    attachments: Sequence[tuple[Carried, Callable[[], BinaryIO]]],
    recipients: Sequence[pyrage.x25519.Recipient],
    *,
    authenticated: bool = False,
) -> None:
    """Encrypt a bundle of version 2 into ``out``: MAGIC_V2, manifest, signature, record
    frames, then each attachment's bytes, opened with its callable only when its turn comes
    and streamed (bounded memory); raises AttachmentChanged if one is not what it was listed
    as (the caller discards ``out``). ``authenticated``: the sources authenticate what they
    hand out themselves (sealed files, whose SHA-256 was taken as they were sealed), so only
    their sizes are checked; hashing them again would cost a fifth of the export."""

    failed: list[FieldkitError] = []

    def parts() -> Iterator[bytes]:
        yield MAGIC_V2 + frame(manifest) + frame(signature)
        for payload in payloads:
            yield frame(payload)
        try:
            for carried, open_source in attachments:
                yield from _pieces(carried, open_source, not authenticated)
        except FieldkitError as error:  # pyrage would hand it back as its own EncryptError
            failed.append(error)
            raise

    try:
        pyrage.encrypt_io(stream_of(parts()), out, list(recipients))
    except pyrage.EncryptError:
        if failed:
            raise failed[0] from None
        raise


# --- reading --------------------------------------------------------------------------------


class CarriedReader(BundleReader):
    """A bundle of version 2 read as a stream: :meth:`records` as in version 1, then
    :meth:`attachments` streams each listed attachment's bytes into a sink and checks the end.

    **The contract** is version 1's, extended: nothing may be committed (records or
    attachments) before :meth:`attachments` has returned without raising.
    """

    version = VERSION_2

    def __init__(
        self, source: Any, verify_key_for: VerifyKeyFor, *, magic: bytes | None = None
    ) -> None:
        super().__init__(source, verify_key_for, magic=magic)
        self.carried = carried_of(self.manifest, {e.id for e in self.entries})
        self._records_read = False

    def _after_records(self) -> None:
        self._records_read = True  # the attachments follow

    def read_all(self, *, parse: bool = True, sinks: Sinks | None = None) -> bundle.OpenedBundle:
        """The records in memory as in version 1 (bounded alike), then each attachment's
        bytes streamed to ``sinks``: the whole bundle checked when it returns."""
        if sinks is None:
            raise TypeError("a bundle of version 2 needs somewhere to put its attachments")
        opened = self._held_records()
        sinks.start(self.manifest, self.carried)
        self.attachments(sinks.open)
        opened = dataclasses.replace(opened, carried=self.carried)
        return bundle.parse_records(opened) if parse else opened

    def attachments(self, open_sink: Callable[[Carried], Sink]) -> None:
        """Each listed attachment's bytes written to ``open_sink(carried)`` in pieces, its
        size and SHA-256 checked once its last piece is written, then the end of the bundle
        checked. A sink may have received bytes of a refused bundle: the caller discards it."""
        if not self._records_read:
            raise BundleRejected("the bundle's records must be read before its attachments")
        for carried in self.carried:
            sink = open_sink(carried)
            digest, left = hashlib.sha256(), carried.size
            while left:
                data = self._read(min(PIECE, left))
                if not data:
                    raise BundleRejected("the bundle is truncated (in an attachment)")
                digest.update(data)
                sink.write(data)
                left -= len(data)
            if digest.hexdigest() != carried.sha256:
                raise BundleRejected(
                    "an attachment in the bundle does not match its manifest entry"
                )
            finished = getattr(sink, "done", None)
            if finished is not None:
                finished()
        self._require_end()


def _reader_for(source: Any, verify_key_for: VerifyKeyFor) -> BundleReader:
    """The reader of the bundle's version, picked by its first bytes."""
    try:
        magic = source.read_exact(len(MAGIC_V2))
    except agefile.AgeRejected as error:
        raise bundle.age_error(error) from error
    if magic == MAGIC_V2:
        return CarriedReader(source, verify_key_for, magic=magic)
    return BundleReader(source, verify_key_for, magic=magic)


def read_file(
    path: Path,
    identity: pyrage.x25519.Identity,
    verify_key_for: VerifyKeyFor,
    sinks: Sinks,
    *,
    parse: bool = True,
    limit: int = MAX_BUNDLE_BYTES_V2,
) -> bundle.OpenedBundle:
    """A bundle file of either version read through, every check done: its records in
    memory, and (version 2) each attachment streamed to ``sinks``. Nothing given to a sink
    may be kept unless this returns."""
    with bundle.open_file(path, identity, verify_key_for, limit=limit, reader=_reader_for) as r:
        if isinstance(r, CarriedReader):
            return r.read_all(parse=parse, sinks=sinks)
        return r.read_all(parse=parse)


@contextlib.contextmanager
def open_file(
    path: Path,
    identity: pyrage.x25519.Identity,
    verify_key_for: VerifyKeyFor,
    *,
    limit: int = MAX_BUNDLE_BYTES_V2,
) -> Iterator[CarriedReader]:
    """A bundle file of version 2 opened safely (a regular file, at most ``limit`` bytes read)
    and read as a stream: see :class:`CarriedReader` for what the caller must do."""
    with bundle.open_file(path, identity, verify_key_for, limit=limit, reader=CarriedReader) as r:
        assert isinstance(r, CarriedReader)
        yield r


def sign_manifest(raw: bytes, key: SigningKey) -> bytes:
    """The signature of a manifest of version 2 (its own context: never valid for version 1)."""
    return bundle.sign_manifest(raw, key, MANIFEST_CONTEXT_V2)
