"""Backups that restore: everything comes back, and a backup during writes is consistent.

(A backup onto a full disk is tested with the disk-full machinery, in test_diskfull.py.) Only
the Vault API, SQL and the command line are used here, so the tests read the vault the way
an auditor would, whatever module a function of the repository lives in.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

import pytest

from fieldkit.core.errors import FieldkitError, VaultExists, WrongPassphrase
from fieldkit.exchange.keys import Role, ensure_kit_identity, load_identity
from fieldkit.vault.backup import OpenCopy, backup_vault, restore_vault
from fieldkit.vault.settings import RESTORED
from fieldkit.vault.store import Vault, destroy_vault
from tests.helpers import FAST_KDF, FIXTURES, PASSPHRASE, run_cli
from tests.system.crash_child import SaverRun

RECOVERY = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"


def _ok(result: Any) -> None:
    assert result.returncode == 0, result.stderr


def _filled(folder: Path) -> Vault:
    """The fixture interviews (through the real import), settings and the kit's keys; open."""
    vault, _ = Vault.create(
        folder, PASSPHRASE, organisation="ADC Memorial", kdf=FAST_KDF, recovery_key=RECOVERY
    )
    vault.close()
    _ok(run_cli("import", "--vault", str(folder), str(FIXTURES)))
    vault = Vault.open(folder, PASSPHRASE)
    vault.set_setting("recent_searches", ["Korday"])
    vault.set_setting("idle_lock_minutes", 7)
    ensure_kit_identity(vault)
    return vault


def _count(vault: Vault) -> int:
    return int(vault.read("SELECT count(*) FROM interviews")[0][0])


def _state(vault: Vault) -> dict[str, object]:
    """Everything a restore must bring back: every row of every table (interviews, quotes,
    revisions, settings, the search index's own tables...), and the kit's keys."""
    tables = [
        name
        for (name,) in vault.read(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        )
    ]
    assert {"interviews", "quotes", "revisions", "settings"} <= set(tables)
    kit = load_identity(vault, Role.KIT)
    assert kit is not None
    rows = {
        name: sorted(map(tuple, vault.read(f"SELECT * FROM {name}")), key=repr) for name in tables
    }
    assert len(rows["interviews"]) == 11
    return {"rows": rows, "kit_keys": (bytes(kit.signing), str(kit.age)), "id": vault.vault_id}


def test_backup_destroy_restore_brings_everything_back(tmp_path: Path) -> None:
    original = tmp_path / "vault"
    vault = _filled(original)
    with vault:
        before = _state(vault)
        out = tmp_path / "usb"
        out.mkdir()
        written = backup_vault(vault, out)
    # Named so that it says nothing: no "fieldkit", no organisation, no date.
    assert list(out.iterdir()) == [written]
    # Random: sixteen hex digits, no word and no date (a fixed "20" failed 6% of runs: hex).
    assert re.fullmatch(r"[0-9a-f]{16}", written.name)
    assert not any(word in written.name.lower() for word in ("fieldkit", "adc", "vault"))
    assert sorted(p.name for p in written.iterdir()) == ["vault.db", "vault.keys"]
    assert stat.S_IMODE(written.stat().st_mode) == 0o700

    destroy_vault(original)
    assert not original.exists()

    restored = restore_vault(written, original, OpenCopy(PASSPHRASE))
    assert restored == original
    with Vault.open(original, PASSPHRASE) as again:
        # The one row a restore adds: the mark that makes the kit's next export start a new
        # epoch (tests/hq/test_timelines.py). Everything else is as it was.
        assert again.get_setting(RESTORED) is not None
        after = _state(again)
        rows = after["rows"]
        assert isinstance(rows, dict)
        rows["settings"] = [row for row in rows["settings"] if row[0] != RESTORED.key]
        assert after == before
    _ok(run_cli("check", "--vault", str(original)))
    # The recovery key opens it too.
    Vault.open_with_recovery(original, RECOVERY).close()
    # The backup opens as it is, like a vault.
    Vault.open(written, PASSPHRASE).close()


