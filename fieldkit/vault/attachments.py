"""An interview's attachments: adding, listing, reading, saving a copy out, removing.

The bytes live sealed in files beside the database (:mod:`fieldkit.vault.blobs`), each under
its own key held in the ``attachments`` row; deleting the row is the crypto-erase. What a file
carries (GPS position, serial numbers, authors …) is read once, from the sealed copy, when it is
sealed (:mod:`fieldkit.vault.sealing`), and kept with the row; so is the stripped copy that is
sent by default.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol, TypeVar, cast

from fieldkit import media
from fieldkit.core.errors import NotFound
from fieldkit.core.record import now_iso
from fieldkit.media import mediatypes as sniffing
from fieldkit.media.faces import FACE_TYPES, Box
from fieldkit.vault import blobs
from fieldkit.vault.blobs import AttachmentDamaged
from fieldkit.vault.plaincopy import write_plain
from fieldkit.vault.sealing import (
    MAX_ATTACHMENT,
    AttachRefused,
    Sealed,
    SendChoice,
    kept_if_committed,
    seal,
    stripped_copy,
)
from fieldkit.vault.store import Vault

__all__ = [
    "MAX_ATTACHMENT",
    "AttachRefused",
    "Attachment",
    "AttachmentDamaged",
    "Sealed",
    "SendChoice",
    "attach",
    "detach",
    "kept_if_committed",
    "list_for",
    "open_original",
    "seal",
]


#: Attachments one interview may hold.
MAX_PER_INTERVIEW = 1000


@dataclass(frozen=True)
class Attachment:
    id: str
    interview_id: str
    position: int
    file_name: str
    media_type: sniffing.MediaType
    size: int
    sha256: str
    created_at: str
    send: SendChoice
    metadata: media.Metadata
    reviewed_at: str | None
    stripped_size: int | None
    stripped_sha256: str | None
    #: The faces found in the photo (None: not looked for), the regions blurred in the sent
    #: copy, how many faces that copy leaves unblurred, and when a person let them go.
    faces: tuple[Box, ...] | None = None
    blurred: tuple[Box, ...] = ()
    faces_open: int | None = None
    faces_reviewed_at: str | None = None

    @property
    def held(self) -> bool:
        """Whether the export guard holds its interview (for its metadata or its faces)."""
        return self.metadata_held or self.faces_held

    @property
    def metadata_held(self) -> bool:
        """The original is to be sent while it names a place or a person (or could not be
        examined) and nobody reviewed that."""
        return (
            self.send is SendChoice.ORIGINAL
            and self.reviewed_at is None
            and (self.metadata.sensitive > 0 or not self.metadata.examined)
        )

    @property
    def unblurred_faces(self) -> int | None:
        """Faces found that what is sent shows (None: not looked for; 0 for kit-only)."""
        if self.send is SendChoice.KIT_ONLY or self.media_type.mime not in FACE_TYPES:
            return 0
        if self.faces is None:
            return None
        return len(self.faces) if self.send is SendChoice.ORIGINAL else (self.faces_open or 0)

    @property
    def faces_held(self) -> bool:
        """A photo to be sent showing faces nobody blurred (or never looked for), and nobody
        reviewed it."""
        left = self.unblurred_faces
        return self.faces_reviewed_at is None and (left is None or left > 0)


_COLUMNS = (
    "id, interview_id, position, file_name, media_type, size, sha256, created_at, send, "
    "metadata, reviewed_at, stripped_size, stripped_sha256, faces, blurred, faces_open, "
    "faces_reviewed_at"
)


def _from_row(row: Sequence[Any]) -> Attachment:
    return Attachment(
        row[0],
        row[1],
        int(row[2]),
        row[3],
        sniffing.of(row[4]),
        int(row[5]),
        row[6],
        row[7],
        SendChoice(row[8]),
        media.Metadata.from_json(row[9]),
        row[10],
        row[11],
        row[12],
        boxes(row[13]) if row[13] is not None else None,
        boxes(row[14]),
        row[15],
        row[16],
    )


def boxes(text: str) -> tuple[Box, ...]:
    """Regions or faces as stored (JSON ``[[x, y, w, h], …]``)."""
    return tuple(Box.of(value) for value in json.loads(text))


def boxes_json(found: Iterable[Box]) -> str:
    return json.dumps([box.as_list() for box in found])


# --- adding ---------------------------------------------------------------------------------


def attach(
    vault: Vault,
    interview_id: str,
    paths: Sequence[Path],
    *,
    send: SendChoice | None = None,
    reviewed: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[Attachment]:
    """Seal the files at ``paths`` into the vault as attachments of the interview;
    ``progress(bytes sealed, bytes in all)`` is told as it goes (an error it raises stops it).

    All or nothing: on any error (a file that is not a regular file or too large, a full
    disk, a stripped copy asked for that cannot be made) none of them is kept. ``send``
    defaults to a stripped copy where this version can make one, else to keeping the file on
    the kit. The files are sealed before the transaction, which stays short however large.
    """
    with vault.lock:
        _require_interview(vault.conn, interview_id)
    total = sum(_size_of(Path(p)) for p in paths) if progress is not None else 0
    with kept_if_committed() as sealed:
        before = 0
        for path in paths:
            told = _from(progress, before, total) if progress is not None else None
            sealed.append(seal(vault, Path(path), send, told))
            before += sealed[-1].original.size
        with vault.transaction("adding attachments") as conn:
            return [insert_in(conn, interview_id, item, reviewed=reviewed) for item in sealed]


def _from(progress: Callable[[int, int], None], start: int, total: int) -> Callable[[int], None]:
    """One file's sealed bytes told as the whole call's, the files before it counted."""
    return lambda n: progress(start + n, max(total, start + n))


def _size_of(path: Path) -> int:
    try:
        return max(os.stat(path).st_size, 0)
    except OSError:
        return 0  # seal() says what is wrong with it


def insert_in(
    conn: Any, interview_id: str, sealed: Sealed, *, reviewed: bool = False
) -> Attachment:
    """The row of a sealed file, inside the caller's transaction."""
    _require_interview(conn, interview_id)
    count, position = conn.execute(
        "SELECT count(*), coalesce(max(position), 0) + 1 FROM attachments WHERE interview_id = ?",
        (interview_id,),
    ).fetchone()
    if count >= MAX_PER_INTERVIEW:
        raise AttachRefused(f"an interview holds at most {MAX_PER_INTERVIEW} attachments")
    stamp = now_iso()
    original, stripped, metadata = sealed.original, sealed.stripped, sealed.metadata
    found = Attachment(
        str(uuid.uuid4()),
        interview_id,
        int(position),
        sealed.name,
        sealed.media_type,
        original.size,
        original.sha256,
        stamp,
        sealed.send,
        metadata,
        stamp if reviewed else None,
        stripped.size if stripped else None,
        stripped.sha256 if stripped else None,
        sealed.faces,
        (),
        len(sealed.faces) if sealed.faces is not None else None,
    )
    conn.execute(
        "INSERT INTO attachments (id, interview_id, position, file_name, media_type, size, "
        "sha256, created_at, send, metadata, sensitive, examined, reviewed_at, blob, blob_key, "
        "stripped_blob, stripped_key, stripped_size, stripped_sha256, faces, faces_open) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            found.id, interview_id, found.position, sealed.name, sealed.media_type.mime,
            original.size, original.sha256, stamp, sealed.send.value, metadata.to_json(),
            metadata.sensitive, int(metadata.examined), found.reviewed_at, original.name,
            original.key, stripped.name if stripped else None, stripped.key if stripped else None,
            found.stripped_size, found.stripped_sha256,
            boxes_json(found.faces) if found.faces is not None else None, found.faces_open,
        ),
    )  # fmt: skip
    return found


