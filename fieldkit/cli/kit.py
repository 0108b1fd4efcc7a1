"""The kit's exchange commands: card, enroll, export, receipt."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

from fieldkit import kit as kitx
from fieldkit.cli.common import (
    ENV_PASSPHRASE,
    EXIT_REJECTED,
    Command,
    Refused,
    interactive,
    open_vault,
    size_text,
    write_card,
)
from fieldkit.core.escape import for_terminal as shown
from fieldkit.core.plural import counted
from fieldkit.core.record import Interview
from fieldkit.exchange.keys import Role, read_card
from fieldkit.kit import HoldReason
from fieldkit.vault import attachments, records

#: Why interviews were held back: (one, several, what follows the count).
HOLD_TEXT = {
    kitx.HoldReason.DRAFT: ("draft", "drafts", "not marked ready (use --drafts to send them)"),
    kitx.HoldReason.INCOMPLETE: ("draft", "drafts", "too incomplete to send"),
    kitx.HoldReason.UNREVIEWED: (
        "interview",
        "interviews",
        "with identifying details nobody has reviewed",
    ),
}


def cmd_card(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        write_card(kitx.kit_card(vault), args.out, "this kit's", "kit", "HQ compares it")
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    read = read_card(Path(args.card), Role.HQ)  # what is compared is what gets pinned
    card = read.card
    if interactive() and ENV_PASSPHRASE not in os.environ:
        # Compare before trusting: the card may have been swapped on its way here.
        print(f"HQ {card.name!r}, fingerprint {card.fingerprint}")
        answer = input("Does HQ read out exactly this fingerprint by phone? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            raise Refused("not enrolled: compare the fingerprint with HQ first")
    with open_vault(args) as vault:
        card = kitx.enroll_hq(vault, read, replace_pin=args.replace)
    print(f"this kit now sends to HQ {card.name!r}")
    print(f"HQ fingerprint: {card.fingerprint}  (compare it with HQ by phone before exporting)")
    return 0


def _describe(interview: Interview) -> str:
    when = interview.interview_date.isoformat() if interview.interview_date else "no date"
    return f"{interview.id[:8]} ({when}, {shown(interview.place or 'no place')})"


def cmd_export(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        summary = kitx.export_bundle(
            vault,
            Path(args.out),
            include_drafts=args.drafts,
            ids=args.id or None,
            allow_unreviewed=args.allow_unreviewed,
            new_timeline=args.new_timeline,
        )
        unreviewed = [i for i, reason in summary.held_back if reason is HoldReason.UNREVIEWED]
        named = {i.id: _describe(i) for i in records.get_many(vault, unreviewed)}
        held = {i: attachments.list_for(vault, i) for i in summary.attachments_held}
    if summary.path is None:
        print("nothing to send: HQ has confirmed everything that is ready")
    else:
        print(
            f"wrote bundle {summary.sequence} with {counted(len(summary.included), 'interview')}: "
            f"{shown(summary.path)}"
        )
        if summary.new_timeline_after is not None:
            print(
                f"bundle {summary.sequence} starts a new timeline after bundle "
                f"{summary.new_timeline_after} (this kit was restored from a backup, or "
                "--new-timeline was given): HQ takes it beside whatever the other copy sent"
            )
    if summary.left_for_next:
        print(
            f"{counted(summary.left_for_next, 'more interview')} did not fit in one bundle: "
            "run 'fieldkit export' again to send them"
        )
    if summary.already_confirmed:
        print(f"{counted(summary.already_confirmed, 'interview')} already confirmed by HQ")
    for reason, count in Counter(reason for _, reason in summary.held_back).items():
        one, many, why = HOLD_TEXT[reason]
        print(f"held back: {counted(count, one, many)} {why}", file=sys.stderr)
    for interview_id in unreviewed:
        if summary.unreviewed.get(interview_id):
            print(
                f"  {named[interview_id]}: "
                f"{counted(summary.unreviewed[interview_id], 'identifying detail')} to review "
                f"('fieldkit review {interview_id[:8]}')",
                file=sys.stderr,
            )
        metadata = sum(a.metadata_held for a in held.get(interview_id, []))
        photos = sum(a.faces_held for a in held.get(interview_id, []))
        for count, what in (
            (
                metadata,
                f"{counted(metadata, 'attachment')} to be sent as the original, whose "
                "metadata names a place or a person and nobody reviewed ('fieldkit attachments "
                f"{interview_id[:8]}')",
            ),
            (
                photos,
                f"{counted(photos, 'photo')} to be sent with faces not blurred (or not "
                "yet looked for) that nobody reviewed ('fieldkit attachment-blur "
                f"{interview_id[:8]} N --faces', or attachment-set … --faces-reviewed)",
            ),
        ):
            if count:
                print(f"  {named[interview_id]}: {what}", file=sys.stderr)
    if summary.attachments_sent:
        print(
            f"with {counted(summary.attachments_sent, 'attachment')} "
            f"({size_text(summary.attachments_bytes)})"
        )
    if summary.attachments_staying:
        print(
            f"{counted(summary.attachments_staying, 'attachment')} "
            f"{'stays' if summary.attachments_staying == 1 else 'stay'} on this kit "
            "(set to kit-only)"
        )
    if unreviewed:
        print(
            "export incomplete: review those interviews, or send them as they are with "
            "--allow-unreviewed",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        summary = kitx.apply_receipt(vault, Path(args.file), purge=args.purge)
    print(
        f"HQ confirmed {counted(summary.confirmed, 'interview')} of bundle {summary.bundle_id[:8]}"
    )
    if summary.purged:
        print(
            f"removed the quotes and notes of {counted(summary.purged, 'interview')} from this kit"
        )
    if summary.attachments_erased:
        print(
            f"erased {counted(summary.attachments_erased, 'attachment')} HQ confirmed "
            "holding, with their originals"
        )
    if summary.attachments_kept:
        print(
            f"kept their {counted(summary.attachments_kept, 'attachment')} on this kit: "
            "kit-only, or HQ has not confirmed holding them as they are"
        )
    if summary.changed_since:
        print(
            f"{counted(summary.changed_since, 'interview')} changed after sending; "
            "they go with the next export"
        )
    if summary.quarantined:
        print(
            f"HQ holds {counted(summary.quarantined, 'interview')} for review "
            "(conflicting versions)",
            file=sys.stderr,
        )
    return 0


def register(command: Command) -> None:
    p = command("card", cmd_card, "write this kit's public card, for HQ to enroll")
    p.add_argument("--out", required=True, metavar="FILE")

    p = command("enroll", cmd_enroll, "trust an HQ: the kit will send its bundles there")
    p.add_argument("card", metavar="HQ_CARD")
    p.add_argument(
        "--replace", action="store_true", help="send to this HQ instead of the one enrolled before"
    )

    p = command(
        "export", cmd_export, "write a signed, encrypted bundle of what HQ has not confirmed"
    )
    p.add_argument("--out", required=True, metavar="DIR", help="folder (e.g. a USB stick)")
    p.add_argument("--drafts", action="store_true", help="include complete drafts too")
    p.add_argument("--id", action="append", help="only these interviews (repeatable)")
    p.add_argument(
        "--allow-unreviewed",
        action="store_true",
        help="send interviews with identifying details nobody has reviewed, too",
    )
    p.add_argument(
        "--new-timeline",
        action="store_true",
        help="start a new timeline (a vault copied by hand, which HQ refused as a number "
        "already used; 'fieldkit restore' does this by itself)",
    )

    p = command("receipt", cmd_receipt, "apply HQ's receipt for a bundle")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--purge",
        action="store_true",
        help="then remove the quotes and notes HQ confirmed from this kit",
    )
