"""Which system libraries Qt's X11 platform plugin needs and this machine lacks.

PySide6's wheels carry Qt itself, but Qt's ``xcb`` plugin (the one used on an X11 desktop)
links a few libraries from the system, and from Qt 6.5 also loads ``libxcb-cursor`` at run
time. When one is missing Qt aborts the process (exit 134) with a message naming one
library. This module finds all of them before Qt is loaded, so the command line can say in
one line what to install. Qt-free: it reads the plugin with ``ldd`` and tries ``dlopen``.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

#: Library file name -> package per distribution family (as /etc/os-release names it).
PACKAGES: dict[str, dict[str, str]] = {
    "libxcb-cursor.so.0": {
        "debian": "libxcb-cursor0",
        "fedora": "xcb-util-cursor",
        "arch": "xcb-util-cursor",
        "suse": "libxcb-cursor0",
    },
    "libxcb-icccm.so.4": {
        "debian": "libxcb-icccm4",
        "fedora": "xcb-util-wm",
        "arch": "xcb-util-wm",
        "suse": "libxcb-icccm4",
    },
    "libxcb-keysyms.so.1": {
        "debian": "libxcb-keysyms1",
        "fedora": "xcb-util-keysyms",
        "arch": "xcb-util-keysyms",
        "suse": "libxcb-keysyms1",
    },
    "libxcb-image.so.0": {
        "debian": "libxcb-image0",
        "fedora": "xcb-util-image",
        "arch": "xcb-util-image",
        "suse": "libxcb-image0",
    },
    "libxcb-render-util.so.0": {
        "debian": "libxcb-render-util0",
        "fedora": "xcb-util-renderutil",
        "arch": "xcb-util-renderutil",
        "suse": "libxcb-render-util0",
    },
    "libxkbcommon-x11.so.0": {
        "debian": "libxkbcommon-x11-0",
        "fedora": "libxkbcommon-x11",
        "arch": "libxkbcommon-x11",
        "suse": "libxkbcommon-x11-0",
    },
    "libxcb-xkb.so.1": {
        "debian": "libxcb-xkb1",
        "fedora": "libxcb",
        "arch": "libxcb",
        "suse": "libxcb-xkb1",
    },
    "libxcb-shape.so.0": {
        "debian": "libxcb-shape0",
        "fedora": "libxcb",
        "arch": "libxcb",
        "suse": "libxcb-shape0",
    },
    "libxcb-randr.so.0": {
        "debian": "libxcb-randr0",
        "fedora": "libxcb",
        "arch": "libxcb",
        "suse": "libxcb-randr0",
    },
    "libxcb-xinerama.so.0": {
        "debian": "libxcb-xinerama0",
        "fedora": "libxcb",
        "arch": "libxcb",
        "suse": "libxcb-xinerama0",
    },
    "libEGL.so.1": {
        "debian": "libegl1",
        "fedora": "libglvnd-egl",
        "arch": "libglvnd",
        "suse": "libEGL1",
    },
    "libGL.so.1": {
        "debian": "libgl1",
        "fedora": "libglvnd-glx",
        "arch": "libglvnd",
        "suse": "libGL1",
    },
    "libfontconfig.so.1": {
        "debian": "libfontconfig1",
        "fedora": "fontconfig",
        "arch": "fontconfig",
        "suse": "libfontconfig1",
    },
    "libdbus-1.so.3": {
        "debian": "libdbus-1-3",
        "fedora": "dbus-libs",
        "arch": "dbus",
        "suse": "libdbus-1-3",
    },
}
#: Loaded by Qt at run time (not linked), so ``ldd`` cannot see it.
RUNTIME_LOADED = ("libxcb-cursor.so.0",)
_INSTALL = {
    "debian": "sudo apt install",
    "fedora": "sudo dnf install",
    "arch": "sudo pacman -S",
    "suse": "sudo zypper install",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.M)


def uses_xcb(environ: os._Environ[str] | dict[str, str]) -> bool:
    """Whether Qt will pick its X11 plugin: asked for, or an X11 (not Wayland) session."""
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0].split(";")[0] == "xcb"
    wayland = environ.get("XDG_SESSION_TYPE") == "wayland" or bool(environ.get("WAYLAND_DISPLAY"))
    return bool(environ.get("DISPLAY")) and not wayland


def xcb_plugin() -> Path | None:
    """PySide6's ``libqxcb.so``, found without importing PySide6."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        plugin = Path(root) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def _loadable(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def missing_libraries(plugin: Path) -> list[str]:
    """File names of the libraries ``plugin`` needs that this system cannot load."""
    missing: list[str] = []
    ldd = shutil.which("ldd")
    if ldd is not None:
        try:
            result = subprocess.run(
                [ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False
            )
        except (OSError, subprocess.SubprocessError):
            result = None
        if result is not None:
            for name in _NOT_FOUND.findall(result.stdout):
                if name not in missing:
                    missing.append(name)
    missing.extend(n for n in RUNTIME_LOADED if n not in missing and not _loadable(n))
    return missing


def distribution_family(os_release: Path = Path("/etc/os-release")) -> str | None:
    """``debian``, ``fedora``, ``arch`` or ``suse`` from ID and ID_LIKE, else None."""
    try:
        text = os_release.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    words: list[str] = []
    for key in ("ID", "ID_LIKE"):
        match = re.search(rf"^{key}=\"?([^\"\n]*)\"?$", text, re.M)
        if match:
            words.extend(match.group(1).split())
    for word in words:
        for family in ("debian", "ubuntu", "fedora", "rhel", "centos", "arch", "suse"):
            if word == family or word.startswith(family):
                return {"ubuntu": "debian", "rhel": "fedora", "centos": "fedora"}.get(
                    family, family
                )
    return None


def advice(missing: list[str], family: str | None) -> str:
    """One line: what is missing, and the command that installs it here."""
    if family in _INSTALL:
        packages = sorted(
            {PACKAGES.get(name, {}).get(family, name) for name in missing}, key=missing_order
        )
        how = f"install them with: {_INSTALL[family]} {' '.join(packages)}"
    else:
        how = "install them with your distribution's package manager"
    return (
        "the desktop app cannot start: the system lacks libraries Qt needs for the X11 "
        f"display ({', '.join(missing)}); {how}"
    )


def missing_order(package: str) -> tuple[int, str]:
    return (0 if "cursor" in package else 1, package)
