"""Closing the app's player: how long Esc takes to give the app back, at each moment, against
a baseline measured in the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.player_close           # (~20 s)
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.player_close --times 50

A ten-second Ogg Opus recording made in the vault, opened in the player (``open_viewer``) and
closed (``done``) right after it opens (while it loads), once it has loaded, and while it
plays; the time is that of ``done``, median and worst of TIMES closes.

Baseline: the closing the player had before (every read ending with a read of nothing, the
player stopped, 0.3 s of events, then the source taken away as PySide calls it), measured
only once the recording has loaded and while it plays: while it loads, it froze the app.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QIODevice
from PySide6.QtWidgets import QApplication

from fieldkit.core.record import validate
from fieldkit.gui.kit import attachment_viewer as viewer
from fieldkit.gui.kit.playback import SealedDevice
from fieldkit.media.opus import PcmFormat, tone
from fieldkit.vault import attachments, records
from fieldkit.vault.keyslot import KdfParams
from fieldkit.vault.recording import Recording
from fieldkit.vault.store import Vault

MONO = PcmFormat(48000, 1)


def _events(seconds: float) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        QCoreApplication.processEvents()
        time.sleep(0.002)


def _until(value: Callable[[], int], above: int) -> None:
    until = time.monotonic() + 20
    while value() <= above:
        if time.monotonic() > until:
            raise SystemExit("the player did not get there")
        _events(0.005)


class _OldDevice(SealedDevice):
    """The device before: once ended, a read of nothing, and never at its end."""

    def atEnd(self) -> bool:
        return QIODevice.atEnd(self)


def _old_close(player: Any) -> None:
    """The closing before: reads ended, the player stopped, 0.3 s of events, PySide's call."""
    player.device.ended = True
    player.player.stop()
    _events(0.3)
    player.player.setSourceDevice(None)
    player.device.close()
    player.hide()


def _closes(vault: Vault, item: Any, moment: str, old: bool, times: int) -> list[float]:
    seconds = []
    for _ in range(times):
        reader = attachments.open_original(vault, item)
        device = (_OldDevice if old else SealedDevice)(reader, item.size)
        player = viewer.Player(device, item)
        player.show()
        if moment in ("loaded", "playing"):
            _until(player.player.duration, 0)
        if moment == "playing":
            player.player.play()
            _until(player.player.position, 0)
        started = time.perf_counter()
        _old_close(player) if old else player.done(0)
        seconds.append(time.perf_counter() - started)
        player.deleteLater()
        _events(0.02)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=20)
    times = parser.parse_args().times
    app = QApplication.instance() or QApplication([])
    del app
    viewer.multimedia()  # says so where Qt Multimedia cannot load
    with tempfile.TemporaryDirectory() as temp:
        kdf = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
        vault, _ = Vault.create(
            Path(temp) / "vault", "benchmark passphrase", organisation="B", kdf=kdf
        )
        raw = {"interview_date": "2020-02-08", "place": "Masanchi", "role": "Young man"}
        recording = Recording(vault, records.save(vault, validate(raw)).id, MONO)
        for block in tone(MONO, 10.0):
            recording.write(block)
        item = recording.finish()
        print(f"closing the player, {times} times each (median / worst, ms)")
        rows = [(False, moment) for moment in ("loading", "loaded", "playing")]
        rows += [(True, moment) for moment in ("loaded", "playing")]
        for old, moment in rows:
            ms = [s * 1000 for s in _closes(vault, item, moment, old, times)]
            name = "before (baseline)" if old else "now"
            print(f"  {name:18} {moment:8} {statistics.median(ms):8.1f} {max(ms):8.1f}")
        print(f"  {'before (baseline)':18} {'loading':8}   froze the app")
        vault.close()


if __name__ == "__main__":
    main()
