"""The type of a file from its first bytes (never from its name), and what can be done with it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import filetype


class Kind(enum.StrEnum):
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    PDF = "pdf"
    OFFICE = "office"
    OTHER = "other"


#: The media types this version reads the metadata of and can make a stripped copy of.
STRIPPABLE = {
    "image/jpeg": Kind.IMAGE,
    "image/png": Kind.IMAGE,
    "image/webp": Kind.IMAGE,
    "image/heic": Kind.IMAGE,
    "audio/mpeg": Kind.AUDIO,
    "audio/x-flac": Kind.AUDIO,
    "audio/ogg": Kind.AUDIO,
    "audio/x-wav": Kind.AUDIO,
    "audio/mp4": Kind.AUDIO,
    "video/mp4": Kind.VIDEO,
    "video/x-m4v": Kind.VIDEO,
    "video/3gpp": Kind.VIDEO,
    "video/quicktime": Kind.VIDEO,
    "video/x-matroska": Kind.VIDEO,
    "video/webm": Kind.VIDEO,
    "application/pdf": Kind.PDF,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": Kind.OFFICE,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": Kind.OFFICE,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": Kind.OFFICE,
    "application/vnd.oasis.opendocument.text": Kind.OFFICE,
    "application/vnd.oasis.opendocument.spreadsheet": Kind.OFFICE,
    "application/vnd.oasis.opendocument.presentation": Kind.OFFICE,
}

#: Short names for the listing.
NAMES = {
    "image/jpeg": "JPEG photo",
    "image/png": "PNG image",
    "image/webp": "WebP image",
    "image/heic": "HEIC photo",
    "audio/mpeg": "MP3 audio",
    "audio/x-flac": "FLAC audio",
    "audio/ogg": "Ogg audio",
    "audio/x-wav": "WAV audio",
    "audio/mp4": "M4A audio",
    "video/mp4": "MP4 video",
    "video/x-m4v": "MP4 video",
    "video/3gpp": "3GP video",
    "video/quicktime": "QuickTime video",
    "video/x-matroska": "Matroska video",
    "video/webm": "WebM video",
    "application/pdf": "PDF document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel workbook",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument presentation",
}

UNKNOWN = "application/octet-stream"


@dataclass(frozen=True)
class MediaType:
    mime: str
    kind: Kind

    @property
    def strippable(self) -> bool:
        return self.mime in STRIPPABLE

    @property
    def name(self) -> str:
        return NAMES.get(self.mime) or {
            Kind.VIDEO: "video",
            Kind.IMAGE: "image",
            Kind.AUDIO: "audio",
        }.get(self.kind, "file of this type")


def of(mime: str) -> MediaType:
    """The media type stored as ``mime``."""
    if mime in STRIPPABLE:
        return MediaType(mime, STRIPPABLE[mime])
    major = mime.partition("/")[0]
    kind = {"image": Kind.IMAGE, "audio": Kind.AUDIO, "video": Kind.VIDEO}.get(major, Kind.OTHER)
    return MediaType(mime, kind)


def sniff(head: bytes) -> MediaType:
    """The type of a file whose first bytes (8 KiB is enough) are ``head``."""
    guess = filetype.guess(head)
    return of(guess.mime if guess is not None else UNKNOWN)
