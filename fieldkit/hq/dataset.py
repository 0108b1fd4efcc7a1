"""HQ's central dataset: a vault (same store code) with HQ's keys and the kits it enrolled.

Bundles come in through :mod:`~fieldkit.hq.importing` (:mod:`~fieldkit.hq.intake` checks
them, :mod:`~fieldkit.hq.merge` merges them); conflicts wait in
:mod:`~fieldkit.hq.quarantine`; where each record came from is :mod:`~fieldkit.hq.provenance`.
"""

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
    create_identity,
    load_identity,
    read_card,
)
from fieldkit.hq.storage import HqStore, KitClash
from fieldkit.vault import keyslot
from fieldkit.vault.store import Vault


def hq_init(
    path: Path, passphrase: str, organisation: str, *, kdf: keyslot.KdfParams | None = None
) -> tuple[Vault, str, Identity]:
    """Create HQ's central dataset with its keys; returns it open, its recovery key, its keys."""
    if not organisation.strip():
        raise FieldkitError("HQ needs the organisation's name (--org)")
    vault, recovery = Vault.create(path, passphrase, organisation=organisation.strip(), kdf=kdf)
    try:
        identity = create_identity(vault, Role.HQ, organisation.strip(), vault.vault_id)
        vault.set_setting("role", Role.HQ.value)
    except BaseException:
        vault.close()
        raise
    return vault, recovery, identity


def hq_identity(vault: Vault) -> Identity:
    identity = load_identity(vault, Role.HQ)
    if identity is None:
        raise FieldkitError("this vault is not an HQ dataset (create one with 'fieldkit hq init')")
    return identity


def enroll_kit(vault: Vault, card: CardFile | Path) -> Card:
    """Register a kit: the card as read (and its fingerprint shown) by
    :func:`~fieldkit.exchange.keys.read_card`, or the card file at a path. Enrolling the same
    card again changes nothing."""
    hq_identity(vault)
    read = card if isinstance(card, CardFile) else read_card(card, Role.KIT)
    kit = read.card
    if kit.role is not Role.KIT:
        raise CardRejected(f"this is a {kit.role.value} card, not a kit card")
    try:
        HqStore(vault).enroll(kit.ident, kit.fingerprint, kit.name, read.text, now_iso())
    except KitClash as clash:
        raise FieldkitError(
            f"a different kit with the same id is already enrolled ({clash.args[0]})"
        ) from None
    return kit


def kits(vault: Vault) -> list[Card]:
    return [Card.parse(text.encode("utf-8"), Role.KIT) for text in HqStore(vault).kit_card_texts()]
