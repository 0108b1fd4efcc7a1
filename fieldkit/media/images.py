"""Photos and images (JPEG, PNG, WebP, HEIC) with Pillow and pillow-heif: EXIF, GPS, XMP,
IPTC, comments and text chunks read into items; a stripped copy re-encoded without them."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import Any, BinaryIO

from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError

from fieldkit.media import jpeg
from fieldkit.media.items import Item, ItemKind, clip
from fieldkit.media.limits import MAX_PIXELS, MediaRefused
from fieldkit.media.xmlparts import xmp_items

# Pillow refuses (DecompressionBombError) twice this at open; the check below refuses more
# than this before any pixel is decoded.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

with contextlib.suppress(ImportError):  # pillow-heif is optional: without it HEIC is unread
    from pillow_heif import register_heif_opener

    register_heif_opener()

FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/heic": "HEIF"}

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
#: EXIF tags by what they say (base and Exif IFD).
TAGS: dict[int, tuple[ItemKind, str]] = {
    0x010F: (ItemKind.CAMERA, "Camera make"),
    0x0110: (ItemKind.CAMERA, "Camera model"),
    0x0131: (ItemKind.SOFTWARE, "Software"),
    0x0132: (ItemKind.CAPTURE_TIME, "Changed"),
    0x013B: (ItemKind.AUTHOR, "Artist"),
    0x8298: (ItemKind.AUTHOR, "Copyright"),
    0x010E: (ItemKind.COMMENT, "Description"),
    0x9003: (ItemKind.CAPTURE_TIME, "Taken"),
    0x9004: (ItemKind.CAPTURE_TIME, "Digitised"),
    0x9286: (ItemKind.COMMENT, "Comment"),
    0xA420: (ItemKind.SERIAL, "Image unique id"),
    0xA430: (ItemKind.AUTHOR, "Camera owner"),
    0xA431: (ItemKind.SERIAL, "Camera serial number"),
    0xA433: (ItemKind.CAMERA, "Lens make"),
    0xA434: (ItemKind.CAMERA, "Lens model"),
    0xA435: (ItemKind.SERIAL, "Lens serial number"),
    0x9C9B: (ItemKind.TITLE, "Title"),
    0x9C9C: (ItemKind.COMMENT, "Comment"),
    0x9C9D: (ItemKind.AUTHOR, "Author"),
    0x9C9F: (ItemKind.COMMENT, "Subject"),
}
MAKER_NOTE = 0x927C
ORIENTATION = 0x0112


@contextlib.contextmanager
def opened(stream: BinaryIO) -> Iterator[Image.Image]:
    stream.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(stream)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise MediaRefused(
                f"the image claims more than the {MAX_PIXELS:,} pixels accepted"
            ) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise MediaRefused("the image cannot be read: it is damaged or not an image") from error
    with image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise MediaRefused(
                f"the image claims {width:,} × {height:,} pixels, more than the "
                f"{MAX_PIXELS:,} accepted"
            )
        yield image


def _degrees(value: Any) -> float:
    d, m, s = (float(part) for part in value)
    degrees = d + m / 60 + s / 3600
    if degrees != degrees or not -180 <= degrees <= 180:  # NaN: a zero denominator
        raise ValueError("not a coordinate")
    return degrees


def _gps(gps: dict[int, Any]) -> list[Item]:
    found = []
    try:
        lat = _degrees(gps[2])
        lon = _degrees(gps[4])
        lat_ref = clip(gps.get(1, "N")) or "N"
        lon_ref = clip(gps.get(3, "E")) or "E"
        found.append(Item(ItemKind.GPS, f"GPS position {lat:.4f} {lat_ref}, {lon:.4f} {lon_ref}"))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        if gps:
            fields = f"{len(gps)} field{'' if len(gps) == 1 else 's'}"
            found.append(Item(ItemKind.GPS, f"GPS data ({fields})"))
    if 6 in gps:
        with contextlib.suppress(TypeError, ValueError, ZeroDivisionError):
            found.append(Item(ItemKind.GPS, f"GPS altitude {float(gps[6]):.0f} m"))
    return found


def _exif_items(image: Image.Image) -> list[Item]:
    exif = image.getexif()
    found: list[Item] = []
    tags = dict(exif)
    with contextlib.suppress(KeyError, TypeError, ValueError):
        tags.update(exif.get_ifd(EXIF_IFD))
    for tag, value in tags.items():
        if tag in TAGS:
            kind, label = TAGS[tag]
            if isinstance(value, bytes) and tag in (0x9C9B, 0x9C9C, 0x9C9D, 0x9C9F):
                value = value.decode("utf-16-le", "replace")
            elif isinstance(value, bytes) and tag == 0x9286:
                value = _user_comment(value)
            found.append(Item(kind, f"{label}: {clip(value)}"))
        elif tag == MAKER_NOTE:
            found.append(
                Item(ItemKind.SERIAL, "Maker notes (manufacturer data; may hold a serial number)")
            )
    with contextlib.suppress(KeyError, TypeError, ValueError):
        gps = exif.get_ifd(GPS_IFD)
        found.extend(_gps(dict(gps)))
    return found


def _user_comment(value: bytes) -> str:
    code, text = value[:8], value[8:]
    if code.startswith(b"UNICODE"):
        big = text[:2] != b"\xff\xfe" and (len(text) < 2 or text[0] == 0)
        return text.decode("utf-16-be" if big else "utf-16-le", "replace")
    return text.decode("utf-8", "replace")


def read(stream: BinaryIO) -> list[Item]:
    with opened(stream) as image:
        found = _exif_items(image)
        info = image.info
        if info.get("comment"):
            found.append(Item(ItemKind.COMMENT, f"Comment: {clip(info['comment'])}"))
        xmp = info.get("xmp") or info.get("XML:com.adobe.xmp")
        if xmp:
            found.extend(xmp_items(xmp if isinstance(xmp, bytes) else str(xmp).encode()))
        if info.get("photoshop") or info.get("iptc"):
            found.append(Item(ItemKind.EMBEDDED, "IPTC/Photoshop data (may name the author)"))
        text = getattr(image, "text", None) if image.format == "PNG" else None
        for key, value in (text or {}).items():
            if key != "XML:com.adobe.xmp":
                found.append(Item(ItemKind.TAG, f"Text '{clip(key)}': {clip(value)}"))
        return found


def strip(stream: BinaryIO, out: BinaryIO, mime: str) -> None:
    """Write the image again with its pixels and colour profile only: a JPEG's compressed
    pixels copied as they are (with its orientation), the other formats' pixels (turned
    upright) re-encoded."""
    with opened(stream) as image:
        if mime == "image/jpeg" and isinstance(image, JpegImagePlugin.JpegImageFile):
            try:
                orientation = image.getexif().get(ORIENTATION)
            except (OSError, SyntaxError, ValueError):
                orientation = None
            jpeg.strip(stream, out, orientation if isinstance(orientation, int) else None)
            return
        encode(upright(image), image, out, mime)


def upright(image: Image.Image) -> Image.Image:
    """The decoded pixels of ``image``, turned as its orientation tag says (the image
    itself where they need no turning)."""
    try:
        image.load()
        turned = image.getexif().get(ORIENTATION, 1) not in (1, None)
        # A copy only where the pixels must turn (24 megapixels copy in ~30 ms).
        return ImageOps.exif_transpose(image) if turned else image
    except (OSError, SyntaxError, ValueError) as error:
        raise MediaRefused("the image cannot be read: it is damaged") from error


def encode(pixels: Image.Image, source: Image.Image, out: BinaryIO, mime: str) -> None:
    """``pixels`` written as ``mime`` with ``source``'s colour profile (and, for a JPEG, its
    quantisation and sampling) and no metadata at all."""
    icc = source.info.get("icc_profile")
    qtables = getattr(source, "quantization", None)
    pixels.info = {}
    options: dict[str, Any] = {"icc_profile": icc} if icc else {}
    if mime == "image/jpeg" and isinstance(source, JpegImagePlugin.JpegImageFile):
        # The original's quantisation and sampling: re-encoding changes it least.
        options["qtables"] = qtables
        with contextlib.suppress(ValueError, KeyError):
            options["subsampling"] = JpegImagePlugin.get_sampling(source)
    elif mime in ("image/webp", "image/heic"):
        options["quality"] = 95
    if mime == "image/heic":
        # pillow-heif finds the metadata of the image it opened (and refuses an empty
        # EXIF): it is given a plain copy of the pixels instead.
        pixels = pixels.copy()
        pixels.info = {}
    else:
        options["exif"] = b""
    pixels.save(out, FORMATS[mime], **options)
