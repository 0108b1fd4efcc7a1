"""The desktop app names the system libraries Qt's X11 plugin lacks, instead of Qt aborting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fieldkit.cli import desktop_libs
from tests.helpers import start_app


def _fake_ldd(folder: Path, *missing: str) -> Path:
    """An ``ldd`` that reports ``missing`` as not found (and the rest as present)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = "\n".join(f"\t{name} => not found" for name in missing)
    script = folder / "ldd"
    script.write_text(
        "#!/bin/sh\n"
        "echo '\tlinux-vdso.so.1 (0x00007ffd)'\n"
        "echo '\tlibQt6Gui.so.6 => /somewhere/libQt6Gui.so.6 (0x00007f00)'\n"
        f"printf '%s\\n' '{lines}'\n"
    )
    script.chmod(0o755)
    return folder


def test_starting_the_app_without_xcb_libraries_is_one_line_naming_the_packages(
    tmp_path: Path,
) -> None:
    bin_dir = _fake_ldd(tmp_path / "bin", "libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    result = start_app(
        tmp_path / "v",
        without=("WAYLAND_DISPLAY", "QT_QPA_PLATFORM"),
        DISPLAY=":77",
        XDG_SESSION_TYPE="x11",
        PATH=f"{bin_dir}:{os.environ['PATH']}",
    )
    assert result.returncode == 1, result.stderr
    assert len(result.stderr.splitlines()) == 1
    line = result.stderr
    assert line.startswith("fieldkit: the desktop app cannot start")
    assert "libxcb-icccm.so.4" in line and "libxcb-keysyms.so.1" in line
    if desktop_libs.distribution_family() == "debian":
        assert "sudo apt install" in line
        assert "libxcb-icccm4" in line and "libxcb-keysyms1" in line
    assert not (tmp_path / "v").exists()  # nothing was created


def test_the_cursor_library_qt_loads_at_run_time_is_checked_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", f"{_fake_ldd(tmp_path / 'bin')}:{os.environ['PATH']}")
    monkeypatch.setattr(desktop_libs, "_loadable", lambda name: name != "libxcb-cursor.so.0")
    assert desktop_libs.missing_libraries(tmp_path / "libqxcb.so") == ["libxcb-cursor.so.0"]
    monkeypatch.setattr(desktop_libs, "_loadable", lambda name: True)
    assert desktop_libs.missing_libraries(tmp_path / "libqxcb.so") == []


@pytest.mark.parametrize(
    ("os_release", "family", "command"),
    [
        ('ID=debian\nVERSION_ID="12"\n', "debian", "sudo apt install libxcb-cursor0 libxcb-icccm4"),
        ("ID=ubuntu\nID_LIKE=debian\n", "debian", "sudo apt install libxcb-cursor0 libxcb-icccm4"),
        ('ID="fedora"\n', "fedora", "sudo dnf install xcb-util-cursor xcb-util-wm"),
        ('ID=linuxmint\nID_LIKE="ubuntu debian"\n', "debian", "sudo apt install"),
        ("ID=arch\n", "arch", "sudo pacman -S xcb-util-cursor xcb-util-wm"),
        ("ID=gentoo\n", None, "your distribution's package manager"),
    ],
)
def test_the_advice_names_the_package_manager_of_the_distribution(
    tmp_path: Path, os_release: str, family: str | None, command: str
) -> None:
    release = tmp_path / "os-release"
    release.write_text(os_release)
    assert desktop_libs.distribution_family(release) == family
    line = desktop_libs.advice(["libxcb-icccm.so.4", "libxcb-cursor.so.0"], family)
    assert command in line
    assert "\n" not in line


def test_a_wayland_session_or_another_platform_does_not_need_xcb() -> None:
    assert desktop_libs.uses_xcb({"DISPLAY": ":0"})
    assert not desktop_libs.uses_xcb({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"})
    assert not desktop_libs.uses_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"})
    assert desktop_libs.uses_xcb({"WAYLAND_DISPLAY": "w", "QT_QPA_PLATFORM": "xcb"})
    assert not desktop_libs.uses_xcb({})
