"""The benchmark runner (``main``) and the vault group: bulk import, opening, full-text search.

The vault group's baseline is stdlib ``sqlite3`` on a plain (unencrypted) file with the same
schema, the same rows and the same queries, run in the same process. The exchange and gui
groups live in ``exchange.py`` and ``gui.py``; see ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sqlcipher3

from benchmarks import plain
from benchmarks.common import (
    FAST_KDF,
    ORGANISATION,
    PASSPHRASE,
    REPO_ROOT,
    Report,
    child,
    derivation,
    load,
    ms,
    p95,
    print_derivation,
    ratio,
    rss_kib,
    timed,
    verdict,
)
from benchmarks.listing import bench_listing
from benchmarks.synth import Generator, write_jsonl
from fieldkit.core.jsonl import read_jsonl
from fieldkit.vault import importing, search
from fieldkit.vault.store import Vault

TARGET_IMPORT_RATE = 20_000  # interviews/s
TARGET_IMPORT_RATIO = 2.0  # fieldkit time / baseline time
TARGET_PEAK_MB = 300
TARGET_OPEN_MS = 200  # from having the key to the newest 100 rows
TARGET_SEARCH_P95_MS = 50

#: (what a person types, why it is in the set)
QUERIES: tuple[tuple[str, str], ...] = (
    ("people", "very common word"),
    ("police", "common word"),
    ("village", "common word"),
    ("school", "mid-frequency word"),
    ("passport", "mid-frequency word"),
    ("prosecutor", "mid-frequency word"),
    ("ambulance", "less common word"),
    ("eviction", "word and tag"),
    ("xylophone", "rare word"),
    ("polcie", "typo, no hits"),
    ("police station", "two words"),
    ("burned houses", "two words"),
    ("land dispute", "two words"),
    ("border guards", "two words"),
    ("disc", "prefix as typed"),
    ("ev", "2-letter prefix as typed"),
    ("Masanchi", "place name"),
    ("полиция", "Russian word"),
    ("сожгли дома", "Russian, two words"),
    ("задерж", "Russian prefix as typed"),
)


def bench_import(
    report: Report, records: list[tuple[int, dict[str, Any]]], work: Path, jsonl: Path
) -> tuple[Path, Path]:
    n = len(records)
    report.section(f"2. Bulk import of {n:,} interviews (in this process)")
    russian = sum(1 for _, r in records if r.get("language") == "ru")
    report.line(f"  source: the JSONL file, {russian / n:.0%} Russian")
    vault, _ = Vault.create(
        work / "vault", PASSPHRASE, organisation=ORGANISATION, kdf=FAST_KDF, check_strength=False
    )
    fk_s, result = timed(lambda: importing.import_jsonl(vault, jsonl))
    close_s, _ = timed(vault.close)
    if result.imported != n:
        raise RuntimeError(f"fieldkit imported {result.imported} of {n}")
    single, _ = Vault.create(
        work / "vault-single",
        PASSPHRASE,
        organisation=ORGANISATION,
        kdf=FAST_KDF,
        check_strength=False,
    )
    single_s, _ = timed(lambda: importing.import_records(single, iter(records)))
    single.close()
    shutil.rmtree(work / "vault-single")

    prep_s, chunks = timed(lambda: list(plain.build_chunks(records, organisation=ORGANISATION)))
    conn = plain.create(work / "plain.db")
    cache = plain.import_cache_kib()
    base_s, base_n = timed(lambda: plain.import_chunks(conn, chunks, cache_kib=cache))
    chunks.clear()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    if base_n != n:
        raise RuntimeError(f"baseline imported {base_n} of {n}")

    fk_rate, base_rate = n / fk_s, n / base_s
    report.line(
        "  fieldkit: importing.import_jsonl, as 'fieldkit import': parse + validate + hash in a"
        " worker process, SQLCipher writes in this one"
    )
    report.line(
        f"    {fk_s:8.2f} s  {fk_rate:10,.0f} interviews/s"
        f"   (+ close/checkpoint {close_s:.2f} s, not counted)"
    )
    report.line(
        f"  info: one process, import_records on rows already parsed: {single_s:.2f} s, "
        f"{n / single_s:,.0f} interviews/s"
    )
    report.line(
        "  baseline: stdlib sqlite3, plain file, same schema/rows/pragmas"
        + (f", cache {cache // 1024} MiB" if cache else "")
        + ", rows prebuilt"
    )
    report.line(f"    {base_s:8.2f} s  {base_rate:10,.0f} interviews/s")
    report.line(
        f"  ratio fieldkit/baseline time: {ratio(fk_s, base_s).strip()}   "
        f"(baseline rate is {base_rate / fk_rate:.2f}x fieldkit's)"
    )
    report.line(
        f"  info: validation + hashing + row building alone (done before the baseline's "
        f"clock): {prep_s:.2f} s, {prep_s / n * 1e6:.1f} us/interview"
    )
    for name, path in (("vault.db", work / "vault" / "vault.db"), ("plain.db", work / "plain.db")):
        report.line(f"  info: {name} size {path.stat().st_size / 2**20:8.1f} MiB")
    report.figures["import"] = {
        "n": n,
        "fieldkit_s": fk_s,
        "fieldkit_per_s": fk_rate,
        "baseline_s": base_s,
        "baseline_per_s": base_rate,
        "ratio": fk_s / base_s,
        "prep_s": prep_s,
        "baseline_cache_kib": cache,
    }
    report.target(
        f"import >= {TARGET_IMPORT_RATE:,} interviews/s",
        f"{fk_rate:,.0f}/s",
        fk_rate >= TARGET_IMPORT_RATE,
    )
    report.target(
        f"import time <= {TARGET_IMPORT_RATIO:g}x baseline",
        f"{fk_s / base_s:.2f}x",
        fk_s / base_s <= TARGET_IMPORT_RATIO,
    )
    return work / "vault", work / "plain.db"


def bench_memory(report: Report, jsonl: Path, work: Path, n: int) -> None:
    report.section(f"1. Peak memory of importing {n:,} interviews (fresh child process)")
    # Linux carries ru_maxrss across exec: spawn while this process is still small (before it
    # holds the records), so the child's figure is its own. VmHWM is printed as a check.
    parent_kib = rss_kib()
    # Vault.create seals the recovery slot with 64 MiB Argon2id: do it in a child of its own,
    # so the import child only opens the vault (cheap passphrase slot) and imports.
    child("create", "fieldkit", str(work / "mem-vault"))
    fk = child("import", "fieldkit", str(work / "mem-vault"), "--jsonl", str(jsonl))
    base = child("import", "plain", str(work / "mem-plain.db"), "--jsonl", str(jsonl))
    for target in (work / "mem-vault", work / "mem-plain.db"):
        if target.is_dir():
            shutil.rmtree(target)
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
    worker_mb = fk["worker_peak_kib"] / 1024
    fk_mb, base_mb = fk["peak_kib"] / 1024 + worker_mb, base["peak_kib"] / 1024
    report.line("  each child streams the JSONL file into a new store, as 'fieldkit import' does")
    report.line(
        f"  fieldkit: peak RSS {fk_mb:7.1f} MB  = main {fk['peak_kib'] / 1024:.1f} MB (VmHWM "
        f"{fk['hwm_kib'] / 1024:.1f} MB) + parsing worker {worker_mb:.1f} MB "
        f"(both at their peaks at once: an upper bound)"
    )
    report.line(
        f"            import_jsonl(vault, path): {fk['seconds']:.2f} s, "
        f"{fk['count'] / fk['seconds']:,.0f} interviews/s including JSON parsing"
    )
    report.line(
        f"  baseline: peak RSS {base_mb:7.1f} MB  (ru_maxrss; VmHWM {base['hwm_kib'] / 1024:.1f}"
        f" MB; RSS before the import {base['before_kib'] / 1024:.1f} MB)"
    )
    report.line(
        f"            read_jsonl + validate + rows + sqlite3 inserts: {base['seconds']:.2f} s"
    )
    report.line(f"  ratio fieldkit/baseline peak RSS: {ratio(fk_mb, base_mb).strip()}")
    unlock = child("unlock", "fieldkit", str(work))
    report.line(
        f"  info: a real 'fieldkit import' first unlocks: calibrated Argon2id "
        f"({unlock['memory_kib'] // 1024} MiB) peaks at {unlock['peak_kib'] / 1024:.1f} MB RSS "
        "in a fresh process, before the import starts (not at the same time)"
    )
    report.line(f"  info: this process's RSS when spawning them: {parent_kib / 1024:.1f} MB")
    report.figures["memory"] = {
        "fieldkit": fk,
        "baseline": base,
        "unlock": unlock,
        "parent_kib": parent_kib,
    }
    report.target(
        f"import peak RSS < {TARGET_PEAK_MB} MB", f"{fk_mb:.1f} MB", fk_mb < TARGET_PEAK_MB
    )


def bench_open(report: Report, vault_path: Path, plain_path: Path, runs: int) -> None:
    report.section("3. Opening the vault")
    found = derivation(vault_path)
    print_derivation(report, found)

    fk = [child("open", "fieldkit", str(vault_path)) for _ in range(runs)]
    base = [child("open", "plain", str(plain_path)) for _ in range(runs)]

    def med(rows: list[dict[str, Any]], key: str) -> float:
        return float(statistics.median(r[key] for r in rows))

    report.line(
        f"  fresh process each run, {runs} runs, medians (max in brackets); "
        f"{fk[0]['rows']} rows of {fk[0]['total']:,}"
    )
    report.line(
        "                         fieldkit                 baseline (plain sqlite3)   ratio"
    )
    for key, label in (
        ("connect", "key -> connected"),
        ("key_to_rows", "key -> newest 100 rows"),
        ("count", "count() of all"),
    ):
        ours, theirs = med(fk, key), med(base, key)
        worst = max(r[key] for r in fk)
        report.line(
            f"  {label:22s} {ms(ours)} ({ms(worst).strip():>9s})   {ms(theirs)}"
            f"                {ratio(ours, theirs)}"
        )
    report.line(
        f"  info: unwrapping the key in Vault.open (Argon2id, stored cheap params + AEAD): "
        f"{ms(med(fk, 'unwrap')).strip()}; excluded above"
    )
    report.figures["open"] = {
        "derive_stored_s": found["stored_s"],
        "derive_calibrated_s": found["calibrated_s"],
        "calibrated": found["calibrated"],
        "fieldkit": fk,
        "baseline": base,
    }
    key_to_rows = med(fk, "key_to_rows")
    report.target(
        f"key -> newest 100 rows < {TARGET_OPEN_MS} ms",
        f"{key_to_rows * 1000:.1f} ms (median; max {max(r['key_to_rows'] for r in fk) * 1000:.1f})",
        max(r["key_to_rows"] for r in fk) * 1000 < TARGET_OPEN_MS,
    )


def bench_search(report: Report, vault_path: Path, plain_path: Path, rounds: int) -> None:
    report.section(f"4. Full-text search: {len(QUERIES)} queries, newest 100 + total count")
    vault = Vault.open(vault_path, PASSPHRASE)
    base: Any = plain.PlainVault(plain.connect(plain_path, create=False))
    ours: dict[str, list[float]] = {q: [] for q, _ in QUERIES}
    theirs: dict[str, list[float]] = {q: [] for q, _ in QUERIES}
    hits: dict[str, tuple[int, int]] = {}

    def one(target: Any, text: str) -> tuple[float, tuple[int, int]]:
        query = search.Query(text=text, limit=100)
        start = time.perf_counter()
        rows = search.search(target, query)
        total = search.count(target, search.Query(text=text))
        return time.perf_counter() - start, (len(rows), total)

    for _ in range(rounds):
        for text, _why in QUERIES:
            seconds, found = one(vault, text)
            ours[text].append(seconds)
            seconds_b, found_b = one(base, text)
            theirs[text].append(seconds_b)
            if found != found_b:
                raise RuntimeError(f"{text!r}: fieldkit found {found}, baseline {found_b}")
            hits[text] = found
    vault.close()
    base.close()

    report.line(
        f"  {'query':18s} {'kind':26s} {'hits':>7s} {'fieldkit':>11s} {'first':>11s}"
        f" {'baseline':>11s}  ratio"
    )
    for text, why in QUERIES:
        a, b = statistics.median(ours[text]), statistics.median(theirs[text])
        report.line(
            f"  {text:18s} {why:26s} {hits[text][1]:7,d} {ms(a)} {ms(ours[text][0])}"
            f" {ms(b)} {ratio(a, b)}"
        )
    all_ours = [s for v in ours.values() for s in v]
    all_theirs = [s for v in theirs.values() for s in v]
    report.line(
        f"  all {len(all_ours)} runs ({rounds} rounds):  fieldkit median "
        f"{ms(statistics.median(all_ours)).strip()}, p95 {ms(p95(all_ours)).strip()}"
        f"   baseline median {ms(statistics.median(all_theirs)).strip()}, "
        f"p95 {ms(p95(all_theirs)).strip()}"
    )
    median_ratio = ratio(statistics.median(all_ours), statistics.median(all_theirs))
    report.line(
        f"  ratio fieldkit/baseline: median {median_ratio.strip()}, "
        f"p95 {ratio(p95(all_ours), p95(all_theirs)).strip()}"
    )
    report.figures["search"] = {
        "rounds": rounds,
        "queries": {
            text: {"hits": hits[text][1], "fieldkit_s": ours[text], "baseline_s": theirs[text]}
            for text, _ in QUERIES
        },
        "fieldkit_median_s": statistics.median(all_ours),
        "fieldkit_p95_s": p95(all_ours),
        "baseline_median_s": statistics.median(all_theirs),
        "baseline_p95_s": p95(all_theirs),
    }
    report.target(
        f"search p95 < {TARGET_SEARCH_P95_MS} ms",
        f"{p95(all_ours) * 1000:.1f} ms",
        p95(all_ours) * 1000 < TARGET_SEARCH_P95_MS,
    )


def run_vault(report: Report, jsonl: Path, work: Path, n: int, rounds: int, open_runs: int) -> None:
    """The vault group: sections 1-5."""
    report.line()
    report.line(f"### vault: import, open, search ({n:,} interviews)")
    report.line(f"  baseline schema: {plain.schema_note()}")
    bench_memory(report, jsonl, work, n)
    # The rows exactly as a JSONL import reads them, in memory so the clock sees no I/O.
    records = list(read_jsonl(jsonl))
    # A streaming import holds no 100,000 dicts: keep the collector from walking them.
    gc.collect()
    gc.freeze()
    vault_path, plain_path = bench_import(report, records, work, jsonl)
    del records
    gc.unfreeze()
    gc.collect()
    bench_open(report, vault_path, plain_path, open_runs)
    bench_search(report, vault_path, plain_path, rounds)
    bench_listing(report, vault_path, plain_path, rounds)


GROUPS = ("vault", "exchange", "hostile", "gui", "anonymise", "forms")


def _revision() -> str:
    """The commit measured, and whether fieldkit/ has changes not committed."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO_ROOT,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "fieldkit"],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO_ROOT,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "an unknown commit (no git)"
    return f"commit {head}" + (" with uncommitted changes in fieldkit/" if dirty else "")


