"""The kit's side of enrolment: pin the HQ it sends to, show its own card."""

from __future__ import annotations

from pathlib import Path

from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import now_iso
from fieldkit.exchange.keys import (
    Card,
    CardFile,
    CardRejected,
    Identity,
    Role,
    ensure_kit_identity,
    read_card,
)
from fieldkit.vault.store import Vault


class NotEnrolled(FieldkitError):
    """The kit has no HQ to send to yet."""


def pinned_hq(vault: Vault) -> Card | None:
    rows = vault.read("SELECT card FROM hq_pins ORDER BY enrolled_at LIMIT 1")
    return Card.parse(rows[0][0].encode("utf-8"), Role.HQ) if rows else None


def enroll_hq(vault: Vault, card: CardFile | Path, *, replace_pin: bool = False) -> Card:
    """Pin HQ's card as the one this kit sends to: the card as read (and its fingerprint
    shown) by :func:`~fieldkit.exchange.keys.read_card`, or the card file at a path."""
    read = card if isinstance(card, CardFile) else read_card(card, Role.HQ)
    hq = read.card
    if hq.role is not Role.HQ:
        raise CardRejected(f"this is a {hq.role.value} card, not an HQ card")
    current = pinned_hq(vault)
    if current is not None and current.fingerprint != hq.fingerprint and not replace_pin:
        raise FieldkitError(
            f"this kit already sends to HQ {current.fingerprint}; "
            "enroll with --replace to send to another"
        )
    ensure_kit_identity(vault)
    with vault.transaction("enrolling HQ") as conn:
        conn.execute("DELETE FROM hq_pins")
        conn.execute(
            "INSERT INTO hq_pins (hq_id, fingerprint, card, enrolled_at) VALUES (?,?,?,?)",
            (hq.ident, hq.fingerprint, read.text, now_iso()),
        )
    return hq


def kit_card(vault: Vault) -> Identity:
    """This kit's identity (made on first use); ``.card`` is what HQ enrolls."""
    return ensure_kit_identity(vault)
