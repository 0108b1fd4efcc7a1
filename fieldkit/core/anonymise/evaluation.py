"""Recall and precision of :func:`fieldkit.core.anonymise.detect.detect` on a labelled set.

``python -m fieldkit.core.anonymise.evaluation [FILE]`` prints one row per kind and an overall row.
FILE is JSON Lines: ``{"text", "language", "spans": [{"start", "end", "kind"}]}``; without it
the set in the source tree's ``tests/core/anonymise/anonymise_eval.jsonl`` is used when present.

A finding counts as found when it has the labelled kind and overlaps the labelled span by at
least half of the shorter of the two; each labelled span is matched at most once.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fieldkit.core.anonymise.detect import Finding, FindingKind, detect

DEFAULT_FILE = (
    Path(__file__).resolve().parents[3] / "tests" / "core" / "anonymise" / "anonymise_eval.jsonl"
)


@dataclass
class Score:
    """Counts for one kind: true positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def recall(self) -> float:
        total = self.tp + self.fn
        return self.tp / total if total else 1.0

    @property
    def precision(self) -> float:
        total = self.tp + self.fp
        return self.tp / total if total else 1.0


@dataclass
class Report:
    """Scores per kind and overall, plus the misses and false alarms for inspection."""

    per_kind: dict[FindingKind, Score]
    overall: Score
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)


def _matches(start: int, end: int, finding: Finding) -> bool:
    overlap = min(end, finding.end) - max(start, finding.start)
    shorter = min(end - start, finding.end - finding.start)
    return overlap > 0 and overlap * 2 >= shorter


def load(path: Path) -> list[dict[str, object]]:
    """The labelled sentences of a JSON Lines file, blank lines skipped."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(items: Iterable[dict[str, object]]) -> Report:
    """Run :func:`detect` on every labelled sentence and count hits, misses and false alarms."""
    per_kind = {kind: Score() for kind in FindingKind}
    report = Report(per_kind, Score())
    for item in items:
        text = str(item["text"])
        language = item.get("language")
        spans = item.get("spans", [])
        assert isinstance(spans, list)
        findings = detect(text, language if isinstance(language, str) else None)
        used: set[int] = set()
        for span in spans:
            start, end, kind = int(span["start"]), int(span["end"]), FindingKind(span["kind"])
            hit = next(
                (
                    i
                    for i, f in enumerate(findings)
                    if i not in used and f.kind is kind and _matches(start, end, f)
                ),
                None,
            )
            if hit is None:
                per_kind[kind].fn += 1
                report.misses.append((kind.value, text[start:end], text))
            else:
                used.add(hit)
                per_kind[kind].tp += 1
        for i, finding in enumerate(findings):
            if i not in used:
                per_kind[finding.kind].fp += 1
                report.false_alarms.append((finding.kind.value, finding.text, text))
    for score in per_kind.values():
        report.overall.tp += score.tp
        report.overall.fp += score.fp
        report.overall.fn += score.fn
    return report


def format_report(report: Report, verbose: bool = False) -> str:
    """A plain-text table: kind, labelled, found, false alarms, recall, precision."""
    lines = [f"{'kind':<14}{'gold':>6}{'tp':>6}{'fp':>6}{'fn':>6}{'recall':>9}{'precision':>11}"]
    rows = [(kind.value, score) for kind, score in report.per_kind.items()]
    rows.append(("overall", report.overall))
    for name, s in rows:
        lines.append(
            f"{name:<14}{s.tp + s.fn:>6}{s.tp:>6}{s.fp:>6}{s.fn:>6}"
            f"{s.recall:>9.3f}{s.precision:>11.3f}"
        )
    if verbose:
        lines += [f"MISS  {k}: {t!r} in {s!r}" for k, t, s in report.misses]
        lines += [f"FALSE {k}: {t!r} in {s!r}" for k, t, s in report.false_alarms]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``[-v] [FILE]``; prints the table, returns 2 when there is no file."""
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    path = Path(args[0]) if args else DEFAULT_FILE
    if not path.is_file():
        print(f"no evaluation file at {path}; pass one as an argument", file=sys.stderr)
        return 2
    print(format_report(evaluate(load(path)), verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
