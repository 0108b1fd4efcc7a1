"""Faces found in a photo with OpenCV's shipped cascades, and regions blurred past recognition
in a copy that has no metadata either."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat

from fieldkit import media
from fieldkit.media import faces
from fieldkit.media.faces import Box
from fieldkit.media.limits import MediaRefused
from tests.media_samples import (
    FACE_CENTRE,
    SERIAL,
    face_jpeg,
    face_picture,
    jpeg,
    pixel_bomb_png,
)

JPEG = media.sniff(b"\xff\xd8\xff\xe0")


def _blurred(data: bytes, regions: list[Box]) -> bytes:
    out = io.BytesIO()
    media.strip_blurred(JPEG, io.BytesIO(data), out, regions)
    return out.getvalue()


def test_the_drawn_face_is_found_where_it_is() -> None:
    found = faces.detect(io.BytesIO(face_jpeg()))
    assert (found.width, found.height) == (480, 320)
    (face,) = found.faces
    cx, cy = FACE_CENTRE
    assert face.x < cx < face.x + face.w and face.y < cy < face.y + face.h
    assert 50 <= face.w <= 160
    # The control: the same photo without the face has none.
    assert faces.detect(io.BytesIO(jpeg(size=(480, 320)))).faces == ()


def test_a_photo_taken_on_its_side_gives_upright_coordinates() -> None:
    image = Image.open(io.BytesIO(face_jpeg()))
    sideways = image.transpose(Image.Transpose.ROTATE_90)  # the camera's raw pixels
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned a quarter clockwise: upright again
    out = io.BytesIO()
    sideways.save(out, "JPEG", exif=exif, quality=95)
    found = faces.detect(io.BytesIO(out.getvalue()))
    assert (found.width, found.height) == (480, 320)
    (face,) = found.faces
    cx, cy = FACE_CENTRE
    assert face.x < cx < face.x + face.w and face.y < cy < face.y + face.h


def test_a_blurred_face_is_past_recognition_and_the_rest_is_as_it_was() -> None:
    original = face_jpeg("CANARY-FACE comment")
    (face,) = faces.detect(io.BytesIO(original)).faces
    regions = faces.regions_for([face], 480, 320)
    blurred = _blurred(original, regions)
    # No face is found in the blurred copy, and the face's detail is gone: the variance of
    # its edges (eyes, brows, nostrils, mouth) collapses to a few times less.
    assert faces.detect(io.BytesIO(blurred)).faces == ()
    area = (face.x, face.y, face.x + face.w, face.y + face.h)

    def edges(data: bytes) -> float:
        grey = Image.open(io.BytesIO(data)).convert("L")
        return ImageStat.Stat(grey.filter(ImageFilter.FIND_EDGES).crop(area)).var[0]

    assert edges(blurred) < edges(original) / 10
    # Outside the blurred region the photo is the original within a re-encoding's noise, the
    # sharp stripes included (the stripped copy, with nothing blurred, is not re-encoded).
    stripped = io.BytesIO()
    media.strip(JPEG, io.BytesIO(original), stripped)
    outside = (0, 190, 120, 310)

    def differs(one: bytes, other: bytes) -> float:
        diff = ImageChops.difference(
            Image.open(io.BytesIO(one)).convert("RGB").crop(outside),
            Image.open(io.BytesIO(other)).convert("RGB").crop(outside),
        )
        return max(ImageStat.Stat(diff).mean)

    assert differs(stripped.getvalue(), original) == 0
    assert differs(blurred, original) < 8
    # The copy carries none of the original's metadata (the control: the original does).
    assert any("GPS" in i.text for i in media.read_metadata(JPEG, io.BytesIO(original)).items)
    assert any(SERIAL in i.text for i in media.read_metadata(JPEG, io.BytesIO(original)).items)
    assert media.read_metadata(JPEG, io.BytesIO(blurred)).items == ()
    assert b"CANARY-FACE" in original and b"CANARY-FACE" not in blurred


def test_regions_are_clipped_to_the_photo_and_one_outside_it_is_refused() -> None:
    data = face_jpeg()
    out = io.BytesIO()
    kept = media.strip_blurred(JPEG, io.BytesIO(data), out, [Box(-10, -10, 50, 40)])
    assert kept == [Box(0, 0, 40, 30)]
    with pytest.raises(faces.RegionRefused, match="outside the photo"):
        media.strip_blurred(JPEG, io.BytesIO(data), io.BytesIO(), [Box(500, 10, 20, 20)])
    with pytest.raises(faces.RegionRefused, match="at most"):
        media.strip_blurred(
            JPEG, io.BytesIO(data), io.BytesIO(), [Box(1, 1, 2, 2)] * (faces.MAX_REGIONS + 1)
        )
    with pytest.raises(faces.RegionRefused, match="above zero"):
        Box.of([1, 2, 0, 5])


def test_a_face_counts_as_blurred_only_when_regions_cover_most_of_it() -> None:
    face = Box(100, 100, 100, 100)
    assert faces.uncovered([face], []) == 1
    assert faces.uncovered([face], [Box(90, 90, 120, 120)]) == 0
    assert faces.uncovered([face], [Box(100, 100, 50, 100)]) == 1  # half of it
    # Two regions side by side cover it together.
    assert faces.uncovered([face], [Box(100, 100, 50, 100), Box(150, 100, 50, 100)]) == 0


def test_a_large_photo_is_looked_at_in_a_bounded_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    big = Image.new("RGB", (4800, 3200), (60, 70, 80))
    big.paste(face_picture().resize((2400, 1600)), (1200, 800))
    out = io.BytesIO()
    big.save(out, "JPEG", quality=85)
    shapes: list[tuple[int, ...]] = []
    real = faces._run

    def run(cascade, pixels):
        shapes.append(pixels.shape)
        return real(cascade, pixels)

    monkeypatch.setattr(faces, "_run", run)
    found = faces.detect(io.BytesIO(out.getvalue()))
    assert shapes and all(max(shape) <= faces.DETECT_SIDE for shape in shapes)
    (face,) = found.faces  # in the full photo's pixels
    assert 2400 < face.x + face.w / 2 < 3600 and 1200 < face.y + face.h / 2 < 2400


def test_a_pixel_bomb_is_refused_before_a_pixel_is_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(*_args):
        raise AssertionError("the detector ran on a pixel bomb")

    monkeypatch.setattr(faces, "_run", never)
    png = media.sniff(b"\x89PNG\r\n\x1a\n")
    start = time.perf_counter()
    with pytest.raises(MediaRefused, match="pixels"):
        media.find_faces(png, io.BytesIO(pixel_bomb_png()))
    with pytest.raises(MediaRefused, match="pixels"):
        media.strip_blurred(png, io.BytesIO(pixel_bomb_png()), io.BytesIO(), [Box(0, 0, 9, 9)])
    assert time.perf_counter() - start < 60  # a hang guard, not a timing


def test_only_photos_are_looked_at_for_faces() -> None:
    with pytest.raises(media.NotStrippable, match="only photos"):
        media.find_faces(media.sniff(b"%PDF-1.7\n"), io.BytesIO(b"%PDF-1.7\n"))
