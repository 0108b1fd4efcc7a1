"""Audio (MP3, FLAC, Ogg, WAV, M4A): tags read with mutagen; WAV's RIFF INFO and broadcast
chunks named too. Stripped: WAV re-written as its format and samples alone (the standard
library's ``wave``, streamed); the others with mutagen's tag removal, in memory."""

from __future__ import annotations

import contextlib
import struct
import wave
from typing import Any, BinaryIO

import mutagen
from mutagen.apev2 import delete as delete_ape
from mutagen.flac import FLAC, VCFLACDict
from mutagen.id3 import delete as delete_id3

from fieldkit.core.plural import counted
from fieldkit.media.items import Item, ItemKind, clip
from fieldkit.media.limits import MediaRefused, NotStrippable, in_memory

#: Tag names (ID3 frame ids, Vorbis comment names, MP4 atoms, RIFF INFO ids) by what they say.
TAGS: dict[str, tuple[ItemKind, str]] = {
    **dict.fromkeys(
        ("TPE1", "TPE2", "TPE3", "TCOM", "TEXT", "TOLY", "TOPE", "TOWN"),
        (ItemKind.AUTHOR, "Artist"),
    ),
    **dict.fromkeys(
        ("ARTIST", "AUTHOR", "PERFORMER", "COMPOSER", "ALBUMARTIST", "COPYRIGHT"),
        (ItemKind.AUTHOR, "Artist"),
    ),
    **dict.fromkeys(
        ("©ART", "aART", "©wrt", "cprt", "IART", "ICOP", "IENG"), (ItemKind.AUTHOR, "Artist")
    ),
    **dict.fromkeys(
        ("TIT2", "TALB", "TITLE", "ALBUM", "©nam", "©alb", "INAM", "IPRD"),
        (ItemKind.TITLE, "Title"),
    ),
    **dict.fromkeys(
        ("TDRC", "TDAT", "TYER", "TDOR", "TDEN", "DATE", "©day", "ICRD"),
        (ItemKind.CAPTURE_TIME, "Date"),
    ),
    **dict.fromkeys(
        ("TSSE", "TENC", "ENCODER", "ENCODED-BY", "©too", "ISFT"), (ItemKind.SOFTWARE, "Software")
    ),
    **dict.fromkeys(
        ("COMM", "USLT", "COMMENT", "DESCRIPTION", "©cmt", "desc", "ICMT", "ISBJ"),
        (ItemKind.COMMENT, "Comment"),
    ),
    **dict.fromkeys(("LOCATION", "©xyz", "TLOC"), (ItemKind.GPS, "Location")),
    **dict.fromkeys(
        ("APIC", "covr", "METADATA_BLOCK_PICTURE", "PRIV", "GEOB"),
        (ItemKind.EMBEDDED, "Embedded data"),
    ),
}


def _tag_items(tags: Any) -> list[Item]:
    found = []
    for key in list(tags.keys()) if tags is not None else []:
        name = str(key)
        base = name.split(":", 1)[0]
        kind, label = (
            TAGS.get(base) or TAGS.get(base.upper()) or (ItemKind.TAG, f"Tag {clip(base)}")
        )
        value = tags[key]
        if kind is ItemKind.EMBEDDED:
            found.append(Item(kind, f"{label} ({clip(base)})"))
            continue
        if isinstance(value, list):
            value = ", ".join(clip(v) for v in value)
        found.append(Item(kind, f"{label}: {clip(value)}"))
    return found


