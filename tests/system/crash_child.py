"""A child process for the crash tests: it writes to a vault until its parent kills it.

Run as ``python tests/crash_child.py VAULT MODE ...`` with the passphrase in
``FIELDKIT_PASSPHRASE``. Modes:

``save``
    Open the vault, print ``ready``, then save interviews one by one for ever. Before each
    save it prints ``begin OP N ID`` and only after the commit has returned
    ``ack OP N ID REVISION`` (OP is ``new`` or ``upd``; N numbers the content, see
    :func:`text_for`). Every line is flushed at once, so a line the parent has read is a
    promise the child made. Every fourth save rewrites an interview saved earlier in the
    same run (a new revision).

``passwd-kill-before-replace`` / ``passwd-kill-after-replace``
    Change the passphrase to ``FIELDKIT_NEW_PASSPHRASE``, but SIGKILL this process just
    before (or just after) the new key slot file is renamed into place.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import random
import select
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Run as a script: make the repository importable without relying on the current directory.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fieldkit.core.record import Interview, validate
from fieldkit.vault import records
from fieldkit.vault.store import Vault

_WORDS = (
    "river field witness village market road winter morning council school bridge "
    "garden document letter evening station harvest mountain window kitchen"
).split()


def text_for(prefix: str, n: int) -> str:
    """The quote saved for content number ``n``: deterministic, a few kilobytes long.

    Long enough that a record spans database pages, and already in the normal form that
    validation keeps unchanged, so the parent can compare it byte for byte.
    """
    digest = hashlib.sha256(f"{prefix}/{n}".encode()).digest()
    rng = random.Random(digest)
    body = " ".join(rng.choice(_WORDS) for _ in range(300 + digest[0]))
    return f"{prefix} record {n}. {body}."


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _record(prefix: str, n: int, notes: str) -> dict[str, object]:
    return {
        "interview_date": "2020-02-16",
        "place": "Tokmok",
        "role": "Young Dungan woman, resident of Tokmok",
        "organisation": "ADC Memorial",
        "language": "en",
        "quote": text_for(prefix, n),
        "notes": notes,
        "tags": ["crash-test"],
    }


def run_save(vault_dir: Path, prefix: str, start: int, seed: int, notes: str) -> None:
    rng = random.Random(seed)
    vault = Vault.open(vault_dir, os.environ["FIELDKIT_PASSPHRASE"])
    _say("ready")
    mine: list[Interview] = []
    n = start
    while True:
        if mine and n % 4 == 3:
            previous = rng.choice(mine)
            interview = dataclasses.replace(
                previous, quotes=validate(_record(prefix, n, notes)).quotes
            )
            op = "upd"
        else:
            interview = validate(_record(prefix, n, notes))
            op = "new"
        _say(f"begin {op} {n} {interview.id}")
        stored = records.save(vault, interview)
        _say(f"ack {op} {n} {stored.id} {stored.revision}")
        if op == "new":
            mine.append(stored)
        else:
            mine = [stored if m.id == stored.id else m for m in mine]
        n += 1


def run_passwd_kill(vault_dir: Path, when: str) -> None:
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        if when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(src, dst)  # type: ignore[arg-type]
        if when == "after":
            os.kill(os.getpid(), signal.SIGKILL)

    vault = Vault.open(vault_dir, os.environ["FIELDKIT_PASSPHRASE"])
    os.replace = replace  # type: ignore[assignment]
    vault.change_passphrase(os.environ["FIELDKIT_NEW_PASSPHRASE"])
    _say("passphrase changed without being killed")  # the parent treats this as a failure


# --- the parent's side of the protocol ------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One ``begin``/``ack`` line: content number ``n`` saved as interview ``id``."""

    op: str
    n: int
    id: str
    revision: int = 0


class SaverRun:
    """Start a ``save`` child, read its promises, kill it, tell what it acknowledged."""

    def __init__(
        self,
        vault_dir: Path,
        *,
        passphrase: str,
        prefix: str = "crash",
        start: int = 0,
        seed: int = 0,
        notes: str = "",
    ) -> None:
        env = dict(os.environ, FIELDKIT_PASSPHRASE=passphrase)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                str(vault_dir),
                "save",
                f"--prefix={prefix}",
                f"--notes={notes}",
                f"--start={start}",
                f"--seed={seed}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self.prefix = prefix
        self.lines: list[str] = []
        self._buffer = b""

    def _read_line(self, patience: float = 120.0) -> str | None:
        """The next line, or None at end of output. ``patience`` only guards against a hang."""
        fd = self.proc.stdout.fileno()  # type: ignore[union-attr]
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([fd], [], [], patience)
            if not ready:
                raise AssertionError(f"the child said nothing for {patience} s: {self.lines}")
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        text = line.decode()
        self.lines.append(text)
        return text

    def _fail(self, what: str) -> AssertionError:
        self.proc.kill()
        _, err = self.proc.communicate()
        return AssertionError(f"{what}; child stderr:\n{err.decode(errors='replace')}")

    def wait_ready(self) -> None:
        if self._read_line() != "ready":
            raise self._fail("the child did not open the vault")

    def wait_acks(self, count: int) -> None:
        """Block until ``count`` more saves have been acknowledged."""
        seen = 0
        while seen < count:
            line = self._read_line()
            if line is None:
                raise self._fail("the child stopped writing before it was killed")
            seen += line.startswith("ack ")

    def kill(self) -> None:
        """SIGKILL the child, then collect every line it wrote before it died."""
        self.proc.kill()
        self.proc.wait()
        rest = self._buffer + self.proc.stdout.read()  # type: ignore[union-attr]
        self._buffer = b""
        # A line cut by the kill carries no promise: keep complete lines only.
        self.lines.extend(line.decode() for line in rest.split(b"\n")[:-1])
        self.proc.stdout.close()  # type: ignore[union-attr]
        self.proc.stderr.close()  # type: ignore[union-attr]
        if self.proc.returncode != -signal.SIGKILL:
            raise AssertionError(f"the child ended by itself ({self.proc.returncode})")

    def outcome(self) -> tuple[list[Step], Step | None, int]:
        """(acknowledged saves, the save in flight when killed or None, next free number)."""
        acked: list[Step] = []
        inflight: Step | None = None
        next_n = 0
        for line in self.lines:
            parts = line.split()
            if parts[:1] == ["begin"]:
                inflight = Step(parts[1], int(parts[2]), parts[3])
                next_n = int(parts[2]) + 1
            elif parts[:1] == ["ack"]:
                step = Step(parts[1], int(parts[2]), parts[3], int(parts[4]))
                assert inflight is not None and (inflight.n, inflight.id) == (step.n, step.id)
                acked.append(step)
                inflight = None
        return acked, inflight, next_n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("vault", type=Path)
    parser.add_argument(
        "mode", choices=["save", "passwd-kill-before-replace", "passwd-kill-after-replace"]
    )
    parser.add_argument("--prefix", default="crash")
    parser.add_argument("--notes", default="")
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.mode == "save":
        run_save(args.vault, args.prefix, args.start, args.seed, args.notes)
    else:
        run_passwd_kill(args.vault, args.mode.split("-")[2])


if __name__ == "__main__":
    main()
