"""The whole exchange from the command line, as the README tells a new user to run it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from fieldkit.exchange.bundle import MAGIC
from fieldkit.vault.store import Vault
from tests.builders import World, make_hq, make_kit
from tests.helpers import FAST_KDF, FIXTURES, PASSPHRASE, cli_in_process, run_cli

cli = cli_in_process


@pytest.fixture
def sites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HQ and two kits made with cheap key derivation; everything else through the CLI."""
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    make_hq(tmp_path / "hq")[0].close()
    for name in ("kit-a", "kit-b"):
        make_kit(tmp_path / name).close()
    (tmp_path / "usb").mkdir()
    return tmp_path


def kit_a_sends_to_hq(capsys: pytest.CaptureFixture[str], sites: Path) -> tuple[str, str, Path]:
    """HQ's card written and pinned by kit-a: (HQ folder, kit-a's folder, the USB folder)."""
    hq_dir, kit = str(sites / "hq"), str(sites / "kit-a")
    assert cli(capsys, "hq", "card", "--hq", hq_dir, "--out", str(sites / "hq.card"))[0] == 0
    assert cli(capsys, "enroll", "--vault", kit, str(sites / "hq.card"))[0] == 0
    return hq_dir, kit, sites / "usb"


def test_two_kits_to_hq_and_back(
    capsys: pytest.CaptureFixture[str], sites: Path, fixture_rows: list[dict[str, object]]
) -> None:
    hq_dir, usb = str(sites / "hq"), str(sites / "usb")
    assert cli(capsys, "hq", "card", "--hq", hq_dir, "--out", str(sites / "hq.card"))[0] == 0
    for name in ("kit-a", "kit-b"):
        kit = str(sites / name)
        code, out, _ = cli(capsys, "enroll", "--vault", kit, str(sites / "hq.card"))
        assert code == 0 and "HQ fingerprint:" in out
        cli(capsys, "card", "--vault", kit, "--out", str(sites / f"{name}.card"))
        code, out, _ = cli(capsys, "hq", "enroll-kit", "--hq", hq_dir, str(sites / f"{name}.card"))
        assert code == 0 and "enrolled kit" in out
        cli(capsys, "import", "--vault", kit, str(FIXTURES))
        cli(
            capsys,
            "add",
            "--vault",
            kit,
            "--date",
            "2020-02-18",
            "--place",
            "Masanchi",
            "--role",
            f"witness seen by {name}",
            "--quote",
            f"Quote only {name} has.",
        )
        code, out, _ = cli(capsys, "export", "--vault", kit, "--out", usb)
        assert code == 0 and "wrote bundle 1 with 12 interviews" in out
    bundles = sorted(str(p) for p in Path(usb).glob("*.fkbundle"))
    code, out, err = cli(capsys, "hq", "import", "--hq", hq_dir, *bundles)
    assert code == 0, err
    assert out.count("receipt:") == 2 and "11 already sent by another kit" in out
    code, out, _ = cli(capsys, "hq", "import", "--hq", hq_dir, *bundles)
    assert out.count("replay: already imported, same receipt written again") == 2
    for name in ("kit-a", "kit-b"):
        for receipt in Path(usb).glob("*.fkreceipt"):
            code, out, err = cli(
                capsys, "receipt", "--vault", str(sites / name), str(receipt), "--purge"
            )
            if code == 0:
                assert "removed the quotes and notes of 12 interviews" in out
            else:
                assert "for another kit" in err and err.count("\n") == 1
        code, _, err = cli(capsys, "list", "--vault", str(sites / name), "--status", "received")
        assert "12 interviews" in err
    target = sites / "citations.md"
    code, out, _ = cli(
        capsys, "hq", "export", "--hq", hq_dir, "--format", "citations", "--out", str(target)
    )
    assert code == 0 and "wrote 13 quotes" in out
    text = target.read_text(encoding="utf-8")
    for row in fixture_rows:
        assert str(row["quote"]).split("\n\n")[0] in text
    assert "Quote only kit-a has." in text and "Quote only kit-b has." in text


