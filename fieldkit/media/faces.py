"""Faces in a photo: found with OpenCV's Haar cascades (frontal and profile, shipped inside
the opencv-python-headless wheel: nothing is downloaded), and regions of a photo blurred past
recognition in a copy without metadata.

Coordinates are pixels of the photo turned upright (as its stripped copy is), at full size.
Detection runs on a small grey copy (at most :data:`DETECT_SIDE` pixels on its longer side;
a JPEG is decoded straight at that scale), so its time is bounded whatever the photo's size;
the pixel bounds of :mod:`fieldkit.media.limits` are checked before any pixel is decoded.

**How strong the blur is.** A region is not softened with a Gaussian (which a deconvolution
can partly undo) but pixelated: it is averaged down to at most :data:`BLOCKS` blocks across
its shorter side, and those blocks are then box-blurred into each other. What is left of a
face is at most about 6 × 6 average colours: enough to see that a person is there, not who.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from fieldkit.media.limits import MediaRefused

if TYPE_CHECKING:  # Pillow, OpenCV and NumPy load when a photo is looked at, not before
    from PIL.Image import Image

#: The photos faces are looked for in and blurred (the images this version strips).
FACE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/heic"})

#: The longer side of the grey copy faces are looked for in. A face smaller than about
#: 1/43 of the photo's longer side (24 pixels there; 140 pixels of a 6000-pixel photo) is
#: not found.
DETECT_SIDE = 1024
MIN_FACE = 24
#: Blocks across a blurred region's shorter side (fewer: stronger).
BLOCKS = 6
#: Regions one photo may have blurred.
MAX_REGIONS = 200
#: How much of a detected face a blurred region must cover for the face to count as blurred.
COVERED = 0.8
#: A detected face becomes a region this much larger on every side (forehead, hair, chin).
MARGIN = 0.2


class RegionRefused(MediaRefused):
    """A region to blur is empty, outside the photo, or one too many."""


@dataclass(frozen=True, order=True)
class Box:
    """A rectangle in the upright photo's pixels."""

    x: int
    y: int
    w: int
    h: int

    @property
    def area(self) -> int:
        return max(self.w, 0) * max(self.h, 0)

    def overlap(self, other: Box) -> int:
        w = min(self.x + self.w, other.x + other.w) - max(self.x, other.x)
        h = min(self.y + self.h, other.y + other.h) - max(self.y, other.y)
        return max(w, 0) * max(h, 0)

    def clipped(self, width: int, height: int) -> Box:
        x, y = max(self.x, 0), max(self.y, 0)
        right, bottom = min(self.x + self.w, width), min(self.y + self.h, height)
        return Box(x, y, right - x, bottom - y)

    def grown(self, by: float, width: int, height: int) -> Box:
        dx, dy = round(self.w * by), round(self.h * by)
        return Box(self.x - dx, self.y - dy, self.w + 2 * dx, self.h + 2 * dy).clipped(
            width, height
        )

    def as_list(self) -> list[int]:
        return [self.x, self.y, self.w, self.h]

    @classmethod
    def of(cls, value: Any) -> Box:
        """A box from ``[x, y, w, h]`` (stored JSON, or typed numbers)."""
        try:
            x, y, w, h = (int(v) for v in value)
        except (TypeError, ValueError) as error:
            raise RegionRefused("a region is four whole numbers: x, y, width, height") from error
        if w <= 0 or h <= 0:
            raise RegionRefused("a region needs a width and a height above zero")
        return cls(x, y, w, h)


@dataclass(frozen=True)
class Detection:
    """The faces found in a photo of ``width`` × ``height`` upright pixels."""

    width: int
    height: int
    faces: tuple[Box, ...]


def uncovered(faces: tuple[Box, ...] | list[Box], regions: tuple[Box, ...] | list[Box]) -> int:
    """How many of ``faces`` the ``regions`` do not cover (by :data:`COVERED` of their area,
    measured on a 32 × 32 grid of points over each face, so overlapping regions count once)."""
    return sum(1 for face in faces if _covered(face, regions) < COVERED)


def _covered(face: Box, regions: tuple[Box, ...] | list[Box]) -> float:
    parts = [r for r in regions if face.overlap(r)]
    if not parts or face.area == 0:
        return 0.0
    xs = [face.x + (i + 0.5) * face.w / 32 for i in range(32)]
    ys = [face.y + (j + 0.5) * face.h / 32 for j in range(32)]
    inside = sum(
        1
        for x in xs
        for y in ys
        if any(p.x <= x < p.x + p.w and p.y <= y < p.y + p.h for p in parts)
    )
    return inside / (32 * 32)


def regions_for(faces: tuple[Box, ...] | list[Box], width: int, height: int) -> list[Box]:
    """The regions that blur ``faces``: each face with :data:`MARGIN` around it."""
    return [face.grown(MARGIN, width, height) for face in faces]


# --- finding faces --------------------------------------------------------------------------


