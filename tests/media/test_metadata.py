"""What each format carries, said in words, and the stripped copy without it."""

from __future__ import annotations

import io
import tracemalloc

import pytest
from PIL import Image, ImageOps

from fieldkit import media
from fieldkit.media import ItemKind, MediaRefused, NotStrippable
from fieldkit.media.limits import MAX_PIXELS
from tests import media_samples

CANARY = "CANARY-7F3A9"
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


def _carries(data: bytes, needle: str) -> bool:
    return any(needle.encode(enc) in data for enc in ENCODINGS)


def _stripped(data: bytes) -> tuple[media.MediaType, bytes]:
    kind = media.sniff(data[:8192])
    out = io.BytesIO()
    media.strip(kind, io.BytesIO(data), out)
    out.seek(0)
    media.check_stripped(kind, out)
    return kind, out.getvalue()


def _texts(data: bytes) -> list[str]:
    meta = media.read_metadata(media.sniff(data[:8192]), io.BytesIO(data))
    return [item.text for item in meta.items]


def test_gps_and_serial_in_a_photo_are_said_in_words_and_gone_from_the_stripped_copy() -> None:
    photo = media_samples.jpeg(CANARY)
    # The control: the original carries them, and the reader sees them.
    assert _carries(photo, media_samples.SERIAL)
    meta = media.read_metadata(media.sniff(photo), io.BytesIO(photo))
    texts = [item.text for item in meta.items]
    assert "GPS position 43.2567 N, 76.9286 E" in texts
    assert f"Camera serial number: {media_samples.SERIAL}" in texts
    assert meta.sensitive >= 2
    kind, copy = _stripped(photo)
    assert not _carries(copy, media_samples.SERIAL) and not _carries(copy, CANARY)
    assert media.read_metadata(kind, io.BytesIO(copy)).items == ()
    with Image.open(io.BytesIO(copy)) as image:
        assert image.size == (64, 48)
        gps = image.getexif().get_ifd(0x8825)
        assert not gps


@pytest.mark.parametrize(
    ("make", "kinds"),
    [
        (lambda: media_samples.jpeg(CANARY), {ItemKind.GPS, ItemKind.SERIAL, ItemKind.COMMENT}),
        (lambda: media_samples.png(CANARY), {ItemKind.TAG}),
        (lambda: media_samples.wav(CANARY), {ItemKind.TITLE, ItemKind.AUTHOR}),
        (lambda: media_samples.mp3_tags_only(CANARY), {ItemKind.TITLE, ItemKind.AUTHOR}),
        (lambda: media_samples.pdf(CANARY), {ItemKind.TITLE, ItemKind.AUTHOR}),
        (lambda: media_samples.docx(CANARY), {ItemKind.AUTHOR, ItemKind.SOFTWARE}),
        (lambda: media_samples.photo("WEBP", CANARY), {ItemKind.SERIAL, ItemKind.AUTHOR}),
        (lambda: media_samples.photo("HEIF", CANARY), {ItemKind.SERIAL, ItemKind.AUTHOR}),
        (lambda: media_samples.flac(CANARY), {ItemKind.AUTHOR, ItemKind.TITLE}),
    ],
    ids=["jpeg", "png", "wav", "mp3", "pdf", "docx", "webp", "heic", "flac"],
)
def test_each_format_lists_its_metadata_and_strips_it(make, kinds) -> None:  # type: ignore[no-untyped-def]
    original = make()
    meta = media.read_metadata(media.sniff(original), io.BytesIO(original))
    assert kinds <= {item.kind for item in meta.items}
    assert any(CANARY in item.text for item in meta.items)
    assert _carries(original, CANARY)
    _kind, copy = _stripped(original)
    assert not _carries(copy, CANARY)


def test_the_stripped_wav_keeps_its_samples() -> None:
    original = media_samples.wav(CANARY)
    _kind, copy = _stripped(original)
    import wave

    with wave.open(io.BytesIO(copy)) as clean, wave.open(io.BytesIO(media_samples.tone())) as tone:
        assert clean.readframes(clean.getnframes()) == tone.readframes(tone.getnframes())


