"""Faces in attached photos: found when attaching, blurred in the copy that is sent (the
original kept sealed), the replaced copy erased, and the export guard's hold on a photo whose
faces nobody blurred or reviewed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from fieldkit import media
from fieldkit.media import faces as finding
from fieldkit.vault import attachments, blobs, faces
from fieldkit.vault.attachments import Attachment, AttachRefused, SendChoice
from fieldkit.vault.store import Vault
from tests import media_samples
from tests.builders import add_interview

JPEG = media.sniff(b"\xff\xd8\xff\xe0")


def _photo(vault: Vault, tmp_path: Path, **options: object) -> Attachment:
    path = tmp_path / "crowd.jpg"
    path.write_bytes(media_samples.face_jpeg("CANARY-PHOTO"))
    (found,) = attachments.attach(vault, add_interview(vault), [path], **options)  # type: ignore[arg-type]
    return found


def _sent(vault: Vault, item: Attachment) -> bytes:
    with attachments.open_original(vault, item, stripped=True) as reader:
        return reader.read()


def _held(vault: Vault, item: Attachment) -> int:
    with vault.lock:
        return attachments.held_counts_in(vault.conn, [item.interview_id]).get(item.interview_id, 0)


def _files(vault: Vault) -> set[str]:
    return {p.name for p in blobs.folder_of(vault.path).iterdir()}


def test_a_face_found_when_attaching_holds_the_photo_until_it_is_blurred(
    vault: Vault, tmp_path: Path
) -> None:
    item = _photo(vault, tmp_path)
    assert item.faces is not None and len(item.faces) == 1
    assert item.unblurred_faces == 1 and item.faces_held and item.held
    assert _held(vault, item) == 1
    plain = _sent(vault, item)
    files = _files(vault)
    blurred = faces.blur(vault, item, faces.regions_with_faces(item, []))
    assert blurred.blurred and blurred.faces_open == 0 and blurred.unblurred_faces == 0
    assert not blurred.held and _held(vault, blurred) == 0
    # What is sent is the blurred copy: no face in it, and no metadata.
    sent = _sent(vault, blurred)
    assert sent != plain and finding.detect(io.BytesIO(sent)).faces == ()
    assert media.read_metadata(JPEG, io.BytesIO(sent)).items == ()
    assert b"CANARY-PHOTO" not in sent
    attachments.verify(vault, blurred)  # the row's SHA-256 is the new copy's
    # The original stays sealed as attached: face, GPS and all.
    with attachments.open_original(vault, blurred) as reader:
        original = reader.read()
    assert len(finding.detect(io.BytesIO(original)).faces) == 1
    assert any("GPS" in i.text for i in media.read_metadata(JPEG, io.BytesIO(original)).items)
    # The replaced copy's file is gone (its key was overwritten in the row); one new one.
    now = _files(vault)
    assert len(now) == len(files) and len(now - files) == 1
    # Cleared, the plain copy is sent again and the photo is held again.
    cleared = faces.blur(vault, blurred, [])
    assert cleared.blurred == () and cleared.faces_held and _held(vault, cleared) == 1
    assert finding.detect(io.BytesIO(_sent(vault, cleared))).faces != ()
    # Removing it erases both of its files (the original and the sent copy).
    attachments.detach(vault, cleared)
    assert _files(vault) == set()


def test_a_person_who_looked_releases_the_photo(vault: Vault, tmp_path: Path) -> None:
    item = _photo(vault, tmp_path)
    reviewed = faces.mark_faces_reviewed(vault, item)
    assert reviewed.faces_reviewed_at and not reviewed.held and _held(vault, reviewed) == 0


def test_a_region_that_leaves_the_face_half_shown_still_holds(vault: Vault, tmp_path: Path) -> None:
    item = _photo(vault, tmp_path)
    assert item.faces is not None
    (face,) = item.faces
    half = finding.Box(face.x, face.y, face.w // 2, face.h)
    partly = faces.blur(vault, item, [half])
    assert partly.blurred == (half,) and partly.faces_open == 1 and _held(vault, partly) == 1
    # Adding the faces keeps the drawn region and covers the rest.
    whole = faces.blur(vault, partly, faces.regions_with_faces(partly, list(partly.blurred)))
    assert half in whole.blurred and whole.faces_open == 0 and _held(vault, whole) == 0


def test_an_original_sent_shows_every_face_and_blurring_sends_the_copy(
    vault: Vault, tmp_path: Path
) -> None:
    item = _photo(vault, tmp_path, send=SendChoice.ORIGINAL, reviewed=True)
    assert not item.metadata_held and item.faces_held and _held(vault, item) == 1
    blurred = faces.blur(vault, item, faces.regions_with_faces(item, []))
    assert blurred.send is SendChoice.STRIPPED and _held(vault, blurred) == 0
    # Sending the original again shows the face again: held.
    back = attachments.set_send(vault, blurred, SendChoice.ORIGINAL)
    assert back.unblurred_faces == 1 and _held(vault, back) == 1


def test_kit_only_photos_are_not_held(vault: Vault, tmp_path: Path) -> None:
    item = _photo(vault, tmp_path, send=SendChoice.KIT_ONLY)
    assert item.faces is not None and not item.held and _held(vault, item) == 0


def test_a_photo_never_looked_at_is_held_until_it_is(vault: Vault, tmp_path: Path) -> None:
    """A row from before faces were looked for (schema 13) holds its interview; looking at
    it counts its faces."""
    item = _photo(vault, tmp_path)
    with vault.transaction("as an older version left it") as conn:
        conn.execute("UPDATE attachments SET faces = NULL, faces_open = NULL")
    old = attachments.resolve(vault, item.interview_id, item.id)
    assert old.faces is None and old.unblurred_faces is None and old.faces_held
    assert _held(vault, old) == 1
    with pytest.raises(AttachRefused, match="not looked at"):
        faces.regions_with_faces(old, [])
    looked = faces.find_faces(vault, old)
    assert looked.faces == item.faces and looked.faces_open == 1


def test_only_photos_are_blurred(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "ruling.pdf"
    path.write_bytes(media_samples.pdf("Ruling"))
    (document,) = attachments.attach(vault, add_interview(vault), [path])
    assert document.faces is None and not document.faces_held
    with pytest.raises(AttachRefused, match="only photos"):
        faces.blur(vault, document, [finding.Box(0, 0, 5, 5)])
