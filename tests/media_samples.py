"""Media files made in the tests: photos with EXIF and GPS, tagged audio, PDFs and office
documents with authors and titles, and hostile ones (a pixel bomb, a zip bomb)."""

from __future__ import annotations

import io
import math
import struct
import wave
import zipfile
import zlib
from pathlib import Path

import pikepdf
from mutagen.id3 import COMM, ID3, TIT2, TPE1
from mutagen.wave import WAVE
from PIL import Image

SERIAL = "SN-48151623"
LATITUDE, LONGITUDE = 43.2567, 76.9286


def written(path: Path, data: bytes) -> Path:
    """``data`` (one of the samples below) written to ``path``, its folder made: the path,
    to attach or import as a file off a phone or a stick."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 2)
    return (float(degrees), float(minutes), seconds)


def jpeg(
    comment: str = "",
    *,
    gps: bool = True,
    serial: bool = True,
    size=(64, 48),
    picture: Image.Image | None = None,
) -> bytes:
    """A photo whose EXIF holds ``comment`` (UserComment and ImageDescription), a GPS position
    and a camera serial number, as a phone writes them (of ``picture``, else a plain blue)."""
    image = picture if picture is not None else Image.new("RGB", size, (90, 140, 200))
    exif = Image.Exif()
    exif[0x010F] = "Acme"
    exif[0x0110] = "Phone 7"
    if comment:
        exif[0x010E] = comment
    ifd = exif.get_ifd(0x8769)
    ifd[0x9003] = "2020:02:08 14:30:00"
    if serial:
        ifd[0xA431] = SERIAL
    if comment:
        ifd[0x9286] = b"UNICODE\x00" + comment.encode("utf-16-be")
    if gps:
        g = exif.get_ifd(0x8825)
        g[1], g[2], g[3], g[4] = "N", _dms(LATITUDE), "E", _dms(LONGITUDE)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=comment.encode() if comment else b"")
    return out.getvalue()


FACE_CENTRE = (300, 160)


def face_picture(size: int = 90, canvas=(480, 320), centre=FACE_CENTRE) -> Image.Image:
    """A drawn face OpenCV's frontal Haar cascade finds (tests/media/test_faces.py shows it
    does): a skin-toned oval with hair, brows, eyes, a nose and a mouth, softened a little,
    on a grey-blue background with a striped patch away from the face (to see that the rest
    of the photo is left as it was)."""
    from PIL import ImageDraw, ImageFilter

    image = Image.new("RGB", canvas, (60, 70, 80))
    draw = ImageDraw.Draw(image)
    for x in range(10, 110, 10):
        draw.rectangle([x, 200, x + 4, 300], fill=(230, 230, 90))
    cx, cy = centre
    w, h = size * 0.42, size * 0.55
    draw.ellipse([cx - w, cy - h, cx + w, cy + h], fill=(225, 185, 160))
    draw.chord([cx - w - 4, cy - h - 10, cx + w + 4, cy - h * 0.2], 180, 360, fill=(40, 30, 20))
    ey, ex, er = cy - h * 0.18, w * 0.42, size * 0.07
    for side in (-1, 1):
        x = cx + side * ex
        draw.rectangle(
            [x - er * 1.5, ey - er * 1.9, x + er * 1.5, ey - er * 1.4], fill=(60, 40, 30)
        )
        draw.ellipse(
            [x - er * 1.3, ey - er * 0.7, x + er * 1.3, ey + er * 0.7], fill=(250, 250, 250)
        )
        draw.ellipse([x - er * 0.6, ey - er * 0.6, x + er * 0.6, ey + er * 0.6], fill=(30, 20, 20))
    nose = [(cx, ey + er), (cx - er * 0.9, cy + h * 0.22), (cx + er * 0.9, cy + h * 0.22)]
    draw.polygon(nose, fill=(200, 150, 130))
    draw.chord(
        [cx - w * 0.4, cy + h * 0.32, cx + w * 0.4, cy + h * 0.55], 0, 180, fill=(150, 60, 60)
    )
    softened = image.filter(ImageFilter.GaussianBlur(size / 60))
    softened.paste(image.crop((0, 190, 120, 310)), (0, 190))  # the stripes stay sharp
    return softened


def face_jpeg(comment: str = "", **options) -> bytes:
    """:func:`jpeg` (EXIF with ``comment``, GPS, serial number) of :func:`face_picture`."""
    return jpeg(comment, picture=face_picture(**options))


def png(text: str = "") -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    if text:
        info.add_itxt("Author", text)
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (1, 2, 3)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def tone(seconds: float = 0.2, rate: int = 8000) -> bytes:
    """A plain PCM WAV of a 440 Hz tone."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate)))
                for n in range(int(seconds * rate))
            )
        )
    return out.getvalue()


def wav(title: str, artist: str = "Interviewer A") -> bytes:
    """A tone whose ID3 tags (via mutagen) and RIFF INFO chunk carry ``title``."""
    data = tone()
    info = b"INFO" + b"INAM" + struct.pack("<I", len(title.encode()) + 1) + title.encode() + b"\0"
    if len(info) % 2:
        info += b"\0"
    chunk = b"LIST" + struct.pack("<I", len(info)) + info
    body = data[12:] + chunk
    data = b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body
    buffer = io.BytesIO(data)
    tagged = WAVE(buffer)
    tagged.add_tags()
    tagged.tags.add(TIT2(encoding=3, text=title))
    tagged.tags.add(TPE1(encoding=3, text=artist))
    tagged.tags.add(COMM(encoding=3, lang="eng", desc="", text=title))
    buffer.seek(0)
    tagged.save(buffer)
    return buffer.getvalue()


