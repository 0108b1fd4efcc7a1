"""HQ's exports with the attachments: a folder holding the JSONL or CSV and the files it
names, and a ZIP for Uwazi's CSV import. Only the stripped copies HQ received leave it, named
by ids, never by a kit's file names; a damaged sealed file leaves nothing behind."""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest

from fieldkit.core.errors import DiskFull, FieldkitError
from fieldkit.hq import attachments as hq_attachments
from fieldkit.hq import export_files
from fieldkit.hq.export_csv import CSV_COLUMNS
from fieldkit.hq.export_records import UWAZI_COLUMNS
from fieldkit.hq.exports import ExportFormat, export_text
from fieldkit.media import audio, images, pdf
from fieldkit.media.items import ItemKind
from fieldkit.vault import attachments, blobs
from fieldkit.vault.attachments import SendChoice
from tests import media_samples
from tests.builders import Network, add_interview, quarantined
from tests.canary import ENCODINGS, make_canaries, scan


def _sent(network: Network, folder: Path, text: str, quotes: int = 1) -> str:
    """Kit a sends an interview (``quotes`` quotes) with a photo, a WAV and a PDF carrying
    ``text`` in their metadata (the photo also GPS and a serial number): its id."""
    kit = network.kits[0]
    more = [f"Quote {n}." for n in range(2, quotes + 1)]
    interview = add_interview(
        kit, quote="They came at night.", **({"quotes": more} if more else {})
    )
    folder.mkdir(exist_ok=True)
    paths = []
    for name, data in (
        ("injury.jpg", media_samples.jpeg(text)),
        ("voice.wav", media_samples.wav(text)),
        ("ruling.pdf", media_samples.pdf(text)),
    ):
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    attachments.attach(kit, interview, paths)
    assert network.send(kit).new == 1
    return interview


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_folder_holds_the_stripped_copies_the_jsonl_names(
    network: Network, tmp_path: Path
) -> None:
    latin, cyrillic, needles = make_canaries()
    originals = tmp_path / "originals"
    interview = _sent(network, originals, f"{latin} {cyrillic}")
    # The control: the kit's originals carry the canaries, the photo GPS and a serial number.
    assert len({hit.split(":")[0] for hit in scan([originals], needles)}) == 3
    photo = images.read(io.BytesIO((originals / "injury.jpg").read_bytes()))
    assert {ItemKind.GPS, ItemKind.SERIAL} <= {item.kind for item in photo}
    target = tmp_path / "export"
    before = {p.name for p in tmp_path.iterdir()}

    exported = export_files.export_folder(network.hq, ExportFormat.JSONL, target)

    assert exported.written.count == 1 and exported.files == 3
    [line] = (target / "interviews.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["id"] == interview
    listed = record["attachments"]
    assert sorted(a["media_type"] for a in listed) == [
        "application/pdf",
        "audio/x-wav",
        "image/jpeg",
    ]
    held = hq_attachments.for_interview(network.hq, interview)
    for entry, item in zip(listed, held, strict=True):
        path = target / entry["path"]
        assert path.is_file() and path.stat().st_size == entry["size"] == item.size
        assert _sha256(path) == entry["sha256"] == item.sha256
        assert entry["copy"] == "stripped" and entry["original_sha256"] == item.original_sha256
        assert entry["kit"] == item.kit_fingerprint
        # Named by ids and the type alone: no name the kit chose.
        assert entry["path"].startswith(f"attachments/{interview[:8]}/")
        assert "injury" not in entry["path"] and "voice" not in entry["path"]
    files = {e["media_type"]: target / e["path"] for e in listed}
    assert files["image/jpeg"].name.endswith(".jpg") and files["audio/x-wav"].suffix == ".wav"
    # What was written is the stripped copy: nothing identifying left in any of them.
    assert images.read(io.BytesIO(files["image/jpeg"].read_bytes())) == []
    with open(files["audio/x-wav"], "rb") as handle:
        assert audio.read(handle, "audio/x-wav") == []
    with open(files["application/pdf"], "rb") as handle:
        assert pdf.read(handle) == []
    assert scan([target], needles) == []
    assert {p.name for p in tmp_path.iterdir()} - before == {"export"}  # and no partial left
    assert oct(target.stat().st_mode & 0o777) == "0o700"
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in files.values())


