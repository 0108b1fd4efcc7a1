"""Cold start to the first-run dialog: how long a fresh user waits for the first window.

Each start gets a fresh, empty HOME (so fieldkit shows its first-run dialog) and the offscreen
Qt platform. The app is told through ``FIELDKIT_STARTUP_PROBE`` (see
``resources/packaging/launcher.py``) to note the first window it shows, and to quit.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fieldkit.release.freeze import REPO

LAUNCHER = REPO / "resources" / "packaging" / "launcher.py"
PROBE = "FIELDKIT_STARTUP_PROBE"
XDG = (
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_CACHE_HOME", ".cache"),
    ("XDG_STATE_HOME", ".local/state"),
    ("XDG_RUNTIME_DIR", "run"),
)


def fresh_env(home: Path, tmp: Path, path: str = "/usr/local/bin:/usr/bin:/bin") -> dict[str, str]:
    """The environment of a new user: an empty HOME and TMPDIR, no virtual environment on
    PATH, no fieldkit variables, offscreen Qt."""
    env = {
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "PATH": path,
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    for folder in (home, tmp):
        folder.mkdir(parents=True, exist_ok=True)
    for var, sub in XDG:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    (home / "run").chmod(0o700)
    return env


@dataclass(frozen=True)
class Start:
    seconds: float
    window: str
    title: str
    frozen: bool


def first_window(command: Sequence[str], env: dict[str, str], timeout: float = 180) -> Start:
    """Start ``command`` with ``env`` and wait for its first window; the app then quits."""
    with tempfile.TemporaryDirectory(prefix="fieldkit-probe-") as folder:
        probe = Path(folder) / "probe.json"
        started = time.time()
        result = subprocess.run(
            list(command),
            env=dict(env, **{PROBE: str(probe)}),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0 or not probe.is_file():
            raise RuntimeError(
                f"{command[0]} showed no window (exit {result.returncode}): "
                f"{result.stderr.strip()[-2000:]}"
            )
        report = json.loads(probe.read_text(encoding="utf-8"))
    return Start(
        float(report["shown_at"]) - started,
        str(report["window"]),
        str(report["title"]),
        bool(report["frozen"]),
    )


def cold_starts(command: Sequence[str], work: Path, runs: int) -> list[Start]:
    """``runs`` starts of ``command``, each as a new user (a fresh HOME under ``work``)."""
    starts = []
    for n in range(runs):
        env = fresh_env(work / f"start-{n}" / "home", work / f"start-{n}" / "tmp")
        starts.append(first_window(command, env))
    return starts


def source_command(python: Path) -> list[str]:
    """The same launcher run by a source install's Python, to compare with."""
    return [str(python), str(LAUNCHER)]


def median_seconds(starts: Sequence[Start]) -> float:
    return statistics.median(start.seconds for start in starts)
