"""Reading a file's metadata and making its stripped copy, for every format this version knows;
the copy is read again and refused if it still carries anything that was listed."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import BinaryIO

from fieldkit.core.errors import FieldkitError
from fieldkit.core.plural import counted
from fieldkit.media import faces
from fieldkit.media.items import Metadata, items_of
from fieldkit.media.limits import MediaRefused, NotStrippable, StripFailed
from fieldkit.media.mediatypes import Kind, MediaType


def read_metadata(media_type: MediaType, stream: BinaryIO) -> Metadata:
    """What the file in ``stream`` carries, as items in words.

    A format this version does not read gives ``examined=False``. A file of a known format
    that cannot be read (damaged, hostile) raises :class:`MediaRefused`.
    """
    if not media_type.strippable:
        return Metadata(
            (),
            examined=False,
            note=f"this version does not read the metadata of a {media_type.name}",
        )
    with _hostile(media_type):
        found = _reader(media_type)(stream)
    return Metadata(items_of(found))


@contextlib.contextmanager
def _hostile(media_type: MediaType) -> Iterator[None]:
    """Whatever a format library raises on a hostile file is one :class:`MediaRefused`, and
    what it warns about is not printed (a person sees one line)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            yield
        except FieldkitError:
            raise
        except Exception as error:
            raise MediaRefused(
                f"the {media_type.name} cannot be read: it is damaged ({type(error).__name__})"
            ) from error


def _reader(media_type: MediaType):  # type: ignore[no-untyped-def]
    if media_type.kind is Kind.IMAGE:
        from fieldkit.media import images

        return images.read
    if media_type.kind is Kind.AUDIO:
        from fieldkit.media import audio

        return lambda stream: audio.read(stream, media_type.mime)
    if media_type.kind is Kind.PDF:
        from fieldkit.media import pdf

        return pdf.read
    if media_type.kind is Kind.VIDEO:
        from fieldkit.media import video

        return video.read
    from fieldkit.media import office

    return office.read


def strip(media_type: MediaType, source: BinaryIO, out: BinaryIO) -> None:
    """Write into ``out`` a copy of ``source`` without the metadata :func:`read_metadata`
    lists. Raises :class:`NotStrippable` for a format this version cannot strip."""
    if not media_type.strippable:
        raise NotStrippable(
            f"this version cannot strip the metadata of a {media_type.name}: keep it on this kit "
            "or send the original"
        )
    with _hostile(media_type):
        _strip(media_type, source, out)


def _strip(media_type: MediaType, source: BinaryIO, out: BinaryIO) -> None:
    if media_type.kind is Kind.IMAGE:
        from fieldkit.media import images

        images.strip(source, out, media_type.mime)
    elif media_type.kind is Kind.AUDIO:
        from fieldkit.media import audio

        audio.strip(source, out, media_type.mime)
    elif media_type.kind is Kind.PDF:
        from fieldkit.media import pdf

        pdf.strip(source, out)
    elif media_type.kind is Kind.VIDEO:
        from fieldkit.media import video

        video.strip(source, out, media_type.mime)
    else:
        from fieldkit.media import office

        office.strip(source, out)


def check_stripped(media_type: MediaType, copy: BinaryIO) -> None:
    """Read the stripped copy back: it must be readable and carry no item at all."""
    try:
        left = read_metadata(media_type, copy)
    except MediaRefused as error:
        raise StripFailed(f"the stripped copy did not read back ({error})") from error
    if left.items:
        raise StripFailed(
            f"the stripped copy still carried {counted(len(left.items), 'metadata item')}; it was "
            "not kept"
        )


def find_faces(media_type: MediaType, stream: BinaryIO) -> faces.Detection:
    """The faces in the photo in ``stream``; :class:`NotStrippable` for a file that is not a
    photo faces are looked for in, :class:`MediaRefused` for one that cannot be read."""
    _require_photo(media_type, "looked at for faces")
    with _hostile(media_type):
        return faces.detect(stream)


def strip_blurred(
    media_type: MediaType, source: BinaryIO, out: BinaryIO, regions: list[faces.Box]
) -> list[faces.Box]:
    """Write into ``out`` the stripped copy of the photo in ``source`` with ``regions``
    blurred; returns them as clipped to the photo."""
    _require_photo(media_type, "blurred")
    with _hostile(media_type):
        return faces.blur(source, out, media_type.mime, regions)


def _require_photo(media_type: MediaType, what: str) -> None:
    if media_type.mime not in faces.FACE_TYPES:
        raise NotStrippable(
            f"only photos (JPEG, PNG, WebP, HEIC) can be {what}, not a {media_type.name}"
        )
