"""Saving, revisions, ids and deleting in a real (encrypted) vault."""

from __future__ import annotations

import pytest

from fieldkit.core.errors import NotFound, StaleSave
from fieldkit.core.record import Status, validate
from fieldkit.vault import integrity, records, search
from fieldkit.vault.store import Vault
from tests.vault.rows import add


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


def test_ids_resolve_by_prefix_and_delete(vault: Vault) -> None:
    interview_id = add(vault)
    assert records.resolve_id(vault, interview_id[:6]) == interview_id
    with pytest.raises(NotFound):
        records.resolve_id(vault, "ffff0000")
    records.delete(vault, interview_id)
    assert search.count(vault) == 0 and search.count(vault, search.Query(text="words")) == 0
    assert records.revisions(vault, interview_id) == []


def test_settings_live_inside_the_vault(vault: Vault) -> None:
    vault.set_setting("recent_places", ["Tokmok", "Бишкек"])
    assert vault.get_setting("recent_places") == ["Tokmok", "Бишкек"]
    assert records.organisation(vault) == "ADC Memorial"


def test_a_stale_save_is_refused_and_both_versions_are_kept(vault: Vault) -> None:
    named = records.save(vault, validate({"place": "Korday", "quote": "Ruslan said so"}))
    anonymised = records.save(
        vault, validate({"id": named.id, "place": "Korday", "quote": "[a neighbour] said so"})
    )
    stale = validate({"id": named.id, "place": "Korday", "quote": "Ruslan said so, twice"})
    with pytest.raises(StaleSave) as refused:
        records.save(vault, stale, base_revision=named.revision)
    message = str(refused.value)
    assert "Ruslan" not in message and "neighbour" not in message
    assert "revision 2" in message and "revision 1" in message
    kept = records.get(vault, named.id)
    assert kept.quotes == anonymised.quotes and kept.revision == 2
    copy = records.get(vault, refused.value.copy_id)
    assert copy.id != named.id and copy.quotes == stale.quotes
    assert copy.status is Status.DRAFT and records.CONFLICT_TAG in copy.tags
    assert integrity.check(vault).ok


def test_a_save_based_on_the_stored_revision_or_the_same_content_goes_through(
    vault: Vault,
) -> None:
    first = records.save(vault, validate({"place": "Korday", "quote": "They came"}))
    second = records.save(
        vault,
        validate({"id": first.id, "place": "Korday", "quote": "They came at night"}),
        base_revision=first.revision,
    )
    assert second.revision == 2
    # Based on revision 1 but the same content as stored: nothing to lose, nothing refused.
    same = records.save(
        vault,
        validate({"id": first.id, "place": "Korday", "quote": "They came at night"}),
        base_revision=first.revision,
    )
    assert same.revision == 2
    assert len(search.search(vault, search.Query())) == 1