def test_attachments_are_backed_up_and_restored(tmp_path: Path) -> None:
    from fieldkit.vault import attachments

    original = tmp_path / "vault"
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"a recording, not examined " * 100)
    with _filled(original) as vault:
        interview = vault.read("SELECT id FROM interviews LIMIT 1")[0][0]
        (found,) = attachments.attach(vault, interview, [photo])
        out = tmp_path / "usb"
        out.mkdir()
        written = backup_vault(vault, out)
    destroy_vault(original)
    restore_vault(written, original, OpenCopy(PASSPHRASE))
    with Vault.open(original, PASSPHRASE) as again:
        (back,) = attachments.list_for(again, interview)
        assert back == found
        with attachments.open_original(again, back) as reader:
            assert reader.read() == photo.read_bytes()
    _ok(run_cli("check", "--vault", str(original)))


def test_check_reports_a_damaged_attachment(tmp_path: Path) -> None:
    from fieldkit.vault import attachments, blobs

    source = tmp_path / "notes.bin"
    source.write_bytes(b"evidence" * 100)
    with _filled(tmp_path / "vault") as vault:
        interview = vault.read("SELECT id FROM interviews LIMIT 1")[0][0]
        attachments.attach(vault, interview, [source])
    (sealed,) = blobs.folder_of(tmp_path / "vault").iterdir()
    sealed.write_bytes(sealed.read_bytes()[:-1] + b"\0")
    result = run_cli("check", "--vault", str(tmp_path / "vault"))
    assert result.returncode == 4
    assert f"interview {interview[:8]}, attachment 1: an attachment's file fails" in result.stdout


def test_restore_refuses_a_folder_in_use_and_a_wrong_passphrase(tmp_path: Path) -> None:
    with _filled(tmp_path / "vault") as vault:
        with pytest.raises(FieldkitError, match="inside the vault's own folder"):
            backup_vault(vault, tmp_path / "vault")
        written = backup_vault(vault, tmp_path)
    with pytest.raises(VaultExists):
        restore_vault(written, tmp_path / "vault", OpenCopy(PASSPHRASE))
    with pytest.raises(WrongPassphrase):
        restore_vault(written, tmp_path / "new", OpenCopy("not the passphrase at all"))
    assert not (tmp_path / "new").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["vault", written.name, "home", "tmp"]
    )


def test_cli_backup_and_restore(tmp_path: Path) -> None:
    _filled(tmp_path / "vault").close()
    out = tmp_path / "usb"
    out.mkdir()
    made = run_cli("backup", "--vault", str(tmp_path / "vault"), "--out", str(out))
    assert made.returncode == 0, made.stderr
    (written,) = out.iterdir()
    assert str(written) in made.stdout
    restored = run_cli(
        "restore", str(written), "--vault", str(tmp_path / "new"), "--recovery",
        env={"FIELDKIT_RECOVERY_KEY": RECOVERY.lower()}, passphrase=None,
    )  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    listed = run_cli("list", "--vault", str(tmp_path / "new"))
    assert listed.returncode == 0 and "11 interviews" in listed.stderr


def test_backup_while_another_process_writes_is_consistent(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    _filled(folder).close()
    with Vault.open(folder, PASSPHRASE) as vault:
        start = _count(vault)
    out = tmp_path / "usb"
    out.mkdir()
    saver = SaverRun(folder, passphrase=PASSPHRASE, prefix="during")
    try:
        saver.wait_ready()
        saver.wait_acks(3)
        made = run_cli("backup", "--vault", str(folder), "--out", str(out))
        assert made.returncode == 0, made.stderr
        saver.wait_acks(3)  # still writing after the backup
    finally:
        saver.kill()
    acked, _, _ = saver.outcome()
    (written,) = out.iterdir()
    restore_vault(written, tmp_path / "restored", OpenCopy(PASSPHRASE))
    # Every revision chain in the copy ends in the content stored: no save half in it.
    checked = run_cli("check", "--vault", str(tmp_path / "restored"))
    _ok(checked)
    with Vault.open(tmp_path / "restored", PASSPHRASE) as copy:
        new = sum(step.op == "new" for step in acked)
        assert start + 3 <= _count(copy) <= start + new + 1
    # The writer's vault is sound after the backup.
    _ok(run_cli("check", "--vault", str(folder)))
