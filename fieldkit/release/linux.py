"""Linux artefacts from the one-folder app: a ``.deb`` (dpkg-deb; the app under /opt/fieldkit,
``fieldkit`` on PATH, a desktop entry and icon) and a portable tarball.

The ``.deb`` depends on the Debian packages of the few system libraries the bundle still uses
(libc, and the X11/GL/font libraries PyInstaller deliberately leaves to the system so they
match its drivers), found with ``ldd`` and ``dpkg -S`` on the build machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

from fieldkit.release.freeze import REPO, platform_tag

PACKAGING = REPO / "resources" / "packaging"
DESKTOP = REPO / "resources" / "fieldkit.desktop"
ICON = REPO / "resources" / "icons" / "fieldkit.svg"
INSTALL_DIR = "opt/fieldkit"
ELF_MAGIC = b"\x7fELF"
_GLIBC = re.compile(rb"GLIBC_(2\.\d+)")


def _elf_files(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == ELF_MAGIC:
                    found.append(path)
    return found


def _ldd(binary: Path, folder: Path) -> list[str]:
    """``ldd``'s lines for ``binary`` as the app loads it: PyInstaller's launcher puts the
    bundle's ``_internal`` folder first on the library path."""
    search = os.pathsep.join(str(p) for p in (folder / "_internal", folder) if p.is_dir())
    result = subprocess.run(
        ["ldd", str(binary)],
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, LD_LIBRARY_PATH=search),
    )
    return result.stdout.splitlines()


def newest_glibc(folder: Path) -> str:
    """The newest glibc symbol version any binary in ``folder`` asks for, e.g. ``2.34``: the
    oldest glibc the bundle runs on."""
    newest = (2, 0)
    for path in _elf_files(folder):
        for match in _GLIBC.findall(path.read_bytes()):
            major, minor = (int(part) for part in match.decode().split("."))
            newest = max(newest, (major, minor))
    return f"{newest[0]}.{newest[1]}"


def system_libraries(folder: Path) -> set[Path]:
    """Libraries outside ``folder`` that its binaries load (as ``ldd`` resolves them)."""
    inside = folder.resolve()
    found: set[Path] = set()
    for path in _elf_files(folder):
        for line in _ldd(path, folder):
            match = re.search(r"=>\s+(/\S+)", line)
            if not match:
                continue
            library = Path(match.group(1)).resolve()
            if inside not in library.parents:
                found.add(library)
    return found


#: Qt plugins that may stay unloadable: Qt skips them (GTK's theme needs GTK itself).
OPTIONAL = ("libqgtk3.so",)


def unresolved_libraries(folder: Path) -> list[str]:
    """``binary: library`` for each library a bundled binary needs that is neither in the
    bundle nor on this system: the app would fail there too (say, the xcb platform without
    libxcb-cursor). Optional plugins are left out."""
    missing: list[str] = []
    for path in _elf_files(folder):
        if path.name in OPTIONAL:
            continue
        for line in _ldd(path, folder):
            entry = f"{path.relative_to(folder)}: {line.split()[0]}"
            if "not found" in line and entry not in missing:
                missing.append(entry)
    return missing


def debian_depends(folder: Path) -> str:
    """``Depends:`` for the system libraries the bundle loads (libc with its minimum)."""
    packages: set[str] = set()
    for library in sorted(system_libraries(folder)):
        for candidate in (library, Path("/usr") / library.relative_to("/")):
            result = subprocess.run(
                ["dpkg", "-S", str(candidate)], capture_output=True, text=True, check=False
            )
            if result.returncode == 0:
                packages.add(result.stdout.split(":", 1)[0].strip())
                break
    packages.discard("libc6")
    return ", ".join([f"libc6 (>= {newest_glibc(folder)})", *sorted(packages)])


def architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def _tree_kib(folder: Path) -> int:
    total = sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir())
    return (total + 1023) // 1024


def build_deb(app: Path, out: Path, work: Path, version: str, build_id: str) -> Path:
    """``fieldkit_<version>_<arch>.deb`` in ``out`` from the one-folder app ``app``."""
    root = work / "deb-root"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(app, root / INSTALL_DIR, symlinks=True)
    (root / "usr/bin").mkdir(parents=True)
    # PyInstaller's launcher resolves the link to find its folder under /opt.
    (root / "usr/bin/fieldkit").symlink_to(f"/{INSTALL_DIR}/fieldkit")
    for source, target in (
        (DESKTOP, "usr/share/applications/fieldkit.desktop"),
        (ICON, "usr/share/icons/hicolor/scalable/apps/fieldkit.svg"),
    ):
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / target)
    control_dir = root / "DEBIAN"
    control_dir.mkdir()
    control = (PACKAGING / "deb" / "control.in").read_text(encoding="utf-8")
    (control_dir / "control").write_text(
        control.format(
            version=version,
            architecture=architecture(),
            installed_kib=_tree_kib(root),
            depends=debian_depends(app),
            build_id=build_id,
        ),
        encoding="utf-8",
    )
    for script in ("postinst", "postrm"):
        shutil.copyfile(PACKAGING / "deb" / script, control_dir / script)
        (control_dir / script).chmod(0o755)
    for path in root.rglob("*"):  # what dpkg installs must not be writable by others
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~0o022)
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"fieldkit_{version}_{architecture()}.deb"
    # gzip, not dpkg's default xz: on two busy cores xz took minutes (-z1: 2 min, -z6: over 5)
    # for a package about 15 % smaller; gzip takes half a minute.
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(root), str(deb)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(root)
    return deb


def build_tarball(app: Path, out: Path, version: str) -> Path:
    """``fieldkit-<version>-linux-<arch>.tar.gz``: the one-folder app with the desktop entry
    and icon beside it; unpack anywhere and run ``fieldkit-<version>/fieldkit``."""
    name = f"fieldkit-{version}"
    out.mkdir(parents=True, exist_ok=True)
    tarball = out / f"{name}-{platform_tag()}.tar.gz"

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(tarball, "w:gz", compresslevel=6) as archive:
        archive.add(app, arcname=name, filter=owned_by_root)
        archive.add(DESKTOP, arcname=f"{name}/share/fieldkit.desktop", filter=owned_by_root)
        archive.add(ICON, arcname=f"{name}/share/fieldkit.svg", filter=owned_by_root)
    return tarball
