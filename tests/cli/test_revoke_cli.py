"""``fieldkit hq revoke-kit``, ``fieldkit rekey`` and ``fieldkit hq rekey-kit``: what a person
types, what they read, and the exit codes scripts see."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from fieldkit.exchange.keys import Card, Role
from tests.builders import add_interview, hq_and_kits
from tests.helpers import PASSPHRASE, cli_in_process

cli = cli_in_process


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HQ with two enrolled kits, "Tokmok" and "Osh", each holding one ready interview."""
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    hq_and_kits(tmp_path, ("Tokmok", "Osh"), interviews=True)
    for name in ("Tokmok", "Osh"):
        card = tmp_path / f"{name}.card"
        cli_in_process_quiet("card", "--vault", str(tmp_path / name), "--out", str(card))
        cli_in_process_quiet(
            "hq", "enroll-kit", "--hq", str(tmp_path / "hq"), str(card), "--name", name
        )
    return tmp_path


def cli_in_process_quiet(*args: str) -> None:
    from fieldkit.cli import main

    assert main(list(args)) == 0


def _send(capsys: pytest.CaptureFixture[str], site: Path, kit: str) -> tuple[int, str, str]:
    """Export from ``kit`` and import the new bundle at HQ: (exit code, stdout, stderr)."""
    return cli(capsys, "hq", "import", "--hq", str(site / "hq"), str(_export(capsys, site, kit)))


def _export(capsys: pytest.CaptureFixture[str], site: Path, kit: str) -> Path:
    before = set((site / "usb").glob("*.fkbundle"))
    assert cli(capsys, "export", "--vault", str(site / kit), "--out", str(site / "usb"))[0] == 0
    [bundle] = set((site / "usb").glob("*.fkbundle")) - before
    return bundle


