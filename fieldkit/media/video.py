"""Videos (MP4, MOV, 3GP, Matroska, WebM) with PyAV (FFmpeg's own demuxers and muxers): the
container's and each track's tags read into items; the stripped copy is the same video and
sound, every packet copied as it is (nothing decoded or re-encoded), in a new container that
holds no tag, no timed-data or subtitle track and no attached file.

The copy is written as it streams (the sealed file it goes to cannot seek), so an MP4 or MOV
is written fragmented (its index in pieces along the file, as cameras and browsers write when
streaming); every player this app or HQ uses reads it.
"""

from __future__ import annotations

from typing import Any, BinaryIO

import av

from fieldkit.media.items import Item, ItemKind, clip
from fieldkit.media.limits import MediaRefused

#: The muxer each container is written again with (MP4-like ones in fragments).
MUXERS = {
    "video/mp4": "mp4",
    "video/x-m4v": "mp4",
    "video/3gpp": "mp4",
    "video/quicktime": "mov",
    "video/x-matroska": "matroska",
    "video/webm": "webm",
}
_FRAGMENTED = {"movflags": "frag_keyframe+empty_moov+default_base_moof"}

#: Tag names (lower case; FFmpeg's, Apple's, Matroska's) by what they say.
TAGS: dict[str, tuple[ItemKind, str]] = {
    **dict.fromkeys(
        ("location", "location-eng", "com.apple.quicktime.location.iso6709", "gps"),
        (ItemKind.GPS, "Location"),
    ),
    **dict.fromkeys(
        ("make", "model", "vendor_id", "com.apple.quicktime.make", "com.apple.quicktime.model"),
        (ItemKind.CAMERA, "Camera"),
    ),
    **dict.fromkeys(("com.android.manufacturer", "com.android.model"), (ItemKind.CAMERA, "Camera")),
    **dict.fromkeys(
        ("serial", "com.android.serial", "com.apple.quicktime.camera.identifier"),
        (ItemKind.SERIAL, "Device id"),
    ),
    **dict.fromkeys(
        ("encoder", "software", "encoded_by", "writing_app", "com.android.version"),
        (ItemKind.SOFTWARE, "Software"),
    ),
    **dict.fromkeys(
        ("com.apple.quicktime.software",),
        (ItemKind.SOFTWARE, "Software"),
    ),
    **dict.fromkeys(
        ("creation_time", "date", "com.apple.quicktime.creationdate", "date_recorded"),
        (ItemKind.CAPTURE_TIME, "Recorded"),
    ),
    **dict.fromkeys(
        ("artist", "author", "album_artist", "composer", "copyright", "director"),
        (ItemKind.AUTHOR, "Author"),
    ),
    **dict.fromkeys(
        ("com.apple.quicktime.author", "com.apple.quicktime.artist"), (ItemKind.AUTHOR, "Author")
    ),
    **dict.fromkeys(("title", "album", "com.apple.quicktime.title"), (ItemKind.TITLE, "Title")),
    **dict.fromkeys(
        ("comment", "description", "synopsis", "keywords", "com.apple.quicktime.description"),
        (ItemKind.COMMENT, "Comment"),
    ),
}
#: What says nothing of who, where or when: the container's brand, a track's language and
#: length.
_STRUCTURE = frozenset(
    {"major_brand", "minor_version", "compatible_brands", "language", "duration"}
)
#: What FFmpeg's muxers write of themselves in the copy (a camera's own values name its maker):
#: the handler names, its vendor code, its name without a version.
_PLAIN = {
    "handler_name": frozenset({"VideoHandler", "SoundHandler"}),
    "vendor_id": frozenset({"FFMP", "[0][0][0][0]"}),
    "encoder": frozenset({"Lavf"}),
}
#: Tracks besides video and sound, by what they may hold.
_OTHER_TRACKS = {
    "data": (ItemKind.EMBEDDED, "a timed-data track (cameras and drones keep GPS tracks there)"),
    "subtitle": (ItemKind.COMMENT, "a subtitle track (drones write their position in one)"),
    "attachment": (ItemKind.EMBEDDED, "an attached file (a cover picture or a font)"),
}


def _opened(stream: BinaryIO) -> Any:
    stream.seek(0)
    try:
        return av.open(stream, "r")
    except (av.error.FFmpegError, ValueError, OSError) as error:
        raise MediaRefused("the video cannot be read: it is damaged or not a video") from error


def _tag_items(tags: dict[str, str], where: str) -> list[Item]:
    found = []
    for name, value in tags.items():
        key = name.lower()
        if key in _STRUCTURE or value in _PLAIN.get(key, ()):
            continue
        kind, label = TAGS.get(key) or (ItemKind.TAG, f"Tag {clip(name)}")
        found.append(Item(kind, f"{label}{where}: {clip(value)}"))
    return found


def read(stream: BinaryIO) -> list[Item]:
    with _opened(stream) as container:
        found = _tag_items(dict(container.metadata), "")
        for track in container.streams:
            where = f" (track {track.index + 1})"
            if track.type in _OTHER_TRACKS:
                kind, what = _OTHER_TRACKS[track.type]
                found.append(Item(kind, f"Track {track.index + 1}: {what}"))
            found.extend(_tag_items(dict(track.metadata), where))
        return found


def strip(stream: BinaryIO, out: BinaryIO, mime: str) -> None:
    """Copy the video and sound packets of ``stream`` into a new container in ``out``."""
    muxer = MUXERS[mime]
    with _opened(stream) as source:
        kept = [t for t in source.streams if t.type in ("video", "audio")]
        if not kept:
            raise MediaRefused("the video holds no picture or sound to copy")
        options = _FRAGMENTED if muxer in ("mp4", "mov") else {}
        # bitexact: the muxer writes no encoder name, version or time of its own.
        with av.open(
            out, "w", format=muxer, options=options, container_options={"fflags": "+bitexact"}
        ) as copy:
            tracks = {}
            for track in kept:
                tracks[track.index] = copy.add_stream_from_template(track)
                tracks[track.index].metadata.clear()
            for packet in source.demux(kept):
                if packet.dts is None:  # the demuxer's end-of-track marker
                    continue
                packet.stream = tracks[packet.stream.index]
                copy.mux(packet)
