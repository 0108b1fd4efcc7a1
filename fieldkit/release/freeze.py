"""The one-folder app: a clean virtual environment, the stamped build info, the compiled
translations, then PyInstaller with ``resources/packaging/fieldkit.spec``."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fieldkit import __version__

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "resources" / "packaging" / "fieldkit.spec"
APP_NAME = "fieldkit"


def platform_tag() -> str:
    """``linux-x86_64``, ``windows-amd64``, ``macos-arm64``: names artefacts and build ids."""
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform)
    return f"{system or sys.platform}-{platform.machine().lower()}"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def git_commit(repo: Path = REPO) -> str:
    """The short commit of the checkout, ``+`` if it has uncommitted changes; ``nogit`` else."""
    try:
        commit = _git(repo, "rev-parse", "--short=10", "HEAD").strip()
        dirty = _git(repo, "status", "--porcelain", "--untracked-files=no").strip()
    except (OSError, subprocess.CalledProcessError):
        return "nogit"
    return commit + ("+" if dirty else "")


def build_info(now: datetime | None = None) -> dict[str, str]:
    moment = now or datetime.now(UTC)
    build_id = f"{moment:%Y%m%d}.{git_commit()}.{platform_tag()}"
    return {
        "version": __version__,
        "build_id": build_id,
        "built": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


@dataclass(frozen=True)
class Frozen:
    folder: Path  # the one-folder app (its executable is folder / "fieldkit")
    info: dict[str, str]
    venv_python: Path  # the build environment's Python: a source install to compare with
    seconds: float

    @property
    def executable(self) -> Path:
        return self.folder / (APP_NAME + (".exe" if sys.platform == "win32" else ""))


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    """Run a build step outside the checkout, so its Python imports the installed fieldkit."""
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=cwd, env=env)


def source_copy(work: Path, repo: Path = REPO) -> Path:
    """The checkout's files as git sees them (committed or not, ignored ones left out), so
    installing it leaves no build folders in the checkout and picks up nothing stale."""
    target = work / "src"
    if target.exists():
        shutil.rmtree(target)
    try:
        listed = subprocess.run(
            [
                "git",
                "-C",
                str(repo),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            capture_output=True,
            check=True,
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: a plain copy
        ignore = shutil.ignore_patterns(".venv", "build", "dist", "*.egg-info", "__pycache__")
        shutil.copytree(repo, target, ignore=ignore)
        return target
    for name in filter(None, listed.split("\0")):
        source = repo / name
        if source.is_file():  # a file deleted but not yet committed is listed too
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def make_venv(work: Path, base_python: str = sys.executable) -> Path:
    """A fresh environment with fieldkit (not editable: PyInstaller follows plain packages
    only) and the ``build`` extra from pyproject.toml."""
    venv = work / "venv"
    if venv.exists():
        shutil.rmtree(venv)
    _run([base_python, "-m", "venv", str(venv)], work)
    python = venv_python(venv)
    _run([str(python), "-m", "pip", "install", "-q", f"{source_copy(work)}[build]"], work)
    return python


def freeze(work: Path, dist: Path, base_python: str = sys.executable) -> Frozen:
    """Build the one-folder app into ``dist / "fieldkit"``; ``work`` holds what it needs."""
    started = time.monotonic()
    work.mkdir(parents=True, exist_ok=True)
    python = make_venv(work, base_python)
    stage = work / "stage"
    if stage.exists():
        shutil.rmtree(stage)
    (stage / "translations").mkdir(parents=True)
    info = build_info()
    (stage / "build-info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    # The .qm files are compiled for this build only, never beside the committed .ts sources.
    _run([str(python), "-m", "fieldkit.gui.base.language", str(stage / "translations")], work)
    env = dict(os.environ, FIELDKIT_STAGE=str(stage))
    _run(
        [
            str(python),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work / "pyinstaller"),
            str(SPEC),
        ],
        work,
        env,
    )
    return Frozen(dist / APP_NAME, info, python, time.monotonic() - started)


def folder_size(folder: Path) -> int:
    """Bytes in the files under ``folder`` (symlinks not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
