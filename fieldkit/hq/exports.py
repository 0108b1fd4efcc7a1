"""Exports of the central dataset for analysis and reports: the formats, and writing one.

The writers are by format: :mod:`.export_records` (JSON Lines, citations, and what every
export reads), :mod:`.export_csv` (the spreadsheet CSV), :mod:`.export_history`
(``--history``), :mod:`fieldkit.hq.uwazi` (Uwazi); :mod:`.export_writing` writes the file,
:mod:`.export_files` the exports with attachments.

Each writer streams interviews page by page (bounded memory) and writes to a temporary file
beside the target, renamed into place only when complete.
"""

from __future__ import annotations

import enum
import io
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import IO

from fieldkit.core.errors import FieldkitError
from fieldkit.hq.export_csv import write_csv
from fieldkit.hq.export_history import write_history_csv, write_history_jsonl
from fieldkit.hq.export_records import Files, Written, write_citations, write_jsonl
from fieldkit.hq.export_writing import text_over, write_atomically
from fieldkit.hq.formcolumns import checked_language
from fieldkit.vault.store import Vault


class ExportFormat(enum.StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    UWAZI_CSV = "uwazi-csv"
    UWAZI_TEMPLATE = "uwazi-template"
    CITATIONS = "citations"
    #: Uwazi's CSV import with the attachments, in one ZIP (:mod:`fieldkit.hq.export_files`).
    UWAZI_ZIP = "uwazi-zip"


def write_uwazi_csv(vault: Vault, out: IO[str], files: Files = None) -> Written:
    """Uwazi's CSV import (:func:`fieldkit.hq.uwazi.write_csv`: every interview, labels in
    each form's default language). With ``files`` (the ZIP), the ``attachments`` column
    Uwazi's import reads names each entity's files in the ZIP."""
    from fieldkit.hq import uwazi  # uwazi builds on this module's readers

    return uwazi.write_csv(vault, out, files=files)


HISTORY_WRITERS = {
    ExportFormat.JSONL: write_history_jsonl,
    ExportFormat.CSV: write_history_csv,
}


def _write_uwazi_template(vault: Vault, out: IO[str]) -> Written:
    from fieldkit.hq import uwazi

    return uwazi.write_template(vault, out)


WRITERS: dict[ExportFormat, Callable[[Vault, IO[str]], Written]] = {
    ExportFormat.JSONL: write_jsonl,
    ExportFormat.CSV: write_csv,
    ExportFormat.UWAZI_CSV: write_uwazi_csv,
    ExportFormat.UWAZI_TEMPLATE: _write_uwazi_template,
    ExportFormat.CITATIONS: write_citations,
}


def _writer(
    fmt: ExportFormat, history: bool, labels: str | None, since: int | None
) -> Callable[[Vault, IO[str]], Written]:
    """The writer of ``fmt``, given ``--labels`` and ``--since`` where they apply."""
    writers = HISTORY_WRITERS if history else WRITERS
    if fmt not in writers:
        raise FieldkitError(
            "--history is written as jsonl or csv: every revision HQ accepted, with its kit, "
            "bundle, revision and time"
        )
    if labels is not None and (history or fmt not in (ExportFormat.CSV, *UWAZI)):
        raise FieldkitError("--labels is for --format csv, uwazi-csv and uwazi-template")
    if since is not None and fmt is not ExportFormat.UWAZI_CSV:
        raise FieldkitError("--since and --since-last are for --format uwazi-csv")
    if fmt in UWAZI:
        from fieldkit.hq import uwazi

        if fmt is ExportFormat.UWAZI_TEMPLATE:
            return lambda vault, out: uwazi.write_template(vault, out, labels=labels)
        return lambda vault, out: uwazi.write_csv(vault, out, labels=labels, since=since)
    if fmt is ExportFormat.CSV and not history:
        return lambda vault, out: write_csv(vault, out, labels=checked_language(labels))
    return writers[fmt]


UWAZI = (ExportFormat.UWAZI_CSV, ExportFormat.UWAZI_TEMPLATE)


def export(vault: Vault, fmt: ExportFormat, target: Path, *, bom: bool = False) -> int:
    """Write ``fmt`` to ``target`` atomically; returns the number of records, rows or quotes."""
    return export_file(vault, fmt, target, bom=bom).count


def export_file(
    vault: Vault,
    fmt: ExportFormat,
    target: Path,
    *,
    bom: bool = False,
    history: bool = False,
    labels: str | None = None,
    since: int | None = None,
) -> Written:
    """Write ``fmt`` to ``target`` atomically. ``bom`` starts the spreadsheet CSV with a
    byte-order mark (Excel reads UTF-8 by it); it is refused for the other formats, the Uwazi
    CSV included, which is for Uwazi's import and not for spreadsheet programs. ``history``
    writes every revision HQ accepted instead (jsonl and csv only). ``labels`` (a language
    code): the form fields' labels in that language (csv: label columns for the selects).
    ``since``: a Uwazi CSV of what is new or changed since that earlier Uwazi export. A Uwazi
    export is noted in the dataset once its file is in place."""
    target = Path(target)
    if fmt is ExportFormat.UWAZI_ZIP:
        raise FieldkitError("the Uwazi ZIP is written with its attachments: export_uwazi_zip")
    write = _writer(fmt, history, labels, since)
    if bom and fmt is not ExportFormat.CSV:
        raise FieldkitError(
            "a byte-order mark is for the spreadsheet CSV only: the Uwazi CSV is for Uwazi's "
            "import (export csv to open the dataset in a spreadsheet program)"
        )

    def write_file(raw: IO[bytes]) -> Written:
        with text_over(raw) as handle:
            if bom:
                handle.write("\ufeff")
            written = write(vault, handle)
        os.fsync(raw.fileno())
        return written

    written = write_atomically(target, write_file)
    if written.note is not None:  # a Uwazi export, noted once its file is in place
        written = replace(written, number=written.note(), note=None)
    return written


def export_text(
    vault: Vault,
    fmt: ExportFormat,
    *,
    history: bool = False,
    labels: str | None = None,
    since: int | None = None,
) -> str:
    """The export as a string (for small datasets and tests; a Uwazi export is not noted)."""
    buffer = io.StringIO(newline="")
    _writer(fmt, history, labels, since)(vault, buffer)
    return buffer.getvalue()
