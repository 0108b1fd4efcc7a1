"""A child process for the recording kill test: records a generated tone in real time.

Run as ``python tests/system/record_child.py VAULT INTERVIEW`` with the passphrase in
``FIELDKIT_PASSPHRASE``. It feeds a 440 Hz tone (48 kHz mono) in blocks of a tenth of a second,
paced by the clock as a microphone would deliver it, and prints ``fed SECONDS`` after each block,
for ever: the parent kills it with SIGKILL, so it dies mid-recording with no clean-up at all.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

# Run as a script: make the repository importable without relying on the current directory.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fieldkit.media.opus import PcmFormat, tone
from fieldkit.vault.recording import Recording
from fieldkit.vault.store import Vault


def main() -> None:
    vault_dir, interview = sys.argv[1:3]
    vault = Vault.open(Path(vault_dir), os.environ["FIELDKIT_PASSPHRASE"])
    pcm = PcmFormat(48000, 1)
    rec = Recording(vault, interview, pcm)
    started = time.monotonic()
    for n, block in enumerate(tone(pcm, 3600.0, block=0.1), start=1):
        delay = started + n * 0.1 - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        rec.write(block)
        print(f"fed {rec.seconds:.1f}", flush=True)


if __name__ == "__main__":
    main()
