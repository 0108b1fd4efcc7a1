"""Memory and crashes: no core file, no dumpable process, no key or record text after locking.

A crash while the vault was open used to write a core file holding the data key, its hex
form and copies of record text. The child (``memory_child.py``) starts the way ``fieldkit``
starts; ``SIGABRT`` must leave no core (an unhardened control must), and after locking a
dump of its own memory must hold neither the key (raw or hex) nor a canary from the records
(the dump taken while the vault is open must hold both: the control).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit.vault.hardening import harden_process
from fieldkit.vault.store import Vault
from tests.helpers import FAST_KDF, FIXTURES, PASSPHRASE, run_cli, run_python

CHILD = Path(__file__).with_name("memory_child.py")

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc")


def _canary_vault(folder: Path) -> tuple[bytes, str]:
    """A vault whose quotes and notes carry a canary; (its data key, the canary)."""
    canary = f"Kanareyka{secrets.token_hex(6)}"
    rows = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines()]
    rows = [
        dict(row, quote=f"{row['quote']} {canary} {n}", notes=f"Phone of {canary}")
        for n, row in enumerate(rows[:3])
    ]
    source = folder.with_name("canary.jsonl")
    source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=FAST_KDF)
    assert vault._dek is not None
    key = bytes(vault._dek)
    vault.close()
    imported = run_cli("import", "--vault", str(folder), str(source))
    assert imported.returncode == 0, imported.stderr
    source.unlink()
    return key, canary


def _child(mode: str, *args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), mode, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, FIELDKIT_PASSPHRASE=PASSPHRASE),
    )


def _abort_while_open(mode: str, vault: Path, cwd: Path) -> tuple[int, str, list[Path]]:
    """Start the child, read what /proc says of it while the vault is open, SIGABRT it."""
    cwd.mkdir()
    proc = _child(mode, str(vault), cwd=cwd)
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("open "), proc.communicate()[1]
        _, pid, dumpable = line.split()
        limits = Path(f"/proc/{pid}/limits").read_text()
        status = os.stat(f"/proc/{pid}/status")
        if os.geteuid() != 0 and dumpable == "0":
            # The kernel hands a non-dumpable process's /proc files to root.
            assert status.st_uid == 0
        os.kill(int(pid), signal.SIGABRT)
        proc.wait(timeout=120)
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGABRT
    return int(dumpable), limits, sorted(p for p in cwd.iterdir() if p.name.startswith("core"))


def test_sigabrt_while_the_vault_is_open_leaves_no_core_file(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    _canary_vault(vault)

    dumpable, limits, cores = _abort_while_open("hang", vault, tmp_path / "hardened")
    assert dumpable == 0
    assert re.search(r"^Max core file size\s+0\s+0\s", limits, re.MULTILINE), limits
    assert cores == []

    # The control: the same child unhardened, with core files allowed, leaves one where the
    # system writes cores into the working folder (core_pattern "core", this machine's).
    pattern = Path("/proc/sys/kernel/core_pattern").read_text().strip()
    dumpable, limits, cores = _abort_while_open("unhardened", vault, tmp_path / "control")
    assert dumpable == 1
    allowed = not re.search(r"^Max core file size\s+0\s", limits, re.MULTILINE)
    if allowed and not pattern.startswith("|") and "/" not in pattern:
        assert cores, f"no core file from the control (core_pattern {pattern!r})"
    for core in cores:
        core.unlink()


def test_after_locking_memory_holds_neither_key_nor_record_text(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    key, canary = _canary_vault(vault)
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    result = subprocess.run(
        [sys.executable, str(CHILD), "dump", str(vault), str(dumps)],
        capture_output=True,
        text=True,
        env=dict(os.environ, FIELDKIT_PASSPHRASE=PASSPHRASE),
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    needles = {
        "raw key": key,
        "hex key": key.hex().encode(),
        "HEX key": key.hex().upper().encode(),
        "canary": canary.encode(),
        "canary token": canary.lower().encode(),
    }
    opened = (dumps / "open.bin").read_bytes()
    # The control: while the vault is open the key and the page cache's plaintext are there.
    assert needles["raw key"] in opened
    assert needles["canary"] in opened
    locked = (dumps / "locked.bin").read_bytes()
    assert len(locked) > 1_000_000  # a real dump, not an empty file
    assert [name for name, needle in needles.items() if needle in locked] == []


def test_hardening_reports_what_it_did() -> None:
    # In a child: the test process itself stays as it is.
    code = (
        "from fieldkit.vault.hardening import harden_process; import resource;"
        "done = harden_process();"
        "print(done.core_dumps_off, done.non_dumpable, done.problems,"
        " resource.getrlimit(resource.RLIMIT_CORE))"
    )
    result = run_python(code, check=True)
    assert result.stdout.strip() == "True True [] (0, 0)"
    assert callable(harden_process)