def _require_interview(conn: Any, interview_id: str) -> None:
    if conn.execute("SELECT 1 FROM interviews WHERE id = ?", (interview_id,)).fetchone() is None:
        raise NotFound("no interview with that id")
    purged = conn.execute(
        "SELECT 1 FROM confirmed WHERE interview_id = ? AND purged_at IS NOT NULL",
        (interview_id,),
    ).fetchone()
    if purged is not None:
        raise AttachRefused(
            "this interview was confirmed by HQ and removed from this computer; attach to a new "
            "interview instead"
        )


# --- reading --------------------------------------------------------------------------------


def list_for(vault: Vault, interview_id: str) -> list[Attachment]:
    """The interview's attachments, in the order they were added."""
    rows = vault.read(
        f"SELECT {_COLUMNS} FROM attachments WHERE interview_id = ? ORDER BY position",
        (interview_id,),
    )
    return [_from_row(r) for r in rows]


def resolve(vault: Vault, interview_id: str, reference: str) -> Attachment:
    """The attachment of the interview named by its number in the list (1, 2 …) or the first
    characters of its id."""
    return pick([(a.position, a) for a in list_for(vault, interview_id)], reference)


class Identified(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=Identified)


def pick(numbered: Sequence[tuple[int, T]], reference: str, where: str = "") -> T:
    """The item of ``numbered`` (number, item) named by its number (1, 2 …) or the first
    characters (four at least) of its id: a short number no item has is refused, never read as
    the start of an id (``where``, the error's ending: " at HQ")."""
    reference = reference.strip().lower()
    if reference.isdigit():
        for number, item in numbered:
            if number == int(reference):
                return item
        if len(reference) < 4:  # longer, it may be the start of an id that is all digits
            raise NotFound(f"this interview has no attachment number {reference}{where}")
    if len(reference) < 4:
        raise NotFound("give the attachment's number or at least four characters of its id")
    matches = [item for _, item in numbered if item.id.startswith(reference)]
    if len(matches) != 1:
        raise NotFound(
            f"{'no' if not matches else 'more than one'} attachment of this interview has an id "
            f"starting with {reference}"
        )
    return matches[0]


