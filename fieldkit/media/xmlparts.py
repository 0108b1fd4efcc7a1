"""XML parts read for their metadata (XMP packets, office properties), with defusedxml: no
entities, no DTDs, no network; and never more than :data:`~fieldkit.media.limits.MAX_XML`."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from fieldkit.media.items import Item, ItemKind, clip
from fieldkit.media.limits import MAX_XML, MediaRefused


def parse(data: bytes) -> Element:
    if len(data) > MAX_XML:
        raise MediaRefused(f"a metadata part is larger than the {MAX_XML:,} bytes accepted")
    try:
        return ElementTree.fromstring(data)  # type: ignore[no-any-return]
    except (DefusedXmlException, ElementTree.ParseError) as error:
        raise MediaRefused(
            f"a metadata part is not well-formed XML ({type(error).__name__})"
        ) from error


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def texts(root: Element) -> Iterator[tuple[str, str]]:
    """(name, text) of every element with text and of every attribute; an RDF list item
    (``rdf:li`` in ``rdf:Alt``/``Seq``/``Bag``) is named after the property holding the list."""
    stack: list[tuple[Element, str]] = [(root, "")]
    while stack:
        element, owner = stack.pop()
        name = local(element.tag) if isinstance(element.tag, str) else ""
        if name in ("Alt", "Seq", "Bag"):
            name = owner
        elif name == "li":
            name = owner
        if element.text and element.text.strip():
            yield name, element.text
        for attribute, value in element.attrib.items():
            if value.strip():
                yield local(attribute), value
        stack.extend((child, name) for child in reversed(list(element)))


#: XMP and office property names, by what they say.
NAMES: dict[str, tuple[ItemKind, str]] = {
    "creator": (ItemKind.AUTHOR, "Author"),
    "initial-creator": (ItemKind.AUTHOR, "Author"),
    "lastModifiedBy": (ItemKind.AUTHOR, "Last changed by"),
    "Company": (ItemKind.AUTHOR, "Company"),
    "Manager": (ItemKind.AUTHOR, "Manager"),
    "rights": (ItemKind.AUTHOR, "Rights"),
    "Artist": (ItemKind.AUTHOR, "Artist"),
    "CameraOwnerName": (ItemKind.AUTHOR, "Camera owner"),
    "Credit": (ItemKind.AUTHOR, "Credit"),
    "title": (ItemKind.TITLE, "Title"),
    "subject": (ItemKind.COMMENT, "Subject"),
    "description": (ItemKind.COMMENT, "Description"),
    "keywords": (ItemKind.COMMENT, "Keywords"),
    "Keywords": (ItemKind.COMMENT, "Keywords"),
    "UserComment": (ItemKind.COMMENT, "Comment"),
    "CreatorTool": (ItemKind.SOFTWARE, "Software"),
    "Application": (ItemKind.SOFTWARE, "Software"),
    "generator": (ItemKind.SOFTWARE, "Software"),
    "Producer": (ItemKind.SOFTWARE, "Software"),
    "Template": (ItemKind.SOFTWARE, "Template"),
    "created": (ItemKind.CAPTURE_TIME, "Created"),
    "modified": (ItemKind.CAPTURE_TIME, "Changed"),
    "creation-date": (ItemKind.CAPTURE_TIME, "Created"),
    "date": (ItemKind.CAPTURE_TIME, "Date"),
    "CreateDate": (ItemKind.CAPTURE_TIME, "Created"),
    "ModifyDate": (ItemKind.CAPTURE_TIME, "Changed"),
    "DateTimeOriginal": (ItemKind.CAPTURE_TIME, "Taken"),
    "DateCreated": (ItemKind.CAPTURE_TIME, "Created"),
    "GPSLatitude": (ItemKind.GPS, "GPS latitude"),
    "GPSLongitude": (ItemKind.GPS, "GPS longitude"),
    "City": (ItemKind.GPS, "City"),
    "Location": (ItemKind.GPS, "Location"),
    "Make": (ItemKind.CAMERA, "Camera make"),
    "Model": (ItemKind.CAMERA, "Camera model"),
    "SerialNumber": (ItemKind.SERIAL, "Camera serial number"),
    "BodySerialNumber": (ItemKind.SERIAL, "Camera serial number"),
    "LensSerialNumber": (ItemKind.SERIAL, "Lens serial number"),
    "ImageUniqueID": (ItemKind.SERIAL, "Image unique id"),
    "DocumentID": (ItemKind.SERIAL, "Document id"),
    "InstanceID": (ItemKind.SERIAL, "Document instance id"),
}


def named_items(root: Element, prefix: str = "") -> list[Item]:
    """The items of the names in :data:`NAMES`; any other text under a generic label."""
    found = []
    for name, value in texts(root):
        kind_label = NAMES.get(name)
        if kind_label is None:
            continue
        kind, label = kind_label
        found.append(Item(kind, f"{prefix}{label}: {clip(value)}"))
    return found


def xmp_items(data: bytes) -> list[Item]:
    """What an XMP packet says; unreadable, it is still named as present."""
    try:
        root = parse(data.strip(b"\x00 \r\n\t"))
    except MediaRefused:
        return [Item(ItemKind.EMBEDDED, f"XMP metadata packet ({len(data):,} bytes, unreadable)")]
    found = named_items(root, "XMP ")
    found.append(Item(ItemKind.EMBEDDED, f"XMP metadata packet ({len(data):,} bytes)"))
    return found
