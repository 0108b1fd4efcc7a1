"""A seized kit on the command line: ``fieldkit hq revoke-kit``, ``fieldkit hq rekey-kit``
(HQ) and ``fieldkit rekey`` (the kit)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fieldkit.cli.common import ENV_PASSPHRASE, Command, Refused, interactive, open_hq, open_vault
from fieldkit.core.escape import for_terminal as shown
from fieldkit.exchange.rekey import read_statement
from fieldkit.hq import revocation
from fieldkit.hq.dataset import kit_called
from fieldkit.kit import rekey as kit_rekey


def revoke_kit(args: argparse.Namespace) -> int:
    with open_hq(args) as vault:
        kit = kit_called(vault, args.kit)
        named = f"kit {shown(kit.name)!r} ({kit.fingerprint})"
        if not args.yes:
            if not interactive():
                raise Refused(
                    f"not revoked: revoking {named} needs --yes when no one is at a terminal"
                )
            print(
                f"Revoke {named}? HQ will hold its later bundles in quarantine and never merge "
                "them; what it sent before stays, marked. This cannot be undone.",
                file=sys.stderr,
            )
            print(
                "A copy of the kit restored from a backup signs with the same key and is held "
                "too. If the researcher restored it, that copy can move to new keys instead "
                "('fieldkit rekey', then 'fieldkit hq rekey-kit'): the lost copy's bundles are "
                "held just the same, and the kit keeps sending (docs/hq.md).",
                file=sys.stderr,
            )
            if (
                input("Type the kit's name to revoke it: ").strip().casefold()
                != kit.name.casefold()
            ):
                raise Refused(f"not revoked: {named} is still trusted")
        revoked = revocation.revoke_kit(
            vault,
            kit.fingerprint,
            by=args.by if args.by is not None else revocation.default_revoker(),
            reason=args.reason,
        )
    print(
        f"revoked {named} on {revoked.revoked_at} by {shown(revoked.revoked_by or '')}"
        + (f": {shown(revoked.revoked_reason)}" if revoked.revoked_reason else "")
    )
    return 0


def rekey_kit(args: argparse.Namespace) -> int:
    statement = read_statement(Path(args.statement))
    with open_hq(args) as vault:
        check = revocation.check_rekey(vault, statement)
        named = f"kit {shown(check.kit.name)!r}"
        if check.already:
            print(f"{named} already has this key ({check.new_card.fingerprint}); nothing changed")
            return 0
        if not args.yes and interactive() and ENV_PASSPHRASE not in os.environ:
            # Whoever holds the old key can sign a statement: only the researcher's voice on a
            # number HQ already knows tells the real move from a thief's.
            print(f"{named} moves from {check.kit.fingerprint} to {check.new_card.fingerprint}")
            answer = input(
                "Does the researcher read out exactly this new fingerprint by phone? [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes"):
                raise Refused("not accepted: compare the new fingerprint with the researcher first")
        revocation.accept_rekey(vault, statement)
    print(
        f"{named} now signs with {check.new_card.fingerprint} (was {check.kit.fingerprint}); "
        "bundles signed with the old key are held in quarantine"
    )
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        if args.again:
            moved = kit_rekey.write_again(vault, Path(args.out))
        else:
            moved = kit_rekey.rekey(vault, Path(args.out))
    print(f"wrote the rekey statement for HQ to {shown(moved.path)}")
    print(f"kit fingerprint: {moved.new_fingerprint}  (was {moved.old_fingerprint})")
    print("HQ compares the new fingerprint with you by phone before it accepts the statement")
    if not args.again:
        print("the old keys are destroyed in this vault; backups made before still hold them")
    return 0


def register_hq(command: Command) -> None:
    """``hq revoke-kit`` and ``hq rekey-kit``, beside the other ``hq`` commands."""
    p = command(
        "revoke-kit",
        revoke_kit,
        "revoke a kit (seized or lost): its later bundles are held, never merged",
    )
    p.add_argument(
        "kit", metavar="KIT", help="HQ's name for the kit, or a beginning of its fingerprint"
    )
    p.add_argument("--reason", default="", help="why (kept with the revocation; optional)")
    p.add_argument("--by", help="who revokes it (default: your login name)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p = command(
        "rekey-kit",
        rekey_kit,
        "accept a kit's move to a new key (its statement from 'fieldkit rekey')",
    )
    p.add_argument("statement", metavar="STATEMENT")
    p.add_argument(
        "--yes",
        action="store_true",
        help="the new fingerprint was compared by phone already: do not ask",
    )


def register_kit(command: Command) -> None:
    """``fieldkit rekey``, beside the kit's other exchange commands."""
    p = command(
        "rekey",
        cmd_rekey,
        "move this kit to new keys; write the statement HQ accepts (the old keys are destroyed)",
    )
    p.add_argument("--out", required=True, metavar="FILE", help="the statement for HQ")
    p.add_argument(
        "--again", action="store_true", help="write the statement of the last move again"
    )
