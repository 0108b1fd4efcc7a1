"""PDF with pikepdf (qpdf): the document information dictionary and XMP packets read into
items; a stripped copy saved without either, its streams copied as they are (never
decompressed, so a compression bomb costs nothing)."""

from __future__ import annotations

import logging
import zlib
from typing import Any, BinaryIO

import pikepdf

from fieldkit.media.items import Item, ItemKind, clip
from fieldkit.media.limits import MAX_XML, MediaRefused, NotStrippable, in_memory
from fieldkit.media.xmlparts import xmp_items

# qpdf's warnings about a damaged file go to this logger; unhandled, Python would print them
# on stderr beside the one line a person is to see.
logging.getLogger("pikepdf").addHandler(logging.NullHandler())

INFO: dict[str, tuple[ItemKind, str]] = {
    "/Author": (ItemKind.AUTHOR, "Author"),
    "/Title": (ItemKind.TITLE, "Title"),
    "/Subject": (ItemKind.COMMENT, "Subject"),
    "/Keywords": (ItemKind.COMMENT, "Keywords"),
    "/Creator": (ItemKind.SOFTWARE, "Made with"),
    "/Producer": (ItemKind.SOFTWARE, "Software"),
    "/CreationDate": (ItemKind.CAPTURE_TIME, "Created"),
    "/ModDate": (ItemKind.CAPTURE_TIME, "Changed"),
}
#: Keys removed from every object: the document's and each part's metadata.
REMOVED = ("/Metadata", "/PieceInfo")


def _open(stream: BinaryIO) -> pikepdf.Pdf:
    copy = in_memory(stream, "PDFs")
    try:
        return pikepdf.open(copy)
    except pikepdf.PasswordError as error:
        raise NotStrippable(
            "the PDF is password-protected; it cannot be read or stripped"
        ) from error
    except (pikepdf.PdfError, ValueError, RuntimeError) as error:
        raise MediaRefused("the PDF cannot be read: it is damaged") from error


def _xmp(stream: Any) -> bytes:
    """An XMP stream's bytes, decompressed to at most :data:`MAX_XML`."""
    raw = bytes(stream.read_raw_bytes())
    filters = stream.get("/Filter")
    if filters is None:
        return raw[:MAX_XML]
    names = [str(f) for f in (filters if isinstance(filters, pikepdf.Array) else [filters])]
    if names != ["/FlateDecode"]:
        return b""
    try:
        return zlib.decompressobj().decompress(raw, MAX_XML)
    except zlib.error:
        return b""


def _value(value: Any) -> str:
    try:
        return clip(str(value))
    except (UnicodeError, ValueError):
        return "(unreadable)"


def read(stream: BinaryIO) -> list[Item]:
    with _open(stream) as pdf:
        found = []
        info = pdf.trailer.get("/Info")
        if isinstance(info, pikepdf.Dictionary):
            for key in info.keys():
                kind, label = INFO.get(key, (ItemKind.TAG, f"Property {clip(key.lstrip('/'))}"))
                found.append(Item(kind, f"{label}: {_value(info[key])}"))
        metadata = pdf.Root.get("/Metadata")
        if isinstance(metadata, pikepdf.Stream):
            data = _xmp(metadata)
            found.extend(xmp_items(data) if data else [Item(ItemKind.EMBEDDED, "XMP metadata")])
        root = pdf.Root.objgen
        if any(_carries(obj) and obj.objgen != root for obj in pdf.objects):
            found.append(Item(ItemKind.EMBEDDED, "Metadata of pages, images or fonts"))
        return found


def _carries(obj: Any) -> bool:
    return isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and any(k in obj for k in REMOVED)


def strip(stream: BinaryIO, out: BinaryIO) -> None:
    with _open(stream) as pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                for key in REMOVED:
                    if key in obj:
                        del obj[key]
        for key in REMOVED:
            if key in pdf.Root:
                del pdf.Root[key]
        try:
            pdf.save(
                out,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                fix_metadata_version=False,
                deterministic_id=True,
            )
        except (pikepdf.PdfError, ValueError, RuntimeError) as error:
            raise MediaRefused("the PDF cannot be written again: it is damaged") from error
