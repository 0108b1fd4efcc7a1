"""Backups that restore: everything comes back, a backup during writes is consistent, and a
full disk leaves no half backup."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit.core.errors import FieldkitError, VaultExists, WrongPassphrase
from fieldkit.exchange.keys import Role, ensure_kit_identity, load_identity
from fieldkit.vault import repository as repo
from fieldkit.vault.backup import OpenCopy, backup_vault, restore_vault
from fieldkit.vault.store import Vault, destroy_vault
from tests.helpers import FAST_KDF, FIXTURES, PASSPHRASE, run_cli
from tests.system.crash_child import SaverRun
from tests.vault.test_diskfull import SmallDisk, big_jsonl, small_disk  # noqa: F401

RECOVERY = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"


def _filled(folder: Path) -> Vault:
    vault, _ = Vault.create(
        folder, PASSPHRASE, organisation="ADC Memorial", kdf=FAST_KDF, recovery_key=RECOVERY
    )
    rows = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines()]
    repo.import_records(vault, enumerate(rows, start=1))
    vault.set_setting("recent_searches", ["Korday"])
    vault.set_setting("idle_lock_minutes", 7)
    ensure_kit_identity(vault)
    return vault


def _state(vault: Vault) -> dict[str, object]:
    """Everything a restore must bring back: interviews, revisions, keys, settings."""
    ids = sorted(r.id for r in repo.search(vault))
    kit = load_identity(vault, Role.KIT)
    assert kit is not None
    return {
        "interviews": [repo.get(vault, i).to_dict() for i in ids],
        "revisions": [repo.revisions(vault, i) for i in ids],
        "settings": vault.read("SELECT key, value FROM settings ORDER BY key"),
        "kit_keys": (bytes(kit.signing), str(kit.age)),
        "vault_id": vault.vault_id,
    }


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
    assert not any(word in written.name.lower() for word in ("fieldkit", "adc", "vault", "20"))
    assert sorted(p.name for p in written.iterdir()) == ["vault.db", "vault.keys"]
    assert stat.S_IMODE(written.stat().st_mode) == 0o700

    destroy_vault(original)
    assert not original.exists()

    restored = restore_vault(written, original, OpenCopy(PASSPHRASE))
    assert restored == original
    with Vault.open(original, PASSPHRASE) as again:
        assert _state(again) == before
        assert repo.check(again).ok
    # The recovery key opens it too.
    Vault.open_with_recovery(original, RECOVERY).close()
    # The backup opens as it is, like a vault.
    Vault.open(written, PASSPHRASE).close()


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
    assert listed.returncode == 0 and "11 interview(s)" in listed.stderr


def test_backup_while_another_process_writes_is_consistent(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    _filled(folder).close()
    with Vault.open(folder, PASSPHRASE) as vault:
        start = repo.count(vault)
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
    with Vault.open(tmp_path / "restored", PASSPHRASE) as copy:
        report = repo.check(copy)
        assert report.ok, report.problems
        new = sum(step.op == "new" for step in acked)
        assert start + 3 <= report.interviews <= start + new + 1
    # The writer's vault is untouched by the backup.
    with Vault.open(folder, PASSPHRASE) as vault:
        assert repo.check(vault).ok


def test_backup_onto_a_full_disk_fails_cleanly(
    tmp_path: Path,
    small_disk: SmallDisk,  # noqa: F811
    big_jsonl: Path,  # noqa: F811
) -> None:
    folder = tmp_path / "vault"
    with _filled(folder) as vault:
        repo.import_jsonl(vault, big_jsonl)
    database = (folder / "vault.db").stat().st_size
    assert database > 2 * 1024 * 1024  # twice what the small disk holds
    if small_disk.how == "rlimit":
        small_disk.limit = database // 2
    env = dict(os.environ, FIELDKIT_PASSPHRASE=PASSPHRASE)
    result = subprocess.run(
        [sys.executable, "-m", "fieldkit", "backup", "--vault", str(folder), "--out",
         str(small_disk.root)],
        capture_output=True, text=True, env=env, preexec_fn=small_disk.preexec(),
        timeout=300, check=False,
    )  # fmt: skip
    lines = result.stderr.splitlines()
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    assert lines[0].startswith("fieldkit: the disk is full"), lines[0]
    assert list(small_disk.root.iterdir()) == []  # no half backup, no temporary folder
    with Vault.open(folder, PASSPHRASE) as vault:
        assert repo.check(vault).ok