def _keys(vault: Vault, attachment_id: str, stripped: bool) -> tuple[str, bytes, int]:
    rows = vault.read(
        "SELECT stripped_blob, stripped_key, stripped_size FROM attachments WHERE id = ?"
        if stripped
        else "SELECT blob, blob_key, size FROM attachments WHERE id = ?",
        (attachment_id,),
    )
    if not rows:
        raise NotFound("no such attachment")
    if rows[0][0] is None:
        raise NotFound("this attachment has no stripped copy (it is not sent stripped)")
    return str(rows[0][0]), bytes(rows[0][1]), int(rows[0][2])


def open_original(vault: Vault, attachment: Attachment, *, stripped: bool = False) -> blobs.Reader:
    """A streaming, seekable reader of the attachment's bytes (or of its stripped copy)."""
    name, key, size = _keys(vault, attachment.id, stripped)
    return blobs.Reader(blobs.folder_of(vault.path) / name, key, size)


def verify(vault: Vault, attachment: Attachment) -> None:
    """Read the sealed original (and stripped copy) through: they authenticate and have
    their SHA-256, or raise :class:`AttachmentDamaged`."""
    name, key, size = _keys(vault, attachment.id, False)
    blobs.verify(blobs.folder_of(vault.path) / name, key, size, attachment.sha256)
    if attachment.stripped_sha256 is not None:
        name, key, size = _keys(vault, attachment.id, True)
        blobs.verify(blobs.folder_of(vault.path) / name, key, size, attachment.stripped_sha256)


def save_copy(vault: Vault, attachment: Attachment, out: Path, *, stripped: bool = False) -> int:
    """Write the attachment (or its stripped copy) to a new file ``out``; returns its size.

    The copy is checked against the SHA-256 recorded when it was attached; a file that
    fails is removed, and so is a half-written one.
    """
    expected = attachment.stripped_sha256 if stripped else attachment.sha256
    reader = open_original(vault, attachment, stripped=stripped)
    return write_plain(reader, expected or "", out)


# --- changing and removing ------------------------------------------------------------------


