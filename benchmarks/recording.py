"""Recording: CPU time per second of sound recorded into the vault (48 kHz mono), through the
seam the app's microphone uses, against baselines measured in the same run.

    .venv/bin/python -m benchmarks.recording               # two minutes of sound (~15 s)
    .venv/bin/python -m benchmarks.recording --seconds 600

The sound is speech-like: a tone whose loudness comes and goes, with noise, so the encoder has
work of the kind a voice gives it (silence would flatter it). Fed as fast as it goes, in
blocks of a tenth of a second; process CPU time over the seconds of sound is the share of one
core a live recording takes. Target: < 10 %.

1. ``Recording.write`` … ``finish``: Opus encoding, sealing every half second with an
   fdatasync, the attachment's row and its metadata read back.
2. Baseline: the Opus encoder alone, into memory (``OpusEncoder``).
3. Baseline: the raw PCM sealed into the same growing file, no encoding (``Journal``).
4. For the choice of format: FLAC from libsndfile into memory (CPU and size).
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import soundfile

from fieldkit.core.record import validate
from fieldkit.media.opus import OpusEncoder, PcmFormat
from fieldkit.vault import blobs, records
from fieldkit.vault.journal import Journal
from fieldkit.vault.recording import Recording
from fieldkit.vault.store import Vault

PASSPHRASE = "correct horse battery staple 42"
PCM = PcmFormat(48000, 1)
TARGET = 0.10


def speech_like(seconds: float, block: float = 0.1) -> Iterator[bytes]:
    rng = np.random.default_rng(7)
    per = int(PCM.rate * block)
    for start in range(0, int(PCM.rate * seconds), per):
        t = np.arange(start, start + per) / PCM.rate
        envelope = 0.5 + 0.5 * np.sin(2 * np.pi * 0.7 * t) * np.sin(2 * np.pi * 3.1 * t)
        voice = np.sin(2 * np.pi * 180 * t) + 0.4 * np.sin(2 * np.pi * 720 * t)
        wave = 9000 * envelope * voice + rng.normal(0, 300, per)
        yield wave.astype("<i2").tobytes()


def cpu(run: Callable[[], int]) -> tuple[float, int]:
    start = time.process_time()
    size = run()
    return time.process_time() - start, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--tmpdir", default=None)
    args = parser.parse_args()
    seconds = args.seconds
    blocks = list(speech_like(seconds))
    print(
        f"recording benchmark: {seconds:.0f} s of 48 kHz mono; load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    work = Path(tempfile.mkdtemp(prefix="fk-record-bench-", dir=args.tmpdir))
    try:
        vault, _ = Vault.create(work / "vault", PASSPHRASE, organisation="Bench")
        raw = {"interview_date": "2020-02-08", "place": "Masanchi", "role": "Young man"}
        interview = records.save(vault, validate(raw)).id

        def record() -> int:
            rec = Recording(vault, interview, PCM)
            for block in blocks:
                rec.write(block)
            return rec.finish().size

        def encode_only() -> int:
            encoder = OpusEncoder(PCM)
            size = sum(len(encoder.encode(block)) for block in blocks)
            return size + len(encoder.finish())

        def seal_only() -> int:
            journal = Journal(blobs.ensure_folder(vault.path) / secrets.token_hex(16), bytes(32))
            for n, block in enumerate(blocks):
                journal.write(block)
                if n % 5 == 4:
                    journal.flush()
            size = journal.finish().size
            journal.abort()
            return size

        def flac_only() -> int:
            out = io.BytesIO()
            with soundfile.SoundFile(
                out, "w", samplerate=PCM.rate, channels=1, format="FLAC", subtype="PCM_16"
            ) as flac:
                for block in blocks:
                    flac.write(np.frombuffer(block, dtype="<i2"))
            return len(out.getbuffer())

        rows = [
            ("recording (encode + seal + save)", *cpu(record)),
            ("baseline: Opus encoding alone", *cpu(encode_only)),
            ("baseline: raw PCM sealed, no encoding", *cpu(seal_only)),
            ("for comparison: FLAC encoding alone", *cpu(flac_only)),
        ]
        vault.close()
        for name, spent, size in rows:
            share = spent / seconds
            per_minute = size / seconds * 60 / 1e6
            print(
                f"  {name:40} {spent:6.2f} s CPU  {share:6.1%} of a core  "
                f"{per_minute:5.2f} MB per minute"
            )
        share = rows[0][1] / seconds
        print(f"  target < {TARGET:.0%} of one core: {'met' if share < TARGET else 'MISSED'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