def mp3_tags_only(title: str) -> bytes:
    """ID3 tags before a few silent MPEG frames."""
    frame = bytes.fromhex("fffb9064") + bytes(413)
    buffer = io.BytesIO(frame * 20)
    tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    tags.add(TPE1(encoding=3, text="Interviewer A"))
    tags.save(buffer)
    return buffer.getvalue()


def pdf(title: str, author: str = "Judge K.") -> bytes:
    """A one-page PDF whose Info dictionary and XMP hold ``title`` and ``author``."""
    document = pikepdf.new()
    document.add_blank_page()
    with document.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
        meta["dc:creator"] = [author]
    document.docinfo["/Title"] = title
    document.docinfo["/Author"] = author
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx(author: str, title: str = "Ruling") -> bytes:
    """A Word document naming its author, company and title; stored, not deflated, so a
    byte search finds what it carries."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        package.writestr("word/document.xml", "<w:document xmlns:w='urn:w'><w:body/></w:document>")
        package.writestr(
            "docProps/core.xml",
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator>{author}</dc:creator><dc:title>{title}</dc:title>"
            "<cp:lastModifiedBy>Clerk</cp:lastModifiedBy></cp:coreProperties>",
        )
        package.writestr(
            "docProps/app.xml",
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Company>Court No 2</Company>'
            "<Application>Microsoft Office Word</Application></Properties>",
        )
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    """A DOCX whose document part unpacks from about 100 KB to 100 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"\0" * (100 * 1024 * 1024))
    return out.getvalue()


def pixel_bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG of a few dozen bytes whose header claims ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


XMP = (
    "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
    "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
    "xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:creator><rdf:Seq><rdf:li>{}</rdf:li>"
    "</rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def photo(fmt: str, author: str) -> bytes:
    """A WebP or HEIC image whose EXIF holds a camera serial number and whose XMP names
    ``author`` (pillow-heif registers HEIC with Pillow when fieldkit.media.images loads)."""
    import fieldkit.media.images  # noqa: F401 - registers the HEIF plugin

    exif = Image.Exif()
    exif[0x010F] = "Acme"
    exif.get_ifd(0x8769)[0xA431] = SERIAL
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (1, 2, 3)).save(out, fmt, exif=exif, xmp=XMP.format(author).encode())
    return out.getvalue()


def flac(artist: str) -> bytes:
    """A FLAC stream header whose Vorbis comment names ``artist`` (no audio frames to speak of)."""
    info = struct.pack(">HH", 4096, 4096) + bytes(6)
    info += ((44100 << 44) | (1 << 41) | (15 << 36)).to_bytes(8, "big") + bytes(16)
    vendor = b"reference libFLAC"
    comments = [f"ARTIST={artist}".encode(), b"TITLE=Interview 12"]
    body = struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", len(comments))
    body += b"".join(struct.pack("<I", len(c)) + c for c in comments)

    def block(last: bool, kind: int, data: bytes) -> bytes:
        return bytes([(0x80 if last else 0) | kind]) + len(data).to_bytes(3, "big") + data

    return b"fLaC" + block(False, 0, info) + block(True, 4, body) + b"\xff\xf8" + bytes(50)


#: A phone's position, as MP4 and QuickTime write it (ISO 6709).
VIDEO_PLACE = "+43.2567+076.9286/"


def video(container: str = "mp4", title: str = "", frames: int = 12) -> bytes:
    """A short video (64 x 48, 10 frames a second) with sound, written by PyAV as a phone
    would tag it: its place, the camera, a time and ``title``; the track named ``title`` too
    (MP4, MOV: ``handler_name``), and in Matroska a subtitle track that says ``title``."""
    import av
    import numpy as np

    out = io.BytesIO()
    fmt = {"mp4": "mp4", "mov": "mov", "mkv": "matroska", "webm": "webm"}[container]
    options = {"movflags": "use_metadata_tags"} if fmt == "mov" else {}
    with av.open(out, "w", format=fmt, options=options) as file:
        file.metadata.update(
            {"location": VIDEO_PLACE, "make": "Acme", "model": "Phone 7", "title": title}
        )
        file.metadata["creation_time"] = "2024-05-01T10:00:00Z"
        if fmt == "mov":
            file.metadata["com.apple.quicktime.location.ISO6709"] = VIDEO_PLACE
        codec = "libvpx" if fmt == "webm" else "mpeg4"
        picture = file.add_stream(codec, rate=10)
        picture.width, picture.height, picture.pix_fmt = 64, 48, "yuv420p"
        picture.metadata["handler_name"] = title
        sound = file.add_stream("libopus" if fmt == "webm" else "aac", rate=48000)
        sound.layout = "mono"
        text = file.add_stream("ass") if fmt == "matroska" else None
        for n in range(frames):
            pixels = np.full((48, 64, 3), (n * 20) % 256, np.uint8)
            pixels[n % 48, :, :] = 255  # a line that moves: no two frames alike
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            for packet in picture.encode(frame):
                file.mux(packet)
        for packet in picture.encode():
            file.mux(packet)
        samples = 48000 * frames // 10
        tone = (np.sin(np.arange(samples) / 8) * 0.3).astype(np.float32).reshape(1, -1)
        chunk = 960
        for start in range(0, samples - chunk + 1, chunk):
            frame = av.AudioFrame.from_ndarray(
                tone[:, start : start + chunk], format="flt", layout="mono"
            )
            frame.sample_rate = 48000
            for packet in sound.encode(frame):
                file.mux(packet)
        for packet in sound.encode():
            file.mux(packet)
        if text is not None:
            del text  # an empty subtitle track: its presence is what is listed
    return out.getvalue()