def _groups(values: Sequence[str] | None) -> list[str]:
    """``--only`` values (repeated or comma-separated) in run order; all groups by default."""
    if not values:
        return list(GROUPS)
    wanted = {v.strip() for value in values for v in value.split(",") if v.strip()}
    unknown = wanted - set(GROUPS)
    if unknown:
        raise SystemExit(f"--only: unknown group {sorted(unknown)[0]!r} (choose from {GROUPS})")
    return [g for g in GROUPS if g in wanted]


def _without_zeroing_at_close() -> None:
    """Close connections as before issue 14: fieldkit switches SQLCipher's memory zeroing on
    when a vault closes, and SQLCipher keeps it on for the life of the process, so every
    vault opened later in the same process (as here, not in the CLI) pays for it. Nor does
    it hand the heap's free pages back after a close: whatever runs next in this process
    would pay the page faults of taking them again (the plain-SQLite import baseline ran
    about 20 % slower after one, measured)."""
    from fieldkit.vault import store

    store.close_connection = lambda conn: conn.close()  # type: ignore[assignment]
    store.give_back_freed_memory = lambda: False  # type: ignore[assignment]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="fieldkit benchmarks (see README.md)"
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="GROUP",
        help="run only these groups: vault, exchange, hostile, gui, anonymise, forms (repeat or "
        "comma-separate; default all)",
    )
    parser.add_argument("--n", type=int, default=100_000, help="interviews (default 100000)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 2000 interviews, 10 bundles of 100",
    )
    parser.add_argument("--seed", type=int, default=20240601, help="synthetic data seed")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each search query")
    parser.add_argument(
        "--open-runs", type=int, default=5, help="fresh-process open/unlock runs (vault, gui)"
    )
    parser.add_argument("--bundles", type=int, default=100, help="exchange: bundles HQ imports")
    parser.add_argument(
        "--bundle-size", type=int, default=1000, help="exchange: interviews per bundle"
    )
    parser.add_argument("--tmpdir", type=Path, help="where the temporary vaults go")
    parser.add_argument("--keep", action="store_true", help="keep the generated vaults")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument(
        "--no-zeroing-at-close",
        action="store_true",
        help="attribution only: close vaults in this process without switching on SQLCipher's "
        "cipher_memory_security (which then stays on for the rest of the process)",
    )
    args = parser.parse_args(argv)
    groups = _groups(args.only)
    n = 2_000 if args.quick else args.n
    rounds = 2 if args.quick else args.rounds
    open_runs = 2 if args.quick else args.open_runs
    bundles = 10 if args.quick else args.bundles
    bundle_size = 100 if args.quick else args.bundle_size
    if "exchange" in groups and bundles * bundle_size > n:
        parser.error(f"--bundles x --bundle-size ({bundles * bundle_size:,}) exceeds --n ({n:,})")

    report = Report()
    cipher = sqlcipher3.connect(":memory:")
    cipher_version = cipher.execute("PRAGMA cipher_version").fetchone()[0]
    cipher_sqlite = cipher.execute("SELECT sqlite_version()").fetchone()[0]
    cipher.close()
    report.line(f"fieldkit benchmarks ({', '.join(groups)}): {n:,} interviews, seed {args.seed}")
    report.line(
        f"  Python {platform.python_version()} on {platform.machine()} {platform.system()}, "
        f"{os.cpu_count()} CPUs; SQLCipher {cipher_version} (SQLite {cipher_sqlite}); "
        f"baseline stdlib sqlite3 (SQLite {sqlite3.sqlite_version})"
    )
    report.line(f"  fieldkit at {_revision()}")
    report.line(f"  load average at start: {load()} (other work on the machine skews figures)")
    if args.no_zeroing_at_close:
        _without_zeroing_at_close()
        report.line(
            "  ATTRIBUTION RUN: vaults closed in this process do not switch on "
            "cipher_memory_security (not how fieldkit runs; see benchmarks/README.md)"
        )

    work = Path(tempfile.mkdtemp(prefix="fieldkit-bench-", dir=args.tmpdir))
    report.line(f"  temporary files in {work}")
    try:
        jsonl = work / "interviews.jsonl"
        gen_s, size = timed(lambda: write_jsonl(jsonl, Generator(args.seed).records(n)))
        report.line(f"  records: generated in {gen_s:.1f} s, {size / 2**20:.1f} MiB as JSONL")
        if "vault" in groups:
            run_vault(report, jsonl, work, n, rounds, open_runs)
        if "exchange" in groups:
            from benchmarks import exchange

            report.line()
            report.line(f"### exchange: export to HQ, HQ import ({n:,} interviews)")
            report.line(f"  load average: {load()}")
            exchange.run(report, work, jsonl, bundles, bundle_size)
        if "hostile" in groups:
            from benchmarks import hostile

            report.line()
            report.line("### hostile: refusing files made to hurt HQ")
            report.line(f"  load average: {load()}")
            hostile.run(report, work, args.quick)
        if "anonymise" in groups:
            from benchmarks import anonymise

            report.line()
            report.line("### anonymise: finding identifying details")
            report.line(f"  load average: {load()}")
            anonymise.run(report, args.seed, rounds)
            anonymise.run_guard(report, args.seed, work)
        if "forms" in groups:
            from benchmarks import forms

            report.line()
            report.line(f"### forms: a 60-field form; import of {n:,} interviews with answers")
            report.line(f"  load average: {load()}")
            forms.run(report, work, n, args.seed)
        if "gui" in groups:
            from benchmarks import gui

            report.line()
            report.line(f"### gui: the desktop app on a {n:,}-interview vault")
            report.line(f"  load average: {load()}")
            gui.run(report, work, jsonl, open_runs)
    finally:
        if args.keep:
            report.line(f"\n  kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    report.section("Targets")
    report.line(f"  (load average at end: {load()})")
    for name, figure, ok in report.targets:
        report.line(f"  {verdict(ok):6s}  {name}: {figure}")
    if args.json:
        report.figures["targets"] = [
            {"target": name, "figure": figure, "met": ok} for name, figure, ok in report.targets
        ]
        args.json.write_text(json.dumps(report.figures, indent=2), encoding="utf-8")
    return 0
