"""Search, filters and ordering of the interview list in a real (encrypted) vault."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fieldkit.core.record import Quote, Status
from fieldkit.vault import importing, records, search
from fieldkit.vault.store import Vault
from tests.vault.rows import add, numbered


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


def test_the_list_knows_what_hq_has_from_the_revisions_sent_and_confirmed() -> None:
    state, e = search.exchange_state, search.Exchange
    assert state(1, None, None, False) is e.NOT_SENT
    assert state(2, 2, None, False) is e.AWAITING
    assert state(3, 2, None, False) is e.CHANGED  # edited after sending: it goes again
    assert state(2, 2, 2, False) is e.CONFIRMED
    assert state(3, 2, 2, False) is e.CHANGED
    assert state(3, 2, 2, True) is e.CONFIRMED  # purged after HQ confirmed it


def test_the_list_counts_identifying_details_once_per_change(vault: Vault) -> None:
    phone = add(vault, quote="Call me on +996 555 123 456.")
    plain = add(vault, quote="We left at night.")
    assert search.cached_review_counts(vault, [phone, plain]) == {}  # not checked yet
    assert search.check_review_counts(vault, [phone, plain]) == {phone: 1, plain: 0}
    assert search.cached_review_counts(vault, [phone, plain]) == {phone: 1, plain: 0}
    # Changed content is checked again: the count kept was for the old text.
    records.save(
        vault, replace(records.get(vault, plain), quotes=(Quote("Call +996 555 000 111."),))
    )
    assert search.cached_review_counts(vault, [phone, plain]) == {phone: 1}
    assert search.cached_review_counts(vault, []) == {}
