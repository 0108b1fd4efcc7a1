"""What a file handed in as a bundle really is, when it is not one HQ can open.

Bundles, cards and receipts travel on the same USB sticks; a person picks the wrong one, or
an empty or half-copied file. Each gets one line that says what it is, instead of "cannot be
decrypted".
"""

from __future__ import annotations

import enum
import json
from pathlib import Path

from fieldkit.exchange.keys import CARD_FORMAT

#: The file name ending receipts are saved with (HQ writes them, a kit reads them).
RECEIPT_SUFFIX = ".fkreceipt"
_AGE_PREFIX = b"age-encryption.org/"
_ARMOR = b"-----BEGIN AGE"


class Looks(enum.Enum):
    EMPTY = "empty"
    KIT_CARD = "kit card"
    HQ_CARD = "HQ card"
    RECEIPT = "receipt"
    NOT_AGE = "not age"
    AGE = "age"


def looks_like(head: bytes, name: str = "") -> Looks:
    """Judge a file by its first bytes (and its name, for a receipt: both bundles and receipts
    are age files, and HQ cannot open a receipt to look inside)."""
    if not head.strip():
        return Looks.EMPTY
    if name.lower().endswith(RECEIPT_SUFFIX):
        return Looks.RECEIPT
    if head.startswith(_AGE_PREFIX) or head.lstrip().startswith(_ARMOR):
        return Looks.AGE
    stripped = head.lstrip()
    if stripped.startswith(b"{"):
        role = _card_role(stripped)
        if role == "kit":
            return Looks.KIT_CARD
        if role == "hq":
            return Looks.HQ_CARD
    return Looks.NOT_AGE


def _card_role(text: bytes) -> str | None:
    try:
        outer = json.loads(text.decode("utf-8"))
        card = outer["card"]
        if card.get("format") != CARD_FORMAT:
            return None
        return str(card.get("role"))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # a card longer than the bytes read, or not JSON: judged as not age


def not_a_bundle(head: bytes, path: Path | None = None) -> str | None:
    """One line saying what the file is, or None when it may be a bundle (an age file)."""
    looks = looks_like(head, path.name if path is not None else "")
    # Every refusal of a bundle starts "the bundle" (the import result line reads on from it).
    return {
        Looks.EMPTY: "the bundle file is empty: this is not a bundle (was it copied completely?)",
        Looks.KIT_CARD: "the bundle file is a kit card, not a bundle: enroll the kit with it",
        Looks.HQ_CARD: "the bundle file is an HQ card, not a bundle: kits enroll HQ with it",
        Looks.RECEIPT: "the bundle file is a receipt (HQ writes those for a kit), not a bundle",
        Looks.NOT_AGE: "the bundle file is not age-encrypted: this is not a bundle",
        Looks.AGE: None,
    }[looks]
