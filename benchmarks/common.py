"""What the benchmark groups share: constants, formatting, the report, fresh child processes."""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from fieldkit.vault import importing, keyslot
from fieldkit.vault.store import Vault

PASSPHRASE = "correct horse battery staple 42"
ORGANISATION = "ADC Memorial"
#: Cheap Argon2id for setting vaults up (as tests/helpers.py FAST_KDF); real derivation is
#: timed on its own with calibrated parameters.
FAST_KDF = keyslot.KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
REPO_ROOT = Path(__file__).resolve().parents[1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def ratio(ours: float, base: float) -> str:
    return f"{ours / base:6.2f}x" if base > 0 else "     n/a"


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def p95(values: Sequence[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def child(
    *args: str,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    module: str = "benchmarks._child",
) -> dict[str, Any]:
    """Run ``python -m MODULE ARGS`` (default ``benchmarks._child``) in a fresh process; its
    last line is JSON."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPO_ROOT), full_env.get("PYTHONPATH")])
    )
    full_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO_ROOT,
        env=full_env,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child {args[:2]} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


class Report:
    """Prints as it goes and keeps every figure for ``--json``."""

    def __init__(self) -> None:
        self.figures: dict[str, Any] = {}
        self.targets: list[tuple[str, str, bool]] = []

    def line(self, text: str = "") -> None:
        print(text, flush=True)

    def section(self, title: str) -> None:
        self.line()
        self.line(f"== {title} " + "=" * max(0, 76 - len(title)))

    def target(self, name: str, figure: str, ok: bool) -> None:
        self.targets.append((name, figure, ok))
        self.line(f"  target: {name}: {figure} -> {verdict(ok)}")


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def make_vault(path: Path, jsonl: Path) -> tuple[Vault, float, int]:
    """A new vault (cheap key derivation) with ``jsonl`` imported as 'fieldkit import' does.

    Returns it open, the import's seconds and the interviews imported.
    """
    vault, _ = Vault.create(
        path, PASSPHRASE, organisation=ORGANISATION, kdf=FAST_KDF, check_strength=False
    )
    seconds, result = timed(lambda: importing.import_jsonl(vault, jsonl))
    return vault, seconds, int(result.imported)


def derivation(vault_path: Path) -> dict[str, Any]:
    """Key derivation timed on its own: the vault's stored (cheap) parameters, and the
    calibrated ones a real vault uses (what every real unlock pays, ~1 s by design)."""
    slots = keyslot.KeySlots.load(Vault.paths(vault_path)[1])
    stored = next(s for s in slots.slots if s.kind == keyslot.PASSPHRASE)
    stored_s = median(
        [timed(lambda: keyslot.derive(PASSPHRASE, stored.salt, stored.params))[0] for _ in range(5)]
    )
    calibrate_s, calibrated = timed(keyslot.calibrate)
    real_s = [
        timed(lambda: keyslot.derive(PASSPHRASE, stored.salt, calibrated))[0] for _ in range(3)
    ]
    return {
        "stored_params": stored.params.to_dict(),
        "stored_s": stored_s,
        "calibrate_s": calibrate_s,
        "calibrated": calibrated.to_dict(),
        "calibrated_s": real_s,
    }


def print_derivation(report: Report, found: dict[str, Any]) -> None:
    calibrated = found["calibrated"]
    report.line(
        f"  key derivation, the vault's stored params {found['stored_params']}: "
        f"{ms(found['stored_s']).strip()} (benchmark-cheap)"
    )
    report.line(
        f"  key derivation, calibrated params (keyslot.calibrate(), {found['calibrate_s']:.1f} s):"
        f" time_cost={calibrated['time_cost']} memory={calibrated['memory_kib'] // 1024} MiB "
        f"parallelism={calibrated['parallelism']}: median "
        f"{ms(median(found['calibrated_s'])).strip()} of {len(found['calibrated_s'])} "
        f"(by design ~{keyslot.TARGET_SECONDS:g} s; paid once per unlock)"
    )