def test_revoke_then_the_kit_s_next_bundle_is_held_and_counted(
    capsys: pytest.CaptureFixture[str], site: Path
) -> None:
    hq_dir = str(site / "hq")
    assert _send(capsys, site, "Tokmok")[0] == 0
    # No terminal and no --yes: refused in one line, nothing revoked.
    code, _, err = cli(capsys, "hq", "revoke-kit", "--hq", hq_dir, "tokmok")
    assert code == 1 and "needs --yes" in err and err.count("\n") == 1
    code, _, err = cli(capsys, "hq", "revoke-kit", "--hq", hq_dir, "Naryn", "--yes")
    assert code == 1 and "no enrolled kit is named 'Naryn'" in err and err.count("\n") == 1
    code, out, _ = cli(
        capsys, "hq", "revoke-kit", "--hq", hq_dir, "tokmok", "--yes", "--by", "Aigul",
        "--reason", "laptop taken at the border",
    )  # fmt: skip
    assert code == 0 and "revoked kit 'Tokmok'" in out and "Aigul" in out
    code, _, err = cli(capsys, "hq", "revoke-kit", "--hq", hq_dir, "Tokmok", "--yes")
    assert code == 1 and "already revoked" in err and err.count("\n") == 1

    code, out, _ = cli(capsys, "hq", "kits", "--hq", hq_dir)
    lines = {line.split()[0]: line for line in out.splitlines()}
    tokmok, osh = lines["Tokmok"], lines["Osh"]
    assert "REVOKED on " in tokmok and "by Aigul: laptop taken at the border" in tokmok
    assert "REVOKED" not in osh
    rows = {
        r["name"]: r
        for r in map(
            json.loads, cli(capsys, "hq", "kits", "--hq", hq_dir, "--json")[1].splitlines()
        )
    }
    assert rows["Tokmok"]["revoked_by"] == "Aigul" and rows["Tokmok"]["revoked_at"]
    assert rows["Osh"]["revoked_at"] is None

    add_interview_at(site / "Tokmok", "After the seizure.")
    code, out, err = _send(capsys, site, "Tokmok")
    assert code == 0, err
    assert "held, not merged: sent by kit Tokmok after HQ revoked it on" in out
    assert "1 bundle quarantined because its kit was revoked" in out
    assert not list((site / "usb").glob("*.fkreceipt"))[1:]  # only the first bundle's
    code, out, _ = cli(capsys, "hq", "quarantine", "--hq", hq_dir)
    assert "from kit Tokmok" in out and "after HQ revoked it" in out
    code, out, _ = cli(capsys, "hq", "list", "--hq", hq_dir)
    assert "from a kit REVOKED on" in out and "(stored before)" in out
    # What it sent before stays, marked in the export.
    target = site / "out.csv"
    assert (
        cli(capsys, "hq", "export", "--hq", hq_dir, "--format", "csv", "--out", str(target))[0] == 0
    )
    with open(target, encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["kit_name"] == "Tokmok" and row["kit_revoked_at"]
    assert row["stored_after_revocation"] == "false"


def add_interview_at(path: Path, quote: str) -> None:
    from fieldkit.vault.store import Vault

    with Vault.open(path, PASSPHRASE) as vault:
        add_interview(vault, quote, place="Karakol")


def test_rekey_then_hq_accepts_the_new_key_as_the_same_kit(
    capsys: pytest.CaptureFixture[str], site: Path
) -> None:
    hq_dir, kit = str(site / "hq"), str(site / "Osh")
    old = Card.load(site / "Osh.card", Role.KIT).fingerprint
    assert _send(capsys, site, "Osh")[0] == 0
    statement = site / "osh.fkrekey"
    code, out, _ = cli(capsys, "rekey", "--vault", kit, "--out", str(statement))
    assert code == 0 and f"(was {old})" in out and "old keys are destroyed" in out
    new = out.split("kit fingerprint: ")[1].split()[0]

    # One byte altered: refused in one line, nothing changed.
    altered = site / "altered.fkrekey"
    data = bytearray(statement.read_bytes())
    data[len(data) // 2] ^= 0x04
    altered.write_bytes(bytes(data))
    code, _, err = cli(capsys, "hq", "rekey-kit", "--hq", hq_dir, str(altered))
    assert code == 1 and "not a fieldkit rekey statement (or it was altered)" in err
    assert err.count("\n") == 1
    code, _, err = cli(capsys, "hq", "rekey-kit", "--hq", hq_dir, str(site))  # a folder
    assert code == 1 and err.count("\n") == 1

    add_interview_at(site / "Osh", "With the new key.")
    bundle = _export(capsys, site, "Osh")
    code, _, err = cli(capsys, "hq", "import", "--hq", hq_dir, str(bundle))
    assert code == 1 and "rekey-kit" in err  # refused until HQ accepts the statement

    code, out, _ = cli(capsys, "hq", "rekey-kit", "--hq", hq_dir, str(statement))
    assert code == 0 and f"now signs with {new} (was {old})" in out
    code, out, _ = cli(capsys, "hq", "rekey-kit", "--hq", hq_dir, str(statement))
    assert code == 0 and "nothing changed" in out
    code, out, _ = cli(capsys, "hq", "kits", "--hq", hq_dir)
    [line] = [line for line in out.splitlines() if line.startswith("Osh ")]
    assert new in line and "new key since" in line and f"(was {old})" in line
    # A second move before HQ confirmed the first (a receipt sealed to the new keys): refused.
    code, _, err = cli(capsys, "rekey", "--vault", kit, "--out", str(site / "too-soon.fkrekey"))
    assert code == 1 and "has not confirmed it yet" in err and err.count("\n") == 1
    code, out, _ = cli(capsys, "hq", "import", "--hq", hq_dir, str(bundle))
    assert code == 0 and "bundle 2 of kit Osh" in out and "1 new" in out
    receipt = out.split("receipt: ")[1].split()[0]
    assert cli(capsys, "receipt", "--vault", kit, receipt)[0] == 0

    # A kit revoked: its statement does not restore it.
    cli(capsys, "hq", "revoke-kit", "--hq", hq_dir, "Osh", "--yes", "--by", "desk")
    again = site / "again.fkrekey"
    assert cli(capsys, "rekey", "--vault", kit, "--out", str(again))[0] == 0
    code, _, err = cli(capsys, "hq", "rekey-kit", "--hq", hq_dir, str(again))
    assert code == 1 and "was revoked on" in err and "does not restore it" in err
    assert err.count("\n") == 1


def test_at_a_terminal_revoke_asks_for_the_kit_s_name_and_rekey_for_the_phone_check(
    capsys: pytest.CaptureFixture[str], site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldkit.cli import revoke as revoke_cli

    hq_dir = str(site / "hq")
    answers: list[str] = []
    monkeypatch.setattr(revoke_cli, "interactive", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: answers.pop(0))
    answers.append("Osh")  # the other kit's name: not revoked
    code, _, err = cli(capsys, "hq", "revoke-kit", "--hq", hq_dir, "Tokmok")
    assert code == 1 and "not revoked" in err and "cannot be undone" in err
    answers.append("tokmok")
    code, out, _ = cli(capsys, "hq", "revoke-kit", "--hq", hq_dir, "Tokmok", "--by", "desk")
    assert code == 0 and "revoked kit 'Tokmok'" in out

    statement = site / "osh.fkrekey"
    assert cli(capsys, "rekey", "--vault", str(site / "Osh"), "--out", str(statement))[0] == 0
    monkeypatch.setattr(revoke_cli, "ENV_PASSPHRASE", "FIELDKIT_NOT_A_SCRIPT")
    answers.append("n")
    code, out, err = cli(capsys, "hq", "rekey-kit", "--hq", hq_dir, str(statement))
    assert code == 1 and "compare the new fingerprint" in err and "moves from" in out
    [osh] = [
        line
        for line in cli(capsys, "hq", "kits", "--hq", hq_dir)[1].splitlines()
        if line.startswith("Osh ")
    ]
    assert "new key since" not in osh
    answers.append("y")
    code, out, _ = cli(capsys, "hq", "rekey-kit", "--hq", hq_dir, str(statement))
    assert code == 0 and "now signs with" in out
