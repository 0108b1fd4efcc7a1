"""Bulk import in a real (encrypted) vault: all or nothing, duplicates, workers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fieldkit.core.errors import ImportRejected
from fieldkit.core.record import Status
from fieldkit.vault import bulk, importing, integrity, records, search
from fieldkit.vault.store import Vault
from tests.vault.rows import add, numbered


def test_import_is_all_or_nothing_and_names_every_bad_field(
    vault: Vault, fixture_rows: list[dict[str, object]]
) -> None:
    rows = numbered(fixture_rows)
    rows[2] = (3, {**fixture_rows[2], "interview_date": "2020-13-01"})
    rows[6] = (7, {**fixture_rows[6], "role": ""})
    rows.append((12, ["not", "an", "object"]))
    with pytest.raises(ImportRejected) as error:
        importing.import_records(vault, rows)
    assert {(line, p.field) for line, p in error.value.problems} == {
        (3, "interview_date"),
        (7, "role"),
        (12, "record"),
    }
    assert search.count(vault) == 0


def test_import_skips_what_is_already_there(
    vault: Vault, fixture_rows: list[dict[str, object]]
) -> None:
    first = importing.import_records(vault, numbered(fixture_rows))
    assert (first.imported, first.quotes, first.skipped_duplicates) == (11, 11, 0)
    again = importing.import_records(vault, numbered(fixture_rows))
    assert (again.imported, again.skipped_duplicates) == (0, 11)
    assert search.count(vault) == 11


def test_import_group_merges_quotes_of_one_interview(
    vault: Vault, fixture_rows: list[dict[str, object]]
) -> None:
    result = importing.import_records(vault, numbered(fixture_rows), group=True)
    assert (result.imported, result.quotes) == (9, 11)
    merged = [s for s in search.search(vault) if s.quote_count == 3]
    assert len(merged) == 1
    quotes = records.get(vault, merged[0].id).quotes
    expected = [r["quote"] for r in fixture_rows if r["role"] == merged[0].role]
    assert [q.text for q in quotes] == expected


def test_import_uses_the_vaults_organisation_and_ready_status(vault: Vault) -> None:
    importing.import_records(
        vault,
        [
            (
                1,
                {
                    "interview_date": "2020-02-15",
                    "place": "Bishkek",
                    "role": "Dungan man",
                    "quote": "Words.",
                },
            )
        ],
    )
    [row] = search.search(vault)
    stored = records.get(vault, row.id)
    assert stored.organisation == "ADC Memorial" and stored.status is Status.READY


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("parallel", [False, True])
def test_jsonl_import_in_a_worker_process_stores_the_same(
    vault: Vault, fixture_rows: list[dict[str, object]], tmp_path: Path, parallel: bool
) -> None:
    rows = [*fixture_rows, {**fixture_rows[0], "place": "Тоқмоқ", "quote": "Мы стояли."}]
    result = importing.import_jsonl(vault, _jsonl(tmp_path / "in.jsonl", rows), parallel=parallel)
    assert (result.imported, result.quotes) == (12, 12)
    stored = sorted((s.place, s.role) for s in search.search(vault))
    assert stored == sorted((str(r["place"]), str(r["role"])) for r in rows)
    assert search.count(vault, search.Query(text="стояли")) == 1
    assert integrity.check(vault).ok


@pytest.mark.parametrize("parallel", [False, True])
def test_half_a_utf16_pair_is_one_line_refused_and_a_whole_pair_imports(
    vault: Vault, fixture_rows: list[dict[str, object]], tmp_path: Path, parallel: bool
) -> None:
    lone = {**fixture_rows[0], "quotes": [{"text": "They came \ud800 at night"}]}
    pair = {**fixture_rows[1], "quotes": [{"text": "They came \U0001f525 at night"}]}
    source = tmp_path / "in.jsonl"
    # json.dumps writes both as \u escapes, as a hostile or broken exporter would.
    source.write_text(json.dumps(lone) + "\n" + json.dumps(pair) + "\n", encoding="utf-8")
    assert "\\ud800" in source.read_text(encoding="utf-8")
    with pytest.raises(ImportRejected) as error:
        importing.import_jsonl(vault, source, parallel=parallel)
    assert [(line, p.code) for line, p in error.value.problems] == [(1, "bad_text")]
    assert vault.read("SELECT count(*) FROM interviews") == [(0,)]
    source.write_text(json.dumps(pair) + "\n", encoding="utf-8")
    assert importing.import_jsonl(vault, source, parallel=parallel).imported == 1


@pytest.mark.parametrize("parallel", [False, True])
def test_jsonl_import_refuses_bad_lines_in_a_worker_process_too(
    vault: Vault, fixture_rows: list[dict[str, object]], tmp_path: Path, parallel: bool
) -> None:
    source = _jsonl(tmp_path / "in.jsonl", fixture_rows)
    with open(source, "a", encoding="utf-8") as handle:
        handle.write("{broken\n")
        handle.write(json.dumps({**fixture_rows[0], "interview_date": "2999-01-01"}) + "\n")
    with pytest.raises(ImportRejected) as error:
        importing.import_jsonl(vault, source, parallel=parallel)
    assert {(line, p.code) for line, p in error.value.problems} == {
        (12, "bad_json"),
        (13, "future_date"),
    }
    assert search.count(vault) == 0


def test_import_refuses_an_id_already_in_the_vault(vault: Vault) -> None:
    interview_id = add(vault)
    with pytest.raises(ImportRejected) as error:
        importing.import_records(
            vault,
            [
                (
                    1,
                    {
                        "id": interview_id,
                        "interview_date": "2020-01-01",
                        "place": "Bishkek",
                        "role": "x",
                        "quote": "Other.",
                    },
                )
            ],
        )
    assert error.value.problems[0][1].code == "exists"
    assert search.count(vault) == 1


def test_import_names_unknown_fields(vault: Vault, tmp_path: Path) -> None:
    source = _jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "interview_date": "2020-02-16",
                "place": "Tokmok",
                "role": "witness",
                "quote": "Words.",
                "note": "misspelt notes",
                "Quotes": ["x"],
            }
        ],
    )
    with pytest.raises(ImportRejected) as error:
        importing.import_jsonl(vault, source)
    assert {(line, p.field, p.code) for line, p in error.value.problems} == {
        (1, "Quotes", "unknown_field"),
        (1, "note", "unknown_field"),
    }
    assert search.count(vault) == 0


def test_several_workers_share_an_import_in_file_order(
    vault: Vault, fixture_rows: list[dict[str, object]], tmp_path: Path, monkeypatch: Any
) -> None:
    """On a machine with cores to spare, two workers prepare at once: the vault holds every
    line as from one process, in file order, and a bad line is still named by its number."""
    monkeypatch.setattr(bulk, "CHUNK", 3)
    monkeypatch.setattr(bulk, "worker_count", lambda cores=None: 2)
    started: list[int] = []
    real = bulk.Worker.__init__

    def counted(self: bulk.Worker, processes: int = 1) -> None:
        started.append(processes)
        real(self, processes)

    monkeypatch.setattr(bulk.Worker, "__init__", counted)
    rows = [{**fixture_rows[n % 11], "place": f"Place {n:02d}"} for n in range(30)]
    source = _jsonl(tmp_path / "in.jsonl", rows)
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[25] = "{broken"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as refused:
        importing.import_jsonl(vault, source, parallel=True)
    assert [line for line, _ in refused.value.problems] == [26]
    assert search.count(vault, search.Query()) == 0
    lines[25] = json.dumps({**fixture_rows[3], "place": "Place 25"}, ensure_ascii=False)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert importing.import_jsonl(vault, source, parallel=True).imported == 30
    assert started == [2, 2]
    in_order = vault.conn.execute("SELECT place FROM interviews ORDER BY rowid").fetchall()
    assert [place for (place,) in in_order] == [f"Place {n:02d}" for n in range(30)]
    assert integrity.check(vault).ok


def test_one_core_is_left_to_the_writer_and_at_most_three_workers_prepare() -> None:
    assert [bulk.worker_count(cores) for cores in (1, 2, 3, 4, 16)] == [1, 1, 2, 3, 3]


class _Slow:
    """A worker whose jobs are never ready before they are waited for (as a worker slower
    than the writer): the writing process prepares chunks too."""

    def __init__(self) -> None:
        self.submitted: list[int] = []

    def submit(self, fn: Callable[..., Any], chunk: list[Any], options: Any) -> _Job:
        self.submitted.append(chunk[0][0])
        return _Job(lambda: fn(chunk, options))


class _Job:
    def __init__(self, run: Callable[[], Any]) -> None:
        self.run = run

    def ready(self) -> bool:
        return False

    def get(self) -> Any:
        return self.run()


def test_while_the_worker_is_behind_the_writer_prepares_chunks_too_and_order_is_kept(
    fixture_rows: list[dict[str, object]],
) -> None:
    """Chunks come back in file order whichever process prepared them, with the same rows
    and the same problems (the bad line of a chunk prepared here is named too)."""
    rows = [
        json.dumps({**fixture_rows[n % 11], "place": f"Place {n}"}, ensure_ascii=False)
        for n in range(40)
    ]
    rows[33] = "{broken"
    chunks = [[(n + 1, rows[n]) for n in range(start, start + 4)] for start in range(0, 40, 4)]
    options: dict[str, Any] = {
        "parse": True,
        "default_status": Status.READY,
        "default_organisation": "ADC Memorial",
        "saved": "2026-01-01T00:00:00Z",
        "forms": None,
    }
    worker = _Slow()
    shared = list(bulk._shared(chunks, worker, options))
    alone = [bulk.prepare_chunk(chunk, **options) for chunk in chunks]
    # The same rows in file order (ids are random: compared without them).
    places = [[p.row[2] for p in prepared] for prepared, _ in shared]
    assert places == [[p.row[2] for p in prepared] for prepared, _ in alone]
    assert [item.fingerprint for prepared, _ in shared for item in prepared] == [
        item.fingerprint for prepared, _ in alone for item in prepared
    ]
    assert [problems for _, problems in shared] == [problems for _, problems in alone]
    assert [line for _, problems in shared for line, _ in problems] == [34]
    # Both did some: the worker its queue, this process the chunks after it meanwhile.
    assert 0 < len(worker.submitted) < len(chunks)
