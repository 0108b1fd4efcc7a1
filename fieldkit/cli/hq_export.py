"""``fieldkit hq export`` and ``hq uwazi-exports``: the central dataset written out for analysis,
reports and Uwazi."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldkit.cli.common import Command, open_hq
from fieldkit.core.errors import FieldkitError
from fieldkit.core.escape import for_terminal as shown
from fieldkit.core.plural import counted
from fieldkit.hq import uwazi
from fieldkit.hq.export_files import Exported, export_folder, export_uwazi_zip
from fieldkit.hq.exports import ExportFormat, export_file


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


def register(command: Command) -> None:
    """``hq export`` and ``hq uwazi-exports``, beside the other ``hq`` commands."""
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
