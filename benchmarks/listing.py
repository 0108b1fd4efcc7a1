"""Section 5 of the vault group: the kit's list page with its HQ and ⚠ columns, and the
schema-11 rebuild of the search index (private notes), against same-run baselines.

Figures, medians of ``rounds`` runs on the imported vault:
- the newest 200 rows as the list reads them (``search.search``, which looks up per row the
  revision last sent and the one HQ confirmed), against the same page read with the columns
  the list read before (no look-ups), and against plain sqlite3 running the new query;
- the ⚠ counts of those 200 rows: checked (the detector runs, off the GUI thread, and the
  cache is written) and read from the cache (what the GUI thread does for each page);
- rebuilding the search index as migration 0011 does, in a transaction rolled back, against
  the same statements on the plain file.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import plain
from benchmarks.common import PASSPHRASE, Report, ms, ratio
from fieldkit.vault import search
from fieldkit.vault.database import MIGRATIONS
from fieldkit.vault.store import Vault

PAGE = 200
#: The list's columns before schema 11 (no look-up of what was sent).
_OLD_COLUMNS = (
    "i.id, i.interview_date, i.place, i.role, i.quote_count, i.tags, i.status, i.updated_at"
)
_OLD_PAGE = (
    f"SELECT {_OLD_COLUMNS} FROM interviews i "
    "ORDER BY i.interview_date DESC, i.created_at DESC, i.rowid DESC LIMIT ?"
)


def _median(fn: Callable[[], Any], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _rebuild_statements() -> list[str]:
    """Migration 0011's statements that rebuild the search index (the kit's part)."""
    script = dict(MIGRATIONS)[11]
    start = script.index("DROP TABLE interview_fts")
    part = script[start : script.index("-- Kit: the interview list")]
    return [s.strip() for s in part.split(";") if s.strip()]


def _rebuild(conn: Any, statements: list[str], skip: Callable[[str], bool]) -> float:
    conn.execute("BEGIN IMMEDIATE")
    start = time.perf_counter()
    try:
        for statement in statements:
            if not skip(statement):
                conn.execute(statement)
        return time.perf_counter() - start
    finally:
        conn.execute("ROLLBACK")


def bench_listing(report: Report, vault_path: Path, plain_path: Path, rounds: int) -> None:
    report.section(f"5. The kit's list page ({PAGE} newest rows) and the schema-11 index rebuild")
    vault = Vault.open(vault_path, PASSPHRASE)
    base: Any = plain.PlainVault(plain.connect(plain_path, create=False))
    query = search.Query(limit=PAGE)
    try:
        before = _median(lambda: vault.read(_OLD_PAGE, (PAGE,)), rounds)
        now = _median(lambda: search.search(vault, query), rounds)
        baseline = _median(lambda: search.search(base, query), rounds)
        ids = [row.id for row in search.search(vault, query)]
        start = time.perf_counter()
        search.check_review_counts(vault, ids)
        cold = time.perf_counter() - start
        warm = _median(lambda: search.cached_review_counts(vault, ids), rounds)
        statements = _rebuild_statements()
        with vault.lock:
            rebuild = _rebuild(vault.conn, statements, lambda s: False)
        rebuild_base = _rebuild(
            base.conn,
            [s.replace(plain._CONTENTLESS_DELETE, "") for s in statements],
            lambda s: "'secure-delete'" in s,
        )
    finally:
        vault.close()
        base.close()
    report.line(f"  {'':44s} {'fieldkit':>11s} {'baseline':>11s}  ratio")
    report.line(f"  {'page, as the list read it before':44s} {ms(before)} {'':>11s}")
    report.line(
        f"  {'page with the HQ column (what was sent)':44s} {ms(now)} {ms(baseline)} "
        f"{ratio(now, baseline)}"
    )
    report.line(f"  {'  cost of the HQ column (new / before)':44s} {ratio(now, before)}")
    report.line(f"  {'⚠ counts checked, off the GUI thread':44s} {ms(cold)}")
    report.line(f"  {'⚠ counts from the cache (on the GUI thread)':44s} {ms(warm)}")
    report.line(
        f"  {'schema 11: search index rebuilt':44s} {ms(rebuild)} {ms(rebuild_base)} "
        f"{ratio(rebuild, rebuild_base)}"
    )
    report.figures["listing"] = {
        "page_before_s": before,
        "page_s": now,
        "page_baseline_s": baseline,
        "review_cold_s": cold,
        "review_warm_s": warm,
        "rebuild_s": rebuild,
        "rebuild_baseline_s": rebuild_base,
    }
