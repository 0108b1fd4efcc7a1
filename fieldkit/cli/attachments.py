"""The attachment commands: attach, attachments, attachment-set, attachment-save, detach,
record."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fieldkit.cli.common import open_vault
from fieldkit.core.escape import for_terminal as shown
from fieldkit.core.escape import json_for_terminal
from fieldkit.core.plural import counted
from fieldkit.vault import attachments, records
from fieldkit.vault.attachments import Attachment, SendChoice
from fieldkit.vault.fsutil import FLASH, NotARegularFile, open_regular, overwrite_and_unlink

Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def _size(n: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def _sends(item: Attachment) -> str:
    if item.send is SendChoice.KIT_ONLY:
        return "nothing: it stays on this kit"
    if item.send is SendChoice.STRIPPED:
        return f"a copy without its metadata ({_size(item.stripped_size or 0)})"
    if item.held:
        return (
            "the original, with its metadata; nobody reviewed that, so export holds the "
            "interview back ('fieldkit attachment-set … --reviewed')"
        )
    return "the original, with its metadata" + (" (reviewed)" if item.reviewed_at else "")


def _carries(item: Attachment) -> str:
    meta = item.metadata
    if not meta.examined:
        return f"not examined ({meta.note})" if meta.note else "not examined"
    if not meta.items:
        return "no metadata found"
    return "; ".join(i.text for i in meta.items)


def _describe(item: Attachment) -> list[str]:
    return [
        f"  {item.position}. {shown(item.file_name)}  {item.media_type.name}  {_size(item.size)}"
        f"  sha256 {item.sha256[:12]}  (id {item.id[:8]})",
        f"     carries: {shown(_carries(item))}",
        f"     sends:   {_sends(item)}",
    ]


def _as_json(item: Attachment) -> dict[str, Any]:
    return {
        "number": item.position,
        "id": item.id,
        "name": item.file_name,
        "media_type": item.media_type.mime,
        "size": item.size,
        "sha256": item.sha256,
        "created_at": item.created_at,
        "metadata": {
            "examined": item.metadata.examined,
            "note": item.metadata.note,
            "items": [{"kind": i.kind.value, "text": i.text} for i in item.metadata.items],
        },
        "send": item.send.value,
        "stripped": (
            {"size": item.stripped_size, "sha256": item.stripped_sha256}
            if item.stripped_sha256
            else None
        ),
        "reviewed_at": item.reviewed_at,
        "held_at_export": item.held,
    }


def _choice(text: str | None) -> SendChoice | None:
    return SendChoice(text.replace("-", "_")) if text else None


def cmd_attach(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.file]
    with open_vault(args) as vault:
        interview_id = records.resolve_id(vault, args.id)
        added = attachments.attach(
            vault, interview_id, paths, send=_choice(args.send), reviewed=args.reviewed
        )
    print(f"attached {counted(len(added), 'file')} to interview {interview_id[:8]}:")
    for item in added:
        for line in _describe(item):
            print(line)
    if args.remove_original:
        for path in paths:
            overwrite_and_unlink(path)
            print(f"overwrote and removed {shown(path)}")
        print(f"note: {FLASH}")
    else:
        print(
            f"the original {'file is' if len(paths) == 1 else 'files are'} still where "
            f"{'it was' if len(paths) == 1 else 'they were'}: 'attach --remove-original' "
            f"overwrites and removes {'it' if len(paths) == 1 else 'them'}, but {FLASH}"
        )
    return 0


def cmd_attachments(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        interview_id = records.resolve_id(vault, args.id)
        found = attachments.list_for(vault, interview_id)
    if args.json:
        text = json.dumps([_as_json(a) for a in found], ensure_ascii=False, indent=2)
        sys.stdout.write(json_for_terminal(text) + "\n")
        return 0
    print(f"interview {interview_id[:8]}: {len(found)} attachment(s)")
    for item in found:
        for line in _describe(item):
            print(line)
    return 0


def cmd_attachment_set(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        interview_id = records.resolve_id(vault, args.id)
        item = attachments.resolve(vault, interview_id, args.attachment)
        changed = attachments.set_send(vault, item, _choice(args.send), reviewed=args.reviewed)
    for line in _describe(changed):
        print(line)
    return 0


def cmd_attachment_save(args: argparse.Namespace) -> int:
    out = Path(args.out)
    with open_vault(args) as vault:
        interview_id = records.resolve_id(vault, args.id)
        item = attachments.resolve(vault, interview_id, args.attachment)
        written = attachments.save_copy(vault, item, out, stripped=args.stripped)
    what = "a copy without its metadata" if args.stripped else "the original"
    print(f"wrote {what} of {shown(item.file_name)} ({_size(written)}) to {shown(out)}")
    print(
        "warning: that file is outside the vault, unencrypted, and stays readable by anyone "
        f"with this disk; remove it when done ({FLASH})",
        file=sys.stderr,
    )
    return 0


def cmd_detach(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        interview_id = records.resolve_id(vault, args.id)
        item = attachments.resolve(vault, interview_id, args.attachment)
        attachments.detach(vault, item)
    print(f"removed {shown(item.file_name)} from interview {interview_id[:8]}: its key is erased")
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    """Record into the vault from a WAV file or a generated tone: the seam the app's
    microphone feeds, for scripts and tests (the app records from a microphone)."""
    from fieldkit.media import opus
    from fieldkit.vault.recording import Recording

    handle = None
    if args.from_wav:
        try:
            handle = open_regular(Path(args.from_wav), attachments.MAX_ATTACHMENT)
        except NotARegularFile as error:
            raise attachments.AttachRefused(f"{shown(args.from_wav)}: {error}") from error
    with contextlib.ExitStack() as stack:
        if handle is not None:
            stack.enter_context(handle)
            pcm, blocks = opus.wav_blocks(handle)
        else:
            pcm = opus.PcmFormat(48000, 1)
            blocks = opus.tone(pcm, args.tone)
        vault = stack.enter_context(open_vault(args))
        interview_id = records.resolve_id(vault, args.id)
        recording = Recording(vault, interview_id, pcm)
        try:
            for block in blocks:
                recording.write(block)
        except BaseException:
            recording.discard()
            raise
        item = recording.finish()
    seconds = recording.seconds
    print(f"recorded {shown(item.file_name)} ({seconds:.1f} s) into interview {interview_id[:8]}:")
    for line in _describe(item):
        print(line)
    return 0


def register(command: Command) -> None:
    sends = ["stripped", "original", "kit-only"]
    p = command("attach", cmd_attach, "seal files into the vault as an interview's attachments")
    p.add_argument("id", help="the interview id (the first characters are enough)")
    p.add_argument("file", nargs="+", metavar="FILE")
    p.add_argument(
        "--send",
        choices=sends,
        help="what goes to HQ: a copy without metadata (default where one can be made), the "
        "original (chain of custody), or nothing (kit-only; the default otherwise)",
    )
    p.add_argument(
        "--reviewed", action="store_true", help="you reviewed the metadata an original carries"
    )
    p.add_argument(
        "--remove-original",
        action="store_true",
        help="overwrite and remove each file once it is sealed in the vault",
    )

    p = command("attachments", cmd_attachments, "list an interview's attachments")
    p.add_argument("id", help="the interview id (the first characters are enough)")
    p.add_argument("--json", action="store_true")

    p = command("attachment-set", cmd_attachment_set, "change what is sent of an attachment")
    p.add_argument("id", help="the interview id")
    p.add_argument("attachment", help="its number in 'fieldkit attachments', or its id")
    p.add_argument("--send", choices=sends)
    p.add_argument(
        "--reviewed", action="store_true", help="you reviewed the metadata the original carries"
    )

    p = command(
        "attachment-save",
        cmd_attachment_save,
        "write a copy of an attachment out of the vault, unencrypted, on purpose",
    )
    p.add_argument("id", help="the interview id")
    p.add_argument("attachment", help="its number in 'fieldkit attachments', or its id")
    p.add_argument("--out", required=True, metavar="FILE", help="a new file")
    p.add_argument(
        "--stripped", action="store_true", help="the copy without metadata, not the original"
    )

    p = command("detach", cmd_detach, "remove an attachment (crypto-erase)")
    p.add_argument("id", help="the interview id")
    p.add_argument("attachment", help="its number in 'fieldkit attachments', or its id")

    p = command("record", cmd_record, "record sound into the vault as an attachment (Ogg Opus)")
    p.add_argument("id", help="the interview id (the first characters are enough)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--from-wav", metavar="FILE", help="a 16-bit PCM WAV, as a microphone")
    source.add_argument(
        "--tone", type=float, metavar="SECONDS", help="a generated 440 Hz tone (for tests)"
    )
