"""A bundle's manifest (versions 1 and 2): what may be read of it before and after its signature.

The signature is checked over the raw manifest bytes before they are parsed as JSON, yet the
key to check it with depends on the kit the manifest names. Canonical JSON sorts keys, so
every field after ``entries`` sits at the end of the manifest in a fixed shape: :func:`peek`
reads those (ids, fingerprints, signing key) with one anchored pattern over the last bytes,
and only after the signature verifies does :func:`check` parse and validate the whole.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fieldkit.core.canonical import canonical_json
from fieldkit.core.errors import FieldkitError

FORMAT = "fieldkit-bundle"
VERSION = 1
#: The version whose manifest lists attachments (``attachments``), carried after the records.
VERSION_2 = 2
#: Sequence numbers, revisions and lengths are stored as SQLite integers (signed 64 bits).
MAX_INT = 2**63 - 1
#: Interviews one bundle may list (a manifest entry takes ~150 bytes).
MAX_ENTRIES = 50_000
#: The manifest frame: MAX_ENTRIES entries fit with room to spare.
MAX_MANIFEST = 16 * 1024 * 1024
#: Attachments one bundle of version 2 may list (an attachment takes ~330 bytes of manifest).
MAX_ATTACHMENTS = 10_000
#: One attachment's bytes, and all of a bundle's: refused from the signed manifest, before a
#: byte of them is read or hashed.
MAX_ATTACHMENT_BYTES = 4 * 1024**3
MAX_CARRIED_BYTES = 8 * 1024**3
#: What is sent of an attachment: the copy without metadata, or the sealed original.
COPIES = ("stripped", "original")


class BundleRejected(FieldkitError):
    """A bundle failed a check; nothing from it was imported."""


@dataclass(frozen=True)
class Entry:
    id: str
    revision: int
    sha256: str
    length: int
    #: Identifying details nobody reviewed that the record was sent with (the kit exported
    #: with --allow-unreviewed); written only when above 0, so entries without stay as they were.
    unreviewed: int = 0

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "revision": self.revision,
            "sha256": self.sha256,
            "length": self.length,
        }
        if self.unreviewed:
            data["unreviewed"] = self.unreviewed
        return data


class _NotAnInteger(Exception):
    """A number with a fraction or exponent, or NaN / Infinity: canonical JSON has none."""


def _refuse_number(text: str) -> Any:
    raise _NotAnInteger(text[:20])


#: The parser refuses floats as it meets them, so a parsed value holds only objects (with
#: string keys), arrays, strings, integers, booleans and null: what canonical JSON encodes
#: without the walk ``canonical_json`` otherwise makes to refuse floats.
_DECODER = json.JSONDecoder(parse_float=_refuse_number, parse_constant=_refuse_number)


def canonical_object(data: bytes, what: str) -> dict[str, Any]:
    """``data`` parsed as a JSON object, which must be in canonical form."""
    # ValueError covers bad UTF-8, bad JSON and integers too long to convert; RecursionError
    # deeply nested arrays: a hostile frame must be refused, not crash the reader.
    try:
        value = _DECODER.decode(data.decode("utf-8"))
    except _NotAnInteger as error:
        raise BundleRejected(f"the bundle's {what} has values of the wrong type") from error
    except (ValueError, RecursionError) as error:
        raise BundleRejected(f"the bundle's {what} is not valid JSON") from error
    if not isinstance(value, dict):
        raise BundleRejected(f"the bundle's {what} is not a JSON object")
    try:
        if canonical_json(value, checked=True) != data:
            raise BundleRejected(f"the bundle's {what} is not in canonical form")
    except (TypeError, ValueError, RecursionError) as error:  # lone surrogates
        raise BundleRejected(f"the bundle's {what} has values of the wrong type") from error
    return value


_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_PRINT = r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){4}"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_FINGERPRINT = re.compile(_PRINT)
_TEXT = r'"([^"\\\x00-\x1f]{0,100})"'


#: Everything after ``entries``, in canonical key order, anchored at the manifest's end. The
#: values are loose here: :func:`check` gives each wrong one its own reason later.
def _tail(version: int) -> re.Pattern[bytes]:
    return re.compile(
        rf',"format":"{FORMAT}","hq_fingerprint":{_TEXT},"hq_id":{_TEXT},'
        rf'"kit_fingerprint":{_TEXT},"kit_id":{_TEXT},"kit_signing_key":{_TEXT},'
        r'"prev_manifest_sha256":[^,]{1,80},"sequence":[^,]{1,40},'
        rf'"version":{version}}}\Z'.encode()
    )


_TAIL = {VERSION: _tail(VERSION), VERSION_2: _tail(VERSION_2)}
#: How the manifest starts: ``attachments`` sorts before ``bundle_id``.
_HEAD = {VERSION: b'{"bundle_id":', VERSION_2: b'{"attachments":['}
_TAIL_BYTES = 1024
_PEEKED = ("hq_fingerprint", "hq_id", "kit_fingerprint", "kit_id", "kit_signing_key")


def peek(raw: bytes, version: int = VERSION) -> dict[str, str]:
    """The fields that pick the key to check the signature with, read without parsing JSON:
    ``hq_id``, ``hq_fingerprint``, ``kit_id``, ``kit_fingerprint``, ``kit_signing_key``."""
    found = _TAIL[version].search(raw, max(0, len(raw) - _TAIL_BYTES))
    if found is None or not raw.startswith(_HEAD[version]):
        raise BundleRejected(f"the bundle's manifest does not have the fields of version {version}")
    fields = dict(zip(_PEEKED, (v.decode("utf-8", "replace") for v in found.groups()), strict=True))
    _check_ids(fields)
    return fields


def _is_int(value: Any, low: int) -> bool:
    return type(value) is int and low <= value <= MAX_INT


_CANONICAL_UUID = re.compile(_UUID)


def is_uuid(value: Any) -> bool:
    """A UUID in canonical lower-case form, exactly (never normalised): what
    ``str(uuid.UUID(value)) == value`` says, without building the UUID."""
    return isinstance(value, str) and _CANONICAL_UUID.fullmatch(value) is not None


def _is_time(value: str) -> bool:
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        ) == value and bool(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value))
    except ValueError:
        return False


#: A time as manifests (and rekey statements) write it: ``YYYY-MM-DDTHH:MM:SSZ``, real.
is_time = _is_time


_ENTRY_FIELDS = {"id", "revision", "sha256", "length"}
#: An entry may carry ``unreviewed`` (an integer >= 1) too: an optional field.
_ENTRY_FIELDS_UNREVIEWED = _ENTRY_FIELDS | {"unreviewed"}


def _entries(manifest: dict[str, Any]) -> tuple[Entry, ...]:
    entries = []
    for e in manifest["entries"]:
        if (
            not isinstance(e, dict)
            or set(e) not in (_ENTRY_FIELDS, _ENTRY_FIELDS_UNREVIEWED)
            or not _is_int(e.get("unreviewed", 1), 1)
            or not isinstance(e["id"], str)
            or not isinstance(e["sha256"], str)
            or not _HEX64.fullmatch(e["sha256"])
            or not _is_int(e["revision"], 1)
            or not _is_int(e["length"], 0)
        ):
            raise BundleRejected("the bundle's manifest has malformed entries")
        if not is_uuid(e["id"]):
            raise BundleRejected(
                "the bundle's manifest has an entry whose id is not valid (not a UUID "
                "in canonical lower-case form)"
            )
        entries.append(
            Entry(e["id"], e["revision"], e["sha256"], e["length"], e.get("unreviewed", 0))
        )
    if len({e.id for e in entries}) != len(entries):
        raise BundleRejected("the bundle lists the same interview twice")
    return tuple(entries)


def _check_ids(fields: dict[str, Any]) -> None:
    if not is_uuid(fields["kit_id"]) or not is_uuid(fields["hq_id"]):
        raise BundleRejected("the bundle's manifest has an invalid kit or HQ id")
    for name in ("kit_fingerprint", "hq_fingerprint"):
        if not _FINGERPRINT.fullmatch(fields[name]):
            raise BundleRejected("the bundle's manifest has a malformed fingerprint")


def _check_values(manifest: dict[str, Any]) -> None:
    """What the types alone do not say: ids, numbers, times and fingerprints as version 1
    writes them. The bundle id names the receipt file and every field is stored at HQ."""
    if not is_uuid(manifest["bundle_id"]):
        raise BundleRejected("the bundle's manifest has an invalid bundle id")
    _check_ids(manifest)
    if not _is_int(manifest["sequence"], 1):
        raise BundleRejected("the bundle's manifest has an invalid sequence number")
    prev = manifest["prev_manifest_sha256"]
    if prev is not None and not _HEX64.fullmatch(prev):
        raise BundleRejected("the bundle's manifest has a malformed previous manifest hash")
    if not _is_time(manifest["created_at"]):
        raise BundleRejected("the bundle's manifest has a malformed creation time")


_MANIFEST_TYPES: dict[str, Any] = {
    "format": str,
    "version": int,
    "bundle_id": str,
    "kit_id": str,
    "kit_fingerprint": str,
    "kit_signing_key": str,
    "sequence": int,
    "prev_manifest_sha256": (str, type(None)),
    "hq_id": str,
    "hq_fingerprint": str,
    "created_at": str,
    "entries": list,
}


def check(raw: bytes, version: int = VERSION) -> tuple[dict[str, Any], tuple[Entry, ...]]:
    """The manifest parsed and validated: canonical JSON, exactly the fields of ``version``
    with valid values, at most MAX_ENTRIES entries (and, in version 2, MAX_ATTACHMENTS
    attachments within their caps). Call it once the signature has verified."""
    # Before parsing makes an object of each value: an entry is at most five values (five
    # commas, with its optional ``unreviewed``), an attachment seven.
    carried = 7 * MAX_ATTACHMENTS if version == VERSION_2 else 0
    if raw.count(b",") > 5 * MAX_ENTRIES + carried + 16:
        raise BundleRejected(
            f"the bundle lists more than {MAX_ENTRIES:,} interviews"
            + (f" or {MAX_ATTACHMENTS:,} attachments" if carried else "")
        )
    manifest = canonical_object(raw, "manifest")
    types = _MANIFEST_TYPES | ({ATTACHMENTS: list} if version == VERSION_2 else {})
    if set(manifest) - {EPOCH} != set(types) or not all(
        isinstance(manifest[k], t) and not isinstance(manifest[k], bool) for k, t in types.items()
    ):
        raise BundleRejected(f"the bundle's manifest does not have the fields of version {version}")
    if manifest["format"] != FORMAT or manifest["version"] != version:
        raise BundleRejected(f"the bundle is not a fieldkit bundle of version {version}")
    if len(manifest["entries"]) > MAX_ENTRIES:
        raise BundleRejected(f"the bundle lists more than {MAX_ENTRIES:,} interviews")
    _check_values(manifest)
    _check_epoch(manifest)
    entries = _entries(manifest)
    if version == VERSION_2:
        carried_of(manifest, {e.id for e in entries})
    return manifest, entries


# --- version 2: the attachments a bundle carries --------------------------------------------

ATTACHMENTS = "attachments"
_CARRIED_FIELDS = {"id", "interview_id", "media_type", "size", "sha256", "copy", "original_sha256"}
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9.+-]{0,126}/[a-z0-9][a-z0-9.+-]{0,126}")


@dataclass(frozen=True)
class Carried:
    """An attachment a bundle of version 2 carries: ``size`` bytes with ``sha256`` follow the
    records, in the manifest's order. ``copy`` says whether they are the stripped copy or the
    original; ``original_sha256`` is the sealed original's, kept on the kit (the chain of
    custody), equal to ``sha256`` when the original is what is sent."""

    id: str
    interview_id: str
    media_type: str
    size: int
    sha256: str
    copy: str
    original_sha256: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _carried(value: Any) -> Carried:
    if (
        not isinstance(value, dict)
        or set(value) != _CARRIED_FIELDS
        or not all(isinstance(value[k], str) for k in _CARRIED_FIELDS - {"size"})
        or not _is_int(value["size"], 0)
        or not is_uuid(value["id"])
        or not is_uuid(value["interview_id"])
        or not _MEDIA_TYPE.fullmatch(value["media_type"])
        or not _HEX64.fullmatch(value["sha256"])
        or not _HEX64.fullmatch(value["original_sha256"])
        or value["copy"] not in COPIES
        or (value["copy"] == "original") != (value["sha256"] == value["original_sha256"])
    ):
        raise BundleRejected("the bundle's manifest has malformed attachments")
    return Carried(**value)


def carried_of(manifest: dict[str, Any], interviews: set[str]) -> tuple[Carried, ...]:
    """The attachments a checked manifest of version 2 lists, within every cap: at most
    MAX_ATTACHMENTS, each of an interview the bundle carries, listed once, each at most
    MAX_ATTACHMENT_BYTES and all together at most MAX_CARRIED_BYTES."""
    listed = manifest[ATTACHMENTS]
    if len(listed) > MAX_ATTACHMENTS:
        raise BundleRejected(f"the bundle lists more than {MAX_ATTACHMENTS:,} attachments")
    carried = tuple(_carried(value) for value in listed)
    if len({c.id for c in carried}) != len(carried):
        raise BundleRejected("the bundle lists the same attachment twice")
    if any(c.interview_id not in interviews for c in carried):
        raise BundleRejected("the bundle lists an attachment of an interview it does not carry")
    if any(c.size > MAX_ATTACHMENT_BYTES for c in carried):
        raise BundleRejected(
            f"the bundle lists an attachment of more than {MAX_ATTACHMENT_BYTES >> 30} GiB"
        )
    if sum(c.size for c in carried) > MAX_CARRIED_BYTES:
        raise BundleRejected(
            f"the bundle's attachments add up to more than {MAX_CARRIED_BYTES >> 30} GiB"
        )
    return carried


# --- the optional epoch: a kit restored from a backup ---------------------------------------

#: The optional field a kit restored from a backup writes (sorted before ``format``, so the
#: fields :func:`peek` reads stay where they were).
EPOCH = "epoch"
_EPOCH_FIELDS = {"id", "after", "after_sha256"}


@dataclass(frozen=True)
class Epoch:
    """The timeline a kit started when it was restored from a backup: a random ``id``, and
    the last bundle the backup held (``after``, 0 for none, and that bundle's manifest
    hash). Its bundles number on from ``after + 1``; a kit never restored has no epoch."""

    id: str
    after: int
    after_sha256: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "after": self.after, "after_sha256": self.after_sha256}

    def fork(self) -> tuple[int, str | None]:
        """Where the epoch forked: the last bundle its backup held, and its manifest hash."""
        return self.after, self.after_sha256


def epoch_of(manifest: dict[str, Any]) -> Epoch | None:
    """The epoch a checked manifest names, or None (the kit's first timeline)."""
    value = manifest.get(EPOCH)
    if value is None:
        return None
    return Epoch(value["id"], value["after"], value["after_sha256"])


def _check_epoch(manifest: dict[str, Any]) -> None:
    if EPOCH not in manifest:
        return
    value = manifest[EPOCH]
    if not isinstance(value, dict) or set(value) != _EPOCH_FIELDS:
        raise BundleRejected("the bundle's manifest has a malformed epoch")
    after, sha = value["after"], value["after_sha256"]
    if (
        not is_uuid(value["id"])
        or type(after) is not int
        or not 0 <= after < manifest["sequence"]
        or (sha is None) != (after == 0)
        or (sha is not None and not (isinstance(sha, str) and _HEX64.fullmatch(sha)))
    ):
        raise BundleRejected("the bundle's manifest has a malformed epoch")
