"""SIGKILL while recording: the next open makes an attachment of everything up to about a
second before the kill, and no sound was written anywhere but sealed in the vault."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import soundfile

from fieldkit.media.opus import PcmFormat, tone
from fieldkit.vault import attachments, blobs, recording
from fieldkit.vault.store import Vault
from tests.helpers import PASSPHRASE, REPO, cli_interview

CHILD = REPO / "tests" / "system" / "record_child.py"


def _files(folders: list[Path]) -> set[Path]:
    return {p for folder in folders for p in folder.rglob("*") if p.is_file()}


def test_sigkill_mid_recording_keeps_all_but_the_last_second(
    closed_vault: Path, tmp_path: Path
) -> None:
    interview = cli_interview(closed_vault)
    home, temp = Path(os.environ["HOME"]), Path(os.environ["TMPDIR"])
    watched = [closed_vault, home, temp]
    before = _files(watched)
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(closed_vault), interview],
        env=dict(os.environ, FIELDKIT_PASSPHRASE=PASSPHRASE),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    fed = 0.0
    deadline = time.monotonic() + 120
    while fed < 3.3 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            raise AssertionError(f"the recording child ended: {child.stderr.read()}")  # type: ignore[union-attr]
        fed = float(line.split()[1])
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)

    # While it recorded, the only new files were the sealed one and the vault's own.
    new = _files(watched) - before
    folder = blobs.folder_of(closed_vault)
    outside = [p for p in new if p.parent != folder and p.parent != closed_vault]
    assert outside == []
    # No sound in the clear anywhere: the tone's first 4 KiB appear in no file.
    pcm = next(tone(PcmFormat(48000, 1), 0.1, block=0.1))[:4096]
    for path in _files(watched):
        assert pcm not in path.read_bytes(), path

    with Vault.open(closed_vault, PASSPHRASE) as vault:
        (item,) = attachments.list_for(vault, interview)
        assert [a.id for a in vault.recovered] == [item.id]
        assert recording.unfinished(vault) == []
        with attachments.open_original(vault, item) as reader:
            samples, rate = soundfile.read(io.BytesIO(reader.read()), dtype="int16")
        assert fed - 1.5 <= len(samples) / rate <= fed + 0.2
        attachments.verify(vault, item)
