"""Benchmarks of forms: what the editor will need per keystroke (validation and skip logic of
a 60-field form), the JSONL import of interviews with 20 answers each, and a regex that
backtracks catastrophically in Python's ``re``. Each figure has a baseline from the same run.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.common import (
    FAST_KDF,
    ORGANISATION,
    PASSPHRASE,
    Report,
    child,
    median,
    p95,
    ratio,
    timed,
)
from benchmarks.synth import Generator, write_jsonl
from fieldkit.core import draft
from fieldkit.core.forms.answers import check_answers, shown, view
from fieldkit.core.forms.expr import evaluate, parse
from fieldkit.core.forms.model import Form, form_from_dict, form_to_dict
from fieldkit.core.record import Status
from fieldkit.vault import bulk, forms, importing
from fieldkit.vault.store import Vault

KEYSTROKE_TARGET_MS = 16.0
IMPORT_TARGET_PER_S = 10_000
FIELDS = 60
ANSWERS = 20
KEYSTROKES = 400
#: The built-in fields of the interview typed into.
BUILT_IN: dict[str, Any] = {
    "interview_date": "2020-02-16",
    "place": "Tokmok",
    "role": "shop owner",
    "quotes": [{"text": "They came at night. " * 30}],
    "tags": "arson, night",
}


def sixty_field_form() -> Form:
    """60 fields as a long real form has them: a third selects, a third with skip logic,
    a quarter with constraints (some regex), in two groups."""
    yes_no = [{"name": "yes"}, {"name": "no"}]
    kinds = [{"name": f"k{n}", "labels": {"en": f"Kind {n}", "ru": f"Вид {n}"}} for n in range(12)]
    fields: list[dict[str, Any]] = []
    for n in range(FIELDS):
        name = f"f{n:02d}"
        field: dict[str, Any] = {"name": name, "labels": {"en": f"Question {n}"}}
        kind = n % 6
        if kind == 0:
            field.update(type="select_one", choices=yes_no)
        elif kind == 1:
            field.update(type="select_multiple", choices=kinds)
        elif kind == 2:
            field.update(type="integer", constraint=". >= 0 and . <= 100000")
        elif kind == 3:
            field.update(type="text", constraint="string-length(.) <= 500")
        elif kind == 4:
            field.update(type="text", constraint="regex(., '^[A-Z]{2}-[0-9]{4}$')")
        else:
            field.update(type="date")
        if n % 3 == 2 and n > 6:
            gate = f"f{(n // 6) * 6:02d}"  # the select_one of its block
            other = f"f{(n // 6) * 6 + 1:02d}"
            field["relevant"] = f"${{{gate}}} = 'yes' or selected(${{{other}}}, 'k3')"
        if 20 <= n < 30:
            field["section"] = "g1"
        elif 40 <= n < 50:
            field["section"] = "g2"
        fields.append(field)
    return form_from_dict(
        {
            "id": "bench",
            "version": 1,
            "title": "Benchmark",
            "sections": [
                {"name": "g1", "relevant": "${f18} = 'yes'"},
                {"name": "g2", "labels": {}, "relevant": "not(${f36} = 'no')"},
            ],
            "fields": fields,
        }
    )


def answers_for(form: Form, n: int, count: int = ANSWERS) -> dict[str, Any]:
    """``count`` answers that pass every check (skip logic included), varying with ``n``."""
    return {
        name: (
            n % 1000 if kind == "integer" else f"answer {n} to {name}" if kind == "text" else value
        )
        for name, (kind, value) in _template(form, count).items()
    }


_TEMPLATES: dict[tuple[str, int], dict[str, tuple[str, Any]]] = {}


def _template(form: Form, count: int) -> dict[str, tuple[str, Any]]:
    """The fields answered and a valid answer of each (skip logic decided once)."""
    key = (form.ref, count)
    if key not in _TEMPLATES:
        values: dict[str, Any] = {}
        kinds: dict[str, tuple[str, Any]] = {}
        for field in form.fields:
            if len(values) >= count:
                break
            if field.name not in {f.name for f in shown(form, values)}:
                continue
            kind = field.type.value
            if kind == "text" and field.constraint and "regex" in field.constraint.source:
                kind = "code"
            value = {
                "select_one": "yes",
                "select_multiple": ["k1", "k3"],
                "integer": 1,
                "date": "2020-02-16",
                "code": "KZ-2020",
            }.get(kind, "answer")
            values[field.name] = value
            kinds[field.name] = (kind, value)
        _TEMPLATES[key] = kinds
    return _TEMPLATES[key]


def run(report: Report, work: Path, n: int, seed: int) -> None:
    _keystrokes(report)
    _editor_keystrokes(report)
    _import(report, work, n, seed)
    _regex(report)


def _keystrokes(report: Report) -> None:
    report.section(f"A. A keystroke in a {FIELDS}-field form: validation and skip logic")
    form = sixty_field_form()
    answers = answers_for(form, 1, count=FIELDS)
    text_field = next(
        f.name
        for f in form.fields
        if (f.type.value == "text" and not f.constraint)
        or (f.constraint and "string-length" in f.constraint.source)
    )
    builtin = BUILT_IN
    typed = "The school by the river burned in the night"
    ours, base = [], []
    for k in range(KEYSTROKES):
        text = typed[: 1 + k % len(typed)]
        raw = {**answers, text_field: text}
        start = time.perf_counter()
        visible = shown(form, raw)
        try:
            check_answers(form, raw, complete=False)
        except Exception:
            pass
        ours.append(time.perf_counter() - start)
        assert visible
        start = time.perf_counter()
        draft.check({**builtin, "notes": text}, Status.DRAFT)
        base.append(time.perf_counter() - start)
    report.line(f"  {len(answers)} of {FIELDS} fields answered; {KEYSTROKES} keystrokes")
    report.line(
        f"  form (skip logic + every check): median {_ms3(median(ours))}, p95 {_ms3(p95(ours))}"
    )
    report.line(
        f"  baseline, the built-in fields' check today (draft.check): median "
        f"{_ms3(median(base))}, p95 {_ms3(p95(base))}; ratio {ratio(median(ours), median(base))}"
    )
    figure = f"median {median(ours) * 1000:.2f} ms"
    report.figures["forms_keystroke_ms"] = median(ours) * 1000
    report.target("form keystroke < 16 ms median", figure, median(ours) * 1000 < 16)


def _editor_keystrokes(report: Report) -> None:
    """What the editor runs for a keystroke in a form field: skip logic on what is typed
    (:func:`view`, at once) and the whole draft check with the form (after the pause)."""
    report.section(f"A2. The editor's keystroke in a {FIELDS}-field form (view + draft.check)")
    form = sixty_field_form()
    answers = {
        name: str(value) if isinstance(value, int) else value
        for name, value in answers_for(form, 1, count=FIELDS).items()
    }
    text_field = next(
        f.name
        for f in form.fields
        if f.type.value == "text" and f.constraint and "string-length" in f.constraint.source
    )
    builtin = BUILT_IN
    typed = "The school by the river burned in the night"
    skip, whole, base = [], [], []
    for k in range(KEYSTROKES):
        text = typed[: 1 + k % len(typed)]
        start = time.perf_counter()
        kept = view(form, {**answers, text_field: text}).answers
        skip.append(time.perf_counter() - start)
        start = time.perf_counter()
        checked = draft.check(
            {**builtin, "form": form.ref, "fields": kept}, Status.DRAFT, form=form
        )
        whole.append(time.perf_counter() - start)
        assert checked.interview is not None
        start = time.perf_counter()
        draft.check({**builtin, "notes": text}, Status.DRAFT)
        base.append(time.perf_counter() - start)
    report.line(
        f"  skip logic on the typed answers (view): median {_ms3(median(skip))}, "
        f"p95 {_ms3(p95(skip))}"
    )
    report.line(
        f"  the draft check with the form: median {_ms3(median(whole))}, p95 {_ms3(p95(whole))}"
    )
    report.line(
        f"  baseline, the editor's check without a form: median {_ms3(median(base))}, "
        f"p95 {_ms3(p95(base))}; ratio {ratio(median(whole), median(base))}"
    )
    total = (median(skip) + median(whole)) * 1000
    report.figures["forms_editor_keystroke_ms"] = total
    report.target(
        "editor keystroke in a form < 16 ms median",
        f"median {total:.2f} ms",
        total < KEYSTROKE_TARGET_MS,
    )


def _ms3(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def _with_answers(records: Iterator[tuple[int, dict[str, Any]]], form: Form) -> Iterator[Any]:
    for line, record in records:
        yield line, {**record, "form": form.ref, "fields": answers_for(form, line)}


def _import(report: Report, work: Path, n: int, seed: int) -> None:
    report.section(f"B. JSONL import of {n:,} interviews with {ANSWERS} answers each")
    form = sixty_field_form()
    plain = work / "forms-plain.jsonl"
    answered = work / "forms-answered.jsonl"
    write_jsonl(plain, Generator(seed).records(n))
    write_jsonl(answered, _with_answers(Generator(seed).records(n), form))
    report.line(
        f"  files: {plain.stat().st_size / 2**20:.0f} MiB without answers, "
        f"{answered.stat().st_size / 2**20:.0f} MiB with"
    )
    # Each import in a fresh process: closing a vault switches SQLCipher's memory zeroing on
    # for the rest of its process (docs/vault.md), which would slow whichever import ran second.
    base = _import_child(work / "forms-plain-vault", plain, with_form=False)
    ours = _import_child(work / "forms-vault", answered, with_form=True)
    base_s, base_n = base["seconds"], base["imported"]
    ours_s, imported = ours["seconds"], ours["imported"]
    assert imported == base_n == n, (imported, base_n)
    rate, base_rate = n / ours_s, n / base_s
    report.line(f"  with answers:              {ours_s:6.1f} s, {rate:9,.0f} interviews/s")
    report.line(
        f"  baseline, without a form:  {base_s:6.1f} s, {base_rate:9,.0f} interviews/s; "
        f"ratio {ratio(ours_s, base_s)}"
    )
    report.figures["forms_import_per_s"] = rate
    report.figures["forms_import_baseline_per_s"] = base_rate
    # Where the time goes: each half of the import alone, one process, same lines.
    parts = _import_child(work / "forms-parts-vault", answered, with_form=True, parts=True)
    prepare_rate, write_rate = n / parts["prepare_seconds"], n / parts["write_seconds"]
    workers = bulk.worker_count()
    report.line(
        f"  its halves alone, one process: preparing {prepare_rate:9,.0f}/s, "
        f"writing {write_rate:9,.0f}/s"
    )
    report.line(
        f"  (this machine: {bulk.usable_cores()} cores, {workers} worker(s); the writer's rate "
        "is the most any number of cores can reach)"
    )
    report.figures["forms_prepare_alone_per_s"] = prepare_rate
    report.figures["forms_write_alone_per_s"] = write_rate
    report.target("import with 20 answers >= 10,000 interviews/s", f"{rate:,.0f}/s", rate >= 10_000)


def _import_child(
    vault: Path, jsonl: Path, *, with_form: bool, parts: bool = False
) -> dict[str, Any]:
    """``fieldkit import`` of ``jsonl`` into a new vault, timed in a fresh process; with
    ``parts``, its two halves timed apart in one process (every chunk prepared, then
    every chunk written)."""
    args = (str(vault), str(jsonl), str(int(with_form)), str(int(parts)))
    return child(*args, module="benchmarks.forms")


def _child(vault_path: Path, jsonl: Path, with_form: bool, parts: bool) -> None:
    vault, _ = Vault.create(
        vault_path, PASSPHRASE, organisation=ORGANISATION, kdf=FAST_KDF, check_strength=False
    )
    try:
        if with_form:
            form = sixty_field_form()
            body = json.dumps({"form": form_to_dict(form)}).encode()
            forms.store(vault, form, "2026-01-01T00:00:00Z", body, b"")
        if not parts:
            seconds, result = timed(lambda: importing.import_jsonl(vault, jsonl))
            print(json.dumps({"seconds": seconds, "imported": result.imported}))
            return
        in_one_process = bulk.prepared_chunks(
            jsonl,
            default_status=Status.READY,
            default_organisation=ORGANISATION,
            saved="2026-01-01T00:00:00Z",
            parallel=False,
            forms=importing.form_set(vault),
        )
        prepare_s, chunks = timed(lambda: list(in_one_process))
        write_s, _ = timed(lambda: importing.import_prepared(vault, chunks))
    finally:
        vault.close()
    print(json.dumps({"prepare_seconds": prepare_s, "write_seconds": write_s}))


if __name__ == "__main__":
    _child(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "1", sys.argv[4] == "1")


def _regex(report: Report) -> None:
    report.section("C. A hostile regex: (a+)+$ against 'aaa…!'")
    hostile = parse("regex(., '(a+)+$')")
    text = "a" * 100_000 + "!"
    ours = median([timed(lambda: evaluate(hostile, {}, text))[0] for _ in range(5)])
    pattern = re.compile("(a+)+$")
    rows = []
    for length in (16, 18, 20, 22):
        seconds, _ = timed(lambda length=length: pattern.search("a" * length + "!"))
        rows.append(f"{length} chars {_ms3(seconds)}")
    report.line(f"  fieldkit (RE2), 100,000 characters: {_ms3(ours)}")
    report.line(f"  baseline, Python's re (backtracking): {'; '.join(rows)} (doubles per char)")
    report.figures["forms_hostile_regex_ms"] = ours * 1000
