"""A child process for the kill tests: one HQ import or one kit purge, stopped at a set point.

Run as ``python tests/exchange/kill_child.py MODE VAULT FILE STOP_AT`` with the passphrase in
``FIELDKIT_PASSPHRASE``. MODE is ``import`` (HQ_DIR, BUNDLE) or ``purge`` (KIT_DIR,
RECEIPT). The vault is opened first; then a profiler hook counts every Python and C function
call and return of the operation. At event number STOP_AT the child prints ``stopped N`` and
waits for ever: the parent then kills it with SIGKILL, so the process dies exactly there with
no clean-up of any kind. With STOP_AT < 0 it runs to the end and prints
``events TOTAL BEGIN COMMIT``: how many events there were, and the first and last event
inside the database transaction (from which the parent picks where to stop).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import FrameType
from typing import Any

# Run as a script: make the repository importable without relying on the current directory.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fieldkit import hq, kit
from fieldkit.vault.store import Vault


def main() -> None:
    mode, vault_dir, file_name, stop_text = sys.argv[1:5]
    stop_at = int(stop_text)
    vault = Vault.open(Path(vault_dir), os.environ["FIELDKIT_PASSPHRASE"])
    conn = vault.conn
    count = 0
    begin = commit = -1

    def hook(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count, begin, commit
        count += 1
        if conn.in_transaction:
            if begin < 0:
                begin = count
            commit = count
        if count == stop_at:
            sys.stdout.write(f"stopped {count}\n")
            sys.stdout.flush()
            sys.stdin.read()  # until the parent's SIGKILL
            os._exit(3)  # the parent closed stdin without killing: a failure it will see

    sys.setprofile(hook)
    if mode == "import":
        hq.import_bundle(vault, Path(file_name))
    elif mode == "purge":
        kit.apply_receipt(vault, Path(file_name), purge=True)
    else:
        raise SystemExit(f"unknown mode {mode}")
    sys.setprofile(None)
    sys.stdout.write(f"events {count} {begin} {commit}\n")
    sys.stdout.flush()
    vault.close()


if __name__ == "__main__":
    main()
