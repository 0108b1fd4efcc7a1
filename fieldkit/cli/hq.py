"""``fieldkit hq …``: the central dataset at headquarters."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import platformdirs

from fieldkit import hq
from fieldkit.cli import hq_attachments as attachment_cmds
from fieldkit.cli import revoke as revoke_cmds
from fieldkit.cli.common import (
    ENV_PASSPHRASE,
    ask_new_passphrase,
    ask_secret,
)
from fieldkit.cli.forms import print_form, print_forms
from fieldkit.core.errors import FieldkitError, VaultNotFound
from fieldkit.core.escape import for_terminal as shown
from fieldkit.core.escape import json_for_terminal
from fieldkit.core.plural import counted
from fieldkit.exchange.keys import Role, read_card
from fieldkit.hq import attachments as hq_attachments
from fieldkit.hq import forms as hq_forms
from fieldkit.hq import import_history, uwazi
from fieldkit.hq.export_files import Exported, export_folder, export_uwazi_zip
from fieldkit.hq.exports import ExportFormat, export_file
from fieldkit.hq.revocation import REPLACED_KEY, REVOKED
from fieldkit.vault import search
from fieldkit.vault.store import Vault


def hq_dir(args: argparse.Namespace) -> Path:
    if args.hq:
        return Path(args.hq).expanduser()
    if getattr(args, "vault", None):  # 'fieldkit --vault DIR hq …'
        return Path(args.vault).expanduser()
    return Path(platformdirs.user_data_dir("fieldkit", appauthor=False)) / "hq"


def open_hq(args: argparse.Namespace) -> Vault:
    path = hq_dir(args)
    if not Vault.exists(path):
        if not (path / "vault.keys").exists() and not (path / "vault.db").exists():
            raise VaultNotFound(
                f"no HQ dataset in {path} (create one with 'fieldkit hq init --hq DIR')"
            )
        return Vault.open(path, "")  # the precise "damaged" error
    vault = Vault.open(path, ask_secret("HQ passphrase"))
    try:
        hq.hq_identity(vault)
    except BaseException:
        vault.close()
        raise
    return vault


def cmd_init(args: argparse.Namespace) -> int:
    path = hq_dir(args)
    if (path / "vault.keys").exists() or (path / "vault.db").exists():
        raise FieldkitError(f"an HQ dataset already exists in {path}")
    passphrase = ask_new_passphrase(ENV_PASSPHRASE)
    vault, recovery, identity = hq.hq_init(path, passphrase, args.org)
    vault.close()
    print(f"HQ dataset for {args.org!r} created in {shown(path)}")
    print(f"HQ fingerprint: {identity.card.fingerprint}")
    print("Recovery key (write it down, keep it apart from this computer):")
    print(f"    {recovery}")
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    with open_hq(args) as vault:
        identity = hq.hq_identity(vault)
        identity.write_card(Path(args.out))
    print(f"wrote HQ's card to {shown(args.out)}")
    print(f"HQ fingerprint: {identity.card.fingerprint}  (kits compare it by phone)")
    return 0


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


def _refused_with_attachments(fmt: ExportFormat, args: argparse.Namespace) -> str | None:
    """Why these options cannot be exported with the attachments (None: they can)."""
    if fmt is ExportFormat.UWAZI_CSV:
        return "Uwazi imports attachments from a ZIP: export --format uwazi-zip --out FILE.zip"
    if fmt is ExportFormat.CITATIONS:
        return "citations are written without attachments (export jsonl or csv with them)"
    if args.history:
        return "--history is written without attachments"
    if args.bom and fmt is not ExportFormat.CSV:
        return "a byte-order mark is for the spreadsheet CSV only (--format csv)"
    return None


def _size(count: int) -> str:
    return f"{count:,} bytes" if count < 1 << 20 else f"{count / (1 << 20):,.1f} MiB"


def cmd_export(args: argparse.Namespace) -> int:
    fmt = ExportFormat(args.format)
    exported: Exported | None = None
    if args.with_attachments or fmt is ExportFormat.UWAZI_ZIP:
        refused = _refused_with_attachments(fmt, args)
        if refused:
            raise FieldkitError(refused)
        if args.since_last or args.since is not None or args.labels:
            raise FieldkitError(
                "--since, --since-last and --labels are for exports without attachments"
            )
        with open_hq(args) as vault:
            if fmt is ExportFormat.UWAZI_ZIP:
                exported = export_uwazi_zip(vault, Path(args.out))
            else:
                exported = export_folder(vault, fmt, Path(args.out), bom=args.bom)
        written = exported.written
    else:
        with open_hq(args) as vault:
            since = args.since
            if args.since_last and fmt is not ExportFormat.UWAZI_CSV:
                raise FieldkitError("--since and --since-last are for --format uwazi-csv")
            if args.since_last:
                earlier = uwazi.csv_exports(vault)
                since = earlier[-1] if earlier else None
                if since is None:
                    print(
                        "no earlier Uwazi CSV export: this one carries everything",
                        file=sys.stderr,
                    )
            written = export_file(
                vault,
                fmt,
                Path(args.out),
                bom=args.bom,
                history=args.history,
                labels=args.labels,
                since=since,
            )
    unit = (
        "revisions"
        if args.history
        else "rows"
        if args.format in ("csv", "uwazi-csv", "uwazi-zip")
        else "properties"
        if args.format == "uwazi-template"
        else ("quotes" if args.format == "citations" else "interviews")
    )
    files = (
        f" and {counted(exported.files, 'attachment')} ({_size(exported.bytes)})"
        if exported is not None
        else ""
    )
    print(f"wrote {written.count} {unit}{files} to {shown(args.out)}")
    if written.number is not None:
        print(f"noted as Uwazi export {written.number} (see 'fieldkit hq uwazi-exports')")
    if written.changed:
        print(
            counted(len(written.changed), "interview changed", "interviews changed")
            + " since an earlier Uwazi export, written again: in Uwazi, delete the earlier "
            "entities of each (search for its interview id) before importing this file: "
            + " ".join(written.changed),
            file=sys.stderr,
        )
    if written.formula_cells:
        print(
            "warning: "
            + counted(written.formula_cells, "cell starts", "cells start")
            + " with = + - or @, written as they are for Uwazi: do not open this file in a "
            "spreadsheet program, which would run them as formulas (export --format csv for a "
            "spreadsheet)",
            file=sys.stderr,
        )
    return 0


def cmd_uwazi_exports(args: argparse.Namespace) -> int:
    with open_hq(args) as vault:
        rows = uwazi.exports(vault)
    for row in rows:
        print(row)
    if not rows:
        print("no Uwazi export yet", file=sys.stderr)
    return 0


def cmd_backup_key(args: argparse.Namespace) -> int:
    with open_hq(args) as vault:
        identity = hq.hq_identity(vault)
    print(
        "WARNING: whoever holds this key can read every bundle sent to this HQ. Print it, "
        "keep it offline and locked away, and never send it over a network.",
        file=sys.stderr,
    )
    print(str(identity.age))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_hq(args) as vault:
        rows = search.search(vault, search.Query(text=args.search or ""))
        origins = hq.provenance(vault, [r.id for r in rows])
        attached = hq_attachments.counts_for(vault, [r.id for r in rows])
    for r in rows:
        last = origins.get(r.id, [])
        source = (
            f"kit {shown(last[-1].kit_name)} ({shown(last[-1].kit_fingerprint)})"
            if last
            else "typed at HQ"
        )
        when = r.interview_date.isoformat() if r.interview_date else "-"
        place = shown(r.place)[:20]
        mark = (
            f"  UNREVIEWED: sent with {counted(last[-1].unreviewed, 'identifying detail')} "
            "nobody reviewed"
            if last and last[-1].unreviewed
            else ""
        )
        if last and last[-1].kit_revoked_at is not None:
            mark += f"  from a kit REVOKED on {last[-1].kit_revoked_at[:10]}" + (
                " (stored after)" if last[-1].after_revocation else " (stored before)"
            )
        if attached.get(r.id):
            mark += f"  with {counted(attached[r.id], 'attachment')} ('hq attachments')"
        quotes = "quote " if r.quote_count == 1 else "quotes"
        print(f"{r.id[:8]}  {when}  {place:20}  {r.quote_count:>3} {quotes}  {source}{mark}")
    print(counted(len(rows), "interview"), file=sys.stderr)
    return 0


def cmd_quarantine(args: argparse.Namespace) -> int:
    with open_hq(args) as vault:
        if args.accept is not None or args.keep is not None:
            item = args.accept if args.accept is not None else args.keep
            hq.resolve(vault, item, accept=args.accept is not None)
            print(
                f"quarantine item {item}: "
                + (
                    "incoming version accepted"
                    if args.accept is not None
                    else "stored version kept"
                )
            )
            return 0
        items = hq.quarantine(vault)
        sent = {item.id: len(hq_attachments.for_quarantined(vault, item.id)) for item in items}
    for item in items:
        print(
            f"[{item.id}] interview {item.interview_id[:8]} from kit "
            f"{shown(item.kit_name)} ({shown(item.kit_fingerprint)}): {shown(item.reason)} "
            f"(received {item.received_at})"
            + (f", with {counted(sent[item.id], 'attachment')}" if sent[item.id] else "")
        )
    print(counted(len(items), "open item"), file=sys.stderr)
    return 0


def cmd_form_publish(args: argparse.Namespace) -> int:
    with open_hq(args) as vault:
        read, new = hq_forms.publish(vault, Path(args.xlsform), Path(args.out))
    print_form("published" if new else "already published (the same file again)", read.form)
    print(f"wrote {shown(args.out)}: kits load it with 'fieldkit form add FILE'")
    return 0


def cmd_form_list(args: argparse.Namespace) -> int:
    with open_hq(args) as vault:
        print_forms(hq_forms.published(vault))
    return 0


def _register_forms(hq_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    top = hq_sub.add_parser(
        "form", help="publish forms for kits", description="Publish XLSForms for kits."
    )
    form_sub = top.add_subparsers(dest="form_command", metavar="FORM_COMMAND", required=True)
    text = "check an XLSForm and write it as a form file signed by HQ"
    p = form_sub.add_parser("publish", help=text, description=text)
    p.add_argument("xlsform", metavar="FORM.xlsx")
    p.add_argument("--out", required=True, metavar="FORM.fkform")
    p.add_argument("--hq", metavar="DIR", help="the HQ dataset folder")
    p.set_defaults(func=cmd_form_publish)
    text = "list the forms HQ published, newest version first"
    p = form_sub.add_parser("list", help=text, description=text)
    p.add_argument("--hq", metavar="DIR", help="the HQ dataset folder")
    p.set_defaults(func=cmd_form_list)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    top = sub.add_parser(
        "hq",
        help="headquarters: the central dataset",
        description="Headquarters: import bundles, merge, export.",
    )
    hq_sub = top.add_subparsers(dest="hq_command", metavar="HQ_COMMAND", required=True)

    def command(name: str, func: object, text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = hq_sub.add_parser(name, help=text, description=text)
        p.add_argument("--hq", metavar="DIR", help="the HQ dataset folder")
        p.set_defaults(func=func)
        return p

    revoke_cmds.register_hq(command, open_hq)
    attachment_cmds.register(command, open_hq)
    _register_forms(hq_sub)
    p = command("init", cmd_init, "create HQ's keys and the central dataset")
    p.add_argument("--org", required=True, help="the organisation's name")
    p = command("card", cmd_card, "write HQ's public card, for kits to enroll")
    p.add_argument("--out", required=True, metavar="FILE")
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
    p = command("export", cmd_export, "export the central dataset")
    p.add_argument(
        "--format",
        required=True,
        choices=[f.value for f in ExportFormat],
        help="uwazi-zip: Uwazi's CSV import and the attachments, in one ZIP (--out FILE.zip)",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="the file to write; with --with-attachments, a new folder",
    )
    p.add_argument(
        "--with-attachments",
        action="store_true",
        help="write a new folder (--out DIR) holding the export (--format jsonl or csv) and "
        "the attachments shown with its interviews, which it names by relative path",
    )
    p.add_argument(
        "--bom",
        action="store_true",
        help="start the spreadsheet CSV (--format csv only) with a byte-order mark, by which "
        "Excel reads it as UTF-8",
    )
    p.add_argument(
        "--history",
        action="store_true",
        help="every revision HQ accepted of each interview, with its kit, bundle, revision "
        "and time (--format jsonl or csv)",
    )
    p.add_argument(
        "--labels",
        metavar="LANG",
        help="the form fields' labels in this language (csv: a label column after each "
        "select; uwazi-csv and uwazi-template: the same LANG for both)",
    )
    since = p.add_mutually_exclusive_group()
    since.add_argument(
        "--since-last",
        action="store_true",
        help="uwazi-csv: only interviews new or changed since the last Uwazi CSV export",
    )
    since.add_argument(
        "--since",
        type=int,
        metavar="EXPORT",
        help="uwazi-csv: only interviews new or changed since Uwazi export EXPORT",
    )
    command("uwazi-exports", cmd_uwazi_exports, "list the Uwazi exports HQ wrote")
    command(
        "backup-key",
        cmd_backup_key,
        "print HQ's age identity for safe keeping (decrypts every bundle)",
    )
    p = command("list", cmd_list, "list merged interviews with their provenance")
    p.add_argument("--search", help="full-text search")
    p = command("quarantine", cmd_quarantine, "list conflicting records, or resolve one")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--accept", type=int, metavar="ID", help="take the incoming version")
    group.add_argument("--keep", type=int, metavar="ID", help="keep the stored version")
