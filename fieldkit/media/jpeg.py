"""The stripped copy of a JPEG made without decoding it: its marker segments are copied, the
compressed pixels byte for byte, and every segment that can carry metadata is left out.

Why not Pillow's re-encode, as for the other formats: decoding a 24-megapixel JPEG alone takes
about 200 ms here (the target for the whole strip), and each re-encode loses a little of the
photo, which matters for evidence. No maintained Python library removes JPEG metadata
losslessly (``jpegtran`` and ``exiftool`` are programs a fresh machine does not have), so this
walker is ours; Pillow still opens the photo first (its size checked before anything is copied)
and reads the copy back (``check_stripped``).

Kept: the segments a decoder needs (frame, Huffman and quantisation tables, restart interval,
scans with their compressed data, arithmetic-coding conditions, hierarchical markers), the
colour profile (APP2 ``ICC_PROFILE``), Adobe's colour transform (APP14) and a JFIF header
without its thumbnail. Left out: every other application segment (EXIF, XMP, IPTC,
multi-picture, maker data), comments, reserved markers and anything after the end of the
image. The orientation is the one EXIF value written again (in an EXIF of its own), so the
photo is still shown upright.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from fieldkit.media.limits import MediaRefused

SOI, EOI, SOS, APP0, APP2, APP14 = 0xD8, 0xD9, 0xDA, 0xE0, 0xE2, 0xEE
#: Frames (SOF0-SOF15 but DHT, JPG and DAC, which are kept too), DHT, DAC, DQT, DRI, DNL, DHP,
#: EXP: what decoding needs.
_NEEDED = frozenset(range(0xC0, 0xD0)) - {0xC8} | {0xDB, 0xDC, 0xDD, 0xDE, 0xDF}
#: Markers with no length after them (TEM, RST0-RST7).
_ALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_CHUNK = 1 << 20


def strip(source: BinaryIO, out: BinaryIO, orientation: int | None) -> None:
    """Copy the JPEG in ``source`` into ``out`` without its metadata (see the module);
    ``orientation`` (the EXIF value, 2-8) is written again where it turns the photo.
    :class:`MediaRefused` where the file is not a whole JPEG."""
    walk = _Walk(source)
    if walk.take(2) != b"\xff\xd8":
        raise MediaRefused("the image cannot be read: it is damaged or not a JPEG")
    out.write(b"\xff\xd8")
    jfif_written = False
    if orientation is not None and 2 <= orientation <= 8:
        out.write(_segment(0xE1, _orientation_exif(orientation)))
    while True:
        marker = walk.marker()
        if marker == EOI:
            out.write(b"\xff\xd9")
            return  # what follows the image (a second picture, appended files) is left out
        if marker in _ALONE:
            out.write(bytes((0xFF, marker)))
            continue
        if marker == SOI:
            raise MediaRefused("the image cannot be read: it is damaged")
        body = walk.take(walk.length() - 2)
        if marker in _NEEDED or marker == SOS:
            out.write(_segment(marker, body))
        elif marker == APP0 and body.startswith(b"JFIF\0") and len(body) >= 14:
            if not jfif_written:  # the header only: version, units, density; no thumbnail
                out.write(_segment(APP0, body[:12] + b"\0\0"))
                jfif_written = True
        elif (marker == APP2 and body.startswith(b"ICC_PROFILE\0")) or (
            marker == APP14 and body.startswith(b"Adobe")
        ):
            out.write(_segment(marker, body))
        if marker == SOS:
            walk.copy_scan(out)


def _segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


def _orientation_exif(orientation: int) -> bytes:
    """``Exif\\0\\0`` and a TIFF header with one IFD holding only the orientation."""
    entry = struct.pack(">HHIH2x", 0x0112, 3, 1, orientation)
    return b"Exif\0\0" + b"MM\0*" + struct.pack(">I", 8) + struct.pack(">H", 1) + entry + b"\0" * 4


class _Walk:
    """``source`` read ahead a chunk at a time (memory stays one chunk and one segment)."""

    def __init__(self, source: BinaryIO) -> None:
        source.seek(0)
        self._source = source
        self._buffer = b""
        self._at = 0

    def _fill(self, need: int) -> bool:
        """At least ``need`` bytes after the position, unless the file ends first."""
        while len(self._buffer) - self._at < need:
            more = self._source.read(max(_CHUNK, need))
            if not more:
                return False
            self._buffer = self._buffer[self._at :] + more
            self._at = 0
        return True

    def take(self, count: int) -> bytes:
        if not self._fill(count):
            raise MediaRefused("the image cannot be read: it is cut short")
        part = self._buffer[self._at : self._at + count]
        self._at += count
        return part

    def length(self) -> int:
        (length,) = struct.unpack(">H", self.take(2))
        if length < 2:
            raise MediaRefused("the image cannot be read: it is damaged")
        return int(length)

    def marker(self) -> int:
        """The next marker (0xFF fill bytes before it skipped)."""
        if self.take(1) != b"\xff":
            raise MediaRefused("the image cannot be read: it is damaged")
        while True:
            byte = self.take(1)[0]
            if byte != 0xFF:
                if byte == 0:
                    raise MediaRefused("the image cannot be read: it is damaged")
                return byte

    def copy_scan(self, out: BinaryIO) -> None:
        """Copy a scan's compressed data (with its stuffed zeros and restart markers) up to
        the next marker, which is left to be read."""
        while True:
            if not self._fill(2):
                raise MediaRefused("the image cannot be read: it is cut short")
            found = self._buffer.find(b"\xff", self._at)
            while found != -1 and found + 1 < len(self._buffer):
                following = self._buffer[found + 1]
                if following == 0 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    found = self._buffer.find(b"\xff", found + 1)
                    continue
                out.write(self._buffer[self._at : found])
                self._at = found
                return
            # No marker in what is here: copy all but a last 0xFF, which the next chunk explains.
            end = len(self._buffer) if found == -1 else found
            out.write(self._buffer[self._at : end])
            self._at = end
            if not self._fill(len(self._buffer) - self._at + 1):
                raise MediaRefused("the image cannot be read: it is cut short")
