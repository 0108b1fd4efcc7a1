"""What the packaging test needs from the machine: apt, dpkg, and running the installed app
as a new user would (no virtual environment on PATH, a fresh HOME)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

#: Build machine packages: the Qt xcb and Wayland platforms' libraries (bundled into the app, so the
#: installed app needs none of them), and minisign to check the signatures.
BUILD_PACKAGES = (
    "minisign",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-randr0",
    "libxcb-shape0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libwayland-cursor0",
    "libwayland-egl1",
    "xvfb",  # the packaging test starts the installed app on an X display too
)


def require_debian() -> None:
    """Skip where this test cannot mean anything: not a Debian-like system."""
    if not (Path("/etc/debian_version").exists() and shutil.which("apt-get")):
        pytest.skip("the .deb is built and installed on Debian-like systems only")
    for tool in ("dpkg-deb", "dpkg", "ldd"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is missing: not a Debian-like system")


def root_prefix() -> list[str]:
    return [] if os.geteuid() == 0 else ["sudo", "-n"]


def apt(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return subprocess.run(
        [*root_prefix(), "apt-get", "-y", "-q", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def apt_install_build_packages() -> None:
    missing = [name for name in BUILD_PACKAGES if not is_installed(name)]
    if not missing:
        return
    result = apt("install", *missing)
    if result.returncode != 0:  # no package lists yet (a fresh container)
        apt("update")
        result = apt("install", *missing)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _status(package: str) -> str:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${db:Status-Status}", package],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip()


def is_installed(package: str) -> bool:
    return _status(package) == "installed"


def is_known(package: str) -> bool:
    """Installed, or removed with its configuration kept (``apt-get purge`` forgets it)."""
    return _status(package) not in ("", "not-installed")


def run(
    command: list[str], env: dict[str, str], cwd: Path, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout, check=False
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, (result.args, result.stdout[-2000:], result.stderr[-2000:])
    return result.stdout


def leftovers_in_tmp(before: set[str]) -> list[str]:
    """New entries in /tmp that the app could have made (PyInstaller's one-file ``_MEI…``
    folders, Qt's or our own); other engineers' files in the shared /tmp are not ours."""
    now = set(os.listdir("/tmp"))
    return sorted(
        name for name in now - before if name.startswith(("_MEI", "fieldkit", "qt", "Qt"))
    )