def test_tampered_bundle_is_rejected_in_one_line(
    capsys: pytest.CaptureFixture[str], sites: Path
) -> None:
    hq_dir, kit, usb = kit_a_sends_to_hq(capsys, sites)
    cli(capsys, "import", "--vault", kit, str(FIXTURES))
    code, _, err = cli(capsys, "export", "--vault", kit, "--out", str(usb))
    [bundle] = usb.glob("*.fkbundle")
    # Not enrolled yet: refused, naming the kit's fingerprint.
    code, _, err = cli(capsys, "hq", "import", "--hq", hq_dir, str(bundle))
    assert code == 1 and "has not enrolled (fingerprint" in err and "enroll-kit" in err
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bundle.write_bytes(bytes(data))
    code, _, err = cli(capsys, "hq", "import", "--hq", hq_dir, str(bundle))
    assert code == 1 and err.count("\n") == 1
    assert "rejected, nothing imported" in err
    code, _, err = cli(capsys, "hq", "list", "--hq", hq_dir)
    assert "0 interviews" in err


def test_standard_age_decrypts_a_bundle_with_the_backup_key(
    capsys: pytest.CaptureFixture[str], sites: Path
) -> None:
    age = shutil.which("age")
    if age is None:
        if os.environ.get("CI"):
            pytest.fail("CI installs the age tool; it is missing")
        pytest.skip("the standard age tool is not installed here (CI installs it)")
    hq_dir, kit, usb = kit_a_sends_to_hq(capsys, sites)
    cli(capsys, "import", "--vault", kit, str(FIXTURES))
    cli(capsys, "export", "--vault", kit, "--out", str(usb))
    [bundle] = usb.glob("*.fkbundle")
    code, out, err = cli(capsys, "hq", "backup-key", "--hq", hq_dir)
    assert code == 0 and out.startswith("AGE-SECRET-KEY-") and "WARNING" in err
    identity = sites / "hq-identity.txt"
    identity.write_text(out)
    plain = subprocess.run(
        [age, "-d", "-i", str(identity), str(bundle)], capture_output=True, check=True
    ).stdout
    assert plain.startswith(MAGIC)
    assert b"We stood like that for nine hours" in plain


def test_export_holds_back_unreviewed_interviews_and_names_them(
    capsys: pytest.CaptureFixture[str], sites: Path
) -> None:
    hq_dir, kit, usb = kit_a_sends_to_hq(capsys, sites)
    cli(capsys, "card", "--vault", kit, "--out", str(sites / "kit.card"))
    cli(capsys, "hq", "enroll-kit", "--hq", hq_dir, str(sites / "kit.card"))
    for place, quote in (
        ("Masanchi", "My brother Ruslan Dzhumabaev called me from +7 701 384 2296 at night."),
        ("Korday", "They came at dawn and took the men away."),
    ):
        add = ("add", "--vault", kit, "--date", "2020-02-18", "--place", place)
        assert cli(capsys, *add, "--role", "Dungan farmer", "--quote", quote)[0] == 0

    code, out, err = cli(capsys, "export", "--vault", kit, "--out", str(usb))
    assert code == 5
    assert "wrote bundle 1 with 1 interview:" in out
    assert "held back: 1 interview with identifying details nobody has reviewed" in err
    assert "(2020-02-18, Masanchi): 2 identifying details to review" in err
    code, out, _ = cli(capsys, "hq", "import", "--hq", hq_dir, *map(str, usb.glob("*.fkbundle")))
    assert code == 0
    export = sites / "central.jsonl"
    code, _, _ = cli(
        capsys, "hq", "export", "--hq", hq_dir, "--format", "jsonl", "--out", str(export)
    )
    central = export.read_text(encoding="utf-8")
    assert code == 0 and "dawn" in central and "Dzhumabaev" not in central and "384" not in central
    code, out, _ = cli(capsys, "receipt", "--vault", kit, str(next(usb.glob("*.fkreceipt"))))
    assert code == 0 and "HQ confirmed 1 interview" in out

    # Review from the command line: list, then mark what identifies nobody.
    held = err.split("'fieldkit review ")[1].split("'")[0]
    code, out, _ = cli(capsys, "review", "--vault", kit, held)
    assert code == 0 and "2 identifying details to review" in out
    assert "person" in out and "'R.D.'" in out and "'[phone number]'" in out
    code, _, err = cli(capsys, "review", "--vault", kit, held, "--not-identifying", "3")
    assert code == 2 and err.count("\n") == 1 and "no finding number 3" in err
    code, out, _ = cli(capsys, "review", "--vault", kit, held, "--not-identifying", "1")
    assert code == 0 and "1 identifying detail to review" in out

    code, out, err = cli(capsys, "export", "--vault", kit, "--out", str(usb))
    assert code == 5 and "1 identifying detail to review" in err and "nothing to send" in out
    code, out, err = cli(capsys, "export", "--vault", kit, "--out", str(usb), "--allow-unreviewed")
    assert code == 0 and "wrote bundle 2 with 1 interview:" in out and err == ""


