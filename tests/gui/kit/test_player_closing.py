"""Closing the app's player never freezes the app, whenever it is closed: right after a
recording is opened (while it loads), 10 and 50 ms on, while it plays, right after a seek,
as Play this stretch starts it, in the player HQ's window opens, and by locking or quitting
with a player open. Qt's FFmpeg reads the recording on its own threads through Python; the
app froze when the player let go of it while one of them was reading.

Each moment is repeated in a child process (tests/gui/kit/player_child.py), so a freeze ends
as this test's failure, naming the moment, instead of hanging the suite."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.gui.helpers import audio_here
from tests.helpers import PASSPHRASE, REPO

CHILD = REPO / "tests" / "gui" / "kit" / "player_child.py"
TIMES = 20
MOMENTS = (
    "at-once",
    "after-10ms",
    "after-50ms",
    "playing",
    "seeking",
    "stretch",
    "hq",
    "lock",
    "quit",  # ends the app: once
)
#: The child prints a line after each close (one takes well under a second) and gives up on
#: a step after 20 s; a child silent for this long has frozen.
FROZEN_AFTER_S = 90
#: The child's last line: all closed, or (without Qt Multimedia) nothing to close.
LAST_LINES = ("done", "cannot play here")


def _closes(vault: Path, log: Path) -> list[str]:
    """What the child printed, line by line; fails, naming the last close, if it froze."""
    with log.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(vault), str(TIMES), *MOMENTS],
            env=dict(os.environ, FIELDKIT_PASSPHRASE=PASSPHRASE, QT_QPA_PLATFORM="offscreen"),
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    assert child.stdout is not None
    printed: queue.Queue[str] = queue.Queue()
    out = child.stdout
    threading.Thread(target=lambda: [printed.put(line) for line in out], daemon=True).start()
    lines: list[str] = []
    try:
        while child.poll() is None or not printed.empty():
            try:
                lines.append(printed.get(timeout=FROZEN_AFTER_S).rstrip("\n"))
            except queue.Empty:
                pytest.fail(f"the app froze; the last close it got through: {lines[-1:]}")
            if lines[-1] in LAST_LINES:
                break
    finally:
        if child.poll() is None and (not lines or lines[-1] not in LAST_LINES):
            child.kill()
        child.wait()
    assert child.returncode == 0, log.read_text()
    return lines


def test_closing_the_player_at_any_moment_never_freezes_the_app(
    fixture_vault: Path, tmp_path: Path
) -> None:
    lines = _closes(fixture_vault, tmp_path / "child.log")
    if not audio_here():  # Qt Multimedia does not load here: no player opens to be closed
        assert lines == ["cannot play here"]
        return
    closed = [
        f"{moment} {n}"
        for moment in MOMENTS
        for n in range(1, (1 if moment == "quit" else TIMES) + 1)
    ]
    assert lines == [*closed, "done"]
