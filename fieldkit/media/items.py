"""A file's metadata as plain data: named items, each with its kind and the words to show."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass

#: Longest value kept of one item (a comment tag may be megabytes).
MAX_VALUE = 200
#: Most items kept of one file.
MAX_ITEMS = 200


class ItemKind(enum.StrEnum):
    GPS = "gps"  # a position or a place
    SERIAL = "serial"  # a camera, lens or device serial number
    AUTHOR = "author"  # a person or organisation: artist, creator, owner, company
    CAMERA = "camera"  # make and model of the device
    CAPTURE_TIME = "capture_time"  # when it was taken, recorded, created or changed
    SOFTWARE = "software"  # the program that made or edited it
    TITLE = "title"
    COMMENT = "comment"  # comments, descriptions, keywords
    EMBEDDED = "embedded"  # a block of data not read item by item (XMP, IPTC, maker notes)
    TAG = "tag"  # any other tag


#: The kinds that identify a place or a person: an original carrying them is not sent
#: unreviewed (the export guard).
SENSITIVE = frozenset({ItemKind.GPS, ItemKind.SERIAL, ItemKind.AUTHOR})


def clip(value: object) -> str:
    """One line of at most :data:`MAX_VALUE` characters from a tag's value."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = " ".join(str(value).replace("\x00", " ").split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


@dataclass(frozen=True)
class Item:
    kind: ItemKind
    text: str  # in words: "GPS position 43.2567 N, 76.9286 E"


@dataclass(frozen=True)
class Metadata:
    """What a file carries. ``examined`` is False where this version cannot read the format
    (then ``items`` is empty and says nothing about what the file holds); ``note`` says why."""

    items: tuple[Item, ...] = ()
    examined: bool = True
    note: str = ""

    @property
    def sensitive(self) -> int:
        """How many items name a place or a person (GPS, serial number, author)."""
        return sum(1 for item in self.items if item.kind in SENSITIVE)

    def to_json(self) -> str:
        return json.dumps(
            {
                "examined": self.examined,
                "note": self.note,
                "items": [[item.kind.value, item.text] for item in self.items],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Metadata:
        data = json.loads(text)
        items = tuple(Item(ItemKind(kind), str(words)) for kind, words in data["items"])
        return cls(items, bool(data["examined"]), str(data.get("note", "")))


def items_of(found: list[Item]) -> tuple[Item, ...]:
    """``found`` without repeats, at most :data:`MAX_ITEMS`."""
    seen: dict[Item, None] = {}
    for item in found:
        if item.text:
            seen.setdefault(item, None)
    return tuple(seen)[:MAX_ITEMS]
