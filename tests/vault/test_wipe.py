"""Wipe after N wrong passphrases (off by default), a damaged slot file told apart from a wrong
passphrase, and the vault folder's mode."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from fieldkit.core.errors import KeySlotDamaged, VaultDamaged, VaultWiped, WrongPassphrase
from fieldkit.vault.store import Vault
from tests.helpers import FAST_KDF, PASSPHRASE, flip_sealed_keys, run_cli

WRONG = "not the passphrase of this vault"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_wrong_passphrases_change_nothing_by_default(closed_vault: Path) -> None:
    before = _files(closed_vault)
    for _ in range(12):
        with pytest.raises(WrongPassphrase):
            Vault.open(closed_vault, WRONG)
    assert _files(closed_vault) == before
    Vault.open(closed_vault, PASSPHRASE).close()


def test_n_minus_one_wrong_leave_the_vault_and_the_nth_destroys_the_slots(
    closed_vault: Path,
) -> None:
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        vault.set_wipe_after(3)
        assert vault.wipe_after == 3
    database = (closed_vault / "vault.db").read_bytes()
    # Two wrong, then the right one: the count starts again.
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            Vault.open(closed_vault, WRONG)
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        assert vault.wipe_after == 3
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            Vault.open(closed_vault, WRONG)
    assert (closed_vault / "vault.keys").exists()
    # The recovery key counts too: the third wrong secret in a row destroys the slots.
    with pytest.raises(VaultWiped, match="3 times in a row"):
        Vault.open_with_recovery(closed_vault, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    assert not (closed_vault / "vault.keys").exists()
    assert not list(closed_vault.glob(".vault.keys.*"))
    with pytest.raises(VaultDamaged, match="key slot file is missing"):
        Vault.open(closed_vault, PASSPHRASE)
    # The database was not the target: without its key it is only ciphertext.
    assert (closed_vault / "vault.db").read_bytes() == database


def test_the_wipe_through_the_command_line(closed_vault: Path) -> None:
    too_few = run_cli("wipe-after", "2", "--vault", str(closed_vault))
    assert too_few.returncode == 2 and "fewer than 3" in too_few.stderr
    chosen = run_cli("wipe-after", "3", "--vault", str(closed_vault))
    assert chosen.returncode == 0, chosen.stderr
    assert "After 3 wrong passphrases" in chosen.stdout
    results = [run_cli("list", "--vault", str(closed_vault), passphrase=WRONG) for _ in range(3)]
    assert [r.returncode for r in results] == [3, 3, 3]
    assert results[0].stderr == "fieldkit: wrong passphrase\n"
    assert "keys were destroyed" in results[2].stderr
    assert not (closed_vault / "vault.keys").exists()


def test_the_wipe_takes_the_attachments_with_it(closed_vault: Path, tmp_path: Path) -> None:
    from fieldkit.core.record import validate
    from fieldkit.vault import attachments, blobs, records

    recording = tmp_path / "voice.bin"
    recording.write_bytes(b"a recording" * 1000)
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        raw = {"interview_date": "2020-02-08", "place": "A", "role": "B", "quotes": ["C."]}
        attachments.attach(vault, records.save(vault, validate(raw)).id, [recording])
        vault.set_wipe_after(3)
    assert list(blobs.folder_of(closed_vault).iterdir())
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            Vault.open(closed_vault, WRONG)
    with pytest.raises(VaultWiped):
        Vault.open(closed_vault, WRONG)
    # Their keys were in the database, now without a key: the files are gone too.
    assert not blobs.folder_of(closed_vault).exists()


def test_turning_the_wipe_off(closed_vault: Path) -> None:
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        vault.set_wipe_after(3)
    with pytest.raises(WrongPassphrase):
        Vault.open(closed_vault, WRONG)
    off = run_cli("wipe-after", "0", "--vault", str(closed_vault))
    assert off.returncode == 0 and "no longer" in off.stdout
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            Vault.open(closed_vault, WRONG)
    Vault.open(closed_vault, PASSPHRASE).close()


def test_a_damaged_slot_is_told_apart_from_a_wrong_passphrase(closed_vault: Path) -> None:
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        vault.set_wipe_after(3)
    flip_sealed_keys(closed_vault)
    for _ in range(4):  # never counted as guesses: nothing is wiped
        with pytest.raises(KeySlotDamaged, match="does not match its checksum"):
            Vault.open(closed_vault, PASSPHRASE)
    assert (closed_vault / "vault.keys").exists()
    result = run_cli("list", "--vault", str(closed_vault))
    assert result.returncode == 4  # damaged, not "wrong passphrase"
    assert "key slot file is damaged" in result.stderr


def test_a_slot_file_without_checksum_says_both_are_possible_and_gets_one(
    closed_vault: Path,
) -> None:
    path = closed_vault / "vault.keys"
    data = json.loads(path.read_text())
    del data["checksum"]  # as written before checksums
    path.write_text(json.dumps(data, indent=2))
    with pytest.raises(WrongPassphrase, match="wrong passphrase, or the key slot file is damaged"):
        Vault.open(closed_vault, WRONG)
    Vault.open(closed_vault, PASSPHRASE).close()
    assert "checksum" in json.loads(path.read_text())
    with pytest.raises(WrongPassphrase) as raised:
        Vault.open(closed_vault, WRONG)
    assert str(raised.value) == "wrong passphrase"


def test_an_existing_folder_becomes_private(tmp_path: Path) -> None:
    folder = tmp_path / "made-by-hand"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=FAST_KDF)
    vault.close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    # A vault from before, in a 0755 folder, is made private when it opens.
    os.chmod(folder, 0o755)
    with Vault.open(folder, PASSPHRASE) as again:
        assert again.read("SELECT count(*) FROM interviews") == [(0,)]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_passphrase_change_after_wrong_attempts_does_not_bring_the_count_back(
    closed_vault: Path,
) -> None:
    new = "a completely different passphrase 7"
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        vault.set_wipe_after(3)
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            Vault.open(closed_vault, WRONG)
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        vault.change_passphrase(new, check_strength=False)
    for _ in range(2):  # counted from zero again: two more are not yet the third
        with pytest.raises(WrongPassphrase):
            Vault.open(closed_vault, WRONG)
    Vault.open(closed_vault, new).close()
