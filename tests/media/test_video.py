"""A video's tags said in words, and its stripped copy: the same picture and sound, packet for
packet, with none of what named the place, the phone or the person."""

from __future__ import annotations

import hashlib
import io

import av
import pytest

from fieldkit import media
from fieldkit.media import ItemKind, MediaRefused
from tests.media_samples import VIDEO_PLACE, video

CANARY = "CANARY-VIDEO-9D2"
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")
CONTAINERS = ["mp4", "mov", "mkv", "webm"]


def _stripped(data: bytes) -> bytes:
    kind = media.sniff(data[:8192])
    out = io.BytesIO()
    media.strip(kind, io.BytesIO(data), out)
    out.seek(0)
    media.check_stripped(kind, out)
    return out.getvalue()


def _packets(data: bytes) -> dict[str, list[str]]:
    """Each track's packets (by kind of track), as hashes of their bytes, in order."""
    with av.open(io.BytesIO(data)) as container:
        found: dict[str, list[str]] = {}
        for packet in container.demux():
            if packet.size and packet.stream.type in ("video", "audio"):
                digest = hashlib.sha256(bytes(packet)).hexdigest()
                found.setdefault(packet.stream.type, []).append(digest)
        return found


@pytest.mark.parametrize("container", CONTAINERS)
def test_a_video_says_where_and_with_what_it_was_taken_and_its_copy_does_not(
    container: str,
) -> None:
    original = video(container, CANARY)
    meta = media.read_metadata(media.sniff(original[:8192]), io.BytesIO(original))
    texts = [item.text for item in meta.items]
    kinds = {item.kind for item in meta.items}
    # The control: the original carries them, and the reader says them.
    assert f"Location: {VIDEO_PLACE}" in texts
    assert {ItemKind.GPS, ItemKind.CAPTURE_TIME, ItemKind.TITLE} <= kinds
    if container != "mp4":  # FFmpeg's MP4 writer keeps no make and model; the others do
        assert "Camera: Phone 7" in texts
    assert any(CANARY in text for text in texts) and meta.sensitive >= 1
    copy = _stripped(original)
    for encoding in ENCODINGS:
        assert CANARY.encode(encoding) not in copy
        assert VIDEO_PLACE.encode(encoding) not in copy
    assert b"Phone 7" not in copy and b"Acme" not in copy and b"2024-05-01" not in copy
    assert media.read_metadata(media.sniff(copy[:8192]), io.BytesIO(copy)).items == ()


@pytest.mark.parametrize("container", CONTAINERS)
def test_the_copy_holds_the_very_same_picture_and_sound(container: str) -> None:
    original = video(container, CANARY)
    copy = _stripped(original)
    before, after = _packets(original), _packets(copy)
    assert set(before) == {"video", "audio"}
    assert after == before  # every packet copied as it was: nothing decoded or re-encoded
    with av.open(io.BytesIO(copy)) as opened:
        assert sum(1 for _ in opened.decode(video=0)) == 12


def test_a_subtitle_track_is_named_and_left_out_of_the_copy() -> None:
    original = video("mkv", CANARY)
    meta = media.read_metadata(media.sniff(original[:8192]), io.BytesIO(original))
    assert any("subtitle track" in item.text for item in meta.items)
    with av.open(io.BytesIO(_stripped(original))) as copy:
        assert sorted(track.type for track in copy.streams) == ["audio", "video"]


@pytest.mark.parametrize(
    "junk",
    [b"\x00\x00\x00\x18ftypmp42" + bytes(500), video("mkv")[:60]],
    ids=["mp4-header-only", "matroska-header-only"],
)
def test_a_damaged_video_is_refused_in_one_line(junk: bytes) -> None:
    kind = media.sniff(junk)
    assert kind.kind is media.Kind.VIDEO and kind.strippable
    with pytest.raises(MediaRefused) as caught:
        media.strip(kind, io.BytesIO(junk), io.BytesIO())
    assert "\n" not in str(caught.value)


def test_a_video_cut_in_half_is_refused_or_copied_without_its_tags() -> None:
    original = video("mkv", CANARY)
    half = original[: len(original) // 2]
    kind = media.sniff(half[:8192])
    try:
        copy = _stripped(half)
    except MediaRefused as refused:
        assert "\n" not in str(refused)
    else:  # Matroska keeps what came before the cut: that much, and no tag of it
        assert CANARY.encode() not in copy and _packets(copy)["video"]
    del kind
