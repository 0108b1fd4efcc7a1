"""``fieldkit hq attachments`` and ``hq attachment-save``: what HQ holds of an interview's
attachments (which copy, from which kit and bundle, the hashes of the chain of custody), and
a plaintext copy of one written out on purpose. The HQ window lists and saves through the
same functions (:mod:`fieldkit.hq.attachments`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from fieldkit.cli.common import Command, attachment_save, interview_arg, open_hq, size_text
from fieldkit.core.escape import for_terminal as shown
from fieldkit.core.escape import json_for_terminal
from fieldkit.core.plural import counted
from fieldkit.hq import attachments as hq_attachments
from fieldkit.hq.attachments import HqAttachment
from fieldkit.media import mediatypes
from fieldkit.vault import records
from fieldkit.vault.fsutil import FLASH
from fieldkit.vault.store import Vault

COPIES = {"stripped": "copy without metadata", "original": "original"}


def copy_text(item: HqAttachment) -> str:
    return COPIES.get(item.copy, item.copy)


def kit_text(item: HqAttachment) -> str:
    return f"kit {shown(item.kit_name)} ({shown(item.kit_fingerprint)})"


def describe(number: int, item: HqAttachment) -> list[str]:
    """The lines of one attachment in ``hq attachments`` (and ``hq list``'s count names it)."""
    kind = mediatypes.of(item.media_type).name
    return [
        f"  {number}. {kind} ({shown(item.media_type)})  {size_text(item.size)}  "
        f"{copy_text(item)}  (id {shown(item.id[:8])})",
        f"     from {kit_text(item)}, bundle {shown(item.bundle_id)}, "
        f"received {shown(item.received_at)}",
        f"     sha256 {shown(item.sha256)}",
        f"     original's sha256 {shown(item.original_sha256)}",
    ]


def as_json(number: int, item: HqAttachment) -> dict[str, Any]:
    return {
        "number": number,
        "id": item.id,
        "media_type": item.media_type,
        "size": item.size,
        "copy": item.copy,
        "kit": {"id": item.kit_id, "name": item.kit_name, "fingerprint": item.kit_fingerprint},
        "bundle_id": item.bundle_id,
        "received_at": item.received_at,
        "sha256": item.sha256,
        "original_sha256": item.original_sha256,
    }


def _held(vault: Vault, reference: str) -> tuple[str, list[HqAttachment]]:
    interview_id = records.resolve_id(vault, reference)
    return interview_id, hq_attachments.for_interview(vault, interview_id)


def cmd_attachments(args: argparse.Namespace) -> int:
    with open_hq(args) as vault:
        interview_id, found = _held(vault, args.id)
    if args.json:
        text = json.dumps(
            [as_json(n, a) for n, a in enumerate(found, start=1)], ensure_ascii=False, indent=2
        )
        sys.stdout.write(json_for_terminal(text) + "\n")
        return 0
    print(f"interview {interview_id[:8]}: {counted(len(found), 'attachment')} at HQ")
    for number, item in enumerate(found, start=1):
        for line in describe(number, item):
            print(line)
    return 0


def cmd_attachment_save(args: argparse.Namespace) -> int:
    out = Path(args.out)
    with open_hq(args) as vault:
        interview_id, found = _held(vault, args.id)
        item = hq_attachments.resolve(found, args.attachment)
        written = hq_attachments.write_copy(vault, item, out)
    number = found.index(item) + 1
    print(
        f"wrote attachment {number} of interview {interview_id[:8]} (the {copy_text(item)}, "
        f"{size_text(written)}, sha256 {item.sha256[:12]}…) to {shown(out)}"
    )
    print(
        "warning: that file is outside the dataset, unencrypted, and stays readable by anyone "
        f"with this disk; remove it when done ({FLASH})",
        file=sys.stderr,
    )
    return 0


def register(command: Command) -> None:
    """``hq attachments`` and ``hq attachment-save``, beside the other ``hq`` commands."""
    p = command(
        "attachments",
        cmd_attachments,
        "list the attachments HQ holds of an interview: copy, kit, bundle, hashes",
    )
    interview_arg(p)
    p.add_argument("--json", action="store_true")
    attachment_save(
        command,
        cmd_attachment_save,
        "write a copy of an attachment HQ holds out of the dataset, unencrypted, on purpose",
        "fieldkit hq attachments",
    )
