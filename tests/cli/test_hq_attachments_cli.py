"""``fieldkit hq attachments`` lists what HQ holds of an interview's attachments with their
kit, bundle and hashes; ``hq attachment-save`` writes one out on purpose, never over a file;
``hq list`` counts them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from fieldkit.core.record import Quote, Status
from fieldkit.hq import attachments as hq_attachments
from fieldkit.hq.attachments import HqAttachment
from fieldkit.vault import attachments, records
from tests.builders import add_interview, make_network
from tests.helpers import PASSPHRASE, cli_in_process, run_cli
from tests.media_samples import jpeg, wav

cli = cli_in_process


@pytest.fixture
def held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, list[HqAttachment]]:
    """HQ (closed) holding kit a's interview with a photo and a recording, and one without."""
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    network = make_network(tmp_path / "net", ("a",))
    try:
        kit = network.kits[0]
        interview = add_interview(kit, quote="They burnt the house.")
        add_interview(kit, quote="We left at dawn.", interview_date="2019-05-01")
        photo, voice = tmp_path / "injury.jpg", tmp_path / "voice.wav"
        photo.write_bytes(jpeg("taken at the checkpoint"))
        voice.write_bytes(wav("Interview at the checkpoint"))
        attachments.attach(kit, interview, [photo, voice])
        network.send(kit)
        items = hq_attachments.for_interview(network.hq, interview)
    finally:
        network.close()
    return network.hq.path, interview, items


def test_hq_attachments_lists_copy_kit_bundle_and_both_hashes(
    capsys: pytest.CaptureFixture[str], held: tuple[Path, str, list[HqAttachment]]
) -> None:
    hq_dir, interview, items = held
    code, out, err = cli(capsys, "hq", "attachments", "--hq", str(hq_dir), interview[:8])
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"interview {interview[:8]}: 2 attachments at HQ"
    for number, item in enumerate(items, start=1):
        first = next(line for line in lines if line.startswith(f"  {number}. "))
        assert "copy without metadata" in first and item.media_type in first
        assert f"sha256 {item.sha256}" in out and f"original's sha256 {item.original_sha256}" in out
        assert f"bundle {item.bundle_id}, received {item.received_at}" in out
        assert f"from kit {item.kit_name} ({item.kit_fingerprint})" in out

    code, out, err = cli(capsys, "hq", "attachments", "--hq", str(hq_dir), interview, "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert [a["number"] for a in listed] == [1, 2]
    assert [a["sha256"] for a in listed] == [i.sha256 for i in items]
    assert {a["media_type"] for a in listed} == {"image/jpeg", "audio/x-wav"}
    assert listed[0]["kit"]["fingerprint"] == items[0].kit_fingerprint
    assert listed[0]["copy"] == "stripped" and listed[0]["bundle_id"] == items[0].bundle_id

    code, out, _ = cli(capsys, "hq", "list", "--hq", str(hq_dir))
    mine = next(line for line in out.splitlines() if line.startswith(interview[:8]))
    assert "with 2 attachments ('hq attachments')" in mine
    other = next(line for line in out.splitlines() if not line.startswith(interview[:8]))
    assert "attachment" not in other


def test_attachment_save_writes_the_copy_hq_holds_and_never_over_a_file(
    capsys: pytest.CaptureFixture[str],
    held: tuple[Path, str, list[HqAttachment]],
    tmp_path: Path,
) -> None:
    hq_dir, interview, items = held
    out = tmp_path / "copy.jpg"
    code, printed, err = cli(
        capsys, "hq", "attachment-save", "--hq", str(hq_dir), interview[:8], "1", "--out", str(out)
    )
    assert code == 0, err
    assert hashlib.sha256(out.read_bytes()).hexdigest() == items[0].sha256
    assert printed.startswith(f"wrote attachment 1 of interview {interview[:8]} (the copy")
    assert "outside the dataset, unencrypted" in err and "wear levelling" in err

    # By the first characters of its id, too.
    second = tmp_path / "second"
    code, _, err = cli(
        capsys,
        "hq",
        "attachment-save",
        "--hq",
        str(hq_dir),
        interview[:8],
        items[1].id[:6],
        "--out",
        str(second),
    )
    assert code == 0, err
    assert hashlib.sha256(second.read_bytes()).hexdigest() == items[1].sha256

    # An existing file is refused in one line and left as it was (a child process, as a
    # script would run it).
    out.write_bytes(b"mine")
    result = run_cli(
        "hq", "attachment-save", "--hq", str(hq_dir), interview[:8], "2", "--out", str(out)
    )
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "exists already" in result.stderr
    assert out.read_bytes() == b"mine"

    # A number the list does not have, or an interview that is not there: one line each.
    code, _, err = cli(
        capsys, "hq", "attachment-save", "--hq", str(hq_dir), interview[:8], "3", "--out", "x"
    )
    assert code != 0 and err.count("\n") == 1 and "no attachment number 3" in err
    assert not (Path.cwd() / "x").exists()
    # "3" above is never read as the start of an id (many start with a digit); an id is
    # given by four characters at least.
    code, _, err = cli(
        capsys, "hq", "attachment-save", "--hq", str(hq_dir), interview[:8], "ab", "--out", "x"
    )
    assert code != 0 and "at least four characters" in err and not (Path.cwd() / "x").exists()
    code, _, err = cli(capsys, "hq", "attachments", "--hq", str(hq_dir), "ffffffff")
    assert code != 0 and err.count("\n") == 1 and "no interview" in err


def test_hq_quarantine_says_what_came_with_the_incoming_record(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    network = make_network(tmp_path / "net", ("a", "b"))
    try:
        kit_a, kit_b = network.kits
        interview = add_interview(kit_a, quote="They burnt the house.")
        network.send(kit_a)
        theirs = records.get(kit_a, interview)
        other = replace(
            theirs, quotes=(Quote("Another kit's words."),), revision=0, status=Status.READY
        )
        records.save(kit_b, other)
        photo = tmp_path / "b.jpg"
        photo.write_bytes(jpeg("kit b's photo"))
        attachments.attach(kit_b, interview, [photo])
        assert network.send(kit_b).quarantined == 1
    finally:
        network.close()
    code, out, err = cli(capsys, "hq", "quarantine", "--hq", str(network.hq.path))
    assert code == 0, err
    assert out.rstrip().endswith(", with 1 attachment")