def test_the_csv_names_the_files_of_each_row_by_relative_path(
    network: Network, tmp_path: Path
) -> None:
    interview = _sent(network, tmp_path / "originals", "taken at the checkpoint", quotes=2)
    add_interview(network.kits[1], quote="Nothing attached.", place="Osh")
    network.send(network.kits[1])
    target = tmp_path / "export"

    exported = export_files.export_folder(network.hq, ExportFormat.CSV, target, bom=True)

    assert exported.written.count == 3
    text = (target / "interviews.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == [*CSV_COLUMNS, "attachments"]
    by_id = {}
    for row in rows:
        by_id.setdefault(row["interview_id"], []).append(row["attachments"])
    # Both quotes' rows name the interview's three files, joined by "|"; none for the other.
    first, second = by_id[interview]
    assert first == second and len(first.split("|")) == 3
    for relative in first.split("|"):
        assert (target / relative).is_file()
    assert {_sha256(target / p) for p in first.split("|")} == {
        a.sha256 for a in hq_attachments.for_interview(network.hq, interview)
    }
    [other] = [cells for key, cells in by_id.items() if key != interview]
    assert other == [""]
    # The export without attachments is as before: no column, no key.
    assert "attachments" not in export_text(network.hq, ExportFormat.CSV).splitlines()[0]
    assert '"attachments"' not in export_text(network.hq, ExportFormat.JSONL)


def test_an_existing_target_is_refused_and_left_as_it_was(network: Network, tmp_path: Path) -> None:
    _sent(network, tmp_path / "originals", "taken at the checkpoint")
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine")
    a_file = tmp_path / "a-file"
    a_file.write_text("mine")
    for target in (full, a_file):
        with pytest.raises(FieldkitError, match="exists and is not an empty folder"):
            export_files.export_folder(network.hq, ExportFormat.JSONL, target)
    assert [p.name for p in full.iterdir()] == ["notes.txt"]
    assert a_file.read_text() == "mine"
    with pytest.raises(FieldkitError, match="uwazi-zip"):
        export_files.export_folder(network.hq, ExportFormat.UWAZI_CSV, tmp_path / "new")
    # An empty folder is taken.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert export_files.export_folder(network.hq, ExportFormat.JSONL, empty).files == 3
    assert not list(tmp_path.glob(".*partial"))


def _damage_one(network: Network) -> None:
    """Flip one byte in the middle of one of the dataset's sealed files."""
    sealed = sorted(blobs.folder_of(network.hq.path).iterdir())[-1]
    data = bytearray(sealed.read_bytes())
    data[len(data) // 2] ^= 0x01
    sealed.write_bytes(bytes(data))


def test_a_damaged_sealed_file_leaves_no_partial_output(network: Network, tmp_path: Path) -> None:
    interview = _sent(network, tmp_path / "originals", "taken at the checkpoint")
    _damage_one(network)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(blobs.AttachmentDamaged) as raised:
        export_files.export_folder(network.hq, ExportFormat.JSONL, out / "export")
    message = str(raised.value)
    assert "\n" not in message and message.startswith("nothing was exported: attachment ")
    assert f"of interview {interview[:8]}" in message and "fails authentication" in message
    with pytest.raises(blobs.AttachmentDamaged):
        export_files.export_uwazi_zip(network.hq, out / "uwazi.zip")
    assert list(out.iterdir()) == []


def test_the_uwazi_zip_holds_import_csv_and_every_file_its_attachments_column_names(
    network: Network, tmp_path: Path
) -> None:
    latin, cyrillic, needles = make_canaries()
    interview = _sent(network, tmp_path / "originals", f"{latin} {cyrillic}", quotes=2)
    add_interview(network.kits[1], quote="Nothing attached.", place="Osh")
    network.send(network.kits[1])
    target = tmp_path / "for-uwazi.zip"

    exported = export_files.export_uwazi_zip(network.hq, target)

    assert exported.written.count == 3 and exported.files == 3
    with zipfile.ZipFile(target) as package:
        assert package.testzip() is None
        names = package.namelist()
        # Uwazi's ImportFile reads the CSV as the entry named exactly "import.csv".
        assert names[0] == "import.csv"
        text = package.read("import.csv").decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        # "title" is the title, "attachments" the column importEntity.ts splits on "|" and
        # looks each part up as an entry name; every other header is a template property.
        assert list(rows[0]) == [*UWAZI_COLUMNS, "attachments"]
        referenced = set()
        for row in rows:
            parts = row["attachments"].split("|") if row["attachments"] else []
            assert all(part and part == part.strip() for part in parts)
            referenced.update(parts)
            if row["interview_id"] == interview:
                assert len(parts) == 3
        assert referenced == set(names[1:])
        held = {a.sha256 for a in hq_attachments.for_interview(network.hq, interview)}
        assert {hashlib.sha256(package.read(n)).hexdigest() for n in names[1:]} == held
        # Stored as they are (compressed already), unpacked private.
        for info in package.infolist()[1:]:
            assert info.compress_type == zipfile.ZIP_STORED
            assert (info.external_attr >> 16) & 0o777 == 0o600
        # Names yauzl (Uwazi's ZIP reader) takes: relative, "/" only, no "..", plain ASCII;
        # the CSV deflated, the only other method it reads being "stored".
        assert all(name.isascii() and not name.startswith("/") for name in names)
        assert not [name for name in names if "\\" in name or ".." in name.split("/")]
        assert package.getinfo("import.csv").compress_type == zipfile.ZIP_DEFLATED
    data = target.read_bytes()
    assert not [n for n in needles for enc in ENCODINGS if n.encode(enc) in data]
    assert not list(tmp_path.glob(".*partial"))


def test_the_uwazi_zip_must_be_named_zip(network: Network, tmp_path: Path) -> None:
    with pytest.raises(FieldkitError, match=r"does not end in \.zip"):
        export_files.export_uwazi_zip(network.hq, tmp_path / "for-uwazi.csv")
    assert list(tmp_path.glob("for-uwazi*")) == []


def test_a_large_attachment_goes_into_the_zip_with_zip64_fields(
    network: Network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    interview = _sent(network, tmp_path / "originals", "taken at the checkpoint")
    # ZIP64 is chosen from the size declared before the bytes go in: lower the limit so the
    # test's small files stand for files of 2 GiB and more.
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 1000)
    target = tmp_path / "big.zip"
    export_files.export_uwazi_zip(network.hq, target)
    monkeypatch.undo()
    with zipfile.ZipFile(target) as package:
        assert package.testzip() is None
        infos = package.infolist()[1:]
        assert any(info.file_size > 1000 for info in infos)
        assert all(b"\x01\x00" == info.extra[:2] for info in infos if info.file_size > 1000)
        held = {a.sha256 for a in hq_attachments.for_interview(network.hq, interview)}
        assert {hashlib.sha256(package.read(i)).hexdigest() for i in infos} == held


def test_what_a_kit_sent_for_an_interview_hq_did_not_take_from_it_is_not_exported(
    network: Network, tmp_path: Path
) -> None:
    # Kit b sends other content under the same id, with a photo: the record goes to the
    # quarantine, and the photo is kept with it, never shown with the interview HQ stores.
    stored, outcome = quarantined(network, tmp_path)
    assert outcome.quarantined == 1
    assert [a.interview_id for a in hq_attachments.all_files(network.hq)] == [stored]
    target = tmp_path / "export"
    exported = export_files.export_folder(network.hq, ExportFormat.JSONL, target)
    assert exported.files == 0 and not (target / "attachments").exists()
    [record] = [json.loads(line) for line in (target / "interviews.jsonl").open()]
    assert record["id"] == stored and record["attachments"] == []


def test_nothing_asks_for_a_temporary_file_while_exporting(
    network: Network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sent(network, tmp_path / "originals", "taken at the checkpoint")

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the export asked for a temporary file")

    for name in ("mkstemp", "mkdtemp", "TemporaryFile", "NamedTemporaryFile",
                 "SpooledTemporaryFile", "TemporaryDirectory"):  # fmt: skip
        monkeypatch.setattr(tempfile, name, refused)
    before = sorted(Path(os.environ["TMPDIR"]).rglob("*"))
    export_files.export_folder(network.hq, ExportFormat.CSV, tmp_path / "export")
    export_files.export_uwazi_zip(network.hq, tmp_path / "uwazi.zip")
    assert sorted(Path(os.environ["TMPDIR"]).rglob("*")) == before


def test_a_full_disk_is_one_line_and_leaves_nothing(
    network: Network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sent(network, tmp_path / "originals", "taken at the checkpoint")
    out = tmp_path / "out"
    out.mkdir()
    # Too little space to begin with: refused before a byte is written.
    real = shutil.disk_usage
    monkeypatch.setattr(
        shutil, "disk_usage", lambda path: real(path)._replace(free=10 * 1024 * 1024)
    )
    with pytest.raises(DiskFull, match="MiB free and the attachments need"):
        export_files.export_folder(network.hq, ExportFormat.JSONL, out / "export")
    with pytest.raises(DiskFull):
        export_files.export_uwazi_zip(network.hq, out / "uwazi.zip")
    monkeypatch.undo()
    # The disk fills up half way through the second file.
    copied = hq_attachments.copy_to
    calls = []

    def filling(vault, item, handle):  # type: ignore[no-untyped-def]
        calls.append(item)
        if len(calls) % 2 == 0:
            handle.write(b"x" * 100)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return copied(vault, item, handle)

    monkeypatch.setattr(hq_attachments, "copy_to", filling)
    for export in (
        lambda: export_files.export_folder(network.hq, ExportFormat.CSV, out / "export"),
        lambda: export_files.export_uwazi_zip(network.hq, out / "uwazi.zip"),
    ):
        with pytest.raises(DiskFull) as raised:
            export()
        assert "No space left on device" in str(raised.value)
        assert "nothing was exported" in str(raised.value) and "\n" not in str(raised.value)
        assert list(out.iterdir()) == []


def test_names_stay_apart_where_ids_begin_alike_and_an_unknown_type_is_bin(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    ids = ["abcdef01-0000-4000-8000-000000000001", "abcdef01-0000-4000-8000-000000000002"]
    for n, interview in enumerate(ids):
        add_interview(kit, quote=f"Quote {n}.", id=interview, place=f"Place {n}")
        (tmp_path / f"notes-{n}.xyz").write_bytes(os.urandom(2048))
        attachments.attach(
            kit, interview, [tmp_path / f"notes-{n}.xyz"], send=SendChoice.ORIGINAL, reviewed=True
        )
    assert network.send(kit).new == 2
    planned = export_files.plan(network.hq)
    assert [a.path.rsplit("/", 1)[0] for i in ids for a in planned[i]] == [
        f"attachments/{i}" for i in ids
    ]
    target = tmp_path / "export"
    export_files.export_folder(network.hq, ExportFormat.JSONL, target)
    for line in (target / "interviews.jsonl").open():
        [entry] = json.loads(line)["attachments"]
        assert entry["path"].endswith(".bin") and entry["copy"] == "original"
        assert _sha256(target / entry["path"]) == entry["sha256"] == entry["original_sha256"]
