"""Opening a vault an older fieldkit made: it is upgraded and nothing in it is lost.

The old vault is made by today's store code replaying only the migrations up to that
version, and the interview is written with that version's own table shape (written out here,
not taken from today's schema module, which follows the newest version).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit.core.record import Interview, Status, iso_utc, now_utc, validate
from fieldkit.vault import database, integrity, records, search
from fieldkit.vault.database import MIGRATIONS, SCHEMA_VERSION
from fieldkit.vault.store import Vault
from tests.helpers import FAST_KDF, PASSPHRASE, cli_in_process

OLDER = [version for version, _ in MIGRATIONS if version < SCHEMA_VERSION]

#: The interviews columns of schema 1 (after rowid): frozen, as every released schema is.
V1_COLUMNS = (
    "id, interview_date, place, country, role, organisation, language, interviewer, consent, "
    "tags, notes, status, quote_count, created_at, updated_at, revision, sha256, fingerprint"
)


def _interview() -> Interview:
    return validate(
        {
            "interview_date": "2020-02-16",
            "place": "Masanchi",
            "country": "KZ",
            "role": "shop owner",
            "organisation": "ADC Memorial",
            "language": "ru",
            "consent": {"kind": "oral", "quote_anonymously": True},
            "tags": ["arson"],
            "notes": "Met at the school.",
            "status": "ready",
            "quotes": [
                {"text": "They burned the houses on our street.", "tags": ["fire"]},
                {"text": "The police came in the morning."},
            ],
        }
    )


def _write_v1(vault: Vault, interview: Interview) -> None:
    """The interview as a schema-1 fieldkit saved it: row, quotes, tags, index, revision."""
    saved = iso_utc(now_utc())
    sha = interview.content_hash()
    assert interview.interview_date is not None
    row = (
        interview.id,
        interview.interview_date.isoformat(),
        interview.place,
        interview.country,
        interview.role,
        interview.organisation,
        interview.language,
        interview.interviewer,
        json.dumps(interview.consent.to_dict()),
        json.dumps(list(interview.tags)),
        interview.notes,
        interview.status.value,
        len(interview.quotes),
        saved,
        saved,
        1,
        sha,
        interview.fingerprint(),
    )
    tags = sorted({*interview.tags, *(t for q in interview.quotes for t in q.tags)})
    with vault.transaction("writing a schema-1 interview") as conn:
        cur = conn.execute(
            f"INSERT INTO interviews ({V1_COLUMNS}) VALUES ({','.join('?' * len(row))})", row
        )
        rowid = cur.lastrowid
        conn.executemany(
            "INSERT INTO quotes (interview_rowid, position, text, tags) VALUES (?,?,?,?)",
            [(rowid, n, q.text, json.dumps(list(q.tags))) for n, q in enumerate(interview.quotes)],
        )
        conn.executemany(
            "INSERT INTO interview_tags (tag, interview_rowid) VALUES (?,?)",
            [(tag, rowid) for tag in tags],
        )
        conn.execute(
            "INSERT INTO interview_fts (rowid, quotes, role, place, tags) VALUES (?,?,?,?,?)",
            (
                rowid,
                "\n\n".join(q.text for q in interview.quotes),
                interview.role,
                interview.place,
                " ".join(tags),
            ),
        )
        conn.execute(
            "INSERT INTO revisions (interview_id, number, saved_at, sha256, prev_sha256) "
            "VALUES (?,?,?,?,NULL)",
            (interview.id, 1, saved, sha),
        )


def _old_vault(path: Path, version: int, monkeypatch: pytest.MonkeyPatch) -> Interview:
    """A closed vault at schema ``version`` holding one interview; returns the interview."""
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= version])
        vault, _ = Vault.create(path, PASSPHRASE, organisation="ADC Memorial", kdf=FAST_KDF)
        try:
            assert vault.read("SELECT max(version) FROM schema_migrations")[0][0] == version
            interview = _interview()
            _write_v1(vault, interview)
            if version >= 12:
                # No later migration rebuilds the index: the private notes indexed as the
                # fieldkit of schema 12 did when it saved.
                with vault.transaction("indexing the notes as schema 12 did") as conn:
                    tags = {*interview.tags, *(t for q in interview.quotes for t in q.tags)}
                    conn.execute("DELETE FROM interview_fts WHERE rowid = 1")
                    conn.execute(
                        "INSERT INTO interview_fts (rowid, quotes, role, place, tags, notes) "
                        "VALUES (1,?,?,?,?,?)",
                        (
                            "\n\n".join(q.text for q in interview.quotes),
                            interview.role,
                            interview.place,
                            " ".join(sorted(tags)),
                            interview.notes,
                        ),
                    )
        finally:
            vault.close()
    return interview


def test_older_schemas_exist_to_upgrade_from() -> None:
    assert OLDER and OLDER[0] == 1


@pytest.mark.parametrize("version", OLDER)
def test_a_vault_of_an_older_schema_is_upgraded_with_its_interview_intact(
    tmp_path: Path,
    version: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "vault"
    written = _old_vault(path, version, monkeypatch)
    with Vault.open(path, PASSPHRASE) as vault:
        applied = [r[0] for r in vault.read("SELECT version FROM schema_migrations ORDER BY 1")]
        assert applied == [v for v, _ in MIGRATIONS]
        got = records.get(vault, written.id)
        assert got.content_dict() == written.content_dict()
        assert got.content_hash() == written.content_hash()
        assert (got.status, got.revision, got.notes) == (Status.READY, 1, "Met at the school.")
        assert [s.id for s in search.search(vault, search.Query(text="burned hou"))] == [written.id]
        # The index is built again with the private notes (schema 11), the tags kept.
        assert [s.id for s in search.search(vault, search.Query(text="school"))] == [written.id]
        assert search.count(vault, search.Query(text="arson fire")) == 1
        assert search.count(vault, search.Query(tag="fire")) == 1
        assert search.known_places(vault) == ["Masanchi"]
        assert records.organisation(vault) == "ADC Memorial"
        assert integrity.check(vault).ok
        # The upgraded vault takes new revisions like any other.
        records.save(vault, validate({**written.to_dict(), "notes": "Met at the market."}))
        assert records.get(vault, written.id).revision == 2
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    code, out, err = cli_in_process(capsys, "check", "--vault", str(path))
    assert (code, err) == (0, "")
    assert "vault is sound: 1 interview, 2 revisions" in out
