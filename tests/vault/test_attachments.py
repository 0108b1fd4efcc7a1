"""Attachments in the vault: sealed beside the database, read back as sealed, erased with
their keys, all or nothing, and refused for anything that is not a regular file."""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
from pathlib import Path

import pytest

from fieldkit.core.errors import ImportRejected, NotFound
from fieldkit.core.record import validate
from fieldkit.vault import attachments, blobs, importing, records
from fieldkit.vault.attachments import Attachment, AttachRefused, SendChoice
from fieldkit.vault.blobs import AttachmentDamaged
from fieldkit.vault.store import Vault, destroy_vault
from tests import media_samples
from tests.helpers import PASSPHRASE


def _interview(vault: Vault) -> str:
    raw = {
        "interview_date": "2020-02-08",
        "place": "Masanchi",
        "role": "Young man",
        "quotes": ["We ran to the fields."],
    }
    return records.save(vault, validate(raw)).id


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _photo_and_other(vault: Vault, tmp_path: Path) -> tuple[str, list[Attachment]]:
    """A new interview with a photo and a file of no known kind attached, as chosen by default."""
    interview = _interview(vault)
    files = [_file(tmp_path, "p.jpg", media_samples.jpeg("x")), _file(tmp_path, "o.bin", b"xyz")]
    return interview, attachments.attach(vault, interview, files)


def _sealed_files(vault: Vault) -> list[Path]:
    folder = blobs.folder_of(vault.path)
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_large_file_reads_back_exactly_and_seeks_by_chunk(vault: Vault, tmp_path: Path) -> None:
    data = os.urandom(3 * blobs.CHUNK + 12345)
    interview = _interview(vault)
    (found,) = attachments.attach(vault, interview, [_file(tmp_path, "rec.bin", data)])
    assert found.size == len(data)
    assert found.sha256 == hashlib.sha256(data).hexdigest()
    with attachments.open_original(vault, found) as reader:
        assert reader.read() == data
        reader.seek(2 * blobs.CHUNK + 7)
        assert reader.read(100) == data[2 * blobs.CHUNK + 7 : 2 * blobs.CHUNK + 107]
        reader.seek(-5, io.SEEK_END)
        assert reader.read() == data[-5:]
    # Nothing of the plaintext is in the vault's folder, and the file name says nothing.
    (sealed,) = _sealed_files(vault)
    assert data[:64] not in sealed.read_bytes()
    assert "rec" not in sealed.name
    attachments.verify(vault, found)


@pytest.mark.parametrize("size", [0, 1, blobs.CHUNK, blobs.CHUNK + 1])
def test_sizes_at_the_chunk_edges_round_trip(vault: Vault, tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    (found,) = attachments.attach(vault, _interview(vault), [_file(tmp_path, "f", data)])
    with attachments.open_original(vault, found) as reader:
        assert reader.read() == data


def test_an_altered_file_is_detected_on_read(vault: Vault, tmp_path: Path) -> None:
    data = os.urandom(2 * blobs.CHUNK)
    (found,) = attachments.attach(vault, _interview(vault), [_file(tmp_path, "f", data)])
    (sealed,) = _sealed_files(vault)
    raw = bytearray(sealed.read_bytes())
    raw[blobs.HEADER + blobs.CHUNK + blobs.TAG + 10] ^= 1  # a byte of the second chunk
    sealed.write_bytes(bytes(raw))
    with attachments.open_original(vault, found) as reader:
        assert reader.read(100) == data[:100]  # the first chunk is still sound
        with pytest.raises(AttachmentDamaged, match="fails authentication"):
            reader.read()
    with pytest.raises(AttachmentDamaged):
        attachments.verify(vault, found)


def test_a_cut_short_or_swapped_file_is_detected(vault: Vault, tmp_path: Path) -> None:
    interview = _interview(vault)
    first, second = attachments.attach(
        vault,
        interview,
        [_file(tmp_path, "a", os.urandom(blobs.CHUNK + 5)), _file(tmp_path, "b", b"x" * 100)],
    )
    names = {a.id: r[0] for a in (first, second) for r in vault.read(
        "SELECT blob FROM attachments WHERE id = ?", (a.id,))}  # fmt: skip
    folder = blobs.folder_of(vault.path)
    with open(folder / names[first.id], "r+b") as handle:
        handle.truncate(blobs.sealed_size(first.size) - 1)
    with pytest.raises(AttachmentDamaged, match="wrong size"):
        attachments.open_original(vault, first)
    # Another attachment's file put in this one's place: its key does not open it.
    os.replace(folder / names[second.id], folder / names[first.id])
    with pytest.raises(AttachmentDamaged):
        attachments.open_original(vault, first)


@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "symlink", "missing"])
def test_anything_but_a_regular_file_is_refused(vault: Vault, tmp_path: Path, kind: str) -> None:
    target = tmp_path / "thing"
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target = Path("/dev/zero")
    elif kind == "symlink":
        target.symlink_to(_file(tmp_path, "real", b"data"))
    with pytest.raises(AttachRefused, match="cannot be attached"):
        attachments.attach(vault, _interview(vault), [target])
    assert _sealed_files(vault) == []


