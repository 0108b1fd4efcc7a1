"""What an attached file is and what it carries: sniffing its type from its bytes, reading its
metadata into plain items, and making a copy without them.

Imports only :mod:`fieldkit.core` (and the well-kept format libraries: Pillow, pillow-heif,
mutagen, pikepdf, defusedxml, filetype; OpenCV for faces). Every function takes a readable,
seekable binary stream, so the vault can hand in its decrypting reader and nothing plaintext
touches the disk.
"""

from fieldkit.media.items import SENSITIVE, Item, ItemKind, Metadata
from fieldkit.media.limits import MediaRefused, NotStrippable, StripFailed
from fieldkit.media.mediatypes import Kind, MediaType, sniff
from fieldkit.media.strip import check_stripped, find_faces, read_metadata, strip, strip_blurred

__all__ = [
    "SENSITIVE",
    "Item",
    "ItemKind",
    "Kind",
    "MediaRefused",
    "MediaType",
    "Metadata",
    "NotStrippable",
    "StripFailed",
    "check_stripped",
    "find_faces",
    "read_metadata",
    "sniff",
    "strip",
    "strip_blurred",
]