def set_send(
    vault: Vault, attachment: Attachment, send: SendChoice | None, *, reviewed: bool = False
) -> Attachment:
    """Change what is sent of the attachment; with ``reviewed``, mark its metadata reviewed.

    Choosing a stripped copy where none was made yet makes it now (or refuses, all or nothing).
    """
    copy = None
    if send is SendChoice.STRIPPED and attachment.stripped_sha256 is None:
        with open_original(vault, attachment) as reader:
            copy = stripped_copy(
                vault, attachment.media_type, cast(BinaryIO, reader), attachment.file_name
            )
    try:
        with vault.transaction("changing an attachment") as conn:
            if copy is not None:
                conn.execute(
                    "UPDATE attachments SET stripped_blob = ?, stripped_key = ?, "
                    "stripped_size = ?, stripped_sha256 = ? WHERE id = ? AND stripped_blob IS NULL",
                    (copy.name, copy.key, copy.size, copy.sha256, attachment.id),
                )
            if send is not None:
                conn.execute(
                    "UPDATE attachments SET send = ? WHERE id = ?", (send.value, attachment.id)
                )
            if reviewed:
                conn.execute(
                    "UPDATE attachments SET reviewed_at = coalesce(reviewed_at, ?) WHERE id = ?",
                    (now_iso(), attachment.id),
                )
    except BaseException:
        if copy is not None:
            copy.discard()
        raise
    if copy is not None:
        copy.release()
    return resolve(vault, attachment.interview_id, attachment.id)


def forget_in(
    conn: Any, interview_ids: Iterable[str], attachment_id: str | None = None
) -> list[str]:
    """Delete the rows (and with them the keys) of the interviews' attachments, or of one;
    returns their files' names for :func:`blobs.erase` once the transaction is committed."""
    names: list[str] = []
    for interview_id in interview_ids:
        where, params = "interview_id = ?", [interview_id]
        if attachment_id is not None:
            where, params = where + " AND id = ?", [interview_id, attachment_id]
        for blob, stripped in conn.execute(
            f"SELECT blob, stripped_blob FROM attachments WHERE {where}", params
        ).fetchall():
            names.extend(n for n in (blob, stripped) if n)
        conn.execute(f"DELETE FROM attachments WHERE {where}", params)
    return names


def detach(vault: Vault, attachment: Attachment) -> None:
    """Remove the attachment: its key first (crypto-erase), then its files."""
    with vault.transaction("removing an attachment") as conn:
        names = forget_in(conn, [attachment.interview_id], attachment.id)
    vault.checkpoint()  # the deleted key must not survive in the write-ahead log
    blobs.erase(vault.path, names)


# --- for the export guard -------------------------------------------------------------------


#: Held for its metadata: an original to be sent that names a place or a person (or could not
#: be examined), and nobody reviewed it.
_METADATA_HELD = "(send = 'original' AND reviewed_at IS NULL AND (sensitive > 0 OR examined = 0))"
#: Held for its faces: a photo to be sent whose sent bytes show faces found and not blurred
#: (all of them, for the original), or that was never looked at for faces, and nobody
#: reviewed it (:attr:`Attachment.faces_held`).
_FACES_HELD = (
    f"(send != 'kit_only' AND media_type IN ({','.join(repr(t) for t in sorted(FACE_TYPES))}) "
    "AND faces_reviewed_at IS NULL AND (faces_open IS NULL OR (CASE send WHEN 'original' THEN "
    "json_array_length(faces) ELSE faces_open END) > 0))"
)


def held_counts_in(conn: Any, interview_ids: Sequence[str]) -> dict[str, int]:
    """Per interview, its attachments held at export: an original to be sent while it names
    a place or a person (or could not be examined), or a photo to be sent showing faces
    nobody blurred, and nobody reviewed that."""
    counts: dict[str, int] = {}
    for start in range(0, len(interview_ids), 500):
        part = list(interview_ids[start : start + 500])
        for interview_id, count in conn.execute(
            f"SELECT interview_id, count(*) FROM attachments WHERE ({_METADATA_HELD} OR "
            f"{_FACES_HELD}) AND interview_id IN ({','.join('?' * len(part))}) "
            "GROUP BY interview_id",
            part,
        ):
            counts[interview_id] = int(count)
    return counts


def count_in(conn: Any, interview_ids: Sequence[str], *, where: str = "1") -> int:
    """How many attachments the interviews hold (of those ``where`` selects)."""
    total = 0
    for start in range(0, len(interview_ids), 500):
        part = list(interview_ids[start : start + 500])
        total += int(
            conn.execute(
                f"SELECT count(*) FROM attachments WHERE ({where}) AND interview_id IN "
                f"({','.join('?' * len(part))})",
                part,
            ).fetchone()[0]
        )
    return total


def kit_only_in(conn: Any, interview_ids: Sequence[str]) -> int:
    """How many of the interviews' attachments stay on this kit by choice (kit-only)."""
    return count_in(conn, interview_ids, where="send = 'kit_only'")