def test_the_type_comes_from_the_bytes_not_the_name(vault: Vault, tmp_path: Path) -> None:
    disguised = _file(tmp_path, "holiday.jpg", media_samples.pdf("Ruling 12"))
    (found,) = attachments.attach(vault, _interview(vault), [disguised])
    assert found.media_type.mime == "application/pdf"
    assert found.file_name == "holiday.jpg"


def test_several_files_are_attached_all_or_none(vault: Vault, tmp_path: Path) -> None:
    interview = _interview(vault)
    good = _file(tmp_path, "a.jpg", media_samples.jpeg("x"))
    with pytest.raises(AttachRefused):
        attachments.attach(vault, interview, [good, tmp_path / "missing.jpg"])
    assert attachments.list_for(vault, interview) == []
    assert _sealed_files(vault) == []
    # A stripped copy asked for where none can be made: refused before anything is sealed.
    with pytest.raises(AttachRefused, match="cannot make a stripped copy"):
        attachments.attach(
            vault, interview, [_file(tmp_path, "v.bin", b"\0" * 99)], send=SendChoice.STRIPPED
        )
    assert _sealed_files(vault) == []


def test_the_default_is_a_stripped_copy_where_one_can_be_made(vault: Vault, tmp_path: Path) -> None:
    _interview_id, (photo, other) = _photo_and_other(vault, tmp_path)
    assert photo.send is SendChoice.STRIPPED and photo.stripped_sha256
    assert other.send is SendChoice.KIT_ONLY and other.stripped_sha256 is None
    assert not other.metadata.examined
    assert len(_sealed_files(vault)) == 3  # the photo, its stripped copy, the other file


def test_detach_and_delete_erase_keys_and_files(vault: Vault, tmp_path: Path) -> None:
    interview, (first, _second) = _photo_and_other(vault, tmp_path)
    attachments.detach(vault, first)
    assert [a.file_name for a in attachments.list_for(vault, interview)] == ["o.bin"]
    assert len(_sealed_files(vault)) == 1
    records.delete(vault, interview)
    assert _sealed_files(vault) == []
    assert vault.read("SELECT count(*) FROM attachments") == [(0,)]


def test_resolve_by_number_or_id(vault: Vault, tmp_path: Path) -> None:
    interview = _interview(vault)
    (found,) = attachments.attach(vault, interview, [_file(tmp_path, "o.bin", b"xyz")])
    assert attachments.resolve(vault, interview, "1") == found
    assert attachments.resolve(vault, interview, found.id[:6]) == found
    with pytest.raises(NotFound):
        attachments.resolve(vault, interview, "2")
    # An id that starts with digits is still found by its first characters.
    digits = vault.read("SELECT id FROM attachments")[0][0]
    vault.conn.execute(
        "UPDATE attachments SET id = ? WHERE id = ?", ("65584300" + digits[8:], digits)
    )
    assert attachments.resolve(vault, interview, "655843").position == 1


def test_open_sweeps_what_a_killed_attach_left(closed_vault: Path, tmp_path: Path) -> None:
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        interview = _interview(vault)
        (kept,) = attachments.attach(vault, interview, [_file(tmp_path, "a", b"keep me")])
        # Killed after sealing, before the row: a renamed file and a temporary one.
        with open(tmp_path / "b", "wb") as handle:
            handle.write(b"lost")
        orphan = blobs.write(closed_vault, open(tmp_path / "b", "rb"), 100, too_large=ValueError)
        orphan.release()
        stray_tmp = blobs.folder_of(closed_vault) / f".{'ab' * 16}.tmp"
        stray_tmp.write_bytes(b"half")
        # Another process still writing this one: it holds the lock, and it stays.
        busy = blobs.folder_of(closed_vault) / f".{'cd' * 16}.tmp"
        busy.write_bytes(b"busy")
        busy_fd = os.open(busy, os.O_RDONLY)
        fcntl.flock(busy_fd, fcntl.LOCK_EX)
    try:
        with Vault.open(closed_vault, PASSPHRASE) as vault:
            left = {p.name for p in _sealed_files(vault)}
            assert orphan.name not in left and stray_tmp.name not in left
            assert busy.name in left
            with attachments.open_original(vault, kept) as reader:
                assert reader.read() == b"keep me"
    finally:
        os.close(busy_fd)


