"""The frozen app's entry point (PyInstaller runs this script): the same as ``fieldkit``.

With no command it opens the desktop app, otherwise it runs the command line.

``FIELDKIT_STARTUP_PROBE=FILE`` is for the packaging test and the build's start-up figure:
once the first window is visible, its class name and title go into FILE (JSON) and the app
quits. The same script run by a source install's Python gives the figure to compare with.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time

PROBE = "FIELDKIT_STARTUP_PROBE"


def _install_probe(target: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    timer = QTimer(app)

    def look() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        if not shown:
            return
        timer.stop()
        window = shown[0]
        report = {
            "window": type(window).__name__,
            "title": window.windowTitle(),
            "shown_at": time.time(),
            "frozen": bool(getattr(sys, "frozen", False)),
        }
        with open(target, "w", encoding="utf-8") as out:
            json.dump(report, out)
        app.exit(0)

    timer.timeout.connect(look)
    timer.start(5)


def main() -> int:
    # A large import runs a worker process with "spawn": in a frozen app that child is this
    # executable again, and freeze_support() makes it run the worker instead of the app.
    multiprocessing.freeze_support()
    probe = os.environ.get(PROBE)
    if probe:
        _install_probe(probe)
    from fieldkit.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
