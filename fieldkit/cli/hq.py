"""``fieldkit hq …``: the central dataset at headquarters.

The group's parser, creating the dataset, HQ's card and key, the list and the quarantine;
kits are :mod:`.hq_kits`, imports :mod:`.hq_imports`, exports :mod:`.hq_export`, forms and
attachments and revocation beside them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldkit import hq
from fieldkit.cli import hq_attachments as attachment_cmds
from fieldkit.cli import hq_export, hq_imports, hq_kits
from fieldkit.cli import revoke as revoke_cmds
from fieldkit.cli.common import ENV_PASSPHRASE, ask_new_passphrase, hq_dir, open_hq, write_card
from fieldkit.cli.forms import print_form, print_forms
from fieldkit.core.errors import FieldkitError
from fieldkit.core.escape import for_terminal as shown
from fieldkit.core.plural import counted
from fieldkit.hq import attachments as hq_attachments
from fieldkit.hq import forms as hq_forms
from fieldkit.vault import search


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
        write_card(hq.hq_identity(vault), args.out, "HQ's", "HQ", "kits compare it")
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

    revoke_cmds.register_hq(command)
    attachment_cmds.register(command)
    _register_forms(hq_sub)
    p = command("init", cmd_init, "create HQ's keys and the central dataset")
    p.add_argument("--org", required=True, help="the organisation's name")
    p = command("card", cmd_card, "write HQ's public card, for kits to enroll")
    p.add_argument("--out", required=True, metavar="FILE")
    hq_kits.register(command)
    hq_imports.register(command)
    hq_export.register(command)
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