def _cascades() -> list[Any]:
    import cv2

    folder = cv2.data.haarcascades  # type: ignore[attr-defined]
    found = []
    for name in ("haarcascade_frontalface_default.xml", "haarcascade_profileface.xml"):
        cascade = cv2.CascadeClassifier(folder + name)
        if cascade.empty():
            raise MediaRefused(f"OpenCV's face model {name} is missing from this installation")
        found.append(cascade)
    return found


_CASCADES: list[Any] = []


def detect(stream: BinaryIO) -> Detection:
    """The faces in the photo in ``stream`` (frontal, and profiles facing either way).

    The grey copy is not histogram-equalised: on drawn and evenly lit faces that lost more
    than it found (measured with the tests' drawn face)."""
    import numpy as np
    from PIL.Image import Resampling

    from fieldkit.media import images

    with images.opened(stream) as image:
        full_w, full_h = image.size
        turned = image.getexif().get(images.ORIENTATION, 1) in (5, 6, 7, 8)
        if turned:
            full_w, full_h = full_h, full_w
        scale = min(1.0, DETECT_SIDE / max(full_w, full_h, 1))
        if image.format == "JPEG":  # decoded at 1/2, 1/4 or 1/8 of its size: far less work
            image.draft("L", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
        grey = images.upright(image).convert("L")
        if max(grey.size) > DETECT_SIDE:
            grey.thumbnail((DETECT_SIDE, DETECT_SIDE), Resampling.BOX)
    pixels = np.asarray(grey, dtype=np.uint8)
    if not _CASCADES:
        _CASCADES.extend(_cascades())
    frontal, profile = _CASCADES
    width = pixels.shape[1]
    boxes = [tuple(int(v) for v in b) for b in _run(frontal, pixels)]
    boxes += [tuple(int(v) for v in b) for b in _run(profile, pixels)]
    boxes += [
        (width - int(x) - int(w), int(y), int(w), int(h))
        for x, y, w, h in _run(profile, np.ascontiguousarray(pixels[:, ::-1]))
    ]
    fx, fy = full_w / grey.width, full_h / grey.height
    faces = [
        Box(round(x * fx), round(y * fy), round(w * fx), round(h * fy)).clipped(full_w, full_h)
        for x, y, w, h in boxes
    ]
    return Detection(full_w, full_h, tuple(sorted(_merged(faces))))


def _run(cascade: Any, pixels: Any) -> Any:
    found = cascade.detectMultiScale(
        pixels, scaleFactor=1.2, minNeighbors=5, minSize=(MIN_FACE, MIN_FACE)
    )
    return found if len(found) else []


def _merged(faces: list[Box]) -> list[Box]:
    """One box for a face two cascades both found (they overlap by more than half the
    smaller one)."""
    kept: list[Box] = []
    for face in sorted(faces, key=lambda b: -b.area):
        if all(face.overlap(k) < 0.5 * min(face.area, k.area) for k in kept):
            kept.append(face)
    return kept


# --- blurring -------------------------------------------------------------------------------


def pixelate(image: Image, region: Box) -> None:
    """Blur ``region`` of ``image`` in place past recognition (see the module's note)."""
    from PIL import ImageFilter
    from PIL.Image import Resampling

    box = region.clipped(image.width, image.height)
    if box.area == 0:
        return
    block = max(4, math.ceil(min(box.w, box.h) / BLOCKS))
    area = (box.x, box.y, box.x + box.w, box.y + box.h)
    part = image.crop(area)
    small = part.resize(
        (max(1, math.ceil(box.w / block)), max(1, math.ceil(box.h / block))),
        Resampling.BOX,
    )
    blocky = small.resize((box.w, box.h), Resampling.NEAREST)
    image.paste(blocky.filter(ImageFilter.BoxBlur(block // 2)), area)


def check_regions(regions: list[Box], width: int, height: int) -> list[Box]:
    """The regions clipped to the photo; :class:`RegionRefused` for one outside it or too
    many."""
    if len(regions) > MAX_REGIONS:
        raise RegionRefused(f"a photo can have at most {MAX_REGIONS} blurred regions")
    clipped = []
    for region in regions:
        inside = region.clipped(width, height)
        if inside.w <= 0 or inside.h <= 0:
            raise RegionRefused(
                f"the region {region.x},{region.y},{region.w},{region.h} is outside the photo "
                f"({width} × {height} pixels)"
            )
        clipped.append(inside)
    return clipped


def blur(stream: BinaryIO, out: BinaryIO, mime: str, regions: list[Box]) -> list[Box]:
    """Write into ``out`` the photo in ``stream`` turned upright, without its metadata (as
    its stripped copy), with ``regions`` blurred; returns the regions as clipped to it."""
    from fieldkit.media import images

    with images.opened(stream) as image:
        pixels = images.upright(image)
        checked = check_regions(regions, pixels.width, pixels.height)
        if pixels is image:
            pixels = image.copy()
        if pixels.mode in ("P", "PA", "1", "I;16"):  # averaged as colours, not indices
            pixels = pixels.convert("RGBA" if image.has_transparency_data else "RGB")
        for region in checked:
            pixelate(pixels, region)
        images.encode(pixels, image, out, mime)
    return checked
