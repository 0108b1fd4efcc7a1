"""A child process for the real-sound test: the recorder dialog capturing from PulseAudio.

Run as ``python tests/gui/kit/pulse_child.py VAULT SOURCE_NAME SECONDS`` with
``FIELDKIT_PASSPHRASE`` and ``PULSE_SERVER`` set, ``QT_QPA_PLATFORM=offscreen``. It opens the
vault, adds an interview, opens the recorder on the input whose name contains SOURCE_NAME,
starts it, stops and saves it once it holds SECONDS of sound, and prints the interview's id.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

# Run as a script: make the repository importable without relying on the current directory.
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from fieldkit.core.record import validate
from fieldkit.gui.kit import recorder_dialog
from fieldkit.vault import records
from fieldkit.vault.store import Vault


def main() -> None:
    vault_dir, wanted, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    app = QApplication([])
    vault = Vault.open(Path(vault_dir), os.environ["FIELDKIT_PASSPHRASE"])
    raw = {"interview_date": "2020-02-08", "place": "Masanchi", "role": "Young man"}
    interview = records.save(vault, validate(raw)).id
    devices = recorder_dialog.input_devices()
    for _ in range(50):  # Qt learns of PulseAudio's devices as its server tells it
        if any(wanted.lower() in name.lower() for name, _ in devices):
            break
        app.processEvents()
        time.sleep(0.1)
        devices = recorder_dialog.input_devices()
    names = [name for name, _ in devices]
    if not any(wanted.lower() in name.lower() for name in names):
        print(f"no input named {wanted} among {names}", file=sys.stderr)
        raise SystemExit(3)
    dialog = recorder_dialog.RecorderDialog(vault, interview, devices)
    dialog.device.setCurrentIndex(
        next(i for i, name in enumerate(names) if wanted.lower() in name.lower())
    )
    dialog.show()
    dialog.start()
    if not dialog.recording:
        raise SystemExit(4)
    poll = QTimer()
    poll.timeout.connect(lambda: dialog.stop() if dialog.seconds >= seconds else None)
    poll.start(20)
    QTimer.singleShot(60_000, app.quit)  # a stack that never delivers: the parent says so
    dialog.finished.connect(app.quit)
    app.exec()
    vault.close()
    print(interview)


if __name__ == "__main__":
    main()
