"""HQ's central dataset: a vault (same store code) with HQ's keys and the kits it enrolled.

Bundles come in through :mod:`~fieldkit.hq.importing` (:mod:`~fieldkit.hq.intake` checks
them, :mod:`~fieldkit.hq.merge` merges them); conflicts wait in
:mod:`~fieldkit.hq.quarantine`; where each record came from is :mod:`~fieldkit.hq.provenance`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from fieldkit.core.errors import FieldkitError, NotFound
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
from fieldkit.hq.storage import HqStore, KitClash, NameTaken
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


#: The longest name HQ gives a kit.
MAX_KIT_NAME = 80


@dataclass(frozen=True)
class Kit:
    """An enrolled kit as HQ lists it."""

    kit_id: str
    name: str  # HQ's own name for it (unique)
    fingerprint: str
    enrolled_at: str
    last_sequence: int | None  # the highest bundle number imported from it
    last_imported_at: str | None  # when that bundle was imported
    interviews: int  # interviews stored from it (under the ids it sent)
    revoked_at: str | None = None  # when HQ revoked it (never undone); None: trusted
    revoked_by: str | None = None
    revoked_reason: str | None = None
    #: The fingerprints of the keys it moved away from (``fieldkit rekey``), oldest first.
    previous_fingerprints: tuple[str, ...] = ()
    #: When HQ accepted its move to the key it has now; None: it never moved.
    rekeyed_at: str | None = None


def default_kit_name(card: Card) -> str:
    """The card's name (a kit's is its organisation's) and its fingerprint's first group."""
    return f"{card.name.strip()} {card.fingerprint.split('-')[0]}".strip()


class KitNameProblem(Enum):
    """What is wrong with a name HQ would give a kit (the GUI says it in words)."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    CONTROL = "control"
    TAKEN = "taken"


def _shape_problem(name: str) -> KitNameProblem | None:
    if not name:
        return KitNameProblem.EMPTY
    if len(name) > MAX_KIT_NAME:
        return KitNameProblem.TOO_LONG
    if any(unicodedata.category(c).startswith("C") for c in name):
        return KitNameProblem.CONTROL
    return None


def kit_name_problem(vault: Vault, name: str, kit_id: str = "") -> KitNameProblem | None:
    """What :func:`enroll_kit` or :func:`rename_kit` would refuse in ``name`` for the kit
    ``kit_id`` ("" for one not enrolled yet), or None: the checks both make, asked ahead."""
    name = " ".join(name.split())
    problem = _shape_problem(name)
    if problem is None and any(
        kit.kit_id != kit_id and kit.name.casefold() == name.casefold() for kit in kit_list(vault)
    ):
        return KitNameProblem.TAKEN
    return problem


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    problem = _shape_problem(name)
    if problem is KitNameProblem.EMPTY:
        raise FieldkitError("a kit's name cannot be empty")
    if problem is KitNameProblem.TOO_LONG:
        raise FieldkitError(f"a kit's name is at most {MAX_KIT_NAME} characters")
    if problem is KitNameProblem.CONTROL:
        raise FieldkitError("a kit's name cannot contain control characters")
    return name


def _refuse_taken(vault: Vault, name: str, kit_id: str) -> None:
    for kit in kit_list(vault):
        if kit.kit_id != kit_id and kit.name.casefold() == name.casefold():
            raise FieldkitError(
                f"another kit is already named {name!r} ({kit.fingerprint}): choose another name"
            )


def enroll_kit(vault: Vault, card: CardFile | Path, *, name: str | None = None) -> Card:
    """Register a kit: the card as read (and its fingerprint shown) by
    :func:`~fieldkit.exchange.keys.read_card`, or the card file at a path, under HQ's
    ``name`` for it (default :func:`default_kit_name`; one another kit has is refused).
    Enrolling the same card again changes nothing."""
    hq_identity(vault)
    read = card if isinstance(card, CardFile) else read_card(card, Role.KIT)
    kit = read.card
    if kit.role is not Role.KIT:
        raise CardRejected(f"this is a {kit.role.value} card, not a kit card")
    chosen = _checked_name(name if name is not None else default_kit_name(kit))
    if HqStore(vault).kit_card_text(kit.ident) is None:
        _refuse_taken(vault, chosen, kit.ident)
    try:
        HqStore(vault).enroll(kit.ident, kit.fingerprint, chosen, read.text, now_iso())
    except KitClash as clash:
        raise FieldkitError(
            f"a different kit with the same id is already enrolled ({clash.args[0]})"
        ) from None
    except NameTaken:
        raise FieldkitError(f"another kit is already named {chosen!r}") from None
    return kit


def find_kit(vault: Vault, fingerprint: str) -> Kit:
    """The enrolled kit of this fingerprint or of a prefix only its fingerprint has."""
    wanted = fingerprint.strip().upper()
    found = [k for k in kit_list(vault) if wanted and k.fingerprint.startswith(wanted)]
    if not found:
        raise NotFound(f"no enrolled kit has a fingerprint starting {fingerprint!r}")
    if len(found) > 1:
        raise FieldkitError(
            f"{len(found)} kits have a fingerprint starting {fingerprint!r}: give more of it"
        )
    return found[0]


def rename_kit(vault: Vault, fingerprint: str, name: str) -> tuple[Kit, str]:
    """Give the kit of this fingerprint (or unique prefix) another name: (it, the new name)."""
    kit = find_kit(vault, fingerprint)
    chosen = _checked_name(name)
    _refuse_taken(vault, chosen, kit.kit_id)
    try:
        HqStore(vault).rename(kit.kit_id, chosen)
    except NameTaken:
        raise FieldkitError(f"another kit is already named {chosen!r}") from None
    return kit, chosen


def kit_list(vault: Vault) -> list[Kit]:
    """Every enrolled kit with HQ's name for it, what it sent, whether it was revoked and
    the keys it moved away from, in enrolment order."""
    store = HqStore(vault)
    moved: dict[str, list[tuple[str, str]]] = {}
    for kit_id, fingerprint, _card, replaced_at in store.replaced_keys():
        moved.setdefault(kit_id, []).append((fingerprint, replaced_at))
    out = []
    for row in store.kit_rows():
        kit = Kit(*row)
        keys = moved.get(kit.kit_id, [])
        out.append(
            replace(
                kit,
                previous_fingerprints=tuple(fp for fp, _ in keys),
                rekeyed_at=keys[-1][1] if keys else None,
            )
        )
    return out


def kit_called(vault: Vault, which: str) -> Kit:
    """The enrolled kit HQ named ``which`` (any case), else the one whose fingerprint starts
    with it, as ``fieldkit hq kits`` shows both."""
    wanted = " ".join(which.split()).casefold()
    for kit in kit_list(vault):
        if wanted and kit.name.casefold() == wanted:
            return kit
    try:
        return find_kit(vault, which)
    except NotFound:
        raise NotFound(
            f"no enrolled kit is named {which!r} or has a fingerprint starting with it "
            "(see 'fieldkit hq kits')"
        ) from None


def kits(vault: Vault) -> list[Card]:
    return [Card.parse(text.encode("utf-8"), Role.KIT) for text in HqStore(vault).kit_card_texts()]
