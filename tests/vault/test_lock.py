"""Two app sessions, one vault: the second is refused in one line, and never overwrites."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit.core.errors import VaultError, VaultInUse
from fieldkit.vault.store import Vault
from tests.helpers import PASSPHRASE, run_cli

ADD = ("--date", "2020-02-16", "--place", "Tokmok", "--role", "Young Dungan woman")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != "vault.lock"}


HOLDER = """
import sys, time
from fieldkit.vault.store import Vault
vault = Vault.open(sys.argv[1], sys.argv[2], exclusive=True)
print("ready", flush=True)
time.sleep(120)
"""


def test_a_second_app_session_is_refused_while_the_first_holds_the_vault(
    closed_vault: Path,
) -> None:
    """The app holds the vault's lock: a second app session (another window) is refused in
    one line; a command-line write is one transaction beside it, which the app shows when its
    window is next activated (tests/gui/test_records_window.py)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(closed_vault), PASSPHRASE],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
        with pytest.raises(VaultInUse) as refused:
            Vault.open(closed_vault, PASSPHRASE, exclusive=True)
        assert str(refused.value) == (
            f"the vault in {closed_vault} is open in another fieldkit window or command; "
            "close it there first"
        )
        added = run_cli(
            "add", *ADD, "--quote", "from the command line", "--vault", str(closed_vault)
        )
        assert added.returncode == 0, added.stderr
    finally:
        holder.kill()
        holder.wait()
    # Killed, it holds no lock any more: an app session opens, with the command line's save.
    with Vault.open(closed_vault, PASSPHRASE, exclusive=True) as vault:
        texts = [row[0] for row in vault.read("SELECT text FROM quotes")]
        assert texts == ["from the command line"]
    assert run_cli("check", "--vault", str(closed_vault)).returncode == 0


def test_the_lock_is_released_on_close_and_leaves_no_file(closed_vault: Path) -> None:
    first = Vault.open(closed_vault, PASSPHRASE, exclusive=True)
    assert (closed_vault / "vault.lock").exists()
    with pytest.raises(VaultInUse, match="open in another fieldkit window"):
        Vault.open(closed_vault, PASSPHRASE, exclusive=True)
    first.close()
    assert not (closed_vault / "vault.lock").exists()
    Vault.open(closed_vault, PASSPHRASE, exclusive=True).close()


def test_a_read_only_snapshot_opens_beside_the_writer_and_cannot_write(
    closed_vault: Path,
) -> None:
    with Vault.open(closed_vault, PASSPHRASE, exclusive=True) as writer:
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
    Vault.open(closed_vault, PASSPHRASE, exclusive=True).close()
