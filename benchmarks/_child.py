"""Work run in a fresh child process, so its figures are clean: ``python -m benchmarks._child``.

``create``: make an empty vault (cheap key derivation). ``import``: stream a JSONL file into
that vault (or a new plain baseline file) and report the process's peak RSS (``ru_maxrss``).
``open``: from a known passphrase, time opening a vault and reading the newest 100 rows and
the count, as the app does at start. ``unlock``: peak RSS of one calibrated key derivation.
``bundle``: HQ importing one bundle file, or the streaming reader alone reading it, with its
peak RSS (``benchmarks/hostile.py``). ``export``: a kit's export_bundle to a folder (or,
``plain``, pyrage streaming a file) with its peak RSS. ``gui``: the desktop app on a vault
(``qt``) or the same repository calls without Qt (``noqt``); see
``benchmarks/_gui_session.py``. Each prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

PASSPHRASE = "correct horse battery staple 42"


def _maxrss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux


def _status_kib(field: str) -> int | None:
    """VmHWM/VmRSS from /proc (this process's own memory, not inherited across exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _create(target: Path) -> dict[str, Any]:
    from fieldkit.vault import keyslot
    from fieldkit.vault.store import Vault

    kdf = keyslot.KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
    vault, _ = Vault.create(
        target, PASSPHRASE, organisation="ADC Memorial", kdf=kdf, check_strength=False
    )
    vault.close()
    return {}


def _import(engine: str, jsonl: Path, target: Path) -> dict[str, Any]:
    from fieldkit.core.jsonl import read_jsonl

    if engine == "fieldkit":
        from fieldkit.vault import importing
        from fieldkit.vault.store import Vault

        vault = Vault.open(target, PASSPHRASE)
        before = _status_kib("VmRSS")
        start = time.perf_counter()
        result = importing.import_jsonl(vault, jsonl)  # what 'fieldkit import' runs
        seconds = time.perf_counter() - start
        peak = _maxrss_kib()
        # A large import parses and validates in a worker process: its peak counts too.
        worker = int(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        vault.close()
        count = result.imported
    else:
        from benchmarks import plain

        conn = plain.create(target)
        before = _status_kib("VmRSS")
        start = time.perf_counter()
        worker = 0
        count = plain.import_chunks(
            conn,
            plain.build_chunks(read_jsonl(jsonl), organisation="ADC Memorial"),
            cache_kib=plain.import_cache_kib(),
        )
        seconds = time.perf_counter() - start
        peak = _maxrss_kib()
        conn.close()
    return {
        "before_kib": before,
        "peak_kib": peak,
        "worker_peak_kib": worker,
        "hwm_kib": _status_kib("VmHWM"),
        "seconds": seconds,
        "count": count,
    }


def _unlock_rss() -> dict[str, Any]:
    """Peak RSS of deriving a key with calibrated parameters, as every real unlock does."""
    from fieldkit.vault import keyslot

    before = _status_kib("VmRSS")
    params = keyslot.calibrate()
    keyslot.derive(PASSPHRASE, b"0123456789abcdef", params)
    return {"before_kib": before, "peak_kib": _maxrss_kib(), "memory_kib": params.memory_kib}


def _open(engine: str, target: Path) -> dict[str, Any]:
    from fieldkit.vault import search

    if engine == "fieldkit":
        from fieldkit.vault import keyslot
        from fieldkit.vault.store import Vault

        stamps: dict[str, float] = {}
        unwrap = keyslot.KeySlots.open

        def timed(self: keyslot.KeySlots, secret: str, kinds: tuple[str, ...]) -> bytes:
            begin = time.perf_counter()
            dek = unwrap(self, secret, kinds)
            stamps["key"] = time.perf_counter()
            stamps["unwrap"] = stamps["key"] - begin
            return dek

        keyslot.KeySlots.open = timed  # type: ignore[method-assign]
        start = time.perf_counter()
        vault: Any = Vault.open(target, PASSPHRASE)
        opened = time.perf_counter()
        rows = search.search(vault, search.Query(limit=100))
        got_rows = time.perf_counter()
        total = search.count(vault)
        counted = time.perf_counter()
        key_at = stamps["key"]
        unwrap_s = stamps["unwrap"]
        vault.close()
    else:
        from benchmarks import plain

        start = key_at = time.perf_counter()
        unwrap_s = 0.0
        vault = plain.PlainVault(plain.connect(target, create=False))
        opened = time.perf_counter()
        rows = search.search(vault, search.Query(limit=100))
        got_rows = time.perf_counter()
        total = search.count(vault)
        counted = time.perf_counter()
        vault.close()
    return {
        "unwrap": unwrap_s,
        "before_key": key_at - start - unwrap_s,
        "connect": opened - key_at,
        "key_to_rows": got_rows - key_at,
        "count": counted - got_rows,
        "rows": len(rows),
        "total": total,
    }


def _export(engine: str, target: Path, out: Path, recipient: str | None) -> dict[str, Any]:
    """Peak memory of one export: VmHWM is this process's own (ru_maxrss may carry the
    parent's across exec, so it is reported beside it)."""
    import pyrage

    if engine == "fieldkit":
        from fieldkit import kit as kitx
        from fieldkit.vault.store import Vault

        vault = Vault.open(target, PASSPHRASE)
        before = _status_kib("VmRSS")
        start = time.perf_counter()
        # What 'fieldkit export --allow-unreviewed' runs (synthetic quotes hold names).
        summary = kitx.export_bundle(vault, out, allow_unreviewed=True)
        seconds = time.perf_counter() - start
        count = len(summary.included)
        vault.close()
    else:
        assert recipient is not None
        before = _status_kib("VmRSS")
        start = time.perf_counter()
        with open(target, "rb") as source, open(out / "baseline-child.age", "xb") as sink:
            pyrage.encrypt_io(source, sink, [pyrage.x25519.Recipient.from_str(recipient)])
            sink.flush()
            os.fsync(sink.fileno())
        seconds = time.perf_counter() - start
        count = 0
    return {
        "before_kib": before,
        "hwm_kib": _status_kib("VmHWM"),
        "maxrss_kib": _maxrss_kib(),
        "seconds": seconds,
        "count": count,
    }


def _bundle(engine: str, target: Path, bundle: Path, key_hex: str | None) -> dict[str, Any]:
    """Peak memory and time of HQ importing one bundle file (``hq``: ``hq.import_bundles``) or
    of the streaming reader alone going through its records (``stream``)."""
    from fieldkit import hq
    from fieldkit.exchange import bundle as fmt
    from fieldkit.vault.store import Vault

    vault = Vault.open(target, PASSPHRASE)
    before = _status_kib("VmRSS")
    start = time.perf_counter()
    if engine == "hq":
        [result] = hq.import_bundles(vault, [bundle])
        outcome = type(result).__name__
        detail = str(result) if isinstance(result, Exception) else ""
    else:
        from nacl.signing import VerifyKey

        assert key_hex is not None
        key = VerifyKey(bytes.fromhex(key_hex))
        records = 0
        try:
            with fmt.open_file(bundle, hq.hq_identity(vault).age, lambda _: key) as reader:
                for _ in reader.records():
                    records += 1
            outcome, detail = "read", f"{records} records"
        except fmt.BundleRejected as error:
            outcome, detail = "BundleRejected", str(error)
    seconds = time.perf_counter() - start
    vault.close()
    return {
        "before_kib": before,
        "hwm_kib": _status_kib("VmHWM"),
        "seconds": seconds,
        "outcome": outcome,
        "detail": detail,
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks._child")
    parser.add_argument(
        "task", choices=("create", "import", "open", "unlock", "export", "gui", "bundle")
    )
    parser.add_argument("engine", choices=("fieldkit", "plain", "qt", "noqt", "hq", "stream"))
    parser.add_argument("target", type=Path)
    parser.add_argument("--jsonl", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--recipient")
    parser.add_argument("--spec", type=Path, help="gui: the session to run (JSON)")
    args = parser.parse_args()
    if args.task == "gui":
        from benchmarks import _gui_session

        out = _gui_session.run(args.engine, args.target, json.loads(args.spec.read_text()))
    elif args.task == "bundle":
        out = _bundle(args.engine, args.target, args.out, args.recipient)
    elif args.task == "export":
        out = _export(args.engine, args.target, args.out, args.recipient)
    elif args.task == "unlock":
        out = _unlock_rss()
    elif args.task == "create":
        out = _create(args.target)
    elif args.task == "import":
        out = _import(args.engine, args.jsonl, args.target)
    else:
        out = _open(args.engine, args.target)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