def _riff_items(stream: BinaryIO) -> list[Item]:
    """A WAV's LIST/INFO and bext chunks, which mutagen does not read (at most 1,000 chunks)."""
    found: list[Item] = []
    stream.seek(12)
    for _ in range(1000):
        header = stream.read(8)
        if len(header) < 8:
            break
        ident, size = header[:4], struct.unpack("<I", header[4:])[0]
        start = stream.tell()
        if ident == b"LIST" and size <= 1024 * 1024:
            body = stream.read(size)
            if body[:4] == b"INFO":
                found.extend(_info_items(body[4:]))
        elif ident == b"bext":
            found.append(
                Item(ItemKind.AUTHOR, "Broadcast WAV description (originator, reference, date)")
            )
        elif ident in (b"iXML", b"axml", b"_PMX"):
            found.append(Item(ItemKind.EMBEDDED, f"{ident.decode('ascii', 'replace')} metadata"))
        stream.seek(start + size + (size & 1))
    return found


def _info_items(body: bytes) -> list[Item]:
    found = []
    offset = 0
    while offset + 8 <= len(body):
        ident = body[offset : offset + 4].decode("ascii", "replace")
        size = struct.unpack("<I", body[offset + 4 : offset + 8])[0]
        value = body[offset + 8 : offset + 8 + size]
        kind, label = TAGS.get(ident, (ItemKind.TAG, f"Tag {clip(ident)}"))
        found.append(Item(kind, f"{label}: {clip(value)}"))
        offset += 8 + size + (size & 1)
    return found


def read(stream: BinaryIO, mime: str) -> list[Item]:
    stream.seek(0)
    try:
        file = mutagen.File(stream)
    except Exception as error:
        raise MediaRefused(f"the audio cannot be read ({type(error).__name__})") from error
    found = _tag_items(file.tags) if file is not None else []
    if isinstance(file, FLAC) and file.pictures:
        found.append(Item(ItemKind.EMBEDDED, f"Embedded {counted(len(file.pictures), 'picture')}"))
    if mime == "audio/x-wav":
        found.extend(_riff_items(stream))
    return found


def strip(stream: BinaryIO, out: BinaryIO, mime: str) -> None:
    if mime == "audio/x-wav":
        _strip_wav(stream, out)
        return
    copy = in_memory(stream, "audio other than WAV")
    try:
        if mime == "audio/mpeg":
            delete_id3(copy, delete_v1=True, delete_v2=True)
            copy.seek(0)
            delete_ape(copy)
        else:
            file = mutagen.File(copy)
            if file is None:
                raise MediaRefused("the audio cannot be read: it is damaged")
            if isinstance(file, FLAC):
                file.clear_pictures()  # type: ignore[no-untyped-call]
                if isinstance(file.tags, VCFLACDict):
                    file.tags.clear()
                copy.seek(0)
                file.save(copy, deleteid3=True)
            else:
                copy.seek(0)
                file.delete(copy)
    except (MediaRefused, NotStrippable):
        raise
    except Exception as error:
        raise MediaRefused(
            f"the audio's tags cannot be removed ({type(error).__name__})"
        ) from error
    out.write(copy.getbuffer())


def _strip_wav(stream: BinaryIO, out: BinaryIO) -> None:
    stream.seek(0)
    try:
        source = wave.open(stream, "rb")
    except (wave.Error, EOFError) as error:
        raise NotStrippable(
            "this WAV is not plain PCM, so it cannot be stripped; keep it on this kit or send "
            "the original"
        ) from error
    try:
        with source:
            writer = wave.open(out, "wb")
            try:
                # The header declares the source's frame count; writeframesraw, because
                # writeframes seeks back to patch the header after every block that leaves
                # it short of that count, and the sealer being written cannot seek (a WAV
                # longer than one block was refused). A source that holds fewer frames than
                # it declares still fails at close, as a damaged one.
                writer.setparams(source.getparams())
                width = max(1, source.getsampwidth() * source.getnchannels())
                while block := source.readframes(max(1, (1024 * 1024) // width)):
                    writer.writeframesraw(block)
                writer.close()
            except BaseException:
                with contextlib.suppress(Exception):
                    writer.close()  # its file let go now, not complained about when collected
                raise
    except (wave.Error, EOFError, OSError, struct.error) as error:
        raise MediaRefused(
            "the WAV's samples cannot be read: it is damaged or cut short"
        ) from error
