"""Receipts: what HQ stored from one bundle, signed by HQ, encrypted to the kit.

Inner plaintext: ``MAGIC``, frame(canonical JSON body), frame(Ed25519 signature over
``CONTEXT`` + body). Encrypted with age to the kit's recipient from its card. A bundle of
version 1 gets a receipt of version 1; one of version 2 (with attachments) a receipt of
version 2, whose body also lists the attachments HQ holds, by id and SHA-256.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyrage
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from fieldkit.core.canonical import canonical_json
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange import agefile, sniff
from fieldkit.exchange.bundle import frame, split_frames

RECEIPT_SUFFIX = sniff.RECEIPT_SUFFIX
#: A receipt file: two lists of up to MAX_ENTRIES entries of ~130 bytes, and room to spare.
MAX_RECEIPT_BYTES = 32 * 1024 * 1024
MAGIC = b"FIELDKIT-RECEIPT\x001\n"
MAGIC_V2 = b"FIELDKIT-RECEIPT\x002\n"
FORMAT = "fieldkit-receipt"
VERSION = 1
VERSION_2 = 2
CONTEXT = b"fieldkit receipt v1\x00"
CONTEXT_V2 = b"fieldkit receipt v2\x00"
_MAGICS = {MAGIC: (VERSION, CONTEXT), MAGIC_V2: (VERSION_2, CONTEXT_V2)}


class ReceiptRejected(FieldkitError):
    """A receipt failed a check; nothing was marked or purged."""


@dataclass(frozen=True)
class ReceiptEntry:
    id: str
    revision: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        # Written out: dataclasses.asdict deep-copies each value, and a receipt of 1,000
        # entries spent most of its sealing time there (profiled on HQ import).
        return {"id": self.id, "revision": self.revision, "sha256": self.sha256}


@dataclass(frozen=True)
class Receipt:
    bundle_id: str
    kit_id: str
    hq_id: str
    manifest_sha256: str
    issued_at: str
    stored: tuple[ReceiptEntry, ...]
    quarantined: tuple[ReceiptEntry, ...]
    #: Version 2 (for a bundle of version 2): (id, sha256) of each attachment it carried
    #: that HQ holds exactly those bytes of. None: a receipt of version 1.
    attachments: tuple[tuple[str, str], ...] | None = None

    @property
    def version(self) -> int:
        return VERSION if self.attachments is None else VERSION_2

    def body(self) -> bytes:
        extra: dict[str, Any] = {}
        if self.attachments is not None:
            extra["attachments"] = [{"id": i, "sha256": s} for i, s in self.attachments]
        return canonical_json(
            {
                **extra,
                "format": FORMAT,
                "version": self.version,
                "bundle_id": self.bundle_id,
                "kit_id": self.kit_id,
                "hq_id": self.hq_id,
                "manifest_sha256": self.manifest_sha256,
                "issued_at": self.issued_at,
                "stored": [e.to_dict() for e in self.stored],
                "quarantined": [e.to_dict() for e in self.quarantined],
            }
        )

    def seal(self, key: SigningKey, recipient: pyrage.x25519.Recipient) -> bytes:
        """Sign with HQ's key and encrypt to the kit."""
        body = self.body()
        magic, context = (MAGIC, CONTEXT) if self.attachments is None else (MAGIC_V2, CONTEXT_V2)
        signature = bytes(key.sign(context + body).signature)
        return bytes(pyrage.encrypt(magic + frame(body) + frame(signature), [recipient]))


def _entries(raw: Any) -> tuple[ReceiptEntry, ...]:
    entries = tuple(ReceiptEntry(str(e["id"]), int(e["revision"]), str(e["sha256"])) for e in raw)
    if [e.to_dict() for e in entries] != raw:
        raise ValueError("entry fields")
    return entries


def _attachments(raw: Any) -> tuple[tuple[str, str], ...]:
    pairs = tuple((str(a["id"]), str(a["sha256"])) for a in raw)
    if [{"id": i, "sha256": s} for i, s in pairs] != raw or len(set(pairs)) != len(pairs):
        raise ValueError("attachment fields")
    return pairs


def open_receipt(
    data: bytes, identity: pyrage.x25519.Identity, hq_key_for: Callable[[str], VerifyKey | None]
) -> Receipt:
    """Decrypt with the kit's identity (bounded header, :mod:`agefile`) and verify HQ's
    signature.

    ``hq_key_for(hq_id)`` returns the pinned HQ's VerifyKey, or None if that HQ is not pinned.
    """
    try:
        payload = agefile.open_payload(io.BytesIO(data), identity, len(data))
        plain = b"".join(iter(lambda: payload.read(agefile.CHUNK), b""))
    except agefile.NotForThisKey as error:
        raise ReceiptRejected(
            "this receipt cannot be decrypted with this kit's key: it is for another kit, "
            "or damaged"
        ) from error
    except agefile.AgeRejected as error:
        raise ReceiptRejected(str(error).replace("the file", "this receipt", 1)) from error
    magic = plain[: len(MAGIC)]
    if magic not in _MAGICS:
        raise ReceiptRejected("this file is not a fieldkit receipt of version 1 or 2")
    version, context = _MAGICS[magic]
    try:
        frames = split_frames(plain, magic)
    except FieldkitError as error:
        raise ReceiptRejected("this receipt is truncated or malformed") from error
    if len(frames) != 2:
        raise ReceiptRejected("this receipt is truncated or malformed")
    body_raw, signature = frames
    try:
        body = json.loads(body_raw.decode("utf-8"))
        if not isinstance(body, dict) or canonical_json(body) != body_raw:
            raise ValueError("not canonical")
        if body.get("format") != FORMAT or body.get("version") != version:
            raise ValueError("not a receipt")
        if ("attachments" in body) != (version == VERSION_2):
            raise ValueError("fields")
        receipt = Receipt(
            bundle_id=str(body["bundle_id"]),
            kit_id=str(body["kit_id"]),
            hq_id=str(body["hq_id"]),
            manifest_sha256=str(body["manifest_sha256"]),
            issued_at=str(body["issued_at"]),
            stored=_entries(body["stored"]),
            quarantined=_entries(body["quarantined"]),
            attachments=_attachments(body["attachments"]) if version == VERSION_2 else None,
        )
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        raise ReceiptRejected("this receipt is malformed") from error
    key: VerifyKey | None = hq_key_for(receipt.hq_id)
    if key is None:
        raise ReceiptRejected("this receipt comes from an HQ this kit has not enrolled")
    try:
        key.verify(context + body_raw, signature)
    except (BadSignatureError, ValueError) as error:
        raise ReceiptRejected("this receipt's signature does not match the enrolled HQ") from error
    return receipt
