"""The .deb and the tarball, made from a stand-in for the one-folder app (a real ELF)."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from fieldkit.release import linux

pytestmark = pytest.mark.skipif(
    shutil.which("dpkg-deb") is None or shutil.which("ldd") is None,
    reason="dpkg-deb and ldd: Debian-like systems only",
)


@pytest.fixture
def app(tmp_path: Path) -> Path:
    folder = tmp_path / "fieldkit"
    (folder / "_internal").mkdir(parents=True)
    shutil.copy("/bin/true", folder / "fieldkit")
    (folder / "_internal" / "data.txt").write_text("data")
    return folder


def test_glibc_minimum_is_the_newest_symbol_version(app: Path) -> None:
    (app / "_internal" / "fake.so").write_bytes(b"\x7fELF....GLIBC_2.17\x00GLIBC_2.34\x00")
    (app / "fieldkit").unlink()
    assert linux.newest_glibc(app) == "2.34"


def test_deb_installs_under_opt_with_a_command_and_a_menu_entry(app: Path, tmp_path: Path) -> None:
    deb = linux.build_deb(app, tmp_path / "out", tmp_path / "work", "0.1.0", "B1")
    assert deb.name == f"fieldkit_0.1.0_{linux.architecture()}.deb"
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    assert "Package: fieldkit\n" in fields and "Version: 0.1.0\n" in fields
    assert "Depends: libc6 (>= 2." in fields and "Build B1." in fields
    listing = subprocess.run(
        ["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    assert "./opt/fieldkit/fieldkit" in listing and "./opt/fieldkit/_internal/data.txt" in listing
    assert "./usr/bin/fieldkit -> /opt/fieldkit/fieldkit" in listing
    assert "./usr/share/applications/fieldkit.desktop" in listing
    assert "./usr/share/icons/hicolor/scalable/apps/fieldkit.svg" in listing
    assert "root/root" in listing and "-rwxr-xr-x" in listing
    assert not (tmp_path / "work" / "deb-root").exists()


def test_tarball_holds_the_app_with_its_desktop_entry(app: Path, tmp_path: Path) -> None:
    tarball = linux.build_tarball(app, tmp_path / "out", "0.1.0")
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
        owners = {(m.uid, m.gid) for m in archive.getmembers()}
    assert {"fieldkit-0.1.0/fieldkit", "fieldkit-0.1.0/share/fieldkit.desktop"} <= names
    assert owners == {(0, 0)}


def test_nothing_unresolved_in_a_plain_binary(app: Path) -> None:
    assert linux.unresolved_libraries(app) == []
    assert linux.system_libraries(app)  # libc, at least
