"""A child process for the memory tests: it holds a vault open, and dumps its own memory.

Run as ``python tests/system/memory_child.py MODE VAULT [DUMP_DIR]`` with the passphrase in
``FIELDKIT_PASSPHRASE``. Modes:

``hang``
    Start the way ``fieldkit`` starts (through ``fieldkit.cli.main``, which hardens the
    process first), run ``fieldkit check`` on the vault, and while the vault is open print
    ``open PID DUMPABLE`` and wait for ever (the parent kills it).

``unhardened``
    The same without the hardening and with core files allowed: the control, which a
    ``SIGABRT`` must make write a core file.

``dump``
    Open the vault, read every quote inside SQLite (so the page cache holds the plaintext
    but no Python object does), write its own readable memory to ``DUMP_DIR/open.bin``,
    lock (close) the vault, and write it again to ``DUMP_DIR/locked.bin``. A process may
    read its own ``/proc/self/mem`` even when it is not dumpable.
"""

from __future__ import annotations

import ctypes
import gc
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PR_GET_DUMPABLE = 3
CHUNK = 1 << 20


def dumpable() -> int:
    return int(ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


def wait_forever(*_: object) -> list[str]:
    print(f"open {os.getpid()} {dumpable()}", flush=True)
    while True:
        time.sleep(60)


def dump_memory(target: Path) -> None:
    """Every readable, writable mapping (heap, stacks, anonymous and library data)."""
    buffer = bytearray(CHUNK)  # one buffer reused: reading adds no copies to the heap
    view = memoryview(buffer)
    with (
        open("/proc/self/maps", encoding="ascii") as maps,
        open("/proc/self/mem", "rb", buffering=0) as mem,
        open(target, "wb", buffering=0) as out,
    ):
        regions = []
        for line in maps:
            fields = line.split()
            if len(fields) >= 6 and fields[5] in ("[vvar]", "[vsyscall]", "[vdso]"):
                continue
            if fields[1][:2] != "rw":
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            regions.append((start, end))
        for start, end in regions:
            at = start
            while at < end:
                size = min(CHUNK, end - at)
                try:
                    mem.seek(at)
                    got = mem.readinto(view[:size]) or 0
                except OSError:
                    break
                out.write(view[:got])
                at += size


def main() -> None:
    mode, vault_path = sys.argv[1], Path(sys.argv[2])
    if mode in ("hang", "unhardened"):
        from fieldkit.cli import main as cli_main
        from fieldkit.vault.store import Vault

        if mode == "unhardened":
            import fieldkit.cli

            fieldkit.cli.harden_process = lambda: None  # type: ignore[assignment]
            # A parent that ran fieldkit's main in-process has lowered the hard limit too;
            # only a privileged child can raise it again.
            try:
                resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY,) * 2)
            except (ValueError, OSError):
                _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
                resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
        Vault.integrity_problems = wait_forever  # type: ignore[method-assign, assignment]
        cli_main(["check", "--vault", str(vault_path)])
        return
    from fieldkit.vault.hardening import harden_process
    from fieldkit.vault.store import Vault

    harden_process()
    dump_dir = Path(sys.argv[3])
    vault = Vault.open(vault_path, os.environ["FIELDKIT_PASSPHRASE"])
    vault.read("SELECT count(*) FROM quotes WHERE instr(text, 'x') >= 0")
    vault.read("SELECT count(*) FROM interviews WHERE length(notes) >= 0")
    dump_memory(dump_dir / "open.bin")
    vault.close()
    del vault
    gc.collect()
    dump_memory(dump_dir / "locked.bin")
    print("done", flush=True)


if __name__ == "__main__":
    main()