class _Forward(io.RawIOBase):
    """An output that only goes forward, as the sealer a stripped copy is written into."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        self.data += b
        return len(b)


def test_a_long_wav_is_stripped_into_an_output_that_cannot_seek() -> None:
    """Twelve seconds at 8 kHz is more than one block read: the copy was refused as damaged
    when the WAV writer sought back to patch its header after each block."""
    import wave

    samples = bytes(range(256)) * 1500  # 384,000 bytes: 16-bit mono, 24 s at 8 kHz
    source = io.BytesIO()
    with wave.open(source, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(samples)
    out = _Forward()
    media.strip(media.sniff(source.getvalue()[:8192]), _Trickle(source.getvalue()), out)
    with wave.open(io.BytesIO(bytes(out.data))) as copy:
        assert copy.getnframes() == len(samples) // 2
        assert copy.readframes(copy.getnframes()) == samples


class _Trickle(io.BytesIO):
    """A source handing out at most 64 KiB a read, as the sealed reader does."""

    def read(self, size: int | None = -1) -> bytes:
        return super().read(65536 if size is None or size < 0 else min(size, 65536))


def test_a_wav_cut_short_is_refused_as_damaged_not_left_half_written() -> None:
    import wave

    source = io.BytesIO()
    with wave.open(source, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\1\2" * 8000)
    cut = source.getvalue()[: len(source.getvalue()) // 2]
    with pytest.raises(MediaRefused, match="damaged or cut short"):
        media.strip(media.sniff(cut[:8192]), io.BytesIO(cut), _Forward())


def test_a_stripped_docx_has_no_property_values_and_no_part_times() -> None:
    import zipfile

    _kind, copy = _stripped(media_samples.docx(CANARY))
    with zipfile.ZipFile(io.BytesIO(copy)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"Court No 2" not in package.read("docProps/app.xml")
        assert package.read("word/document.xml").startswith(b"<w:document")


AVI = b"RIFF" + (1000).to_bytes(4, "little") + b"AVI LIST" + bytes(100)


def test_formats_that_cannot_be_stripped_are_refused_clearly() -> None:
    video = media.sniff(AVI)
    assert video.kind is media.Kind.VIDEO and not video.strippable
    meta = media.read_metadata(video, io.BytesIO(b""))
    assert not meta.examined and "does not read" in meta.note
    with pytest.raises(NotStrippable, match="cannot strip the metadata of a video"):
        media.strip(video, io.BytesIO(b""), io.BytesIO())


def _refused_in_bounded_memory(bomb: bytes, match: str) -> None:
    """Reading and stripping ``bomb`` are both refused, saying ``match``, in under 5 MiB."""
    kind = media.sniff(bomb)
    tracemalloc.start()
    try:
        with pytest.raises(MediaRefused, match=match):
            media.read_metadata(kind, io.BytesIO(bomb))
        with pytest.raises(MediaRefused, match=match):
            media.strip(kind, io.BytesIO(bomb), io.BytesIO())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


def test_a_pixel_bomb_is_refused_before_decoding_in_bounded_memory() -> None:
    bomb = media_samples.pixel_bomb_png()
    assert len(bomb) < 1024
    _refused_in_bounded_memory(bomb, "pixels")


def test_an_image_just_over_the_limit_is_refused_without_decoding() -> None:
    side = int(MAX_PIXELS**0.5) + 100
    bomb = media_samples.pixel_bomb_png(side, side)
    with pytest.raises(MediaRefused, match="more than the"):
        media.strip(media.sniff(bomb), io.BytesIO(bomb), io.BytesIO())


def test_a_zip_bomb_docx_is_refused_before_unpacking() -> None:
    _refused_in_bounded_memory(media_samples.zip_bomb_docx(), "zip bomb")


@pytest.mark.parametrize("junk", [b"\xff\xd8\xff\xe0" + b"\0" * 50, b"%PDF-1.7\n" + b"x" * 50])
def test_a_damaged_file_of_a_known_type_is_refused_in_one_line(junk: bytes) -> None:
    kind = media.sniff(junk)
    assert kind.strippable
    with pytest.raises(MediaRefused) as caught:
        media.strip(kind, io.BytesIO(junk), io.BytesIO())
    assert "\n" not in str(caught.value)


def test_a_photo_taken_sideways_keeps_only_its_orientation_and_is_still_shown_upright() -> None:
    image = Image.new("RGB", (60, 20), (200, 10, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    exif[0x010F] = CANARY
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    _kind, copy = _stripped(out.getvalue())
    assert not _carries(copy, CANARY)
    with Image.open(io.BytesIO(copy)) as clean:
        assert dict(clean.getexif()) == {0x0112: 6}
        assert ImageOps.exif_transpose(clean).size == (20, 60)
