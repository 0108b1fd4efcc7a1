"""The recorder with a real sound stack: a private PulseAudio daemon whose null sink plays a
tone, captured from its monitor (remapped as a source) through Qt Multimedia (QAudioSource)
in a child process, as a microphone would be. Slow (a daemon starts); skipped where
PulseAudio is not installed."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from fieldkit.media.opus import PcmFormat, tone
from fieldkit.vault import attachments
from fieldkit.vault.store import Vault
from tests.helpers import PASSPHRASE, REPO

CHILD = REPO / "tests" / "gui" / "kit" / "pulse_child.py"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("pulseaudio") is None or shutil.which("pacat") is None,
        reason="PulseAudio is not installed (apt-get install pulseaudio)",
    ),
]


def test_a_tone_played_into_pulseaudio_is_recorded_through_qt(
    closed_vault: Path, tmp_path: Path
) -> None:
    runtime = tmp_path / "pulse"
    runtime.mkdir()
    socket = runtime / "native"
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), HOME=str(runtime))
    daemon = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
         "-L", f"module-native-protocol-unix socket={socket} auth-anonymous=1",
         "-L", "module-null-sink sink_name=fk_null",
         # Qt lists no monitor as an input: the monitor remapped as a source of its own.
         "-L", "module-remap-source master=fk_null.monitor source_name=fk_mic "
               "source_properties=device.description=FieldkitTestMic"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    player = None
    try:
        deadline = time.monotonic() + 20
        while not socket.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert socket.exists(), "the PulseAudio daemon did not start"
        env["PULSE_SERVER"] = f"unix:{socket}"
        player = subprocess.Popen(
            ["pacat", "--playback", "-d", "fk_null", "--raw", "--format=s16le",
             "--rate=48000", "--channels=1"],
            env=env, stdin=subprocess.PIPE,
        )  # fmt: skip
        assert player.stdin is not None
        for block in tone(PcmFormat(48000, 1), 8.0):
            player.stdin.write(block)
        player.stdin.flush()
        child = subprocess.run(
            [sys.executable, str(CHILD), str(closed_vault), "FieldkitTestMic", "2.0"],
            env=dict(env, FIELDKIT_PASSPHRASE=PASSPHRASE, QT_QPA_PLATFORM="offscreen"),
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert child.returncode == 0, child.stderr
        interview = child.stdout.strip().splitlines()[-1]
    finally:
        if player is not None:
            player.kill()
            player.wait()
        daemon.terminate()
        daemon.wait(timeout=30)
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        (item,) = attachments.list_for(vault, interview)
        with attachments.open_original(vault, item) as reader:
            samples, rate = soundfile.read(io.BytesIO(reader.read()), dtype="int16")
    assert 1.9 <= len(samples) / rate <= 2.3
    assert np.abs(samples.astype(np.int32)).max() > 3000  # the tone, not silence
