"""The installable app, tried as a new user would on this Debian machine.

Builds everything with ``python -m fieldkit.release``, checks the checksums and signatures with
the standard ``sha256sum`` and ``minisign``, installs the ``.deb`` with apt, and then, with no
virtual environment on PATH and a fresh HOME, uses the installed ``fieldkit``: the command line
from ``init`` to an HQ import, a large import (a worker process in the frozen app), the
anonymisation model, and the desktop app up to its first-run dialog. Nothing may leak record
text into HOME, the temp folder or the install folder, nothing may be left in /tmp, and
``apt-get remove`` must take the app and leave the vault alone.

Behind the ``packaging`` marker (``pytest -m packaging``): it takes minutes, needs root (or
password-less sudo) for apt, and fails, never skips, on a Debian machine where the build fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fieldkit.release import startup
from tests.canary import make_canaries, scan
from tests.helpers import FIXTURES, REPO
from tests.packaging import debian

pytestmark = pytest.mark.packaging

PASSPHRASE = "quiet lantern orchard 58 velvet harbour"
INSTALL_DIR = Path("/opt/fieldkit")
INSTALLED = Path("/usr/bin/fieldkit")
VOLATILE = ("id", "created_at", "updated_at")
RUSSIAN = {
    "interview_date": "2020-02-18",
    "place": "Масанчи",
    "role": "свидетель, житель Масанчи",
    "organisation": "ADC Memorial",
    "language": "ru",
    "quote": "Иван Петров сказал, что Мария Сидорова видела всё с крыши.",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Everything built once, installed with apt, removed at the end whatever happened."""
    debian.require_debian()
    if debian.is_installed("fieldkit"):
        pytest.fail("fieldkit is already installed here; this test installs and removes it")
    debian.apt_install_build_packages()
    folder = tmp_path_factory.mktemp("release")
    out, work = folder / "out", folder / "work"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIELDKIT_")}
    command = [sys.executable, "-m", "fieldkit.release", "--out", str(out), "--work", str(work)]
    build = debian.run(command, env, REPO, timeout=1800)
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    [deb] = out.glob("fieldkit_*.deb")
    [tarball] = out.glob("fieldkit-*-linux-*.tar.gz")
    info = json.loads((work / "stage" / "build-info.json").read_text(encoding="utf-8"))
    try:
        yield {"out": out, "deb": deb, "tarball": tarball, "info": info, "log": build.stdout}
    finally:
        if debian.is_known("fieldkit"):  # installed, or removed with its scripts still kept
            debian.apt("purge", "fieldkit")
        shutil.rmtree(work, ignore_errors=True)


