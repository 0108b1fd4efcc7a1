"""``fieldkit record``: a WAV file or a generated tone recorded into the vault through the
microphone's seam; a file that cannot be recorded from is one line and leaves nothing."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import soundfile

from fieldkit.media.opus import PcmFormat, tone
from fieldkit.vault import attachments, blobs, recording
from fieldkit.vault.store import Vault
from tests.helpers import PASSPHRASE, cli_interview, run_cli


def _wav(path: Path, rate: int, seconds: float) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        for block in tone(PcmFormat(48000, 1), seconds):
            out.writeframes(block)
    return path


def _seconds(vault: Vault, item: attachments.Attachment) -> float:
    with attachments.open_original(vault, item) as reader:
        samples, rate = soundfile.read(io.BytesIO(reader.read()), dtype="int16")
    return len(samples) / rate


def test_a_wav_and_a_tone_are_recorded_as_attachments(closed_vault: Path, tmp_path: Path) -> None:
    interview = cli_interview(closed_vault)
    source = _wav(tmp_path / "voice.wav", 48000, 2.0)
    done = run_cli("record", "--vault", str(closed_vault), interview, "--from-wav", str(source))
    assert done.returncode == 0, done.stderr
    assert "recorded Recording " in done.stdout and "(2.0 s)" in done.stdout
    done = run_cli("record", "--vault", str(closed_vault), interview, "--tone", "1.5")
    assert done.returncode == 0, done.stderr
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        first, second = attachments.list_for(vault, interview)
        assert abs(_seconds(vault, first) - 2.0) <= 0.1
        assert abs(_seconds(vault, second) - 1.5) <= 0.1


def test_a_wav_at_a_rate_opus_lacks_is_one_line_and_nothing_is_left(
    closed_vault: Path, tmp_path: Path
) -> None:
    interview = cli_interview(closed_vault)
    source = _wav(tmp_path / "cd.wav", 44100, 0.5)
    done = run_cli("record", "--vault", str(closed_vault), interview, "--from-wav", str(source))
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "fieldkit: sound at 44100 Hz cannot be recorded; choose 8, 12, 16, 24 or 48 kHz"
    ]
    (tmp_path / "not.wav").write_bytes(b"RIFF but not really")
    done = run_cli("record", "--vault", str(closed_vault), interview, "--from-wav",
                   str(tmp_path / "not.wav"))  # fmt: skip
    assert done.returncode != 0 and len(done.stderr.strip().splitlines()) == 1
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        assert attachments.list_for(vault, interview) == []
        assert recording.unfinished(vault) == []
    folder = blobs.folder_of(closed_vault)
    assert not folder.exists() or list(folder.iterdir()) == []
