"""``fieldkit hq export --with-attachments`` and ``--format uwazi-zip``, as a person or a
script runs them: what is written, what is said, and what is refused in one line."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

from fieldkit.vault import attachments, blobs
from tests import media_samples
from tests.builders import Network, add_interview
from tests.canary import make_canaries, scan
from tests.helpers import run_cli


def _hq_with_files(network: Network, tmp_path: Path, text: str) -> tuple[str, str]:
    """Kit a sends an interview with a photo, a WAV and a PDF whose metadata holds ``text``;
    HQ is closed for the command line. (HQ's folder, the interview's id.)"""
    kit = network.kits[0]
    interview = add_interview(kit, quote="They came at night.")
    originals = tmp_path / "originals"
    originals.mkdir()
    for name, data in (
        ("injury.jpg", media_samples.jpeg(text)),
        ("voice.wav", media_samples.wav(text)),
        ("ruling.pdf", media_samples.pdf(text)),
    ):
        (originals / name).write_bytes(data)
    attachments.attach(kit, interview, sorted(originals.iterdir()))
    network.send(kit)
    network.hq.close()
    return str(network.hq.path), interview


def test_the_export_of_a_folder_and_of_a_zip_carries_no_canary_anywhere(
    network: Network, tmp_path: Path
) -> None:
    latin, cyrillic, needles = make_canaries()
    hq_dir, interview = _hq_with_files(network, tmp_path, f"{latin} {cyrillic}")
    assert scan([tmp_path / "originals"], needles)  # the control
    out = tmp_path / "out"
    out.mkdir()
    home, tmp = Path(os.environ["HOME"]), Path(os.environ["TMPDIR"])
    assert scan([home, tmp], needles) == []

    folder = out / "dataset"
    result = run_cli(
        "hq", "export", "--hq", hq_dir, "--format", "jsonl", "--with-attachments",
        "--out", str(folder),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote 1 interviews and 3 attachments (")
    assert result.stdout.rstrip().endswith(f"to {folder}")
    [record] = [json.loads(line) for line in (folder / "interviews.jsonl").open()]
    assert record["id"] == interview and len(record["attachments"]) == 3
    assert all((folder / a["path"]).is_file() for a in record["attachments"])

    package = out / "uwazi.zip"
    result = run_cli("hq", "export", "--hq", hq_dir, "--format", "uwazi-zip", "--out", str(package))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote 1 rows and 3 attachments (")
    with zipfile.ZipFile(package) as opened:
        assert opened.namelist()[0] == "import.csv" and len(opened.namelist()) == 4
    # Neither the exports nor HOME and TMPDIR (the child's too) hold a canary.
    assert scan([out, home, tmp], needles) == []


def test_what_cannot_go_with_attachments_is_refused_in_one_line(
    network: Network, tmp_path: Path
) -> None:
    hq_dir, _ = _hq_with_files(network, tmp_path, "taken at the checkpoint")
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    cases = [
        (["--format", "uwazi-csv", "--with-attachments", "--out", str(tmp_path / "u")],
         "Uwazi imports attachments from a ZIP: export --format uwazi-zip"),
        (["--format", "citations", "--with-attachments", "--out", str(tmp_path / "c")],
         "citations are written without attachments"),
        (["--format", "jsonl", "--with-attachments", "--history", "--out", str(tmp_path / "h")],
         "--history is written without attachments"),
        (["--format", "jsonl", "--with-attachments", "--out", str(full)],
         "exists and is not an empty folder"),
        (["--format", "uwazi-zip", "--out", str(tmp_path / "uwazi.csv")],
         "does not end in .zip"),
        (["--format", "uwazi-zip", "--bom", "--out", str(tmp_path / "uwazi.zip")],
         "a byte-order mark is for the spreadsheet CSV only"),
    ]  # fmt: skip
    for args, said in cases:
        result = run_cli("hq", "export", "--hq", hq_dir, *args)
        assert result.returncode != 0, args
        assert len(result.stderr.splitlines()) == 1 and said in result.stderr, result.stderr
        assert result.stdout == ""
    assert not [n for n in ("u", "c", "h", "uwazi.csv", "uwazi.zip") if (tmp_path / n).exists()]
    assert not list(tmp_path.glob(".*"))
    assert [p.name for p in full.iterdir()] == ["keep.txt"]


def test_a_damaged_sealed_file_is_one_line_and_leaves_nothing(
    network: Network, tmp_path: Path
) -> None:
    hq_dir, interview = _hq_with_files(network, tmp_path, "taken at the checkpoint")
    sealed = sorted(blobs.folder_of(Path(hq_dir)).iterdir())[0]
    data = bytearray(sealed.read_bytes())
    data[-20] ^= 0x80
    sealed.write_bytes(bytes(data))
    out = tmp_path / "out"
    out.mkdir()
    for args in (
        ["--format", "csv", "--with-attachments", "--out", str(out / "dataset")],
        ["--format", "uwazi-zip", "--out", str(out / "uwazi.zip")],
    ):
        result = run_cli("hq", "export", "--hq", hq_dir, *args)
        assert result.returncode != 0
        [line] = result.stderr.splitlines()
        assert "nothing was exported: attachment " in line and interview[:8] in line
        assert list(out.iterdir()) == []
