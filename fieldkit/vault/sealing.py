"""Sealing a file into the vault as an attachment, with what is read of it: its type (from
the bytes), its metadata and, if it is to be sent so, its stripped copy; all read from the
sealed file through the decrypting reader, so nothing plaintext is written. The rows are
:mod:`fieldkit.vault.attachments`'.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from fieldkit import media
from fieldkit.core.errors import FieldkitError
from fieldkit.media import faces as finding
from fieldkit.media import mediatypes as sniffing
from fieldkit.vault import blobs
from fieldkit.vault.blobs import Pending
from fieldkit.vault.fsutil import NotARegularFile, open_regular
from fieldkit.vault.store import Vault

#: The largest file accepted (a long video is a few GB).
MAX_ATTACHMENT = 64 * 1024**3
MAX_NAME = 255


class AttachRefused(FieldkitError):
    """A file cannot be attached (not a file, too large, a format that cannot be stripped)."""


class SendChoice(enum.StrEnum):
    STRIPPED = "stripped"  # a copy without its metadata (the default where one can be made)
    ORIGINAL = "original"  # exactly as attached (chain of custody)
    KIT_ONLY = "kit_only"  # never sent (the default where no stripped copy can be made)


def _too_large() -> Exception:
    return AttachRefused(f"it is larger than the {MAX_ATTACHMENT:,} bytes accepted")


def default_send(media_type: sniffing.MediaType) -> SendChoice:
    return SendChoice.STRIPPED if media_type.strippable else SendChoice.KIT_ONLY


@contextlib.contextmanager
def kept_if_committed() -> Iterator[list[Sealed]]:
    """A list for what is sealed inside the block: released if the block ends normally (its
    transaction committed), discarded (the files removed) if it raises."""
    sealed: list[Sealed] = []
    try:
        yield sealed
    except BaseException:
        for item in sealed:
            item.discard()
        raise
    for item in sealed:
        item.release()


@dataclass
class Sealed:
    """A file sealed into the vault with what was read of it, its row not yet written."""

    name: str
    media_type: sniffing.MediaType
    metadata: media.Metadata
    send: SendChoice
    original: Pending
    stripped: Pending | None
    #: The faces found in the photo (None: not a photo, or it could not be looked at).
    faces: tuple[finding.Box, ...] | None = None

    def release(self) -> None:
        for item in (self.original, self.stripped):
            if item is not None:
                item.release()

    def discard(self) -> None:
        for item in (self.original, self.stripped):
            if item is not None:
                item.discard()


def seal(
    vault: Vault,
    path: Path,
    send: SendChoice | None,
    progress: Callable[[int], None] | None = None,
) -> Sealed:
    """Seal the file at ``path`` (and its stripped copy, if it is to be sent) into the vault;
    ``progress`` hears how many of its bytes are sealed.

    The files are left locked: :func:`insert_in` writes the row, then the caller calls
    ``release`` after the commit (or ``discard``). On an error nothing is left.
    """
    name = path.name[:MAX_NAME] or "attachment"
    try:
        handle = open_regular(path, MAX_ATTACHMENT)
    except NotARegularFile as error:
        raise AttachRefused(f"{name} cannot be attached: {error}") from error
    with handle:
        early = sniffing.sniff(handle.read(blobs.HEAD))
        if send is SendChoice.STRIPPED and not early.strippable:
            raise AttachRefused(
                f"{name}: this version cannot make a stripped copy of a {early.name}; attach it "
                "with --send original or --send kit-only"
            )
        handle.seek(0)
        try:
            original = blobs.write(
                vault.path, handle, MAX_ATTACHMENT, too_large=_too_large, progress=progress
            )
        except AttachRefused as error:
            raise AttachRefused(f"{name} cannot be attached: {error}") from error
        except OSError as error:  # reading the source failed (the sealed side says DiskFull)
            raise AttachRefused(f"{name} cannot be read ({error.strerror})") from error
    try:
        return examine(vault, name, original, send)
    except BaseException:
        original.discard()
        raise


def examine(vault: Vault, name: str, original: Pending, send: SendChoice | None) -> Sealed:
    """Type, metadata and stripped copy, all read from the sealed original."""
    media_type = sniffing.sniff(original.head)
    choice = send or default_send(media_type)
    with blobs.Reader(original.path, original.key, original.size) as reader:
        try:
            metadata = media.read_metadata(media_type, cast(BinaryIO, reader))
        except media.MediaRefused as error:
            if choice is SendChoice.STRIPPED:
                raise AttachRefused(f"{name}: {error}") from error
            metadata = media.Metadata(
                (), examined=False, note=f"its metadata was not read: {error}"
            )
        stripped = (
            stripped_copy(vault, media_type, cast(BinaryIO, reader), name)
            if choice is SendChoice.STRIPPED
            else None
        )
        try:
            faces = faces_in(media_type, cast(BinaryIO, reader))
        except BaseException:
            if stripped is not None:
                stripped.discard()
            raise
    return Sealed(name, media_type, metadata, choice, original, stripped, faces)


def faces_in(media_type: sniffing.MediaType, reader: BinaryIO) -> tuple[finding.Box, ...] | None:
    """The faces in a photo (None: not a photo faces are looked for in, or one that cannot be
    read for it: the export then holds it until someone reviews it)."""
    if media_type.mime not in finding.FACE_TYPES:
        return None
    try:
        return media.find_faces(media_type, reader).faces
    except media.MediaRefused:
        return None


def sealed_copy(
    vault: Vault, write: Callable[[BinaryIO], None], check: Callable[[BinaryIO], None]
) -> Pending:
    """What ``write`` writes, sealed into the vault, read back through ``check`` (which
    raises to refuse it); nothing is left if either fails."""
    sealer = blobs.Sealer(vault.path, MAX_ATTACHMENT, _too_large)
    try:
        write(cast(BinaryIO, sealer))
    except BaseException:
        sealer.abort()
        raise
    copy = sealer.finish()
    try:
        with blobs.Reader(copy.path, copy.key, copy.size) as reader:
            check(cast(BinaryIO, reader))
    except BaseException:
        copy.discard()
        raise
    return copy


def stripped_copy(
    vault: Vault, media_type: sniffing.MediaType, reader: BinaryIO, name: str
) -> Pending:
    """The stripped copy, sealed, read back and checked to carry nothing that was listed."""
    try:
        return sealed_copy(
            vault,
            lambda out: media.strip(media_type, reader, out),
            lambda copy: media.check_stripped(media_type, copy),
        )
    except media.StripFailed as error:
        raise AttachRefused(f"{name}: {error}") from error
    except (media.MediaRefused, media.NotStrippable) as error:
        raise AttachRefused(f"{name}: no stripped copy can be made: {error}") from error
