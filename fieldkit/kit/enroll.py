"""The kit's side of enrolment: pin the HQ it sends to, show its own card."""

from __future__ import annotations

from pathlib import Path

from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import now_iso
from fieldkit.exchange.keys import Card, Identity, Role, ensure_kit_identity
from fieldkit.vault.store import Vault


class NotEnrolled(FieldkitError):
    """The kit has no HQ to send to yet."""


def pinned_hq(vault: Vault) -> Card | None:
    rows = vault.read("SELECT card FROM hq_pins ORDER BY enrolled_at LIMIT 1")
    return Card.parse(rows[0][0].encode("utf-8"), Role.HQ) if rows else None


def enroll_hq(vault: Vault, card_path: Path, *, replace_pin: bool = False) -> Card:
    """Pin the HQ whose card is at ``card_path`` as the one this kit sends to."""
    data = Path(card_path).read_bytes() if Path(card_path).is_file() else None
    if data is None:
        raise FieldkitError(f"no such card file: {card_path}")
    card = Card.parse(data, Role.HQ)
    current = pinned_hq(vault)
    if current is not None and current.fingerprint != card.fingerprint and not replace_pin:
        raise FieldkitError(
            f"this kit already sends to HQ {current.fingerprint}; "
            "enroll with --replace to send to another"
        )
    ensure_kit_identity(vault)
    with vault.transaction("enrolling HQ") as conn:
        conn.execute("DELETE FROM hq_pins")
        conn.execute(
            "INSERT INTO hq_pins (hq_id, fingerprint, card, enrolled_at) VALUES (?,?,?,?)",
            (card.ident, card.fingerprint, data.decode("utf-8"), now_iso()),
        )
    return card


def kit_card(vault: Vault) -> Identity:
    """This kit's identity (made on first use); ``.card`` is what HQ enrolls."""
    return ensure_kit_identity(vault)
