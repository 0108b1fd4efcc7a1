"""SIGKILL during ``fieldkit attach``: the attachment is there whole or not at all, the next
open sweeps what the killed process left, and no plaintext of the file is anywhere."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fieldkit.vault import attachments, blobs
from fieldkit.vault.store import Vault
from tests.canary import scan
from tests.helpers import PASSPHRASE, cli_interview

MARKER = "PLAINTEXT-MARKER-5D1C"


def _source(tmp_path: Path, megabytes: int) -> Path:
    """Random bytes with the marker every 64 KiB: any plaintext piece of it names itself."""
    path = tmp_path / "outside" / "recording.bin"
    path.parent.mkdir(exist_ok=True)
    block = MARKER.encode() + os.urandom(64 * 1024 - len(MARKER))
    with open(path, "wb") as out:
        for _ in range(megabytes * 16):
            out.write(block)
    return path


def _start(vault_dir: Path, interview: str, source: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "fieldkit", "attach", "--vault", str(vault_dir), interview,
         str(source)],
        env=dict(os.environ, FIELDKIT_PASSPHRASE=PASSPHRASE),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _check_after_kill(vault_dir: Path, interview: str, source: Path, scanned: list[Path]) -> int:
    """Whole or nothing, swept, no plaintext; how many attachments there are (0 or 1)."""
    expected = hashlib.sha256(source.read_bytes()).hexdigest()
    with Vault.open(vault_dir, PASSPHRASE) as vault:
        found = attachments.list_for(vault, interview)
        assert len(found) <= 1
        for item in found:
            assert item.sha256 == expected
            attachments.verify(vault, item)
        names = {p.name for p in blobs.folder_of(vault_dir).iterdir()}
        assert not [n for n in names if n.endswith(".tmp")], names
        assert len(names) == len(found)  # a kill before the commit left nothing once swept
    assert scan(scanned, [MARKER]) == []
    return len(found)


def _kill_while_sealing(vault_dir: Path, interview: str, source: Path) -> None:
    child = _start(vault_dir, interview, source)
    folder = blobs.folder_of(vault_dir)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        partial = list(folder.glob(".*.tmp")) if folder.exists() else []
        if partial and partial[0].stat().st_size > 1024 * 1024:
            break
        if child.poll() is not None:
            pytest.fail("attach finished before it could be killed: give it a larger file")
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)


def test_sigkill_while_sealing_leaves_nothing(closed_vault: Path, tmp_path: Path) -> None:
    source = _source(tmp_path, 64)
    interview = cli_interview(closed_vault)
    _kill_while_sealing(closed_vault, interview, source)
    assert list(blobs.folder_of(closed_vault).glob(".*.tmp"))  # the killed one's leftover
    scanned = [closed_vault, Path(os.environ["HOME"]), Path(os.environ["TMPDIR"])]
    assert _check_after_kill(closed_vault, interview, source, scanned) == 0


@pytest.mark.slow
def test_sigkill_at_random_moments_of_attach(closed_vault: Path, tmp_path: Path) -> None:
    source = _source(tmp_path, 8)
    interview = cli_interview(closed_vault)
    scanned = [closed_vault, Path(os.environ["HOME"]), Path(os.environ["TMPDIR"])]
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "fieldkit", "attach", "--vault", str(closed_vault), interview,
         str(source)],
        env=dict(os.environ, FIELDKIT_PASSPHRASE=PASSPHRASE), capture_output=True, check=True,
    )  # fmt: skip
    assert run.returncode == 0
    whole = time.monotonic() - started
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        for item in attachments.list_for(vault, interview):
            attachments.detach(vault, item)
    rng = random.Random(11)
    outcomes = []
    for _ in range(25):
        child = _start(closed_vault, interview, source)
        time.sleep(rng.uniform(0.05, whole * 1.1))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        outcomes.append(_check_after_kill(closed_vault, interview, source, scanned))
        with Vault.open(closed_vault, PASSPHRASE) as vault:
            for item in attachments.list_for(vault, interview):
                attachments.detach(vault, item)
    assert 0 in outcomes  # some kills landed before the commit
