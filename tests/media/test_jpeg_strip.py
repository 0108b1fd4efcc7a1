"""A JPEG's stripped copy is made without decoding it: the same pixels, none of what was
around them."""

from __future__ import annotations

import io
import os
import struct
import tracemalloc

import pytest
from PIL import Image, ImageCms

from fieldkit import media
from fieldkit.media import MediaRefused

CANARY = "CANARY-JPEG-51C"


def _noise(size: tuple[int, int] = (96, 64), mode: str = "RGB") -> Image.Image:
    width, height = size
    return Image.frombytes(mode, size, os.urandom(width * height * len(mode)))


def _jpeg(image: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, **options)
    return out.getvalue()


def _segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


def _after_soi(data: bytes, *segments: bytes) -> bytes:
    return data[:2] + b"".join(segments) + data[2:]


def _stripped(data: bytes) -> bytes:
    kind = media.sniff(data)
    out = io.BytesIO()
    media.strip(kind, io.BytesIO(data), out)
    out.seek(0)
    media.check_stripped(kind, out)
    return out.getvalue()


def _pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.tobytes()


@pytest.mark.parametrize(
    "options",
    [{}, {"progressive": True}, {"subsampling": 0}, {"restart_marker_blocks": 1}],
    ids=["baseline", "progressive", "no-subsampling", "restart-markers"],
)
def test_the_copy_holds_the_very_same_pixels(options: dict[str, object]) -> None:
    original = _jpeg(_noise(), comment=CANARY.encode(), **options)
    copy = _stripped(original)
    assert CANARY.encode() in original and CANARY.encode() not in copy
    assert _pixels(copy) == _pixels(original)


def test_a_cmyk_photo_keeps_its_colours() -> None:
    original = _jpeg(_noise(mode="CMYK"))
    copy = _stripped(original)
    with Image.open(io.BytesIO(copy)) as image:
        assert image.mode == "CMYK"
    assert _pixels(copy) == _pixels(original)


@pytest.mark.filterwarnings("ignore:Image appears to be a malformed MPO")
def test_the_colour_profile_stays_and_nothing_else_of_the_application_data() -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{CANARY}</dc:creator></x:xmpmeta>'
    original = _after_soi(
        _jpeg(_noise(), icc_profile=profile),
        _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + xmp.encode()),
        _segment(0xED, b"Photoshop 3.0\0" + CANARY.encode()),  # IPTC
        _segment(0xE2, b"MPF\0" + CANARY.encode()),  # multi-picture index
        _segment(0xEB, CANARY.encode("utf-16-le")),  # any other application's data
    )
    assert media.read_metadata(media.sniff(original), io.BytesIO(original)).items
    copy = _stripped(original)
    assert CANARY.encode() not in copy and CANARY.encode("utf-16-le") not in copy
    with Image.open(io.BytesIO(copy)) as image:
        assert image.info["icc_profile"] == profile
    assert _pixels(copy) == _pixels(original)


def test_a_jfif_thumbnail_is_left_out_and_its_header_kept() -> None:
    thumbnail = CANARY.encode()[:12].ljust(12, b"x")  # 2 x 2 pixels of RGB
    jfif = b"JFIF\0" + b"\x01\x02" + b"\x01" + struct.pack(">HH", 72, 72) + b"\x02\x02" + thumbnail
    plain = _jpeg(_noise())
    assert plain[2:4] == b"\xff\xe0"  # Pillow wrote its own JFIF header first
    length = struct.unpack(">H", plain[4:6])[0]
    original = plain[:2] + _segment(0xE0, jfif) + plain[4 + length :]
    copy = _stripped(original)
    assert thumbnail not in copy
    with Image.open(io.BytesIO(copy)) as image:
        assert image.info["jfif_density"] == (72, 72)


def test_what_hides_between_scans_or_after_the_image_is_left_out() -> None:
    original = _jpeg(_noise(), progressive=True)
    second_scan = original.index(b"\xff\xda", original.index(b"\xff\xda") + 2)
    hidden = _segment(0xFE, CANARY.encode()) + _segment(0xE1, b"Exif\0\0" + CANARY.encode())
    tampered = original[:second_scan] + hidden + original[second_scan:] + CANARY.encode() * 50
    assert _pixels(tampered) == _pixels(original)  # a decoder skips them: they ride along
    copy = _stripped(tampered)
    assert CANARY.encode() not in copy
    assert copy.endswith(b"\xff\xd9")
    assert _pixels(copy) == _pixels(original)


@pytest.mark.parametrize("cut", [0.5, 0.99], ids=["half", "all-but-the-end"])
def test_a_photo_cut_short_is_refused_in_one_line_and_nothing_is_written(cut: float) -> None:
    original = _jpeg(_noise())
    kind = media.sniff(original)
    out = io.BytesIO()
    with pytest.raises(MediaRefused, match="cut short") as caught:
        media.strip(kind, io.BytesIO(original[: int(len(original) * cut)]), out)
    assert "\n" not in str(caught.value)


def test_a_scan_that_never_ends_is_refused_in_bounded_memory() -> None:
    header = _jpeg(_noise((16, 16)))
    scan = header.index(b"\xff\xda")
    start = scan + 2 + struct.unpack(">H", header[scan + 2 : scan + 4])[0]
    endless = header[:start] + b"\xff\x00\x12" * (20 * 1024 * 1024 // 3)  # 20 MiB, no end

    class Sink(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data: bytes) -> int:  # type: ignore[override]
            return len(data)

    kind = media.sniff(endless)
    source = io.BytesIO(endless)
    tracemalloc.start()
    try:
        with pytest.raises(MediaRefused, match="cut short"):
            media.strip(kind, source, Sink())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # a chunk or two, not the 20 MiB
