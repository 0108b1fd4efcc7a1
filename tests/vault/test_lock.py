"""Two processes, one vault: the second writer is refused in one line, and never overwrites."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fieldkit.core.errors import VaultError, VaultInUse
from fieldkit.vault.store import Vault
from tests.helpers import PASSPHRASE, run_cli
from tests.system.crash_child import SaverRun

ADD = ("--date", "2020-02-16", "--place", "Tokmok", "--role", "Young Dungan woman")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != "vault.lock"}


def test_a_second_process_is_refused_while_the_first_writes(closed_vault: Path) -> None:
    saver = SaverRun(closed_vault, passphrase=PASSPHRASE, prefix="first")
    try:
        saver.wait_ready()
        saver.wait_acks(2)
        for command in (["add", *ADD, "--quote", "second writer"], ["passwd"], ["list"]):
            result = run_cli(
                *command, "--vault", str(closed_vault), env={"FIELDKIT_NEW_PASSPHRASE": "x"}
            )
            assert result.returncode == 1, (command, result.stderr)
            assert result.stderr.splitlines() == [
                f"fieldkit: the vault in {closed_vault} is open in another fieldkit window or "
                "command; close it there first"
            ]
        with pytest.raises(VaultInUse):
            Vault.open(closed_vault, PASSPHRASE)
        saver.wait_acks(2)  # the first writer went on undisturbed
    finally:
        saver.kill()
    acked, _, _ = saver.outcome()
    # Killed, it holds no lock any more: the vault opens, with every save the first made.
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        stored = {row[0] for row in vault.read("SELECT id FROM interviews")}
        assert {step.id for step in acked} <= stored
        texts = [row[0] for row in vault.read("SELECT text FROM quotes")]
        assert texts and not any("second writer" in text for text in texts)
    assert run_cli("check", "--vault", str(closed_vault)).returncode == 0
    added = run_cli("add", *ADD, "--quote", "after the first", "--vault", str(closed_vault))
    assert added.returncode == 0, added.stderr


def test_the_lock_is_released_on_close_and_leaves_no_file(closed_vault: Path) -> None:
    first = Vault.open(closed_vault, PASSPHRASE)
    assert (closed_vault / "vault.lock").exists()
    with pytest.raises(VaultInUse, match="open in another fieldkit window"):
        Vault.open(closed_vault, PASSPHRASE)
    first.close()
    assert not (closed_vault / "vault.lock").exists()
    Vault.open(closed_vault, PASSPHRASE).close()


def test_a_read_only_snapshot_opens_beside_the_writer_and_cannot_write(
    closed_vault: Path,
) -> None:
    with Vault.open(closed_vault, PASSPHRASE) as writer:
        before = snapshot(closed_vault)
        with Vault.open(closed_vault, PASSPHRASE, read_only=True) as reader:
            assert reader.read_only and not writer.read_only
            count = "SELECT count(*) FROM interviews"
            assert reader.read(count) == writer.read(count)
            with pytest.raises(VaultError):
                reader.set_setting("organisation", "changed")
            with pytest.raises(VaultError, match="read-only"):
                reader.change_passphrase("a completely different passphrase 7")
        assert snapshot(closed_vault) == before
        # The writer still writes after the reader has gone.
        writer.set_setting("organisation", "still mine")


def test_a_lock_file_left_by_a_crash_does_not_block(closed_vault: Path) -> None:
    (closed_vault / "vault.lock").write_bytes(b"")
    os.chmod(closed_vault / "vault.lock", 0o600)
    Vault.open(closed_vault, PASSPHRASE).close()
