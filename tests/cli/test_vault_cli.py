"""The command line, as a script or a person at a terminal uses it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, PASSPHRASE, cli_in_process, run_cli, start_app

cli = cli_in_process


@pytest.fixture
def env_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)


def test_init_creates_a_calibrated_vault_and_prints_the_recovery_key(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    result = run_cli("init", "--vault", str(target), "--org", "ADC Memorial")
    assert result.returncode == 0, result.stderr
    recovery = re.search(r"([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})", result.stdout)
    assert recovery, result.stdout
    slot = json.loads((target / "vault.keys").read_text())["slots"][0]["kdf"]
    assert slot["memory_kib"] >= 65536 and slot["time_cost"] >= 2
    # The recovery key opens the vault and sets a new passphrase.
    result = run_cli(
        "passwd",
        "--recovery",
        "--vault",
        str(target),
        passphrase=None,
        env={
            "FIELDKIT_RECOVERY_KEY": recovery.group(1),
            "FIELDKIT_NEW_PASSPHRASE": "granite lantern orbit seventeen",
        },
    )
    assert result.returncode == 0, result.stderr
    result = run_cli("list", "--vault", str(target), passphrase="granite lantern orbit seventeen")
    assert result.returncode == 0 and "0 interviews" in result.stderr
    assert run_cli("list", "--vault", str(target)).returncode == 3
    # A second init refuses to touch the existing vault.
    again = run_cli("init", "--vault", str(target))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_init_refuses_a_weak_passphrase(tmp_path: Path) -> None:
    result = run_cli("init", "--vault", str(tmp_path / "v"), passphrase="password1")
    assert result.returncode == 5
    assert result.stderr.startswith("fieldkit: ") and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "v").exists()


def test_imported_fixtures_come_back_from_list_json(
    capsys: pytest.CaptureFixture[str],
    closed_vault: Path,
    env_passphrase: None,
    fixture_rows: list[dict[str, object]],
) -> None:
    code, out, _ = cli(capsys, "import", "--vault", str(closed_vault), str(FIXTURES))
    assert code == 0 and "imported 11 interviews with 11 quotes" in out
    code, out, _ = cli(capsys, "list", "--vault", str(closed_vault), "--json")
    records = json.loads(out)
    assert code == 0 and len(records) == 11
    got = sorted(
        (
            r["interview_date"],
            r["place"],
            r["role"],
            r["organisation"],
            r["language"],
            r["quotes"][0]["text"],
            r["status"],
        )
        for r in records
    )
    want = sorted(
        (
            f["interview_date"],
            f["place"],
            f["role"],
            f["organisation"],
            f["language"],
            f["quote"],
            "ready",
        )
        for f in fixture_rows
    )
    assert got == want
    code, out, _ = cli(capsys, "import", "--vault", str(closed_vault), str(FIXTURES))
    assert "imported 0" in out and "skipped 11 already in the vault" in out


def test_bad_import_names_line_and_field_and_imports_nothing(
    capsys: pytest.CaptureFixture[str], closed_vault: Path, env_passphrase: None, tmp_path: Path
) -> None:
    source = tmp_path / "bad.jsonl"
    lines = FIXTURES.read_text(encoding="utf-8").splitlines()
    bad = json.loads(lines[1])
    bad["interview_date"] = "2099-01-01"
    lines[1] = json.dumps(bad)
    lines[4] = "{ this is not json"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = cli(capsys, "import", "--vault", str(closed_vault), str(source))
    assert code == 5 and out == ""
    assert "line 2: interview_date: is in the future" in err
    assert "line 5: record: is not valid JSON" in err
    assert err.splitlines()[-1] == (
        "fieldkit: import refused: 2 bad records in the import file; nothing was imported"
    )
    code, _, err = cli(capsys, "list", "--vault", str(closed_vault))
    assert "0 interviews" in err


def test_add_list_search_show(
    capsys: pytest.CaptureFixture[str], closed_vault: Path, env_passphrase: None
) -> None:
    code, out, err = cli(
        capsys,
        "add",
        "--vault",
        str(closed_vault),
        "--date",
        "2020-02-16",
        "--place",
        "Tokmok",
        "--role",
        "young Dungan woman, resident of Tokmok",
        "--quote",
        "Мы стояли девять часов.",
        "--quote",
        "We stood like that for nine hours until the evening.",
        "--tag",
        "pogrom",
        "--consent",
        "oral",
        "--quote-anonymously",
        "--notes",
        "met at the market",
    )
    assert code == 0, err
    new_id = out.strip()
    code, out, err = cli(capsys, "list", "--vault", str(closed_vault), "--search", "девять")
    assert code == 0 and new_id[:8] in out and "1 interview" in err
    code, out, err = cli(capsys, "list", "--vault", str(closed_vault), "--search", "absent")
    assert "0 interviews" in err and new_id[:8] not in out
    code, out, _ = cli(capsys, "show", "--vault", str(closed_vault), new_id[:8])
    assert code == 0
    assert (
        "— (Young Dungan woman, resident of Tokmok. Interview with ADC Memorial, "
        "February 16, 2020, Tokmok)"
    ) in out
    assert "oral; may be quoted anonymously" in out
    assert "Private field notes (never leave this computer)" in out


def test_add_reports_every_bad_field_in_one_line(
    capsys: pytest.CaptureFixture[str], closed_vault: Path, env_passphrase: None
) -> None:
    code, _, err = cli(
        capsys,
        "add",
        "--vault",
        str(closed_vault),
        "--date",
        "2999-01-01",
        "--place",
        "Tokmok",
        "--role",
        " ",
        "--quote",
        "x",
    )
    assert code == 5
    assert err == ("fieldkit: not saved: interview_date: is in the future; role: is required\n")


def test_errors_are_one_line_with_distinct_exit_codes(tmp_path: Path, closed_vault: Path) -> None:
    wrong = run_cli("list", "--vault", str(closed_vault), passphrase="not the passphrase")
    assert (wrong.returncode, wrong.stderr) == (3, "fieldkit: wrong passphrase\n")
    missing = run_cli("list", "--vault", str(tmp_path / "none"))
    assert missing.returncode == 1 and "no vault in" in missing.stderr
    assert len(missing.stderr.splitlines()) == 1
    no_secret = run_cli("list", "--vault", str(closed_vault), passphrase=None)
    assert no_secret.returncode == 1 and "FIELDKIT_PASSPHRASE" in no_secret.stderr
    usage = run_cli("list", "--from", "yesterday")
    assert usage.returncode == 2


def test_passwd_and_check(
    capsys: pytest.CaptureFixture[str],
    closed_vault: Path,
    env_passphrase: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli(capsys, "import", "--vault", str(closed_vault), str(FIXTURES))
    monkeypatch.setenv("FIELDKIT_NEW_PASSPHRASE", "short")
    code, _, err = cli(capsys, "passwd", "--vault", str(closed_vault))
    assert code == 5 and "too easy to guess" in err
    monkeypatch.setenv("FIELDKIT_NEW_PASSPHRASE", "granite lantern orbit seventeen")
    assert cli(capsys, "passwd", "--vault", str(closed_vault))[0] == 0
    code, _, err = cli(capsys, "check", "--vault", str(closed_vault))
    assert code == 3 and err == "fieldkit: wrong passphrase\n"
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", "granite lantern orbit seventeen")
    code, out, _ = cli(capsys, "check", "--vault", str(closed_vault))
    assert code == 0 and "vault is sound: 11 interviews, 11 revisions" in out


def test_destroy_needs_confirmation_from_scripts(
    capsys: pytest.CaptureFixture[str], closed_vault: Path
) -> None:
    code, _, err = cli(capsys, "destroy", "--vault", str(closed_vault))
    assert code == 1 and "--yes" in err and (closed_vault / "vault.keys").exists()
    code, out, _ = cli(capsys, "destroy", "--vault", str(closed_vault), "--yes")
    assert code == 0 and "destroyed" in out and not closed_vault.exists()


def test_search_history_stays_inside_the_vault(
    capsys: pytest.CaptureFixture[str],
    closed_vault: Path,
    env_passphrase: None,
    isolated_home: Path,
) -> None:
    cli(capsys, "list", "--vault", str(closed_vault), "--search", "Masanchi")
    from fieldkit.vault.store import Vault

    with Vault.open(closed_vault, PASSPHRASE) as vault:
        assert vault.get_setting("recent_searches") == ["Masanchi"]
    for path in isolated_home.rglob("*"):
        if path.is_file():
            assert b"Masanchi" not in path.read_bytes()


def test_no_display_is_one_line_not_a_qt_abort(tmp_path: Path) -> None:
    result = start_app(tmp_path / "v", without=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    assert result.returncode == 1
    assert result.stderr.startswith("fieldkit: no graphical display here")
    assert len(result.stderr.splitlines()) == 1
