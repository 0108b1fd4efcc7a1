"""A disk that fills up during an import: one clear line, and the vault as it was before.

The vault is put on a real, small tmpfs (we run as root). Where mounting is not permitted
the same scenario runs with RLIMIT_FSIZE in the child process instead; if neither can be
set up the test fails rather than skip. The RLIMIT_FSIZE variant also runs on its own, so
both ways of running out of space are covered wherever mount works.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from fieldkit.core.errors import DiskFull
from fieldkit.vault import importing, integrity, search
from fieldkit.vault.store import Vault
from tests.helpers import FAST_KDF, FIXTURES, PASSPHRASE

SIZE = 1024 * 1024  # the small disk: 1 MiB
HEADROOM = 256 * 1024  # the RLIMIT_FSIZE variant: how far any file may grow


@dataclass
class SmallDisk:
    """Where the vault goes, and how a child process is made to run out of space there."""

    root: Path
    how: str  # "tmpfs" or "rlimit"
    limit: int = 0

    def preexec(self) -> Callable[[], None] | None:
        if self.how != "rlimit":
            return None
        limit = self.limit

        def apply() -> None:
            # Without this, exceeding the limit kills the child with SIGXFSZ instead of
            # failing the write with EFBIG, which is what a full disk looks like to SQLite.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        return apply

    def set_limit_from(self, folder: Path) -> None:
        self.limit = max(p.stat().st_size for p in folder.iterdir()) + HEADROOM


def _mount_tmpfs(where: Path) -> str | None:
    """Mount a small tmpfs at ``where``; None on success, else why it failed."""
    try:
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs", str(where)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except OSError as error:
        return str(error)
    if result.returncode != 0:
        return result.stderr.strip() or f"mount exited {result.returncode}"
    return None


def _unmount(where: Path) -> None:
    result = subprocess.run(["umount", str(where)], capture_output=True, timeout=60, check=False)
    if result.returncode != 0:
        subprocess.run(["umount", "-l", str(where)], check=True, timeout=60)


def _rlimit_works(folder: Path) -> bool:
    """Does RLIMIT_FSIZE stop a child from writing past the limit here?"""
    probe = folder / "probe"
    disk = SmallDisk(folder, "rlimit", limit=4096)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"open({str(probe)!r}, 'wb').write(b'x' * 65536)",
        ],
        preexec_fn=disk.preexec(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    probe.unlink(missing_ok=True)
    return result.returncode != 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    why = _mount_tmpfs(mount_point)
    if why is None:
        try:
            assert shutil.disk_usage(mount_point).total <= SIZE + 64 * 1024
            yield SmallDisk(mount_point, "tmpfs")
        finally:
            _unmount(mount_point)
        return
    if not _rlimit_works(mount_point):
        pytest.fail(f"cannot limit disk space here: mount failed ({why}) and RLIMIT_FSIZE too")
    yield SmallDisk(mount_point, "rlimit")


@pytest.fixture
def rlimit_disk(tmp_path: Path) -> SmallDisk:
    folder = tmp_path / "limited"
    folder.mkdir()
    assert _rlimit_works(folder), "RLIMIT_FSIZE does not limit file size here"
    return SmallDisk(folder, "rlimit")


@pytest.fixture
def big_jsonl(tmp_path: Path) -> Path:
    """About 3.7 MB of interviews, far more than the small disk holds. Not on that disk."""
    rows = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines()]
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(400):
            for row in rows:
                out.write(json.dumps(dict(row, place=f"{row['place']} {copy}")) + "\n")
    assert path.stat().st_size > 3 * SIZE
    return path


def _vault_on(disk: SmallDisk) -> tuple[Path, list[str]]:
    folder = disk.root / "vault"
    vault, _ = Vault.create(folder, PASSPHRASE, organisation="ADC Memorial", kdf=FAST_KDF)
    with vault:
        rows = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines()]
        importing.import_records(vault, enumerate(rows, start=1))
        ids = sorted(r.id for r in search.search(vault))
    disk.set_limit_from(folder)
    return folder, ids


def _cli(disk: SmallDisk, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fieldkit", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ, FIELDKIT_PASSPHRASE=PASSPHRASE),
        preexec_fn=disk.preexec(),
        timeout=300,
        check=False,
    )


def _assert_import_fails_cleanly(disk: SmallDisk, big_jsonl: Path) -> None:
    folder, ids_before = _vault_on(disk)

    result = _cli(disk, "import", "--vault", str(folder), str(big_jsonl))

    assert result.returncode not in (0, 4), result.stderr  # an error, but not "damaged"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("fieldkit: the disk is full"), lines[0]
    assert "nothing was changed" in lines[0]
    assert result.stdout == ""

    # The vault opens with exactly the interviews it had, and is sound.
    with Vault.open(folder, PASSPHRASE) as vault:
        assert sorted(r.id for r in search.search(vault)) == ids_before
        report = integrity.check(vault)
        assert report.ok, report.problems
        assert report.interviews == len(ids_before)
    checked = _cli(disk, "check", "--vault", str(folder))
    assert checked.returncode == 0, checked.stderr
    # And it takes new work again: the failed import left no space taken.
    added = _cli(
        disk, "add", "--vault", str(folder), "--date", "2020-02-16", "--place", "Tokmok",
        "--role", "Young Dungan woman", "--quote", "We stood like that for nine hours.",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr


def test_import_on_a_full_disk_leaves_the_vault_as_it_was(
    small_disk: SmallDisk, big_jsonl: Path
) -> None:
    _assert_import_fails_cleanly(small_disk, big_jsonl)


def test_import_past_the_file_size_limit_leaves_the_vault_as_it_was(
    rlimit_disk: SmallDisk, big_jsonl: Path
) -> None:
    _assert_import_fails_cleanly(rlimit_disk, big_jsonl)


def test_api_import_on_a_full_disk_raises_disk_full_and_rolls_back(small_disk: SmallDisk) -> None:
    folder, ids_before = _vault_on(small_disk)
    rows = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines()]
    many = [dict(row, place=f"{row['place']} {n}") for n in range(400) for row in rows]
    if small_disk.how == "rlimit":
        # No mount here: limit this process's files while the import runs.
        old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
        old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (small_disk.limit, old_limit[1]))
    try:
        with Vault.open(folder, PASSPHRASE) as vault:
            with pytest.raises(DiskFull, match="disk is full"):
                importing.import_records(vault, enumerate(many, start=1))
            # The same open vault still answers, with what it had.
            assert sorted(r.id for r in search.search(vault)) == ids_before
    finally:
        if small_disk.how == "rlimit":
            resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
            signal.signal(signal.SIGXFSZ, old_handler)
    with Vault.open(folder, PASSPHRASE) as vault:
        assert integrity.check(vault).ok
        assert sorted(r.id for r in search.search(vault)) == ids_before


def test_backup_onto_a_full_disk_fails_cleanly(
    tmp_path: Path, small_disk: SmallDisk, big_jsonl: Path
) -> None:
    """The vault on a roomy disk, the backup onto the small one: one line, no half backup."""
    folder = tmp_path / "vault"
    Vault.create(folder, PASSPHRASE, kdf=FAST_KDF)[0].close()
    filled = subprocess.run(
        [sys.executable, "-m", "fieldkit", "import", "--vault", str(folder), str(big_jsonl)],
        capture_output=True, text=True, env=dict(os.environ, FIELDKIT_PASSPHRASE=PASSPHRASE),
        timeout=300, check=False,
    )  # fmt: skip
    assert filled.returncode == 0, filled.stderr
    database = (folder / "vault.db").stat().st_size
    assert database > 2 * SIZE  # far more than the small disk holds
    if small_disk.how == "rlimit":
        small_disk.limit = database // 2

    result = _cli(small_disk, "backup", "--vault", str(folder), "--out", str(small_disk.root))

    lines = result.stderr.splitlines()
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    assert lines[0].startswith("fieldkit: the disk is full"), lines[0]
    assert result.stdout == ""
    assert list(small_disk.root.iterdir()) == []  # no half backup, no temporary folder
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.integrity_problems() == []


def _assert_attach_fails_cleanly(disk: SmallDisk, tmp_path: Path) -> None:
    folder, ids = _vault_on(disk)
    big = tmp_path / "recording.bin"
    big.write_bytes(os.urandom(3 * SIZE))  # far more than the small disk (or the limit) holds

    result = _cli(disk, "attach", "--vault", str(folder), ids[0][:8], str(big))

    lines = result.stderr.splitlines()
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    assert lines[0].startswith("fieldkit: the disk is full"), lines[0]
    assert "it was not added" in lines[0]
    assert result.stdout == ""
    # Nothing half-written is left, and the vault is as it was.
    assert list((folder / "attachments").iterdir()) == []
    with Vault.open(folder, PASSPHRASE) as vault:
        assert vault.read("SELECT count(*) FROM attachments") == [(0,)]
        assert integrity.check(vault).ok
    # And a small attachment fits again: the failed one left no space taken.
    small = tmp_path / "small.bin"
    small.write_bytes(b"fits" * 100)
    added = _cli(disk, "attach", "--vault", str(folder), ids[0][:8], str(small))
    assert added.returncode == 0, added.stderr


def test_attach_on_a_full_disk_keeps_nothing(small_disk: SmallDisk, tmp_path: Path) -> None:
    _assert_attach_fails_cleanly(small_disk, tmp_path)


def test_attach_past_the_file_size_limit_keeps_nothing(
    rlimit_disk: SmallDisk, tmp_path: Path
) -> None:
    _assert_attach_fails_cleanly(rlimit_disk, tmp_path)
