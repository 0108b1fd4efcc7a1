"""``fieldkit hq enroll-kit``, ``hq rename-kit`` and ``hq kits``: the kits HQ trusts."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fieldkit import hq
from fieldkit.cli.common import Command, open_hq
from fieldkit.core.escape import for_terminal as shown
from fieldkit.core.escape import json_for_terminal
from fieldkit.core.plural import counted
from fieldkit.exchange.keys import Role, read_card


def cmd_enroll_kit(args: argparse.Namespace) -> int:
    with open_hq(args) as vault:
        card = hq.enroll_kit(vault, read_card(Path(args.card), Role.KIT), name=args.name)
        name = hq.find_kit(vault, card.fingerprint).name
    print(
        f"enrolled kit {shown(name)!r}, fingerprint {card.fingerprint}  "
        "(compare it with the researcher by phone)"
    )
    return 0


def cmd_rename_kit(args: argparse.Namespace) -> int:
    with open_hq(args) as vault:
        kit, name = hq.rename_kit(vault, args.fingerprint, args.name)
    print(f"kit {kit.fingerprint} renamed from {shown(kit.name)!r} to {shown(name)!r}")
    return 0


def cmd_kits(args: argparse.Namespace) -> int:
    with open_hq(args) as vault:
        kits = hq.kit_list(vault)
    if args.json:
        for kit in kits:
            print(json_for_terminal(json.dumps(kit.__dict__, ensure_ascii=False, sort_keys=True)))
        return 0
    for kit in kits:
        last = (
            f"last bundle {kit.last_sequence} imported {kit.last_imported_at}"
            if kit.last_sequence is not None
            else "no bundle yet"
        )
        print(
            f"{shown(kit.name)}  {kit.fingerprint}  enrolled {kit.enrolled_at}  {last}  "
            f"{counted(kit.interviews, 'interview')} stored{_kit_marks(kit)}"
        )
    print(counted(len(kits), "kit"), file=sys.stderr)
    return 0


def _kit_marks(kit: hq.Kit) -> str:
    """What ``hq kits`` adds for a kit that moved to a new key or was revoked."""
    marks = ""
    if kit.rekeyed_at is not None:
        marks += f"  new key since {kit.rekeyed_at} (was {kit.previous_fingerprints[-1]})"
    if kit.revoked_at is not None:
        marks += f"  REVOKED on {kit.revoked_at} by {shown(kit.revoked_by or '')}"
        marks += f": {shown(kit.revoked_reason)}" if kit.revoked_reason else ""
    return marks


def register(command: Command) -> None:
    """``hq enroll-kit``, ``hq rename-kit`` and ``hq kits``, beside the other ``hq`` commands."""
    p = command("enroll-kit", cmd_enroll_kit, "register a kit from its card")
    p.add_argument("card", metavar="KIT_CARD")
    p.add_argument(
        "--name",
        help="HQ's name for the kit (default: the card's organisation and the first group of "
        "its fingerprint); one another kit has is refused",
    )
    p = command("rename-kit", cmd_rename_kit, "give an enrolled kit another name")
    p.add_argument(
        "fingerprint",
        metavar="FINGERPRINT",
        help="the kit's fingerprint, or a beginning of it no other kit's has",
    )
    p.add_argument("name", metavar="NAME")
    p = command("kits", cmd_kits, "list enrolled kits: name, fingerprint, last bundle, interviews")
    p.add_argument("--json", action="store_true", help="one JSON object per kit and line")
