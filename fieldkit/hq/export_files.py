"""Exports of the central dataset with the attachments HQ holds.

Two shapes: a new folder holding the JSONL or CSV export and an ``attachments/`` folder the
export names by relative path (:func:`export_folder`), and a ZIP for Uwazi's CSV import, its
``import.csv`` naming the attachments the ZIP carries (:func:`export_uwazi_zip`). Only the
attachments shown with stored interviews are written (:func:`fieldkit.hq.attachments.
for_interview`), as the bytes HQ holds: the stripped copy unless the kit chose the original.
No file is named by anything a kit chose (HQ never receives the original file names): each
is ``attachments/<interview id 8>/<n>-<attachment id 8>.<extension of its media type>``.

Every file is streamed from its sealed copy a megabyte at a time and checked against its
SHA-256 as written, so memory does not grow with file sizes. Nothing goes to a temporary
folder: the folder is built beside its target under a hidden ``.NAME.partial`` name and the
ZIP likewise, renamed into place once complete; an error removes the partial output.
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import errno
import os
import re
import shutil
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype

from fieldkit.core.errors import DiskFull, FieldkitError
from fieldkit.hq import attachments as hq_attachments
from fieldkit.hq.export_csv import write_csv
from fieldkit.hq.export_records import Attached, Written, write_jsonl
from fieldkit.hq.export_writing import text_over, write_atomically
from fieldkit.hq.exports import ExportFormat, write_uwazi_csv
from fieldkit.hq.history import interview_ids
from fieldkit.media.mediatypes import UNKNOWN
from fieldkit.vault import blobs
from fieldkit.vault.fsutil import create_private, fsync_dir
from fieldkit.vault.store import Vault

#: The folder, inside the export, that holds the attachments.
FOLDER = "attachments"
#: The export file inside the folder, by format.
FILE_NAMES = {ExportFormat.JSONL: "interviews.jsonl", ExportFormat.CSV: "interviews.csv"}
#: The name Uwazi's import reads the CSV by, at the ZIP's top level (app/api/csv/importFile.ts).
UWAZI_CSV_NAME = "import.csv"
#: Space left free on the target's disk after the attachments are written.
DISK_RESERVE = 64 * 1024 * 1024

_SAFE_ID = re.compile(r"[0-9a-f-]{8,36}")


@dataclass(frozen=True)
class Exported:
    """What an export with attachments wrote."""

    written: Written
    files: int
    bytes: int


def _extension(item: hq_attachments.HqAttachment) -> str:
    """The usual extension of the attachment's media type, from filetype's own table
    (``bin`` if it has none): never text from the bundle itself."""
    known = filetype.get_type(mime=item.media_type) if item.media_type != UNKNOWN else None
    extension = known.extension if known is not None else "bin"
    return extension if re.fullmatch(r"[a-z0-9]{1,8}", extension) else "bin"


def _short(attachment_id: str) -> str:
    """An attachment's id to 8 characters (a UUID's, as intake checks; never a path)."""
    return attachment_id[:8] if re.fullmatch(r"[0-9a-f]{8}", attachment_id[:8]) else "file"


def plan(vault: Vault) -> dict[str, list[Attached]]:
    """Each stored interview's attachments (those shown with it), with the relative path
    each is written at: the interview's id to 8 characters (all of it where two stored
    interviews begin alike), then the attachment's number with the interview and its id to
    8 characters. Memory grows with the number of attachments, never with their size."""
    ids = interview_ids(vault)
    starts = collections.Counter(i[:8] for i in ids)
    planned: dict[str, list[Attached]] = {}
    for number, stored_id in enumerate(ids, start=1):
        items = hq_attachments.for_interview(vault, stored_id)
        if not items:
            continue
        folder = stored_id[:8] if starts[stored_id[:8]] == 1 else stored_id
        if not _SAFE_ID.fullmatch(folder):  # an id typed at HQ is a UUID too; never a path
            folder = f"interview-{number}"
        planned[stored_id] = [
            Attached(f"{FOLDER}/{folder}/{n}-{_short(item.id)}.{_extension(item)}", item)
            for n, item in enumerate(items, start=1)
        ]
    return planned


def _all(planned: dict[str, list[Attached]]) -> Iterable[tuple[str, int, Attached]]:
    for stored_id, files in planned.items():
        for n, attached in enumerate(files, start=1):
            yield stored_id, n, attached


def _check_space(where: Path, planned: dict[str, list[Attached]]) -> int:
    """The attachments' total size, refused before anything is written if the disk lacks it."""
    needed = sum(a.item.size for _, _, a in _all(planned))
    free = shutil.disk_usage(where).free
    if needed + DISK_RESERVE > free:
        raise DiskFull(
            f"the disk of {where} has {free >> 20} MiB free and the attachments need "
            f"{needed >> 20} MiB (and {DISK_RESERVE >> 20} MiB spare): nothing was exported"
        )
    return needed


def _copy(vault: Vault, stored_id: str, n: int, attached: Attached, out: IO[bytes]) -> None:
    """One attachment streamed into ``out``; a damaged sealed file named in one line."""
    try:
        hq_attachments.copy_to(vault, attached.item, out)
    except blobs.AttachmentDamaged as error:
        raise blobs.AttachmentDamaged(
            f"nothing was exported: attachment {n} of interview {stored_id[:8]} cannot be read "
            f"from HQ's dataset ({error}); restore the dataset from a backup"
        ) from error


