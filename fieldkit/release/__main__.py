"""``python -m fieldkit.release``: build everything for this platform, sign it, print figures.

Linux: the one-folder app, ``fieldkit_<version>_<arch>.deb`` and a portable tarball. Windows
and macOS: the one-folder app (the ``.app`` on macOS) as a zip. Then ``SHA256SUMS``, a
minisign signature beside each file and ``fieldkit.pub``. Figures: sizes, build time, and cold
start to the first-run dialog against the same from a source install. See docs/building.md.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from fieldkit.release import freeze, publish, startup
from fieldkit.release.minisign import key_id_text

DEFAULT_OUT = freeze.REPO / "dist"
DEFAULT_WORK = freeze.REPO / "build" / "release"


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m fieldkit.release",
        description="Build, checksum and sign fieldkit's installable app for this platform.",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="artefacts (default: %(default)s)"
    )
    parser.add_argument(
        "--work", type=Path, default=DEFAULT_WORK, help="scratch folder (default: %(default)s)"
    )
    parser.add_argument(
        "--release-key",
        type=Path,
        default=None,
        help=f"minisign secret key file (else ${publish.ENV_KEY}; else a throwaway key)",
    )
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="the Python 3.11 the app is built with (default: this one)",
    )
    parser.add_argument(
        "--starts",
        type=int,
        default=3 if sys.platform.startswith("linux") else 0,  # fresh_env is Linux's
        help="cold starts measured per side (0: none; default: %(default)s)",
    )
    return parser


def _artefacts(frozen: freeze.Frozen, out: Path, work: Path) -> list[Path]:
    version, build_id = frozen.info["version"], frozen.info["build_id"]
    if sys.platform.startswith("linux"):
        from fieldkit.release import linux

        deb = linux.build_deb(frozen.folder, out, work, version, build_id)
        return [deb, linux.build_tarball(frozen.folder, out, version)]
    # Windows and macOS: not run here (docs/building.md says what is untested).
    folder = frozen.folder.with_name("fieldkit.app") if sys.platform == "darwin" else frozen.folder
    base = out / f"fieldkit-{version}-{freeze.platform_tag()}"
    return [Path(shutil.make_archive(str(base), "zip", folder.parent, folder.name))]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    started = time.monotonic()
    out: Path = args.out.resolve()
    work: Path = args.work.resolve()
    # Read the key first: a wrong password should fail before a long build, not after.
    release_key = publish.load_key(args.release_key)
    earlier = [(out, (publish.SUMS, "app")), (work, ("venv", "stage", "src"))]
    for folder, marks in earlier:  # both checked before either is emptied
        if folder.exists() and any(folder.iterdir()):
            if not any((folder / mark).exists() for mark in marks):
                print(f"{folder} is not empty and not an earlier build's: not emptying it")
                return 2
    for folder, _ in earlier:
        if folder.exists():
            shutil.rmtree(folder)
    out.mkdir(parents=True, exist_ok=True)
    frozen = freeze.freeze(work, out / "app", args.python)
    if sys.platform.startswith("linux"):
        from fieldkit.release.linux import unresolved_libraries

        missing = unresolved_libraries(frozen.folder)
        if missing:
            print("The app needs libraries this build machine lacks:", file=sys.stderr)
            for line in missing:
                print(f"  {line}", file=sys.stderr)
            print("Install them (docs/building.md lists the packages) and build again.")
            return 1
    artefacts = _artefacts(frozen, out, work)
    label = f"fieldkit {frozen.info['version']} build {frozen.info['build_id']}"
    publish.publish(release_key.key, artefacts, out, label)
    key_id = key_id_text(release_key.key.key_id)
    if release_key.throwaway:
        print(
            f"No release key given (${publish.ENV_KEY} or --release-key): signed with a "
            f"throwaway key {key_id} for this local build only."
        )
    else:
        print(f"Signed with release key {key_id}.")
    build_seconds = time.monotonic() - started

    print(f"\nfieldkit {frozen.info['version']}, build {frozen.info['build_id']}")
    width = max(len(path.name) for path in artefacts)
    size = _mb(freeze.folder_size(frozen.folder))
    print(f"  {'one-folder app':<{width}} {size:>10}  {frozen.folder}")
    for path in artefacts:
        print(f"  {path.name:<{width}} {_mb(path.stat().st_size):>10}")
    if sys.platform.startswith("linux"):
        from fieldkit.release.linux import newest_glibc

        print(f"  runs on glibc >= {newest_glibc(frozen.folder)}")
    print(f"  build time {build_seconds:.0f} s (freezing {frozen.seconds:.0f} s)")
    if args.starts > 0:
        runs = work / "starts"
        built = startup.cold_starts([str(frozen.executable)], runs / "frozen", args.starts)
        source = startup.cold_starts(
            startup.source_command(frozen.venv_python), runs / "source", args.starts
        )
        shutil.rmtree(runs)
        ratio = startup.median_seconds(built) / startup.median_seconds(source)
        print(
            f"  start to first-run dialog: built {startup.median_seconds(built):.2f} s, "
            f"source {startup.median_seconds(source):.2f} s (median of {args.starts}), "
            f"{ratio:.2f}x (target <= 1.5x)"
        )
    print(f"\nArtefacts, {publish.SUMS} and signatures in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
