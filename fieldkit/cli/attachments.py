"""The attachment commands: attach, attachments, attachment-set, attachment-blur,
attachment-save, detach, record, and quote-clip (a quote pointing into a recording)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

from fieldkit.cli.common import (
    Command,
    attachment_args,
    attachment_save,
    flag,
    interview_arg,
    open_vault,
    size_text,
)
from fieldkit.core.clip import parse_clip
from fieldkit.core.errors import FieldkitError, FieldProblem
from fieldkit.core.escape import for_terminal as shown
from fieldkit.core.escape import json_for_terminal
from fieldkit.core.plural import counted
from fieldkit.media.faces import FACE_TYPES, Box, RegionRefused
from fieldkit.vault import attachments, clips, faces, records
from fieldkit.vault.attachments import Attachment, SendChoice
from fieldkit.vault.fsutil import FLASH, NotARegularFile, open_regular, overwrite_and_unlink


def _sends(item: Attachment) -> str:
    if item.send is SendChoice.KIT_ONLY:
        return "nothing: it stays on this kit"
    if item.send is SendChoice.STRIPPED:
        blurred = f", faces blurred ({len(item.blurred)})" if item.blurred else ""
        return f"a copy without its metadata{blurred} ({size_text(item.stripped_size or 0)})"
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


def _faces(item: Attachment) -> str:
    if item.faces is None:
        found = "not looked for yet ('fieldkit attachment-blur … --faces' looks)"
    else:
        found = f"{counted(len(item.faces), 'face')} found"
    text = f"{found}, {counted(len(item.blurred), 'region')} blurred in the copy"
    left = item.unblurred_faces
    if item.faces_reviewed_at:
        return text + "; reviewed by a person"
    if item.faces_held:
        shows = "" if left is None else f" shows {counted(left, 'face')} not blurred:"
        return (
            f"{text}; what is sent{shows} export holds the interview back until they are "
            "blurred or reviewed (a person must look: detection misses faces)"
        )
    return text + "; detection misses faces: look at the photo before it is sent"


def _describe(item: Attachment) -> list[str]:
    lines = [
        f"  {item.position}. {shown(item.file_name)}  {item.media_type.name}  "
        f"{size_text(item.size)}"
        f"  sha256 {item.sha256[:12]}  (id {item.id[:8]})",
        f"     carries: {shown(_carries(item))}",
        f"     sends:   {_sends(item)}",
    ]
    if item.media_type.mime in FACE_TYPES:
        lines.append(f"     faces:   {_faces(item)}")
    return lines


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
        "faces": (
            {
                "found": [b.as_list() for b in item.faces] if item.faces is not None else None,
                "blurred": [b.as_list() for b in item.blurred],
                "not_blurred_in_what_is_sent": item.unblurred_faces,
                "reviewed_at": item.faces_reviewed_at,
            }
            if item.media_type.mime in FACE_TYPES
            else None
        ),
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
    print(f"interview {interview_id[:8]}: {counted(len(found), 'attachment')}")
    for item in found:
        for line in _describe(item):
            print(line)
    return 0


def cmd_attachment_set(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        interview_id = records.resolve_id(vault, args.id)
        item = attachments.resolve(vault, interview_id, args.attachment)
        changed = attachments.set_send(vault, item, _choice(args.send), reviewed=args.reviewed)
        if args.faces_reviewed:
            changed = faces.mark_faces_reviewed(vault, changed)
    for line in _describe(changed):
        print(line)
    return 0


def _region(text: str) -> Box:
    try:
        return Box.of(text.split(","))
    except RegionRefused as error:
        raise argparse.ArgumentTypeError(
            f"{error} in the upright photo's pixels, e.g. 120,80,200,240"
        ) from error


def cmd_attachment_blur(args: argparse.Namespace) -> int:
    if not (args.faces or args.region or args.clear):
        raise attachments.AttachRefused(
            "say what to blur: --faces, --region x,y,w,h (repeated), or --clear"
        )
    with open_vault(args) as vault:
        interview_id = records.resolve_id(vault, args.id)
        item = attachments.resolve(vault, interview_id, args.attachment)
        was = item.send
        regions = [] if args.clear else list(item.blurred)
        regions += args.region or []
        if args.faces:
            if item.faces is None:
                item = faces.find_faces(vault, item)
            regions = faces.regions_with_faces(item, regions)
        changed = faces.blur(vault, item, regions)
    for line in _describe(changed):
        print(line)
    if was is SendChoice.ORIGINAL and changed.send is SendChoice.STRIPPED:
        print("note: this photo was to be sent as the original; the blurred copy is sent now")
    return 0


def cmd_attachment_save(args: argparse.Namespace) -> int:
    out = Path(args.out)
    with open_vault(args) as vault:
        interview_id = records.resolve_id(vault, args.id)
        item = attachments.resolve(vault, interview_id, args.attachment)
        written = attachments.save_copy(vault, item, out, stripped=args.stripped)
    what = "a copy without its metadata" if args.stripped else "the original"
    print(f"wrote {what} of {shown(item.file_name)} ({size_text(written)}) to {shown(out)}")
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


def cmd_quote_clip(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        interview_id = records.resolve_id(vault, args.id)
        if args.clear:
            clips.set_clip(vault, interview_id, args.quote, None)
            print(f"quote {args.quote} of interview {interview_id[:8]} points to no recording")
            return 0
        if args.attachment is None or args.start is None or args.end is None:
            raise FieldkitError(
                "name the recording and the stretch: ATTACHMENT --from M:SS --to M:SS"
            )
        item = attachments.resolve(vault, interview_id, args.attachment)
        problems: list[FieldProblem] = []
        stretch = {"attachment": item.id, "start": args.start, "end": args.end}
        clip = parse_clip(stretch, "clip", problems)
        if clip is None:
            raise FieldkitError(f"--from/--to: {problems[0].message}")
        clips.set_clip(vault, interview_id, args.quote, clip)
    print(
        f"quote {args.quote} of interview {interview_id[:8]} is {clip.text()} of "
        f"{shown(item.file_name)}"
    )
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
    interview_arg(p)
    p.add_argument("file", nargs="+", metavar="FILE")
    p.add_argument(
        "--send",
        choices=sends,
        help="what goes to HQ: a copy without metadata (default where one can be made), the "
        "original (chain of custody), or nothing (kit-only; the default otherwise)",
    )
    flag(p, "--reviewed", "you reviewed the metadata an original carries")
    flag(p, "--remove-original", "overwrite and remove each file once it is sealed in the vault")

    p = command("attachments", cmd_attachments, "list an interview's attachments")
    interview_arg(p)
    p.add_argument("--json", action="store_true")

    p = command("attachment-set", cmd_attachment_set, "change what is sent of an attachment")
    attachment_args(p, "fieldkit attachments")
    p.add_argument("--send", choices=sends)
    flag(p, "--reviewed", "you reviewed the metadata the original carries")
    flag(
        p,
        "--faces-reviewed",
        "you looked at the photo: its faces may go as they are (blurred or not)",
    )

    p = command(
        "attachment-blur",
        cmd_attachment_blur,
        "blur faces and regions of a photo in the copy that is sent (the original is kept)",
    )
    attachment_args(p, "fieldkit attachments")
    flag(p, "--faces", "blur every face found in it")
    p.add_argument(
        "--region",
        action="append",
        type=_region,
        metavar="X,Y,W,H",
        help="also blur this rectangle (pixels of the upright photo); repeat for more",
    )
    flag(p, "--clear", "start from no blurred region (alone: send the plain copy without metadata)")

    p = attachment_save(
        command,
        cmd_attachment_save,
        "write a copy of an attachment out of the vault, unencrypted, on purpose",
        "fieldkit attachments",
    )
    flag(p, "--stripped", "the copy without metadata, not the original")

    p = command("quote-clip", cmd_quote_clip, "point a quote to the stretch of a recording")
    interview_arg(p)
    p.add_argument("quote", type=int, metavar="QUOTE", help="the quote's number (1, 2 …)")
    p.add_argument(
        "attachment",
        nargs="?",
        metavar="ATTACHMENT",
        help="the recording: its number in 'fieldkit attachments' or id",
    )
    p.add_argument("--from", dest="start", metavar="M:SS", help="where the quote starts")
    p.add_argument("--to", dest="end", metavar="M:SS", help="where it ends")
    flag(p, "--clear", "point the quote to no recording")
    p = command("detach", cmd_detach, "remove an attachment (crypto-erase)")
    attachment_args(p, "fieldkit attachments")

    p = command("record", cmd_record, "record sound into the vault as an attachment (Ogg Opus)")
    interview_arg(p)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--from-wav", metavar="FILE", help="a 16-bit PCM WAV, as a microphone")
    source.add_argument(
        "--tone", type=float, metavar="SECONDS", help="a generated 440 Hz tone (for tests)"
    )
