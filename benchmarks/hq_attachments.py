"""What HQ's 📎 column costs: the list's reload with the attachment counts, against the same
reload without them, on one dataset in the same run.

    .venv/bin/python -m benchmarks.hq_attachments [--n 20000] [--attachments 20000] [--quick]

The HQ window's list reads ``search.count`` and its first page at every reload (each search
typed, each import); with the 📎 column it also reads the counts of that page's interviews
(``hq.attachments.counts_for``), measured against counting every interview's at once
(``interviews_with``, one grouped query over every attachment HQ holds, which the first
version of the column ran at every reload). The dataset: ``--n`` generated interviews
imported, a provenance row for each (as an import from one kit writes), and ``--attachments``
attachment rows spread over a third of them (the rows only: the count never opens a sealed
file). Medians of ``--rounds`` runs, printed with their ratio to the baseline.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import load, make_vault, median, ms, ratio, timed
from benchmarks.synth import take, write_jsonl
from fieldkit.hq import attachments as hq_attachments
from fieldkit.vault import search
from fieldkit.vault.store import Vault

PAGE = 200
KIT = "k" * 36
BUNDLE = "b" * 36


def _median(fn: Callable[[], Any], rounds: int) -> float:
    return median([timed(fn)[0] for _ in range(rounds)])


def _fill(vault: Vault, attachments: int) -> None:
    """A provenance row per interview (one kit sent them all) and the attachment rows."""
    ids = [row[0] for row in vault.read("SELECT id FROM interviews ORDER BY id")]
    with vault.transaction() as conn:
        conn.executemany(
            "INSERT INTO provenance (interview_id, kit_revision, kit_id, bundle_id, sha256, "
            "imported_at) VALUES (?, 1, ?, ?, ?, '2024-01-01T00:00:00Z')",
            [(i, KIT, BUNDLE, "0" * 64) for i in ids],
        )
        with_files = ids[: max(1, len(ids) // 3)]
        conn.executemany(
            "INSERT INTO hq_attachments (kit_id, id, sha256, interview_id, media_type, size, "
            "copy, original_sha256, bundle_id, received_at, blob, blob_key) "
            "VALUES (?, ?, ?, ?, 'image/jpeg', 1000, 'stripped', ?, ?, "
            "'2024-01-01T00:00:00Z', ?, ?)",
            [
                (
                    KIT,
                    f"{n:036d}",
                    f"{n:064x}",
                    with_files[n % len(with_files)],
                    f"{n + 1:064x}",
                    BUNDLE,
                    f"blob-{n}",
                    bytes(32),
                )
                for n in range(attachments)
            ],
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--attachments", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="2,000 interviews and attachments")
    args = parser.parse_args(argv)
    n, count = (2_000, 2_000) if args.quick else (args.n, args.attachments)
    print(f"HQ's 📎 column: {n:,} interviews, {count:,} attachments; load {load()}")
    with tempfile.TemporaryDirectory(prefix="fieldkit-bench-hqatt-") as temp:
        jsonl = Path(temp) / "interviews.jsonl"
        write_jsonl(jsonl, iter(take(n, args.seed)))
        vault, _seconds, imported = make_vault(Path(temp) / "hq", jsonl)
        with vault:
            _fill(vault, count)

            def reload() -> None:
                search.count(vault, search.Query())
                search.search(vault, search.Query(limit=PAGE))

            def reload_with_counts() -> None:
                search.count(vault, search.Query())
                page = search.search(vault, search.Query(limit=PAGE))
                hq_attachments.counts_for(vault, [r.id for r in page])

            def everything() -> None:
                reload()
                hq_attachments.interviews_with(vault)

            counted = hq_attachments.interviews_with(vault)
            assert sum(counted.values()) == count and len(counted) <= imported
            reload()  # warm the page cache for both
            base = _median(reload, args.rounds)
            ours = _median(reload_with_counts, args.rounds)
            whole = _median(everything, args.rounds)
    print(f"  list reload (count + first {PAGE} rows), baseline   {ms(base)}")
    print(f"  with the 📎 counts of that page (counts_for)      {ms(ours)}  {ratio(ours, base)}")
    print(f"  with every interview's count (interviews_with)    {ms(whole)}  {ratio(whole, base)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
