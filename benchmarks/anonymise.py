"""Benchmark of the anonymisation assistant's detection (fieldkit.core.anonymise.detect)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.common import Report, median, ms, p95, ratio, timed
from benchmarks.synth import Generator

TARGET_MEDIAN_MS = 50.0
QUOTE_CHARS = 2000
#: Identifying details a hurried researcher might leave in, spliced into each quote.
SLIPS = {
    "en": " My brother Ruslan Akhmedov called me from +7 701 123 45 67 that night. ",
    "ru": " Мой брат Руслан Ахмедов позвонил мне с номера 8 (701) 123-45-67 той ночью. ",
}


def _quotes(seed: int, language: str, count: int) -> list[str]:
    """``count`` quotes of about 2,000 characters in ``language`` with one slip each."""
    texts = [
        record["quote"] if isinstance(record["quote"], str) else record["quote"]["text"]
        for _, record in Generator(seed, russian_share=1.0 if language == "ru" else 0.0).records(
            count * 4
        )
    ]
    out = []
    for start in range(0, len(texts), 4):
        body = " ".join(texts[start : start + 4])
        middle = len(body) // 2
        out.append((body[:middle] + SLIPS[language] + body[middle:])[:QUOTE_CHARS])
    return out[:count]


def _import_seconds(module: str) -> float:
    """Import time of ``module`` in a fresh interpreter (what start-up pays)."""
    code = (
        "import time; t = time.perf_counter(); import " + module + "; "
        "print(time.perf_counter() - t)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip())


def run(report: Report, seed: int, rounds: int) -> None:
    import phonenumbers

    from fieldkit.core.anonymise.detect import detect as anonymise

    report.section("A. Detecting identifying details in a 2,000-character quote")
    base_import = median([_import_seconds("fieldkit.core.record") for _ in range(3)])
    anon_import = median([_import_seconds("fieldkit.core.anonymise.detect") for _ in range(3)])
    report.line(
        "  import in a fresh interpreter: fieldkit.core.anonymise.detect "
        f"{ms(anon_import).strip()} "
        f"(fieldkit.core.record alone {ms(base_import).strip()}); models load on first use, "
        "so the app's start does not pay for them"
    )
    figures: dict[str, Any] = {"import_s": anon_import, "record_import_s": base_import}
    for language in ("en", "ru"):
        quotes = _quotes(seed, language, 20)
        first_s, found = timed(lambda q=quotes[0], lang=language: anonymise.detect(q, lang))
        kinds = sorted({f.kind.value for f in found})
        times = []
        for _ in range(rounds):
            for quote in quotes:
                seconds, _ = timed(lambda q=quote, lang=language: anonymise.detect(q, lang))
                times.append(seconds)
        base = []
        for _ in range(rounds):
            for quote in quotes:
                seconds, _ = timed(lambda q=quote: list(phonenumbers.PhoneNumberMatcher(q, "KZ")))
                base.append(seconds)
        report.line(
            f"  {language}: first call {ms(first_s).strip()} (loads what it needs); then "
            f"median {ms(median(times)).strip()}, p95 {ms(p95(times)).strip()} over "
            f"{len(times)} calls; found {', '.join(kinds)}"
        )
        report.line(
            f"      baseline phonenumbers.PhoneNumberMatcher alone on the same quotes: median "
            f"{ms(median(base)).strip()}; ratio {ratio(median(times), median(base)).strip()}"
        )
        figures[language] = {
            "first_s": first_s,
            "median_s": median(times),
            "p95_s": p95(times),
            "baseline_median_s": median(base),
        }
        report.target(
            f"detect() on a 2,000-character {language} quote, median after warm-up "
            f"< {TARGET_MEDIAN_MS:g} ms",
            ms(median(times)).strip(),
            median(times) * 1000 < TARGET_MEDIAN_MS,
        )
    report.figures["anonymise"] = figures


GUARD_INTERVIEWS = 2000


def run_guard(report: Report, seed: int, work: Path) -> None:
    """The export guard: checking interviews that changed since their last check, then the
    cache; baseline: reading the same interviews from the vault (what export does anyway)."""
    from benchmarks.common import make_vault
    from benchmarks.synth import take, write_jsonl
    from fieldkit.vault import records, review

    report.section(f"B. The export guard over {GUARD_INTERVIEWS:,} interviews (10% Russian)")
    jsonl = work / "guard.jsonl"
    write_jsonl(jsonl, iter(take(GUARD_INTERVIEWS, seed)))
    vault, _, _ = make_vault(work / "guard-vault", jsonl)
    try:
        ids = [r[0] for r in vault.read("SELECT id FROM interviews ORDER BY rowid")]
        read_s, interviews = timed(lambda: records.get_many(vault, ids))

        def check() -> dict[str, int]:
            with vault.transaction() as conn:
                return review.unreviewed_counts_in(conn, interviews)

        cold_s, counts = timed(check)
        warm_s, _ = timed(check)
    finally:
        vault.close()
    held = sum(1 for count in counts.values() if count)
    report.line(
        f"  first check (every interview new to the guard): {cold_s:.2f} s = "
        f"{GUARD_INTERVIEWS / cold_s:,.0f} interviews/s; {held} of {GUARD_INTERVIEWS:,} have "
        "findings (the synthetic text carries names)"
    )
    report.line(
        f"  next exports (cache current): {ms(warm_s).strip()}; baseline reading the same "
        f"interviews: {ms(read_s).strip()}; ratio {ratio(warm_s, read_s).strip()}"
    )
    report.figures["export_guard"] = {
        "interviews": GUARD_INTERVIEWS,
        "cold_s": cold_s,
        "warm_s": warm_s,
        "read_s": read_s,
        "held": held,
    }