def _failed(target: Path, error: OSError) -> FieldkitError:
    text = f"the export could not be written to {target} ({error.strerror or error})"
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DiskFull(f"{text}: nothing was exported")
    return FieldkitError(f"{text}: nothing was exported")


# --- a folder ---------------------------------------------------------------------------------


def _check_folder_target(target: Path) -> Path:
    """Refuse anything but a new folder (or an empty one) in an existing folder; the hidden
    partial folder it is built in."""
    if not target.parent.is_dir():
        raise FieldkitError(f"no such folder: {target.parent}")
    with contextlib.suppress(FileNotFoundError):
        info = target.lstat()
        if not stat.S_ISDIR(info.st_mode) or any(target.iterdir()):
            raise FieldkitError(
                f"{target} exists and is not an empty folder: the export with attachments "
                "goes into a new folder"
            )
    partial = target.with_name(f".{target.name}.partial")
    if partial.exists() or partial.is_symlink():
        raise FieldkitError(
            f"{partial} is in the way (an interrupted export left it, with plaintext "
            "attachments in it): remove it, then export again"
        )
    return partial


def export_folder(vault: Vault, fmt: ExportFormat, target: Path, *, bom: bool = False) -> Exported:
    """Write the ``fmt`` export (jsonl or csv) and the attachments it names into the new
    folder ``target``, built under ``.NAME.partial`` and renamed when complete. The JSONL
    record lists its ``attachments`` (path, media type, size, SHA-256, copy, the original's
    SHA-256, kit); the CSV's last column, ``attachments``, their paths joined by ``|``."""
    target = Path(target)
    writer = {ExportFormat.JSONL: write_jsonl, ExportFormat.CSV: write_csv}.get(fmt)
    if writer is None:
        raise FieldkitError(
            "attachments are exported with --format jsonl or csv into a folder, or with "
            "--format uwazi-zip for Uwazi"
        )
    if bom and fmt is not ExportFormat.CSV:
        raise FieldkitError("a byte-order mark is for the spreadsheet CSV only")
    partial = _check_folder_target(target)
    planned = plan(vault)
    size = _check_space(target.parent, planned)
    try:
        os.mkdir(partial, 0o700)  # outside the clean-up below: never remove what is not ours
    except OSError as error:
        raise _failed(target, error) from error
    try:
        made: set[Path] = set()
        for stored_id, n, attached in _all(planned):
            path = partial / attached.path
            for folder in reversed(path.relative_to(partial).parents[:-1]):
                if partial / folder not in made:
                    os.mkdir(partial / folder, 0o700)
                    made.add(partial / folder)
            with open(create_private(path), "wb") as handle:
                _copy(vault, stored_id, n, attached, handle)
                handle.flush()
                os.fsync(handle.fileno())
        for folder in made:
            fsync_dir(folder)

        def write(raw: IO[bytes]) -> Written:
            with text_over(raw) as handle:
                if bom:
                    handle.write("\ufeff")
                written = writer(vault, handle, planned)
            os.fsync(raw.fileno())
            return written

        written = write_atomically(partial / FILE_NAMES[fmt], write)
        fsync_dir(partial)
        os.replace(partial, target)
        fsync_dir(target.parent)
    except BaseException as error:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(error, OSError):
            raise _failed(target, error) from error
        raise
    return Exported(written, sum(len(files) for files in planned.values()), size)


# --- a ZIP for Uwazi --------------------------------------------------------------------------


def _entry(name: str, when: datetime.datetime, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = compress
    info.external_attr = (stat.S_IFREG | 0o600) << 16  # private once unpacked
    return info


def export_uwazi_zip(vault: Vault, target: Path) -> Exported:
    """Write Uwazi's CSV import with its attachments as the ZIP ``target``: ``import.csv``
    first (the Uwazi CSV and its ``attachments`` column), then each file it names, stored as
    it is (photos, recordings and PDFs are compressed already), in ZIP64 where one is over
    2 GiB. Written atomically (:func:`write_atomically`). Uwazi takes an upload for a ZIP by
    its name alone, so one not ending in ``.zip`` is refused."""
    target = Path(target)
    if target.suffix.lower() != ".zip":
        raise FieldkitError(
            f"{target.name} does not end in .zip, and Uwazi's import reads a file as a ZIP "
            "only by that name: choose a name ending in .zip"
        )
    if not target.parent.is_dir():
        raise FieldkitError(f"no such folder: {target.parent}")
    planned = plan(vault)
    size = _check_space(target.parent, planned)
    when = datetime.datetime.now(datetime.UTC)

    def write(raw: IO[bytes]) -> Written:
        with zipfile.ZipFile(raw, "w", allowZip64=True) as package:
            info = _entry(UWAZI_CSV_NAME, when, zipfile.ZIP_DEFLATED)
            # The CSV's size is not known before it is written: ZIP64 fields, in case.
            with package.open(info, "w", force_zip64=True) as entry, text_over(entry) as text:
                written = write_uwazi_csv(vault, text, planned)
            for stored_id, n, attached in _all(planned):
                info = _entry(attached.path, when, zipfile.ZIP_STORED)
                info.file_size = attached.item.size  # ZIP64 chosen from it where needed
                with package.open(info, "w") as entry:
                    _copy(vault, stored_id, n, attached, entry)
        raw.flush()
        os.fsync(raw.fileno())
        return written

    try:
        written = write_atomically(target, write)
    except FieldkitError as error:
        cause = error.__cause__
        if isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _failed(target, cause) from cause
        raise
    fsync_dir(target.parent)
    return Exported(written, sum(len(files) for files in planned.values()), size)
