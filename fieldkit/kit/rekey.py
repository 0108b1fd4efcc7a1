"""Moving a kit to new keys (``fieldkit rekey``): new keys, a statement signed by the old
signing key for HQ, and the old keys destroyed in the vault.

The kit id stays, so HQ takes the new card as the same kit once it has accepted the
statement (``fieldkit hq rekey-kit``, after comparing the new fingerprint by phone). Bundles
the kit exports from now on are signed with the new key; HQ refuses them until then.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyrage
from nacl.signing import SigningKey

from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import now_iso
from fieldkit.exchange.keys import Identity, Role, load_identity, store_identity
from fieldkit.exchange.rekey import parse_statement, statement_bytes
from fieldkit.vault.fsutil import atomic_write
from fieldkit.vault.memwipe import wipe_immutable
from fieldkit.vault.settings import REKEY_STATEMENT
from fieldkit.vault.store import Vault, write_setting


@dataclass(frozen=True)
class Rekeyed:
    """A move made (or its statement written again): the two fingerprints and the file."""

    old_fingerprint: str
    new_fingerprint: str
    path: Path


def _folder_of(path: Path) -> None:
    if not path.parent.is_dir():
        raise FieldkitError(f"no such folder: {path.parent}")


def _write(path: Path, data: bytes) -> None:
    _folder_of(path)
    try:
        atomic_write(path, data, mode=0o644)
    except OSError as error:
        raise FieldkitError(
            f"the kit moved to its new keys, but the statement for HQ could not be written to "
            f"{path} ({error.strerror or error}); write it again with 'fieldkit rekey --again "
            "--out FILE'"
        ) from error


def _forget(identity: Identity) -> None:
    """Zero the old signing key's bytes in this process (best effort: PyNaCl's own copies)."""
    for name in ("_seed", "_signing_key"):
        value = getattr(identity.signing, name, None)
        if isinstance(value, bytes):
            wipe_immutable(value)


def _refuse_unconfirmed(vault: Vault) -> None:
    """A second move before HQ took the first would need HQ to accept both statements in
    order, and a lost first one would lock the kit out: refused until a receipt (sealed to
    the new keys, so HQ has them) was applied for a bundle made since."""
    text = vault.get_setting(REKEY_STATEMENT)
    if not text:
        return
    since = parse_statement(str(text).encode("utf-8")).created_at
    confirmed = vault.read(
        "SELECT 1 FROM bundles_out WHERE created_at >= ? AND receipt_at IS NOT NULL LIMIT 1",
        (since,),
    )
    if not confirmed:
        raise FieldkitError(
            f"this kit moved to new keys on {since[:10]} and HQ has not confirmed it yet (no "
            "receipt for a bundle made since): send HQ that statement ('fieldkit rekey --again "
            "--out FILE') and apply HQ's next receipt before moving again; if the laptop was "
            "taken, HQ revokes the kit instead"
        )


def rekey(vault: Vault, out: Path) -> Rekeyed:
    """Give this kit new signing and age keys; write the statement HQ accepts to ``out``.

    In one transaction the kit's keys are replaced (the old row overwritten: the vault runs
    with secure delete, so SQLite zeroes the old bytes) and the statement kept (it holds no
    secret: ``--again`` writes it again); the write-ahead log is then emptied, so no page
    holding the old key remains in it. Only then is the file written.
    """
    old = load_identity(vault, Role.KIT)
    if old is None:
        if load_identity(vault, Role.HQ) is not None:
            raise FieldkitError("this is HQ's dataset, not a kit: HQ's keys do not move")
        raise FieldkitError("this kit has no keys yet: it has never made a card or a bundle")
    _refuse_unconfirmed(vault)
    _folder_of(Path(out))  # before anything changes
    new = Identity(
        Role.KIT, old.ident, old.name, SigningKey.generate(), pyrage.x25519.Identity.generate()
    )
    data = statement_bytes(old, new, now_iso())
    old_fingerprint = old.card.fingerprint
    with vault.transaction("moving the kit to new keys") as conn:
        store_identity(conn, new)
        write_setting(conn, REKEY_STATEMENT, data.decode("utf-8"))
    vault.checkpoint()
    _forget(old)
    _write(Path(out), data)
    return Rekeyed(old_fingerprint, new.card.fingerprint, Path(out))


def write_again(vault: Vault, out: Path) -> Rekeyed:
    """Write the statement of the last move again (its file was lost or not written)."""
    text = vault.get_setting(REKEY_STATEMENT)
    if not text:
        raise FieldkitError("this kit has not moved to new keys: there is no statement to write")
    statement = parse_statement(str(text).encode("utf-8"))
    _write(Path(out), str(text).encode("utf-8"))
    return Rekeyed(statement.old_fingerprint, statement.new_card.fingerprint, Path(out))
