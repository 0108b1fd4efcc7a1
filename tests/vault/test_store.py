"""Creating, opening, re-keying and erasing a vault."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from fieldkit.core.errors import (
    VaultDamaged,
    VaultExists,
    VaultNotFound,
    WeakPassphrase,
    WrongPassphrase,
)
from fieldkit.vault import keyslot
from fieldkit.vault.store import Vault, destroy_vault
from tests.helpers import FAST_KDF, PASSPHRASE


def test_database_has_no_plaintext_header(closed_vault: Path) -> None:
    head = (closed_vault / "vault.db").read_bytes()[:100]
    assert not head.startswith(b"SQLite format 3")
    assert b"interviews" not in (closed_vault / "vault.db").read_bytes()


def test_open_with_passphrase_and_recovery_key(new_vault: tuple[Vault, str]) -> None:
    vault, recovery = new_vault
    vault.close()
    with Vault.open(vault.path, PASSPHRASE) as again:
        assert again.get_setting("organisation") == "ADC Memorial"
    typed = recovery.lower().replace("-", " ")
    with Vault.open_with_recovery(vault.path, typed) as again:
        again.change_passphrase("a completely new phrase for the vault", check_strength=True)
    with pytest.raises(WrongPassphrase):
        Vault.open(vault.path, PASSPHRASE)
    Vault.open(vault.path, "a completely new phrase for the vault").close()
    with pytest.raises(WrongPassphrase):
        Vault.open_with_recovery(vault.path, keyslot.new_recovery_key())


def test_passphrase_change_rewraps_the_slot_only(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    vault.checkpoint()
    db_before = hashlib.sha256((vault.path / "vault.db").read_bytes()).hexdigest()
    slots_before = (vault.path / "vault.keys").read_bytes()
    vault.change_passphrase("another long passphrase nobody guesses")
    vault.close()
    assert hashlib.sha256((vault.path / "vault.db").read_bytes()).hexdigest() == db_before
    assert (vault.path / "vault.keys").read_bytes() != slots_before
    kinds = [s["kind"] for s in json.loads((vault.path / "vault.keys").read_text())["slots"]]
    assert sorted(kinds) == ["passphrase", "recovery"]


def test_weak_passphrase_and_existing_vault_are_refused(
    vault_dir: Path, closed_vault: Path
) -> None:
    with pytest.raises(WeakPassphrase):
        Vault.create(vault_dir.parent / "other", "password123", kdf=FAST_KDF)
    assert not (vault_dir.parent / "other" / "vault.db").exists()
    with pytest.raises(VaultExists):
        Vault.create(closed_vault, PASSPHRASE, kdf=FAST_KDF)


def test_missing_vault_is_not_created_by_opening(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound):
        Vault.open(tmp_path / "nowhere", PASSPHRASE)
    assert not (tmp_path / "nowhere").exists()


def test_editing_slot_parameters_does_not_weaken_it(closed_vault: Path) -> None:
    path = closed_vault / "vault.keys"
    data = json.loads(path.read_text())
    data["slots"][0]["kdf"]["time_cost"] += 1
    path.write_text(json.dumps(data))
    with pytest.raises(WrongPassphrase):
        Vault.open(closed_vault, PASSPHRASE)
    path.write_text("{ not json")
    with pytest.raises(VaultDamaged):
        Vault.open(closed_vault, PASSPHRASE)


def test_calibration_meets_the_floor() -> None:
    params = keyslot.calibrate(target_seconds=0.2)
    assert params.memory_kib >= 64 * 1024 and params.time_cost >= 2


def test_destroy_removes_keys_and_files(closed_vault: Path) -> None:
    removed = destroy_vault(closed_vault)
    assert removed[0].name == "vault.keys"
    assert not closed_vault.exists()
    with pytest.raises(VaultNotFound):
        Vault.open(closed_vault, PASSPHRASE)


def test_vault_files_are_private_and_links_are_not_written_through(
    closed_vault: Path, tmp_path: Path
) -> None:
    for name in ("vault.db", "vault.keys"):
        assert (closed_vault / name).stat().st_mode & 0o777 == 0o600
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    (closed_vault / ".vault.keys.planted.tmp").symlink_to(victim)
    Vault.open(closed_vault, PASSPHRASE).close()  # cleans up leftover temporary slot files
    assert victim.read_text() == "someone else's file"
    assert not (closed_vault / ".vault.keys.planted.tmp").is_symlink()
