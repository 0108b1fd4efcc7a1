"""A seized kit at HQ: revoking it, and taking a kit's move to a new key (docs/hq.md).

A revoked kit's later bundles, and bundles signed with a key a kit moved away from, are
verified as any bundle is and then *held*: their records wait in quarantine with the reason,
nothing of them is merged, they take no sequence number and get no receipt
(:mod:`fieldkit.hq.merge` asks :func:`held_why`). Revocation is never undone, and a rekey
statement does not restore a revoked kit.
"""

from __future__ import annotations

import getpass
import unicodedata
from dataclasses import dataclass

from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import now_iso
from fieldkit.exchange.keys import Card, Role
from fieldkit.exchange.rekey import RekeyStatement
from fieldkit.hq.dataset import Kit, find_kit, hq_identity, kit_called, kit_list
from fieldkit.hq.storage import HqStore, KitClash
from fieldkit.vault.store import Vault

#: The longest reason and name of who revoked that HQ keeps.
MAX_REASON = 500
MAX_BY = 80

#: Why a bundle is held (``held_bundles.why``).
REVOKED = "revoked"
REPLACED_KEY = "replaced_key"


class RekeyRefused(FieldkitError):
    """HQ does not take this rekey statement; nothing changed."""


def _one_line(text: str, what: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        raise FieldkitError(f"{what} is at most {limit} characters")
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise FieldkitError(f"{what} cannot contain control characters")
    return text


def default_revoker() -> str:
    """Who revokes, unless they say: the login name (empty if the system has none)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def revoke_kit(vault: Vault, which: str, *, by: str, reason: str = "") -> Kit:
    """Revoke the kit HQ named ``which`` (or whose fingerprint starts with it): its later
    bundles are held in quarantine; what it sent before stays, marked. Records ``by`` (who
    revokes it), the time and ``reason`` (may be empty). Refused for a kit revoked already."""
    hq_identity(vault)
    kit = kit_called(vault, which)
    who = _one_line(by, "the name of who revokes the kit", MAX_BY)
    if not who:
        raise FieldkitError("say who revokes the kit (--by NAME)")
    why = _one_line(reason, "the reason", MAX_REASON)
    before = HqStore(vault).revoke(kit.kit_id, now_iso(), who, why)
    if before is not None:
        raise FieldkitError(
            f"kit {kit.name!r} ({kit.fingerprint}) was already revoked on {before[:10]}"
        )
    return find_kit(vault, kit.fingerprint)


def held_why(store: HqStore, kit_id: str, signed_with: Card) -> tuple[str, str] | None:
    """Why a bundle of this kit, signed with the key of ``signed_with``, is held instead of
    merged: (``REVOKED`` or ``REPLACED_KEY``, the reason quarantine shows); None: merge it."""
    state = store.kit_state(kit_id)
    if state is None:
        return None
    name, fingerprint, revoked_at = state
    if revoked_at is not None:
        return REVOKED, f"sent by kit {name} after HQ revoked it on {revoked_at[:10]}"
    if signed_with.fingerprint != fingerprint:
        when = next(
            (at for _k, fp, _c, at in store.replaced_keys(kit_id) if fp == signed_with.fingerprint),
            "",
        )
        return REPLACED_KEY, (
            f"signed with the key {signed_with.fingerprint} that kit {name} moved away from on "
            f"{when[:10]}"
        )
    return None


@dataclass(frozen=True)
class RekeyCheck:
    """A statement HQ would take: the kit, its new card, and whether it already did."""

    kit: Kit
    new_card: Card
    already: bool


def check_rekey(vault: Vault, statement: RekeyStatement) -> RekeyCheck:
    """Whether HQ takes ``statement`` (raises :class:`RekeyRefused` why not); writes nothing.
    The new fingerprint must then be compared by phone before :func:`accept_rekey`."""
    hq_identity(vault)
    store = HqStore(vault)
    kit = next((k for k in kit_list(vault) if k.kit_id == statement.kit_id), None)
    if kit is None:
        raise RekeyRefused(
            f"the statement is for a kit HQ has not enrolled (old fingerprint "
            f"{statement.old_fingerprint}); enroll the kit's card instead"
        )
    named = f"kit {kit.name!r} ({kit.fingerprint})"
    if kit.revoked_at is not None:
        raise RekeyRefused(
            f"{named} was revoked on {kit.revoked_at[:10]}: a new key signed with its key does "
            "not restore it (if the researcher is safe, enroll a new kit card after comparing "
            "its fingerprint by phone)"
        )
    text = store.kit_card_text(kit.kit_id)
    assert text is not None
    current = Card.parse(text.encode("utf-8"), Role.KIT)
    if statement.new_card.signing_key == current.signing_key:
        return RekeyCheck(kit, statement.new_card, True)
    if statement.old_signing_key != current.signing_key:
        for _kit, fingerprint, card, at in store.replaced_keys(kit.kit_id):
            if Card.parse(card.encode("utf-8"), Role.KIT).signing_key == statement.old_signing_key:
                raise RekeyRefused(
                    f"the statement is signed with the key {fingerprint} that {named} moved "
                    f"away from on {at[:10]}: only its key now can move it. If the researcher "
                    "did not make that move, revoke the kit"
                )
        raise RekeyRefused(f"the statement is not signed with the key HQ enrolled for {named}")
    return RekeyCheck(kit, statement.new_card, False)


def accept_rekey(vault: Vault, statement: RekeyStatement) -> RekeyCheck:
    """Take the kit's new card as the same kit (after :func:`check_rekey` and the phone
    comparison): bundles signed with its old key are held from now on. The same statement
    again changes nothing."""
    checked = check_rekey(vault, statement)
    if checked.already:
        return checked
    store = HqStore(vault)
    old_text = store.kit_card_text(checked.kit.kit_id)
    assert old_text is not None
    try:
        store.move_key(
            checked.kit.kit_id,
            (checked.kit.fingerprint, old_text),
            (checked.new_card.fingerprint, statement.new_card_text),
            now_iso(),
            statement.text,
        )
    except KitClash as clash:
        raise RekeyRefused(
            f"the new key's fingerprint {clash.args[0]} is, or was, another key HQ knows"
        ) from None
    return checked
