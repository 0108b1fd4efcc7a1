"""Faces in an interview's photos: looked for again, blurred in the copy that is sent, and
let go by a person who looked.

The blurred copy replaces the stripped copy as what is sent (the ``stripped_*`` columns): it
is made from the sealed original (turned upright, its metadata dropped, the regions blurred,
re-encoded once), read back and checked like any stripped copy. The original stays sealed as
attached; the copy it replaces is crypto-erased (its key overwritten in the row, the
write-ahead log checkpointed, its file unlinked). The regions are kept with the row, so they can
be changed and the copy made again from the original.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO, cast

from fieldkit import media
from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import now_iso
from fieldkit.media.faces import FACE_TYPES, Box, RegionRefused, regions_for, uncovered
from fieldkit.vault import blobs
from fieldkit.vault.attachments import (
    Attachment,
    AttachRefused,
    SendChoice,
    boxes_json,
    open_original,
    resolve,
)
from fieldkit.vault.sealing import faces_in, sealed_copy, stripped_copy
from fieldkit.vault.store import Vault

__all__ = ["RegionRefused", "blur", "find_faces", "mark_faces_reviewed", "regions_with_faces"]


#: No bound: a face's margin is clipped to the photo when the copy is made.
UNBOUNDED = 1 << 31


class ChangedElsewhere(FieldkitError):
    """The attachment was changed by another window or command while this one worked."""


def _require_photo(attachment: Attachment) -> None:
    if attachment.media_type.mime not in FACE_TYPES:
        raise AttachRefused(
            f"{attachment.file_name}: only photos (JPEG, PNG, WebP, HEIC) have faces blurred, "
            f"not a {attachment.media_type.name}"
        )


def find_faces(vault: Vault, attachment: Attachment) -> Attachment:
    """Look for faces in the photo again (a row from before this version has not been
    looked at); what the sent copy leaves unblurred is counted against its regions."""
    _require_photo(attachment)
    with open_original(vault, attachment) as reader:
        found = faces_in(attachment.media_type, cast(BinaryIO, reader))
    if found is None:
        raise AttachRefused(f"{attachment.file_name}: the photo cannot be read to look for faces")
    with vault.transaction("looking for faces") as conn:
        conn.execute(
            "UPDATE attachments SET faces = ?, faces_open = ? WHERE id = ?",
            (boxes_json(found), uncovered(found, attachment.blurred), attachment.id),
        )
    return resolve(vault, attachment.interview_id, attachment.id)


def regions_with_faces(attachment: Attachment, regions: Sequence[Box]) -> list[Box]:
    """``regions`` and, for every found face they do not cover yet, a region over it (with
    a margin); the attachment must have been looked at for faces."""
    if attachment.faces is None:
        raise AttachRefused(f"{attachment.file_name}: the photo was not looked at for faces yet")
    kept = list(regions)
    for face in attachment.faces:
        if uncovered([face], kept):
            kept.extend(regions_for([face], UNBOUNDED, UNBOUNDED))  # clipped when blurred
    return kept


def blur(vault: Vault, attachment: Attachment, regions: Sequence[Box]) -> Attachment:
    """Make the sent copy again from the original with ``regions`` blurred (none: the plain
    stripped copy) and keep the regions; an original to be sent becomes this copy.

    All or nothing: the new copy is sealed and checked before the row changes; the copy it
    replaces is erased only after the commit.
    """
    _require_photo(attachment)
    wanted = list(dict.fromkeys(regions))  # the same region twice is blurred once
    kept: list[Box] = []
    name = attachment.file_name
    with open_original(vault, attachment) as reader:
        if wanted:

            def write(out: BinaryIO) -> None:
                kept.extend(
                    media.strip_blurred(attachment.media_type, cast(BinaryIO, reader), out, wanted)
                )

            try:
                copy = sealed_copy(
                    vault, write, lambda c: media.check_stripped(attachment.media_type, c)
                )
            except media.StripFailed as error:
                raise AttachRefused(f"{name}: {error}") from error
            except (media.MediaRefused, media.NotStrippable) as error:
                raise AttachRefused(f"{name}: no blurred copy can be made: {error}") from error
        else:
            copy = stripped_copy(vault, attachment.media_type, cast(BinaryIO, reader), name)
    faces = attachment.faces
    send = SendChoice.STRIPPED if attachment.send is SendChoice.ORIGINAL else attachment.send
    old = vault.read("SELECT stripped_blob FROM attachments WHERE id = ?", (attachment.id,))
    before = old[0][0] if old else None
    try:
        with vault.transaction("blurring a photo") as conn:
            changed = conn.execute(
                "UPDATE attachments SET stripped_blob = ?, stripped_key = ?, stripped_size = ?, "
                "stripped_sha256 = ?, blurred = ?, faces_open = ?, send = ? "
                "WHERE id = ? AND stripped_blob IS ?",
                (
                    copy.name, copy.key, copy.size, copy.sha256, boxes_json(kept),
                    uncovered(faces, kept) if faces is not None else None, send.value,
                    attachment.id, before,
                ),
            ).rowcount  # fmt: skip
            if changed != 1:
                raise ChangedElsewhere(
                    f"{name} was changed or removed elsewhere meanwhile; nothing was blurred"
                )
    except BaseException:
        copy.discard()
        raise
    copy.release()
    if before:
        vault.checkpoint()  # the replaced copy's key must not survive in the write-ahead log
        blobs.erase(vault.path, [before])
    return resolve(vault, attachment.interview_id, attachment.id)


def mark_faces_reviewed(vault: Vault, attachment: Attachment) -> Attachment:
    """A person looked at the photo and lets it go as it is (faces the detector missed or
    found wrongly included): the export stops holding it for its faces."""
    with vault.transaction("reviewing a photo's faces") as conn:
        conn.execute(
            "UPDATE attachments SET faces_reviewed_at = coalesce(faces_reviewed_at, ?) "
            "WHERE id = ?",
            (now_iso(), attachment.id),
        )
    return resolve(vault, attachment.interview_id, attachment.id)
