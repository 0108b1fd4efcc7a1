"""HQ names its kits (enrol, rename, list) and says what to do when a restored kit resends."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from fieldkit.exchange.keys import Card, Role
from tests.builders import ORG, hq_and_kits
from tests.helpers import FIXTURES, PASSPHRASE, cli_in_process

cli = cli_in_process


@pytest.fixture
def sites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HQ and two kits of one organisation, each kit's card written, HQ's pinned by both."""
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    hq_and_kits(tmp_path, ("kit-a", "kit-b"))
    return tmp_path


def card_of(capsys: pytest.CaptureFixture[str], sites: Path, name: str) -> tuple[Path, str]:
    """The kit's card written: its path and fingerprint."""
    path = sites / f"{name}.card"
    assert cli(capsys, "card", "--vault", str(sites / name), "--out", str(path))[0] == 0
    return path, Card.load(path, Role.KIT).fingerprint


def test_kits_are_named_at_enrolment_renamed_and_listed(
    capsys: pytest.CaptureFixture[str], sites: Path
) -> None:
    hq_dir = str(sites / "hq")
    card_a, fp_a = card_of(capsys, sites, "kit-a")
    card_b, fp_b = card_of(capsys, sites, "kit-b")
    code, out, _ = cli(capsys, "hq", "enroll-kit", "--hq", hq_dir, str(card_a), "--name", "Bishkek")
    assert code == 0 and "enrolled kit 'Bishkek'" in out and fp_a in out
    # A name another kit has is refused, in one line, whatever its case.
    code, out, err = cli(
        capsys, "hq", "enroll-kit", "--hq", hq_dir, str(card_b), "--name", "bishkek"
    )
    assert code != 0 and "already named" in err and err.count("\n") == 1
    # Default: the organisation and the fingerprint's first group.
    default = f"{ORG} {fp_b.split('-')[0]}"
    code, out, _ = cli(capsys, "hq", "enroll-kit", "--hq", hq_dir, str(card_b))
    assert code == 0 and f"enrolled kit {default!r}" in out

    code, out, err = cli(capsys, "hq", "rename-kit", "--hq", hq_dir, fp_b[:6], "Osh")
    assert code == 0 and f"renamed from {default!r} to 'Osh'" in out
    code, _, err = cli(capsys, "hq", "rename-kit", "--hq", hq_dir, fp_a, "Osh")
    assert code != 0 and "already named 'Osh'" in err and err.count("\n") == 1
    code, _, err = cli(capsys, "hq", "rename-kit", "--hq", hq_dir, "ZZZZ-ZZZZ-9", "Naryn")
    assert code != 0 and "no enrolled kit" in err

    kit_a = str(sites / "kit-a")
    cli(capsys, "import", "--vault", kit_a, str(FIXTURES))
    assert cli(capsys, "export", "--vault", kit_a, "--out", str(sites / "usb"))[0] == 0
    [bundle] = (sites / "usb").glob("*.fkbundle")
    code, out, _ = cli(capsys, "hq", "import", "--hq", hq_dir, str(bundle))
    assert code == 0 and f"bundle 1 of kit Bishkek ({fp_a}):" in out
    code, out, _ = cli(capsys, "hq", "list", "--hq", hq_dir)
    assert f"kit Bishkek ({fp_a})" in out

    code, out, err = cli(capsys, "hq", "kits", "--hq", hq_dir)
    assert code == 0 and "2 kits" in err
    lines = out.splitlines()
    assert lines[0].startswith(f"Bishkek  {fp_a}  enrolled ")
    assert "last bundle 1 imported" in lines[0] and "11 interviews stored" in lines[0]
    assert lines[1].startswith(f"Osh  {fp_b}") and "no bundle yet" in lines[1]
    code, out, _ = cli(capsys, "hq", "kits", "--hq", hq_dir, "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["name"], r["fingerprint"], r["last_sequence"]) for r in rows] == [
        ("Bishkek", fp_a, 1),
        ("Osh", fp_b, None),
    ]
    assert rows[0]["interviews"] == 11 and rows[0]["last_imported_at"]


