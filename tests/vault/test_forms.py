"""Forms in the vault: the answers stored with each interview, checked by 'fieldkit check',
found by search, imported in bulk (in a worker process too), kept by edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit.core.canonical import canonical_json
from fieldkit.core.errors import ImportRejected, StaleSave
from fieldkit.core.forms.model import Form, form_from_dict
from fieldkit.core.record import validate
from fieldkit.vault import forms, importing, integrity, records, search
from fieldkit.vault.store import Vault
from tests.builders import make_kit
from tests.xlsforms import RECORD

FORM = {
    "id": "f",
    "version": 2,
    "title": "F",
    "fields": [
        {"name": "what", "type": "text"},
        {"name": "n", "type": "integer", "constraint": ". < 10"},
        {"name": "who", "type": "select_multiple", "choices": [{"name": "a"}, {"name": "b"}]},
    ],
}


def _store(vault: Vault, form: Form, published_at: str = "2026-01-01T00:00:00Z") -> None:
    body = canonical_json({"form": FORM | {"version": form.version}})
    forms.store(vault, form, published_at, body, b"file")


@pytest.fixture
def vault(tmp_path: Path):
    with make_kit(tmp_path / "kit") as vault:
        _store(vault, form_from_dict(FORM))
        yield vault


def test_answers_are_stored_read_back_and_checked(vault: Vault) -> None:
    form = forms.load(vault, "f")
    written = validate(
        {**RECORD, "fields": {"what": "The school burned", "n": "3", "who": "b a"}}, form=form
    )
    stored = records.save(vault, written)
    got = records.get(vault, stored.id)
    assert got.answers == (("n", 3), ("what", "The school burned"), ("who", ("a", "b")))
    assert got.content_hash() == written.content_hash()
    assert integrity.check(vault).ok
    found = search.search(vault, search.Query(text="school burn"))
    assert [s.id for s in found] == [stored.id]


def test_an_interview_without_a_form_is_stored_as_before(vault: Vault) -> None:
    stored = records.save(vault, validate(RECORD))
    row = vault.read(
        "SELECT form_id, form_version, answers FROM interviews WHERE id = ?", (stored.id,)
    )
    assert row == [(None, None, None)]
    assert records.get(vault, stored.id).content_dict() == validate(RECORD).content_dict() | {
        "id": stored.id
    }


def test_an_old_interview_keeps_its_version_when_a_new_one_is_loaded(vault: Vault) -> None:
    old = records.save(vault, validate({**RECORD, "fields": {"n": 1}}, form=forms.load(vault, "f")))
    newer = form_from_dict({**FORM, "version": 3})
    _store(vault, newer, "2026-02-01T00:00:00Z")
    assert forms.default(vault) == newer
    edited = records.save(
        vault, validate({**old.content_dict(), "form": None, "fields": None, "role": "teacher"})
    )
    assert (edited.form_version, dict(edited.answers)) == (2, {"n": 1})


@pytest.mark.parametrize("parallel", [False, True])
def test_bulk_import_checks_answers_in_the_worker_too(
    vault: Vault, tmp_path: Path, parallel: bool
) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        {**RECORD, "quote": f"Quote {n}.", "form": "f@2", "fields": {"n": n % 10, "who": ["a"]}}
        for n in range(30)
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    result = importing.import_jsonl(vault, path, parallel=parallel)
    assert result.imported == 30
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**RECORD, "quote": "X.", "fields": {"n": 12}}) + "\n")
    with pytest.raises(ImportRejected) as refused:
        importing.import_jsonl(vault, bad, parallel=parallel)
    assert [(line, p.field, p.code) for line, p in refused.value.problems] == [
        (1, "fields.n", "constraint")
    ]


def test_a_stale_edit_without_the_form_keeps_the_answers_in_its_conflicting_copy(
    vault: Vault,
) -> None:
    stored = records.save(
        vault, validate({**RECORD, "fields": {"n": 1}}, form=forms.load(vault, "f"))
    )
    records.save(
        vault,
        validate(
            {**stored.content_dict(), "form": "f@2", "fields": {"n": 2}},
            form=forms.load(vault, "f"),
        ),
    )
    stale = validate({**stored.content_dict(), "form": None, "fields": None, "role": "x"})
    with pytest.raises(StaleSave) as refused:
        records.save(vault, stale, base_revision=stored.revision)
    copy = records.get(vault, refused.value.copy_id)
    assert (copy.form, dict(copy.answers)) == ("f", {"n": 2})


def test_the_rebuilt_search_index_keeps_secure_delete(vault: Vault) -> None:
    """Schema 10 made the index anew; deleting an interview must still remove its words."""
    assert vault.read("SELECT v FROM interview_fts_config WHERE k = 'secure-delete'") == [(1,)]
