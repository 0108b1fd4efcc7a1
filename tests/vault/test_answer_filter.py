"""The list filtered by a form's select answer: the interviews filled with that form (any
version) whose answer is that choice (a select_multiple's: among its choices), counted as they
are listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fieldkit.core.canonical import canonical_json
from fieldkit.core.forms.model import form_from_dict
from fieldkit.core.record import validate
from fieldkit.vault import forms, records, search
from fieldkit.vault.search import AnswerIs, Query
from fieldkit.vault.store import Vault
from tests.builders import make_kit
from tests.xlsforms import RECORD

FORM: dict[str, Any] = {
    "id": "incident",
    "version": 1,
    "title": "Incident",
    "fields": [
        {
            "name": "detained",
            "type": "select_one",
            "labels": {"en": "Detained?"},
            "choices": [{"name": "yes"}, {"name": "no"}],
        },
        {
            "name": "who",
            "type": "select_multiple",
            "choices": [{"name": "police"}, {"name": "army"}, {"name": "guards"}],
        },
        {"name": "days", "type": "integer"},
    ],
}


def _store(vault: Vault, description: dict[str, Any]) -> None:
    body = canonical_json({"form": description})
    forms.store(vault, form_from_dict(description), "2026-01-01T00:00:00Z", body, b"file")


@pytest.fixture
def vault(tmp_path: Path):
    with make_kit(tmp_path / "kit") as vault:
        _store(vault, FORM)
        yield vault


def _add(vault: Vault, version: int, answers: dict[str, Any], quote: str) -> str:
    form = forms.load(vault, "incident", version)
    interview = validate({**RECORD, "quote": quote, "fields": answers}, form=form)
    return records.save(vault, interview).id


def test_the_list_is_filtered_by_a_select_one_answer(vault: Vault) -> None:
    yes = _add(vault, 1, {"detained": "yes", "days": 3}, "One.")
    _add(vault, 1, {"detained": "no"}, "Two.")
    _add(vault, 1, {}, "Three.")
    records.save(vault, validate({**RECORD, "quote": "No form."}))
    _store(vault, {**FORM, "version": 2})
    newer = _add(vault, 2, {"detained": "yes"}, "Four.")

    query = Query(answer=AnswerIs("incident", "detained", "yes"))
    assert {s.id for s in search.search(vault, query)} == {yes, newer}  # both versions
    assert search.count(vault, query) == 2
    assert search.count(vault, Query(answer=AnswerIs("incident", "detained", "no"))) == 1
    assert search.count(vault, Query(answer=AnswerIs("other", "detained", "yes"))) == 0
    # A name no field can have finds nothing (and is not read as a JSON path).
    assert search.count(vault, Query(answer=AnswerIs("incident", 'x"]', "yes"))) == 0
    # With the text search and a page, as the list asks.
    paged = Query(text="four", answer=AnswerIs("incident", "detained", "yes"), limit=10)
    assert [s.id for s in search.search(vault, paged)] == [newer]


def test_the_list_is_filtered_by_one_of_a_select_multiple_answers_choices(vault: Vault) -> None:
    both = _add(vault, 1, {"who": ["police", "army"]}, "One.")
    police = _add(vault, 1, {"who": ["police"]}, "Two.")
    _add(vault, 1, {"who": ["guards"]}, "Three.")
    _add(vault, 1, {"detained": "yes"}, "Four.")

    def found(choice: str) -> set[str]:
        query = Query(answer=AnswerIs("incident", "who", choice))
        listed = search.search(vault, query)
        assert search.count(vault, query) == len(listed)
        return {s.id for s in listed}

    assert found("police") == {both, police}
    assert found("army") == {both}
    assert len(found("guards")) == 1
    assert found("poli") == set()  # a whole choice, not a part of one
    assert found('police", "army') == set()
    # select_one answers still match as before.
    assert search.count(vault, Query(answer=AnswerIs("incident", "detained", "yes"))) == 1
    paged = Query(text="one", answer=AnswerIs("incident", "who", "army"), limit=10)
    assert [s.id for s in search.search(vault, paged)] == [both]


def test_only_select_fields_of_the_newest_versions_are_offered(vault: Vault) -> None:
    offered = [(form.ref, field.name) for form, field in search.answer_filters(vault)]
    assert offered == [("incident@1", "detained"), ("incident@1", "who")]  # not days
    _store(vault, {**FORM, "version": 2, "fields": FORM["fields"][:1]})
    offered = [(form.ref, field.name) for form, field in search.answer_filters(vault)]
    assert offered == [("incident@2", "detained")]
