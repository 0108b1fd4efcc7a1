"""The vault commands: init, add, import, list, show, passwd, check, backup, restore,
wipe-after, destroy, and the app."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any

from fieldkit.cli import desktop_libs
from fieldkit.cli.common import (
    ENV_NEW_PASSPHRASE,
    ENV_PASSPHRASE,
    ENV_RECOVERY,
    EXIT_USAGE,
    Refused,
    ask_new_passphrase,
    ask_secret,
    fail,
    interactive,
    open_vault,
    vault_dir,
)
from fieldkit.cli.forms import cli_language, form_answers, print_answers
from fieldkit.core.citation import citation, citation_language
from fieldkit.core.errors import FieldkitError, VaultDamaged
from fieldkit.core.escape import for_terminal as shown
from fieldkit.core.escape import json_for_terminal
from fieldkit.core.plural import counted
from fieldkit.core.record import Interview, Status, validate
from fieldkit.vault import attachments, importing, integrity, review, search
from fieldkit.vault import records as vault_records
from fieldkit.vault.backup import OpenCopy, backup_vault, restore_vault
from fieldkit.vault.settings import RECENT_SEARCHES
from fieldkit.vault.store import Vault, destroy_vault


def cmd_init(args: argparse.Namespace) -> int:
    path = vault_dir(args)
    if Vault.exists(path) or (path / "vault.keys").exists() or (path / "vault.db").exists():
        raise FieldkitError(f"a vault already exists in {path}")
    passphrase = ask_new_passphrase(ENV_PASSPHRASE)
    organisation = args.org
    if organisation is None and interactive() and ENV_PASSPHRASE not in os.environ:
        organisation = input("Organisation (printed in citations, may be left empty): ")
    print("Creating the vault (deriving the key takes about a second)…", file=sys.stderr)
    vault, recovery = Vault.create(path, passphrase, organisation=(organisation or "").strip())
    vault.close()
    print(f"Vault created in {shown(path)}")
    print()
    print("Recovery key — write it down and keep it apart from this computer.")
    print("It is shown only this once and opens the vault if the passphrase is lost:")
    print()
    print(f"    {recovery}")
    print()
    if interactive() and ENV_PASSPHRASE not in os.environ:
        while True:
            try:
                typed = input("To confirm you wrote it down, type its last group: ")
            except (KeyboardInterrupt, EOFError):
                print(file=sys.stderr)
                raise FieldkitError(
                    "the vault was created, but the recovery key was not confirmed: "
                    "if it is lost too, nobody can open the vault"
                ) from None
            if typed.strip().upper() == recovery.rsplit("-", 1)[-1]:
                break
            print("That is not the last group; look at the key again.", file=sys.stderr)
    return 0


def _record_from_flags(args: argparse.Namespace) -> dict[str, Any]:
    consent: dict[str, Any] = {
        "kind": args.consent,
        "quote_anonymously": args.quote_anonymously,
        "share_with_partners": args.share_with_partners,
    }
    return {
        "interview_date": args.date,
        "place": args.place,
        "role": args.role,
        "quotes": args.quote or [],
        "tags": args.tag or [],
        "organisation": args.org,
        "language": args.language,
        "country": args.country,
        "interviewer": args.interviewer,
        "notes": args.notes,
        "status": args.status,
        "consent": consent,
    }


def cmd_add(args: argparse.Namespace) -> int:
    raw = _record_from_flags(args)
    with open_vault(args) as vault:
        form, raw["fields"] = form_answers(vault, args)
        interview = validate(
            raw,
            default_status=Status.READY,
            default_organisation=vault_records.organisation(vault),
            form=form,
            message_language=cli_language(),
        )
        stored = vault_records.save(vault, interview)
    print(stored.id)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise FieldkitError(f"no such file: {source}")
    with open_vault(args) as vault:
        result = importing.import_jsonl(
            vault, source, group=args.group, default_status=Status(args.status)
        )
    print(
        f"imported {counted(result.imported, 'interview')} with {counted(result.quotes, 'quote')}"
        + (
            f"; skipped {result.skipped_duplicates} already in the vault"
            if result.skipped_duplicates
            else ""
        )
    )
    return 0


def _query(args: argparse.Namespace) -> search.Query:
    return search.Query(
        text=args.search or "",
        date_from=args.date_from,
        date_to=args.date_to,
        place=args.place or "",
        tag=args.tag or "",
        status=Status(args.status) if args.status else None,
        limit=args.limit,
    )


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        query = _query(args)
        if args.search:
            history = [
                args.search,
                *[s for s in vault.get_setting(RECENT_SEARCHES) if s != args.search],
            ][:20]
            vault.set_setting(RECENT_SEARCHES, history)
        rows = search.search(vault, query)
        if args.json:
            records = vault_records.get_many(vault, [r.id for r in rows])
            text = json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=2)
            sys.stdout.write(json_for_terminal(text) + "\n")
            return 0
    width = max(shutil.get_terminal_size((100, 20)).columns, 80)
    role_width = max(width - 8 - 12 - 20 - 8 - 10 - 5, 20)
    print(f"{'ID':8}  {'DATE':10}  {'PLACE':18}  {'ROLE':{role_width}}  {'QUOTES':>6}  STATUS")
    for r in rows:
        when = r.interview_date.isoformat() if r.interview_date else "-"
        print(
            f"{r.id[:8]}  {when:10}  {_clip(shown(r.place), 18):18}  "
            f"{_clip(shown(r.role), role_width):{role_width}}  {r.quote_count:>6}  "
            f"{r.status.value}"
        )
    print(counted(len(rows), "interview"), file=sys.stderr)
    return 0


def _print_interview(interview: Interview) -> None:
    wrap = textwrap.TextWrapper(width=88, initial_indent="    ", subsequent_indent="    ")
    consent = interview.consent
    consent_text = consent.kind.value.replace("_", " ") if consent.kind else "not recorded"
    if consent.quote_anonymously:
        consent_text += "; may be quoted anonymously"
    if consent.share_with_partners:
        consent_text += "; may be shared with partners"
    print(f"Interview {interview.id}  ({interview.status.value}, revision {interview.revision})")
    for label, value in (
        ("Date", interview.interview_date.isoformat() if interview.interview_date else "-"),
        ("Place", interview.place + (f" [{interview.country}]" if interview.country else "")),
        ("Role", interview.role),
        ("Organisation", interview.organisation or "-"),
        ("Language", interview.language or "-"),
        ("Interviewer", interview.interviewer or "-"),
        ("Consent", consent_text),
        ("Tags", ", ".join(interview.tags) or "-"),
    ):
        print(f"  {label + ':':14}{shown(value)}")
    for number, quote in enumerate(interview.quotes, start=1):
        tags = shown(", ".join(quote.tags))
        print(f"\n  Quote {number}" + (f"  [{tags}]" if quote.tags else ""))
        for paragraph in quote.text.split("\n\n"):
            print(wrap.fill(shown(paragraph, multiline=True)))
        cited = citation(interview, citation_language(interview, number - 1))
        print(f"    — ({shown(cited)})")
        if quote.clip is not None:
            print(f"    ▶ {quote.clip.text()} of attachment {quote.clip.attachment[:8]}")
    if interview.notes:
        print("\n  Private field notes (never leave this computer):")
        for paragraph in interview.notes.split("\n\n"):
            print(wrap.fill(shown(paragraph, multiline=True)))


def cmd_show(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        interview = vault_records.get(vault, vault_records.resolve_id(vault, args.id))
        held = len(attachments.list_for(vault, interview.id))
        if args.json:
            text = json.dumps(interview.to_dict(), ensure_ascii=False, indent=2)
            sys.stdout.write(json_for_terminal(text) + "\n")
        else:
            _print_interview(interview)
            print_answers(vault, interview)
            if held:
                print(f"\n  Attachments: {held} ('fieldkit attachments {interview.id[:8]}')")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        interview = vault_records.get(vault, vault_records.resolve_id(vault, args.id))
        spots = review.pending(vault, interview)
        chosen = sorted(set(args.not_identifying or ()))
        bad = [n for n in chosen if not 1 <= n <= len(spots)]
        if bad:
            fail(f"no finding number {bad[0]}: {len(spots)} to review here", EXIT_USAGE)
        for number in chosen:
            finding = spots[number - 1].finding
            review.dismiss(vault, interview.id, finding.kind, finding.text)
    if chosen:
        print(f"marked {counted(len(chosen), 'finding')} as not identifying")
        spots = [spot for n, spot in enumerate(spots, 1) if n not in chosen]
    if not spots:
        print(f"interview {interview.id[:8]}: nothing left to review")
        return 0
    print(f"interview {interview.id[:8]}: {counted(len(spots), 'identifying detail')} to review")
    for number, spot in enumerate(spots, 1):
        where = {"role": "role", "field": f"field {spot.name}"}.get(
            spot.field, f"quote {spot.index + 1}"
        )
        finding = spot.finding
        print(
            f"  {number}. {where:8} {finding.kind.value:13} {finding.text!r} "
            f"-> suggested {finding.suggestion!r}"
        )
    print(
        "replace them in the app, or mark those that identify nobody with "
        f"'fieldkit review {interview.id[:8]} --not-identifying N'"
    )
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    path = vault_dir(args)
    if args.recovery:
        key = ask_secret("Recovery key", ENV_RECOVERY)
        vault = Vault.open_with_recovery(path, key)
    else:
        vault = open_vault(args)
    with vault:
        new = ask_new_passphrase(ENV_NEW_PASSPHRASE)
        vault.change_passphrase(new)
    print("Passphrase changed. The recovery key is unchanged.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        report = integrity.check(vault)
    if report.ok:
        print(
            f"vault is sound: {counted(report.interviews, 'interview')}, "
            f"{counted(report.revisions, 'revision')} verified"
        )
        return 0
    for problem in report.problems:
        print(f"problem: {shown(problem)}")
    raise VaultDamaged(f"check found {counted(len(report.problems), 'problem')} in the vault")


def cmd_backup(args: argparse.Namespace) -> int:
    path = vault_dir(args)
    if not Vault.exists(path):
        Vault.open(path, "")  # raises the precise "not found"/"damaged" error
    # A snapshot reader: works while the app has the vault open, and writes nothing to it.
    with Vault.open(path, ask_secret("Passphrase"), read_only=True) as vault:
        written = backup_vault(vault, Path(args.out).expanduser())
    print(f"Backup written and checked: {written}")
    print("It opens with the vault's passphrase or recovery key; keep it apart from this computer.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    target = vault_dir(args)
    if args.recovery:
        opener = OpenCopy(ask_secret("Recovery key", ENV_RECOVERY), recovery=True)
    else:
        opener = OpenCopy(ask_secret("Passphrase"))
    restore_vault(Path(args.backup).expanduser(), target, opener)
    print(f"Backup restored and checked: the vault in {target} opens as it was when backed up.")
    print(
        "A kit's next export starts a new timeline: HQ takes it beside anything sent after "
        "this backup."
    )
    return 0


def cmd_wipe_after(args: argparse.Namespace) -> int:
    if args.count < 0:
        fail("the count cannot be negative (0 turns the wipe off)", EXIT_USAGE)
    if 0 < args.count < 3:
        fail("fewer than 3 would let one typing mistake destroy the vault", EXIT_USAGE)
    with open_vault(args) as vault:
        vault.set_wipe_after(args.count)
    if args.count:
        print(
            f"After {args.count} wrong passphrases in a row the vault's keys will be destroyed "
            "for good. Keep a backup elsewhere; a copy of the files made before cannot be wiped."
        )
    else:
        print("Wrong passphrases no longer destroy the vault.")
    return 0


def cmd_destroy(args: argparse.Namespace) -> int:
    path = vault_dir(args)
    if not args.yes:
        if not interactive():
            raise Refused("destroy needs --yes when no one is at a terminal")
        print(
            f"This destroys the vault in {shown(path)} for good: no passphrase or recovery key "
            "will open it again.",
            file=sys.stderr,
        )
        if input("Type DESTROY to go on: ").strip() != "DESTROY":
            raise Refused("not destroyed")
    destroy_vault(path)
    print(f"Vault in {shown(path)} destroyed: its keys are gone and its files removed.")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    if sys.platform.startswith("linux") and not any(
        os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    ):
        # Qt would abort with a page of plugin errors; say it in one line instead.
        raise FieldkitError(
            "no graphical display here: the desktop app needs one; the command line works "
            "without (fieldkit --help)"
        )
    if sys.platform.startswith("linux") and desktop_libs.uses_xcb(os.environ):
        # Qt aborts (exit 134) naming one missing library; name them all, and the fix.
        plugin = desktop_libs.xcb_plugin()
        missing = desktop_libs.missing_libraries(plugin) if plugin else []
        if missing:
            raise FieldkitError(desktop_libs.advice(missing, desktop_libs.distribution_family()))
    # Imported by name so that the command line never loads Qt unless the app is wanted.
    try:
        app = importlib.import_module("fieldkit.gui.app")
    except ImportError as error:
        raise FieldkitError(
            f"the desktop app cannot start here: {error}; reinstall fieldkit"
        ) from error
    hq_folder = getattr(args, "hq_gui", None)
    if hq_folder is not None:
        # HQ's dataset: '--hq DIR' or --vault names its folder; FIELDKIT_VAULT is a kit's
        # and does not apply.
        named = hq_folder or args.vault
        return int(app.run(Path(named).expanduser() if named else None, hq=True))
    return int(app.run(vault_dir(args)))
