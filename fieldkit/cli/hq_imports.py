"""``fieldkit hq import`` and ``hq imports``: bundles verified and merged, and HQ's history of
imports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldkit import hq
from fieldkit.cli.common import Command, open_hq
from fieldkit.core.errors import FieldkitError
from fieldkit.core.escape import for_terminal as shown
from fieldkit.core.plural import counted
from fieldkit.hq import import_history
from fieldkit.hq.revocation import REPLACED_KEY, REVOKED


def _held_text(outcome: hq.ImportOutcome) -> str:
    """The import line of a bundle held, not merged."""
    if outcome.replay:
        return f"held before ({shown(outcome.held_reason)}); nothing changed"
    return (
        f"held, not merged: {shown(outcome.held_reason)}; "
        f"{counted(outcome.quarantined, 'interview')} in quarantine, no receipt written"
    )


def cmd_import(args: argparse.Namespace) -> int:
    failed = 0
    held: dict[str, int] = {}
    with open_hq(args) as vault:
        paths = [Path(name) for name in args.bundles]
        results = hq.import_bundles(vault, paths, receipts_dir=args.receipts)
    for path, result in zip(paths, results, strict=True):
        if isinstance(result, hq.ReceiptNotWritten):
            print(f"fieldkit: {shown(path)}: {shown(result)}", file=sys.stderr)
            failed += 1
            continue
        if isinstance(result, FieldkitError):
            print(
                f"fieldkit: {shown(path)}: rejected, nothing imported: {shown(result)}",
                file=sys.stderr,
            )
            failed += 1
            continue
        outcome = result
        if outcome.held:
            held[outcome.held] = held.get(outcome.held, 0) + 1
            kit = f"{shown(outcome.kit_name)} ({shown(outcome.kit_fingerprint)})"
            print(f"{shown(path)}: bundle {outcome.sequence} of kit {kit}: {_held_text(outcome)}")
            continue
        what = (
            "replay: already imported, same receipt written again"
            if outcome.replay
            else _counts(
                outcome.new,
                outcome.duplicates,
                outcome.updated,
                outcome.unchanged,
                outcome.quarantined,
            )
        )
        kit = f"{shown(outcome.kit_name)} ({shown(outcome.kit_fingerprint)})"
        print(f"{shown(path)}: bundle {outcome.sequence} of kit {kit}: {what}")
        print(f"  receipt: {shown(outcome.receipt_path)}")
        if outcome.unreviewed:
            print(
                "  warning: "
                + counted(outcome.unreviewed, "interview was", "interviews were")
                + " sent with identifying details nobody reviewed",
                file=sys.stderr,
            )
        for warning in outcome.warnings:
            print(f"  warning: {shown(warning)}", file=sys.stderr)
    if held.get(REVOKED):
        n = held[REVOKED]
        print(
            f"{counted(n, 'bundle')} quarantined because "
            f"{'its' if n == 1 else 'their'} kit was revoked"
        )
    if held.get(REPLACED_KEY):
        print(
            f"{counted(held[REPLACED_KEY], 'bundle')} quarantined because they were signed "
            "with a key their kit moved away from"
        )
    return 1 if failed else 0


def _counts(new: int, duplicates: int, updated: int, unchanged: int, quarantined: int) -> str:
    return (
        f"{new} new, {duplicates} already sent by another kit, {updated} updated, "
        f"{unchanged} unchanged, {quarantined} quarantined"
    )


def cmd_imports(args: argparse.Namespace) -> int:
    if args.last < 1:
        raise FieldkitError("--last takes a number of imports, 1 or more")
    with open_hq(args) as vault:
        lines = import_history.history(vault, args.last)
    for line in lines:
        name = shown(line.file_name) or "(file name not kept)"
        kit = f"kit {shown(line.kit_name)} ({line.kit_fingerprint})" if line.kit_name else ""
        where = f"bundle {line.sequence} of {kit}" if line.sequence is not None else ""
        if line.fate is import_history.Fate.REJECTED:
            what = f"rejected, nothing imported: {shown(line.reason)}"
        elif line.fate is import_history.Fate.REPLAY:
            what = "replay: already imported, same receipt written again"
        elif line.new is None:  # imported before HQ kept its history
            what = f"{line.stored} stored, {line.quarantined} quarantined"
        else:
            what = _counts(
                line.new,
                line.duplicates or 0,
                line.updated or 0,
                line.unchanged or 0,
                line.quarantined,
            )
        print("  ".join(part for part in (line.imported_at, name, where, what) if part))
    print(counted(len(lines), "import"), file=sys.stderr)
    return 0


def register(command: Command) -> None:
    """``hq imports`` and ``hq import``, beside the other ``hq`` commands."""
    p = command("imports", cmd_imports, "list the imports HQ made, newest first")
    p.add_argument(
        "--last",
        type=int,
        default=import_history.SHOWN,
        metavar="N",
        help=f"the N latest (default {import_history.SHOWN})",
    )
    p = command("import", cmd_import, "verify and merge bundles; write a receipt for each")
    p.add_argument("bundles", nargs="+", metavar="BUNDLE")
    p.add_argument(
        "--receipts",
        metavar="DIR",
        type=Path,
        help="where receipts go (default: beside each bundle)",
    )
