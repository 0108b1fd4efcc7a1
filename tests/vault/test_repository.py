"""Saving, revisions, search and import in a real (encrypted) vault."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from fieldkit.core.errors import ImportRejected, NotFound
from fieldkit.core.record import Status, validate
from fieldkit.vault import importing, integrity, records, search
from fieldkit.vault.store import Vault


def numbered(rows: list[dict[str, object]]) -> list[tuple[int, dict[str, object]]]:
    return list(enumerate(rows, start=1))


def add(vault: Vault, **fields: object) -> str:
    raw: dict[str, object] = {
        "interview_date": "2020-02-16",
        "place": "Tokmok",
        "role": "Dungan man",
        "quote": "Some words.",
        "status": "ready",
    }
    raw.update(fields)
    return records.save(vault, validate(raw)).id


def test_save_appends_revisions_with_a_hash_chain(vault: Vault) -> None:
    first = records.save(vault, validate({"place": "Korday", "quote": "Named Ruslan said"}))
    assert first.revision == 1 and first.status is Status.DRAFT
    unchanged = records.save(
        vault, validate({"id": first.id, "place": "Korday", "quote": "Named Ruslan said"})
    )
    assert unchanged.revision == 1
    second = records.save(
        vault, validate({"id": first.id, "place": "Korday", "quote": "[his brother] said"})
    )
    assert second.revision == 2
    trail = records.revisions(vault, first.id)
    assert [r[0] for r in trail] == [1, 2]
    assert trail[0][3] is None and trail[1][3] == trail[0][2]
    assert trail[1][2] == second.content_hash()
    stored = records.get(vault, first.id)
    assert stored.quotes[0].text == "[his brother] said" and stored.revision == 2
    assert integrity.check(vault).ok


def test_earlier_revisions_keep_no_text(vault: Vault) -> None:
    interview = records.save(vault, validate({"place": "Korday", "quote": "Ruslan Dzhumabaev"}))
    records.save(vault, validate({"id": interview.id, "place": "Korday", "quote": "[a neighbour]"}))
    for table in ("interviews", "quotes", "revisions", "settings"):
        for row in vault.read(f"SELECT * FROM {table}"):
            assert "Dzhumabaev" not in repr(row)
    assert search.search(vault, search.Query(text="Dzhumabaev")) == []
    assert len(search.search(vault, search.Query(text="neighbour"))) == 1


def test_status_change_is_not_a_new_revision(vault: Vault) -> None:
    interview_id = add(vault)
    records.set_status(vault, [interview_id], Status.SENT)
    stored = records.get(vault, interview_id)
    assert stored.status is Status.SENT and stored.revision == 1
    assert integrity.check(vault).ok


def test_search_and_filters_newest_first(
    vault: Vault, fixture_rows: list[dict[str, object]]
) -> None:
    importing.import_records(vault, numbered(fixture_rows))
    everything = search.search(vault)
    assert len(everything) == 11 == search.count(vault)
    dates = [s.interview_date for s in everything]
    assert dates == sorted(dates, reverse=True)
    hits = search.search(vault, search.Query(text="nine hours"))
    assert [h.place for h in hits] == ["Tokmok"]
    assert len(search.search(vault, search.Query(text="nin"))) >= 1  # prefix while typing
    assert search.count(vault, search.Query(text="Dungan", place="bishkek")) == 4
    feb14 = search.search(
        vault, search.Query(date_from=date(2020, 2, 14), date_to=date(2020, 2, 14))
    )
    assert {s.interview_date for s in feb14} == {date(2020, 2, 14)}
    assert search.search(vault, search.Query(text='"; DROP TABLE quotes; --')) == []
    assert search.search(vault, search.Query(status=Status.DRAFT)) == []
    page = search.search(vault, search.Query(limit=4, offset=4))
    assert [p.id for p in page] == [s.id for s in everything[4:8]]


def test_search_finds_cyrillic_and_kazakh_case_insensitively(vault: Vault) -> None:
    add(vault, quote="Мы стояли так ДЕВЯТЬ часов.", place="Тоқмоқ", tags=["погром"])
    assert len(search.search(vault, search.Query(text="девять"))) == 1
    assert len(search.search(vault, search.Query(text="тоқм"))) == 1
    assert len(search.search(vault, search.Query(tag="погром"))) == 1
    assert search.known_tags(vault) == ["погром"]
    assert search.known_places(vault) == ["Тоқмоқ"]


def test_tags_of_quotes_are_searchable_and_filterable(vault: Vault) -> None:
    add(vault, quote=None, quotes=[{"text": "One.", "tags": ["arson"]}], tags=["pogrom"])
    assert search.count(vault, search.Query(tag="arson")) == 1
    assert search.count(vault, search.Query(tag="Pogrom")) == 1
    assert search.count(vault, search.Query(text="arson")) == 1


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


def test_ids_resolve_by_prefix_and_delete(vault: Vault) -> None:
    interview_id = add(vault)
    assert records.resolve_id(vault, interview_id[:6]) == interview_id
    with pytest.raises(NotFound):
        records.resolve_id(vault, "ffff0000")
    records.delete(vault, interview_id)
    assert search.count(vault) == 0 and search.count(vault, search.Query(text="words")) == 0
    assert records.revisions(vault, interview_id) == []


def test_check_detects_tampered_content_and_broken_chains(vault: Vault) -> None:
    interview_id = add(vault)
    assert integrity.check(vault).ok
    with vault.transaction() as conn:
        conn.execute("UPDATE quotes SET text = 'forged'")
    report = integrity.check(vault)
    assert not report.ok and "does not match the hash" in report.problems[0]
    with vault.transaction() as conn:
        conn.execute("UPDATE quotes SET text = 'Some words.'")
        conn.execute("UPDATE revisions SET number = 2 WHERE interview_id = ?", (interview_id,))
    assert any("revision 1 is missing" in p for p in integrity.check(vault).problems)


def test_settings_live_inside_the_vault(vault: Vault) -> None:
    vault.set_setting("recent_places", ["Tokmok", "Бишкек"])
    assert vault.get_setting("recent_places") == ["Tokmok", "Бишкек"]
    assert records.organisation(vault) == "ADC Memorial"


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


def test_search_orders_by_any_list_column(
    vault: Vault, fixture_rows: list[dict[str, object]]
) -> None:
    importing.import_records(vault, list(enumerate(fixture_rows, start=1)), group=True)
    by_place = search.search(vault, search.Query(sort=search.SortKey.PLACE, descending=False))
    assert [s.place for s in by_place] == sorted((s.place for s in by_place), key=str.casefold)
    by_quotes = search.search(vault, search.Query(sort=search.SortKey.QUOTES, limit=1))
    assert by_quotes[0].quote_count == 3
    oldest = search.search(vault, search.Query(descending=False, limit=3, offset=0))
    assert [s.interview_date for s in oldest] == sorted(
        s.interview_date for s in search.search(vault)
    )[:3]


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