def test_a_bundle_number_taken_by_another_bundle_says_what_happened_and_what_to_do(
    capsys: pytest.CaptureFixture[str], sites: Path
) -> None:
    hq_dir, kit_a = str(sites / "hq"), str(sites / "kit-a")
    card, _fp = card_of(capsys, sites, "kit-a")
    assert cli(capsys, "hq", "enroll-kit", "--hq", hq_dir, str(card), "--name", "Tokmok")[0] == 0
    cli(capsys, "import", "--vault", kit_a, str(FIXTURES))
    shutil.copytree(sites / "kit-a", sites / "backup")
    sent, again = sites / "usb", sites / "usb2"
    again.mkdir()
    assert cli(capsys, "export", "--vault", kit_a, "--out", str(sent))[0] == 0
    [first] = sent.glob("*.fkbundle")
    assert cli(capsys, "hq", "import", "--hq", hq_dir, str(first))[0] == 0
    # The kit restored from its backup numbers its next bundle 1 again.
    assert cli(capsys, "export", "--vault", str(sites / "backup"), "--out", str(again))[0] == 0
    [second] = again.glob("*.fkbundle")
    code, out, err = cli(capsys, "hq", "import", "--hq", hq_dir, str(second))
    assert code == 1 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert "already sent a different bundle number 1" in err
    assert "restored from a backup or copied" in err
    assert "nothing of this bundle was stored" in err
    assert "HQ last saw bundle 1 from this kit" in err and "'fieldkit export'" in err
    assert not list(again.glob("*.fkreceipt"))
    code, _, err = cli(capsys, "hq", "quarantine", "--hq", hq_dir)
    assert "0 open items" in err
    # As advised: the restored kit exports again, numbering on, and HQ takes that bundle.
    later = sites / "usb3"
    later.mkdir()
    code, out, _ = cli(capsys, "export", "--vault", str(sites / "backup"), "--out", str(later))
    assert code == 0 and "wrote bundle 2 with 11 interviews" in out
    code, out, err = cli(
        capsys, "hq", "import", "--hq", hq_dir, *map(str, later.glob("*.fkbundle"))
    )
    assert code == 0 and "bundle 2 of kit Tokmok" in out and "11 unchanged" in out


def test_records_sent_unreviewed_are_marked_at_hq(
    capsys: pytest.CaptureFixture[str], sites: Path
) -> None:
    hq_dir, kit_a, usb = str(sites / "hq"), str(sites / "kit-a"), sites / "usb"
    card, fp = card_of(capsys, sites, "kit-a")
    assert cli(capsys, "hq", "enroll-kit", "--hq", hq_dir, str(card), "--name", "Korday")[0] == 0
    for place, quote in (
        ("Masanchi", "My brother Ruslan Dzhumabaev called me from +7 701 384 2296 at night."),
        ("Korday", "They came at dawn and took the men away."),
    ):
        add = ("add", "--vault", kit_a, "--date", "2020-02-18", "--place", place)
        assert cli(capsys, *add, "--role", "Dungan farmer", "--quote", quote)[0] == 0
    code, out, _ = cli(capsys, "export", "--vault", kit_a, "--out", str(usb), "--allow-unreviewed")
    assert code == 0 and "wrote bundle 1 with 2 interviews" in out
    [bundle] = usb.glob("*.fkbundle")
    code, out, err = cli(capsys, "hq", "import", "--hq", hq_dir, str(bundle))
    assert code == 0 and "2 new" in out
    assert "1 interview was sent with identifying details nobody reviewed" in err
    assert err.count("\n") == 1

    code, out, _ = cli(capsys, "hq", "list", "--hq", hq_dir)
    [marked] = [line for line in out.splitlines() if "UNREVIEWED" in line]
    assert "Masanchi" in marked and "2 identifying details nobody reviewed" in marked
    assert "Korday  " in out  # the reviewed one is listed unmarked
    assert out.count("UNREVIEWED") == 1

    target = sites / "central.jsonl"
    assert (
        cli(capsys, "hq", "export", "--hq", hq_dir, "--format", "jsonl", "--out", str(target))[0]
        == 0
    )
    records = {
        r["place"]: r["provenance"][-1]
        for r in map(json.loads, target.read_text("utf-8").splitlines())
    }
    assert records["Masanchi"]["unreviewed"] == 2 and records["Korday"]["unreviewed"] == 0
    assert records["Masanchi"]["kit_name"] == "Korday" and records["Masanchi"]["kit"] == fp
    sheet = sites / "central.csv"
    assert (
        cli(capsys, "hq", "export", "--hq", hq_dir, "--format", "csv", "--out", str(sheet))[0] == 0
    )
    rows = {r["place"]: r for r in csv.DictReader(sheet.open(encoding="utf-8", newline=""))}
    assert rows["Masanchi"]["unreviewed_details"] == "2"
    assert rows["Korday"]["unreviewed_details"] == "0"
    assert rows["Korday"]["kit_name"] == "Korday" and rows["Korday"]["kit_fingerprint"] == fp
