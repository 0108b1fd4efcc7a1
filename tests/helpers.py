"""Constants and helpers shared by the tests."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from fieldkit.core.record import Interview, validate
from fieldkit.vault import keyslot

REPO = Path(__file__).resolve().parents[1]
#: A copy of shared/fixtures, so the tests run from a plain clone of this repository.
FIXTURES = REPO / "tests" / "fixtures" / "korday-2020-testimonies.jsonl"
PASSPHRASE = "correct horse battery staple 42"
#: Cheap Argon2id for tests; real vaults are calibrated to about a second.
FAST_KDF = keyslot.KdfParams(time_cost=1, memory_kib=1024, parallelism=1)


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    input: str | None = None,
    passphrase: str | None = PASSPHRASE,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m fieldkit ARGS`` in a child process, as a person or script would."""
    full_env = dict(os.environ)
    if passphrase is not None:
        full_env["FIELDKIT_PASSPHRASE"] = passphrase
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "fieldkit", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=input,
        timeout=timeout,
        check=False,
    )


def run_python(code: str, **options: Any) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a child of this interpreter (the test process stays as it is)."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, **options
    )


def interview_of(**fields: object) -> Interview:
    """An interview validated from ``fields`` as the form sends them, on 1 January 2026."""
    return validate(fields, today=date(2026, 1, 1))


def editor_draft(role: str, quote: str) -> dict[str, Any]:
    """A complete interview as the editor holds it (Tokmok, 16 February 2020; the first id)
    with ``role`` and one ``quote``."""
    return {
        "id": "00000000-0000-4000-8000-000000000001",
        "interview_date": "2020-02-16",
        "place": "Tokmok",
        "role": role,
        "quotes": [{"text": quote, "tags": ""}],
    }


def start_app(
    vault: Path, *, without: tuple[str, ...] = (), **env: str
) -> subprocess.CompletedProcess[str]:
    """Start the desktop app (``python -m fieldkit --vault VAULT``) with the variables in
    ``without`` unset and ``env`` set, as a person's session would have them."""
    full_env = {k: v for k, v in os.environ.items() if k not in without}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "fieldkit", "--vault", str(vault)],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        check=False,
    )


def cli_in_process(capsys: Any, *args: str) -> tuple[int, str, str]:
    """Run ``fieldkit ARGS`` in this process: (exit code, stdout, stderr)."""
    from fieldkit.cli import main

    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def hq_cli(monkeypatch: Any, capsys: Any, hq_dir: Path) -> Any:
    """``run("export", ARGS…)`` runs ``fieldkit hq export --hq HQ_DIR ARGS…`` in this process
    with the test passphrase: (exit code, stdout, stderr)."""
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)

    def run(*args: str) -> tuple[int, str, str]:
        return cli_in_process(capsys, "hq", args[0], "--hq", str(hq_dir), *args[1:])

    return run


def cli_interview(vault_dir: Path) -> str:
    """Add one ready interview with ``fieldkit add`` (a child process); its id."""
    added = run_cli(
        "add", "--vault", str(vault_dir), "--date", "2020-02-08", "--place", "Masanchi",
        "--role", "Young man", "--quote", "We ran to the fields.",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    return added.stdout.strip()


def flip_sealed_keys(folder: Path) -> None:
    """Damage as a bad sector would: one bit of the wrapped key, the file still well formed."""
    path = folder / "vault.keys"
    data = json.loads(path.read_text())
    for slot in data["slots"]:
        raw = bytearray(base64.b64decode(slot["sealed_key"]))
        raw[5] ^= 0x10
        slot["sealed_key"] = base64.b64encode(bytes(raw)).decode()
    path.write_text(json.dumps(data, indent=2))
