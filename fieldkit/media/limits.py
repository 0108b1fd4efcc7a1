"""The bounds checked before any costly parse, and the errors a person sees."""

from __future__ import annotations

import io
from typing import BinaryIO

from fieldkit.core.errors import FieldkitError

#: Pixels an image may have to be decoded (a 24-megapixel photo has 24,000,000; the largest
#: phone cameras about 200,000,000 but save 12-50 by default).
MAX_PIXELS = 120_000_000
#: Formats stripped in memory (mutagen's audio, pikepdf's PDF): the most they may hold.
MAX_IN_MEMORY = 256 * 1024 * 1024
#: An office document's zip: entries, and bytes they may unpack to in all.
MAX_ZIP_ENTRIES = 10_000
MAX_UNPACKED = 1024 * 1024 * 1024
#: How many times larger than its compressed size a large zip entry may unpack.
MAX_RATIO = 200
#: One XML part read for its metadata (core.xml, meta.xml, an XMP packet).
MAX_XML = 4 * 1024 * 1024


class MediaRefused(FieldkitError):
    """A file is malformed or claims more than is allowed (a decompression bomb)."""


class NotStrippable(FieldkitError):
    """This version cannot make a copy of this file without its metadata."""


class StripFailed(FieldkitError):
    """The stripped copy still carried some of what was to be removed; it was not kept."""


def in_memory(stream: BinaryIO, what: str) -> io.BytesIO:
    """A copy of ``stream`` in memory for a library that needs one, refused past
    :data:`MAX_IN_MEMORY` (``what``: "audio other than WAV", "PDFs")."""
    stream.seek(0, io.SEEK_END)
    if stream.tell() > MAX_IN_MEMORY:
        raise NotStrippable(
            f"{what} larger than {MAX_IN_MEMORY // (1024 * 1024)} MiB cannot be read or "
            "stripped yet; keep it on this kit or send the original"
        )
    stream.seek(0)
    return io.BytesIO(stream.read())
