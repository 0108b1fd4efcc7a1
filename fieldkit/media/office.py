"""Office documents (DOCX, XLSX, PPTX, ODT, ODS, ODP): zip packages whose properties parts
name the author, company, title, tools and dates. Read with zipfile and defusedxml after the
package's declared sizes are checked; stripped by copying every part as it is except the
property parts, which are replaced by empty ones, with every part's time set to 1980."""

from __future__ import annotations

import shutil
import zipfile
from typing import BinaryIO

from fieldkit.media.items import Item
from fieldkit.media.limits import MAX_RATIO, MAX_UNPACKED, MAX_XML, MAX_ZIP_ENTRIES, MediaRefused
from fieldkit.media.xmlparts import named_items, parse

EMPTY: dict[str, bytes] = {
    "docProps/core.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:dcterms="http://purl.org/dc/terms/"/>',
    "docProps/app.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"/>',
    "docProps/custom.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'custom-properties"/>',
    "meta.xml": b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'office:version="1.2"><office:meta/></office:document-meta>',
}
EPOCH = (1980, 1, 1, 0, 0, 0)


def _open(stream: BinaryIO) -> zipfile.ZipFile:
    """The package, refused before anything is unpacked if it claims too much."""
    stream.seek(0)
    try:
        package = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise MediaRefused("the document cannot be read: it is not a sound zip package") from error
    entries = package.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        package.close()
        raise MediaRefused(f"the document has more than {MAX_ZIP_ENTRIES:,} parts")
    total = 0
    for entry in entries:
        total += entry.file_size
        big = entry.file_size > 1024 * 1024
        if total > MAX_UNPACKED or (
            big and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
        ):
            package.close()
            raise MediaRefused(
                "the document claims to unpack to far more than it holds (a zip bomb); refused"
            )
    return package


def _part(package: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        entry = package.getinfo(name)
    except KeyError:
        return None
    if entry.file_size > MAX_XML:
        raise MediaRefused(f"the document's {name} is larger than {MAX_XML:,} bytes")
    try:
        with package.open(entry) as handle:  # zipfile stops at the declared size
            return handle.read(MAX_XML + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise MediaRefused(f"the document's {name} cannot be read: it is damaged") from error


def read(stream: BinaryIO) -> list[Item]:
    with _open(stream) as package:
        found: list[Item] = []
        for name in EMPTY:
            data = _part(package, name)
            if data:
                found.extend(named_items(parse(data)))
        return found


def strip(stream: BinaryIO, out: BinaryIO) -> None:
    with _open(stream) as package, zipfile.ZipFile(out, "w") as copy:
        try:
            for entry in package.infolist():
                fresh = zipfile.ZipInfo(entry.filename, date_time=EPOCH)
                fresh.compress_type = entry.compress_type
                fresh.external_attr = 0o644 << 16
                if entry.filename in EMPTY:
                    copy.writestr(fresh, EMPTY[entry.filename])
                    continue
                with package.open(entry) as source, copy.open(fresh, "w") as sink:
                    shutil.copyfileobj(source, sink, 1024 * 1024)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise MediaRefused("the document cannot be copied: it is damaged") from error