def test_cli_import_of_the_same_bundle_twice(world: World) -> None:
    path = world.export(world.kit_a)
    world.close()
    hq_dir = str(world.root / "hq")
    result = run_cli("hq", "import", "--hq", hq_dir, str(path), str(path))
    assert result.returncode == 0, result.stderr
    assert "11 new" in result.stdout
    assert "replay: already imported, same receipt written again" in result.stdout
    receipt = path.with_suffix(".fkreceipt")
    written = receipt.read_bytes()
    again = run_cli("hq", "import", "--hq", hq_dir, str(path))
    assert again.returncode == 0, again.stderr
    assert "replay" in again.stdout
    assert receipt.read_bytes() == written
    with Vault.open(world.root / "hq", PASSPHRASE) as central:
        assert central.read("SELECT count(*) FROM interviews")[0][0] == 11
        assert central.read("SELECT count(*), min(receipt) FROM bundles_in")[0] == (1, written)
        assert central.read("SELECT count(*) FROM provenance")[0][0] == 11


def test_enroll_pins_the_card_whose_fingerprint_was_compared(
    capsys: pytest.CaptureFixture[str], sites: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The card file is swapped while the researcher compares its fingerprint by phone: the
    card they confirmed is pinned, not whatever the file holds by then."""
    from fieldkit import kit as kitx
    from fieldkit.cli import kit as kit_cmds
    from fieldkit.hq.dataset import hq_init

    hq_card, other_card = sites / "hq.card", sites / "other.card"
    assert cli(capsys, "hq", "card", "--hq", str(sites / "hq"), "--out", str(hq_card))[0] == 0
    other, _, identity = hq_init(sites / "other-hq", PASSPHRASE, "Other HQ", kdf=FAST_KDF)
    other.close()
    identity.write_card(other_card)
    confirmed = hq_card.read_bytes()
    asked: list[str] = []

    def compare_then_swap(question: str) -> str:
        asked.append(question)
        hq_card.write_bytes(other_card.read_bytes())
        return "y"

    # Asked as at a terminal (the passphrase still comes from the environment).
    monkeypatch.setattr(kit_cmds, "interactive", lambda: True)
    monkeypatch.setattr(kit_cmds, "ENV_PASSPHRASE", "FIELDKIT_TEST_UNSET")
    monkeypatch.setattr("builtins.input", compare_then_swap)
    code, out, _ = cli(capsys, "enroll", "--vault", str(sites / "kit-a"), str(hq_card))
    assert code == 0 and len(asked) == 1
    with Vault.open(sites / "kit-a", PASSPHRASE) as kit:
        pinned = kitx.pinned_hq(kit)
        [(text,)] = kit.read("SELECT card FROM hq_pins")
    assert pinned is not None and pinned.name == "ADC Memorial"
    assert pinned.fingerprint in out
    assert text.encode("utf-8") == confirmed