def test_destroy_removes_the_attachments(closed_vault: Path, tmp_path: Path) -> None:
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        attachments.attach(vault, _interview(vault), [_file(tmp_path, "a", b"evidence")])
    destroy_vault(closed_vault)
    assert not closed_vault.exists()


def test_save_copy_writes_a_new_file_and_refuses_an_existing_one(
    vault: Vault, tmp_path: Path
) -> None:
    data = media_samples.jpeg("CANARY-1")
    (found,) = attachments.attach(vault, _interview(vault), [_file(tmp_path, "p.jpg", data)])
    out = tmp_path / "out.jpg"
    assert attachments.save_copy(vault, found, out) == len(data)
    assert out.read_bytes() == data
    with pytest.raises(Exception, match="exists already"):
        attachments.save_copy(vault, found, out)
    stripped = tmp_path / "stripped.jpg"
    attachments.save_copy(vault, found, stripped, stripped=True)
    assert b"CANARY-1" not in stripped.read_bytes()


def test_jsonl_import_attaches_files_relative_to_it(vault: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    (folder / "media").mkdir(parents=True)
    (folder / "media" / "p.jpg").write_bytes(media_samples.jpeg("x"))
    line = {
        "interview_date": "2020-02-08",
        "place": "Sortobe",
        "role": "Elderly woman",
        "quotes": ["They came at night."],
        "attachments": ["media/p.jpg"],
    }
    source = folder / "batch.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert importing.import_jsonl(vault, source).imported == 1
    (interview,) = [r[0] for r in vault.read("SELECT id FROM interviews")]
    (found,) = attachments.list_for(vault, interview)
    assert found.file_name == "p.jpg" and found.send is SendChoice.STRIPPED


@pytest.mark.parametrize(
    ("paths", "says"),
    [
        (["missing.jpg"], "cannot be attached"),
        (["/etc/passwd"], "outside the import file's folder"),
        (["../x.jpg"], "outside the import file's folder"),
        ("p.jpg", "not a list of file paths"),
    ],
)
def test_a_bad_attachment_path_names_its_line_and_nothing_is_imported(
    vault: Vault, tmp_path: Path, paths: object, says: str
) -> None:
    (tmp_path / "p.jpg").write_bytes(media_samples.jpeg("x"))
    good = {"interview_date": "2020-02-08", "place": "A", "role": "B", "quotes": ["C."]}
    lines = [
        dict(good, attachments=["p.jpg"]),
        dict(good, place="Other", attachments=paths),
    ]
    source = tmp_path / "batch.jsonl"
    source.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        importing.import_jsonl(vault, source)
    ((line, problem),) = caught.value.problems
    assert line == 2 and problem.field == "attachments" and says in problem.message
    assert vault.read("SELECT count(*) FROM interviews") == [(0,)]
    assert _sealed_files(vault) == []


def test_what_the_export_guard_holds(vault: Vault, tmp_path: Path) -> None:
    interview = _interview(vault)
    gps = _file(tmp_path, "gps.jpg", media_samples.jpeg(""))
    plain = _file(tmp_path, "plain.jpg", media_samples.jpeg("", gps=False, serial=False))
    video = _file(tmp_path, "clip.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(500))
    held_gps, not_named, unexamined = attachments.attach(
        vault, interview, [gps, plain, video], send=SendChoice.ORIGINAL
    )
    assert held_gps.held and held_gps.metadata.sensitive == 2  # the position and the serial
    assert not not_named.held  # camera make and model name nobody
    assert unexamined.held and not unexamined.metadata.examined
    with vault.lock:
        assert attachments.held_counts_in(vault.conn, [interview]) == {interview: 2}
    reviewed = attachments.set_send(vault, unexamined, None, reviewed=True)
    assert not reviewed.held and reviewed.reviewed_at is not None
    stripped = attachments.set_send(vault, held_gps, SendChoice.STRIPPED)
    assert not stripped.held and stripped.stripped_sha256 is not None
    with vault.lock:
        assert attachments.held_counts_in(vault.conn, [interview]) == {}