def test_build_prints_its_figures_and_says_the_key_is_throwaway(
    built: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    log = built["log"]
    for figure in ("one-folder app", built["deb"].name, "build time", "start to first-run"):
        assert figure in log
    assert "throwaway key" in log and log.count("throwaway") == 1
    with capsys.disabled():
        print("\n" + log[log.index("fieldkit ", log.index("throwaway")) :])


def test_checksums_and_signatures_verify_with_the_standard_tools(
    built: dict[str, Any], tmp_path: Path
) -> None:
    out = built["out"]
    check = subprocess.run(
        ["sha256sum", "-c", "--ignore-missing", "SHA256SUMS"],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(": OK") == 2
    for name in (built["deb"].name, built["tarball"].name, "SHA256SUMS"):
        result = subprocess.run(
            ["minisign", "-Vm", name, "-p", "fieldkit.pub"], cwd=out, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert f"file:{name}" in result.stdout and built["info"]["build_id"] in result.stdout
    # A changed file does not verify.
    shutil.copy(out / "SHA256SUMS", tmp_path / "SHA256SUMS")
    shutil.copy(out / "SHA256SUMS.minisig", tmp_path / "SHA256SUMS.minisig")
    with (tmp_path / "SHA256SUMS").open("a") as sums:
        sums.write("0" * 64 + "  evil.deb\n")
    result = subprocess.run(
        ["minisign", "-Vm", "SHA256SUMS", "-p", str(out / "fieldkit.pub")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0


def test_portable_tarball_runs_from_anywhere(built: dict[str, Any], tmp_path: Path) -> None:
    shutil.unpack_archive(built["tarball"], tmp_path / "unpacked")
    [top] = (tmp_path / "unpacked").iterdir()
    assert (top / "share" / "fieldkit.desktop").is_file()
    # Help → User guide reads the guide frozen with the package data (offline, no docs folder).
    guide = top / "_internal" / "fieldkit" / "resources" / "guide"
    assert {p.name for p in guide.glob("*.md")} == {"user-guide.en.md", "user-guide.ru.md"}
    env = startup.fresh_env(tmp_path / "home", tmp_path / "tmp")
    out = debian.ok(debian.run([str(top / "fieldkit"), "--version"], env, tmp_path))
    assert built["info"]["build_id"] in out


def _sha(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _comparable(listing: str) -> list[str]:
    records = json.loads(listing)
    return sorted(
        json.dumps({k: v for k, v in r.items() if k not in VOLATILE}, sort_keys=True)
        for r in records
    )


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _big_import(path: Path, rows: list[dict[str, Any]]) -> int:
    """A file past the size at which import parses in a worker process."""
    from fieldkit.vault.bulk import PARALLEL_MIN_BYTES

    count = 0
    with path.open("w", encoding="utf-8") as out:
        while out.tell() < PARALLEL_MIN_BYTES + 100_000:
            row = dict(rows[count % len(rows)], role=f"{rows[count % len(rows)]['role']} #{count}")
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _as_nobody(env: dict[str, str]) -> None:
    home = Path(tempfile.mkdtemp(prefix="fieldkit-nobody-", dir="/var/tmp"))
    try:
        home.chmod(0o755)
        user_env = startup.fresh_env(home / "home", home / "tmp") | {
            "FIELDKIT_PASSPHRASE": env["FIELDKIT_PASSPHRASE"]
        }
        subprocess.run(["chown", "-R", "nobody", str(home)], check=True)
        runuser = shutil.which("runuser") or "/usr/sbin/runuser"  # sbin: not on a user's PATH
        as_nobody = [runuser, "-u", "nobody", "--", "env", "-i"]
        as_nobody += [f"{k}={v}" for k, v in user_env.items()]
        record = "--date 2020-02-19 --place Sortobe --role farmer --quote Quote.".split()
        for command in (["init", "--org", "X"], ["add", *record]):
            debian.ok(debian.run([*as_nobody, "fieldkit", *command], user_env, home))
        listed = debian.ok(debian.run([*as_nobody, "fieldkit", "list", "--json"], user_env, home))
        assert len(json.loads(listed)) == 1
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_installed_app_as_a_new_user(
    built: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install = debian.apt("install", str(built["deb"]))
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    assert INSTALLED.is_symlink() and (INSTALL_DIR / "fieldkit").is_file()
    entry = Path("/usr/share/applications/fieldkit.desktop").read_text(encoding="utf-8")
    assert "\nExec=fieldkit\n" in entry and "\nIcon=fieldkit\n" in entry
    assert Path("/usr/share/icons/hicolor/scalable/apps/fieldkit.svg").is_file()

    home, tmp = tmp_path / "home", tmp_path / "app-tmp"
    env = startup.fresh_env(home, tmp)  # PATH without any virtual environment
    assert shutil.which("fieldkit", path=env["PATH"]) == str(INSTALLED)
    secret = dict(env, FIELDKIT_PASSPHRASE=PASSPHRASE)
    outside = tmp_path / "outside"  # files holding record text, not scanned
    tmp_before = set(os.listdir("/tmp"))

    version = debian.ok(debian.run(["fieldkit", "--version"], env, tmp_path))
    assert version.strip() == (
        f"fieldkit {built['info']['version']} (build {built['info']['build_id']})"
    )

    # The records, with canaries in quotes and notes; the same file goes into a source vault.
    latin, cyrillic, needles = make_canaries()
    rows = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines()]
    marked = [
        dict(r, quote=f"{r['quote']} {latin} {cyrillic} {n}", notes=f"note {n}: {cyrillic}")
        for n, r in enumerate(rows)
    ]
    source_file = outside / "interviews.jsonl"
    _write_jsonl(source_file, [*marked, RUSSIAN])

    def fieldkit(*args: str) -> str:
        """The installed command, found on PATH, with the passphrase for scripts."""
        return debian.ok(debian.run(["fieldkit", *args], secret, tmp_path))

    fieldkit("init", "--org", "ADC Memorial")
    vault = home / ".local/share/fieldkit/vault"
    assert (vault / "vault.keys").is_file()
    assert f"imported {len(rows) + 1} interviews" in fieldkit("import", str(source_file))
    add = ["add", "--date", "2020-02-19", "--place", "Sortobe", "--role", "Dungan farmer"]
    add += ["--quote", f"We left at dawn. {latin}"]
    recorded = fieldkit(*add)
    installed_list = fieldkit("list", "--json")
    assert recorded.strip() in {r["id"] for r in json.loads(installed_list)}

    # The same from the source install (this Python), in a home of its own.
    src_env = startup.fresh_env(tmp_path / "src-home", tmp_path / "src-tmp")
    src_env = dict(src_env, FIELDKIT_PASSPHRASE=PASSPHRASE, PATH=os.environ["PATH"])
    source_cli = [sys.executable, "-m", "fieldkit"]
    debian.ok(debian.run([*source_cli, "init", "--org", "ADC Memorial"], src_env, REPO))
    debian.ok(debian.run([*source_cli, "import", str(source_file)], src_env, REPO))
    debian.ok(debian.run([*source_cli, *add], src_env, REPO))
    source_list = debian.ok(debian.run([*source_cli, "list", "--json"], src_env, REPO))
    assert _comparable(installed_list) == _comparable(source_list)

    # The anonymisation model ships: the Russian names are found.
    [russian] = [r for r in json.loads(installed_list) if r["language"] == "ru"]
    review = fieldkit("review", russian["id"])
    assert "Петров" in review and "Сидорова" in review
    fieldkit("review", russian["id"], "--not-identifying", "1", "2")  # else export holds it

    # A large import parses in a worker process: the frozen app must start it as a worker.
    big, big_vault = outside / "big.jsonl", str(tmp_path / "big-vault")
    count = _big_import(big, rows)
    fieldkit("init", "--vault", big_vault, "--org", "ADC Memorial")
    assert f"imported {count} interviews" in fieldkit("import", "--vault", big_vault, str(big))

    # To HQ: an HQ made by the same installed app; the kit enrolls, exports, HQ imports.
    hq, usb, card, kit_card = (str(tmp_path / n) for n in ("hq", "usb", "hq.card", "kit.card"))
    fieldkit("hq", "init", "--hq", hq, "--org", "ADC Memorial")
    fieldkit("hq", "card", "--hq", hq, "--out", card)
    fieldkit("enroll", card)
    fieldkit("card", "--out", kit_card)
    fieldkit("hq", "enroll-kit", "--hq", hq, kit_card)
    Path(usb).mkdir()
    assert f"with {len(rows) + 2} interviews" in fieldkit("export", "--out", usb)  # + add
    [bundle] = Path(usb).glob("*.fkbundle")
    assert "receipt:" in fieldkit("hq", "import", "--hq", hq, str(bundle))

    # The desktop app, offscreen, in a fresh home: the first-run dialog; the same from source.
    first = startup.first_window(["fieldkit"], startup.fresh_env(tmp_path / "gui", tmp))
    assert first.window == "FirstRunDialog" and first.frozen
    assert first.title == "Welcome to fieldkit"
    # In Russian from the .qm compiled at build time (nothing compiled into the user's cache).
    russian_home = tmp_path / "gui-ru"
    russian_env = startup.fresh_env(russian_home, tmp) | {"LANG": "ru_RU.UTF-8"}
    assert startup.first_window(["fieldkit"], russian_env).title == "Добро пожаловать в fieldkit"
    assert not (russian_home / ".cache" / "fieldkit" / "translations").exists()
    # Qt's own Russian (file dialogs), our fill-in for its gaps, and Russian country names.
    shipped = INSTALL_DIR / "_internal"
    assert list(shipped.rglob("qtbase_ru.qm")) and list(shipped.rglob("fieldkit_qtbase_ru.qm"))
    assert list(shipped.rglob("pycountry/locales/ru/LC_MESSAGES/iso3166-1.mo"))
    # On an X display (Xvfb) through Qt's xcb platform, whose helper libraries ship inside.
    assert list((INSTALL_DIR / "_internal").rglob("libxcb-cursor.so*"))
    xcb_env = startup.fresh_env(tmp_path / "gui-x11", tmp) | {"QT_QPA_PLATFORM": "xcb"}
    assert startup.first_window(["xvfb-run", "-a", "fieldkit"], xcb_env).window == "FirstRunDialog"
    installed_starts = startup.cold_starts(["fieldkit"], tmp_path / "starts-installed", 3)
    source_starts = startup.cold_starts(
        startup.source_command(Path(sys.executable)), tmp_path / "starts-source", 3
    )
    assert all(s.window == "FirstRunDialog" for s in installed_starts + source_starts)
    ratio = startup.median_seconds(installed_starts) / startup.median_seconds(source_starts)
    with capsys.disabled():
        print(
            f"\ncold start to the first-run dialog: installed "
            f"{startup.median_seconds(installed_starts):.2f} s, source "
            f"{startup.median_seconds(source_starts):.2f} s, {ratio:.2f}x (target <= 1.5x)"
        )

    if os.geteuid() == 0:  # an ordinary user, not only root, can run what root installed
        _as_nobody(secret)

    # No record text in HOME, the temp folder or the install folder; nothing left in /tmp.
    assert scan([home, tmp, INSTALL_DIR], needles) == []
    assert not list(tmp.iterdir())
    assert debian.leftovers_in_tmp(tmp_before) == []

    # Uninstalling takes the app and leaves the vault exactly as it was.
    before = _sha(vault)
    removed = debian.apt("remove", "fieldkit")
    assert removed.returncode == 0, removed.stderr
    assert not debian.is_installed("fieldkit")
    assert not INSTALL_DIR.exists() and not INSTALLED.exists()
    assert not Path("/usr/share/applications/fieldkit.desktop").exists()
    assert _sha(vault) == before
