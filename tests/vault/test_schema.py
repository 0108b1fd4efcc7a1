"""The one column list matches the tables the migrations make, and rows read back whole."""

from __future__ import annotations

from fieldkit.core.record import iso_utc, now_utc, validate
from fieldkit.vault import schema
from fieldkit.vault.store import Vault


def _columns(vault: Vault, table: str) -> tuple[str, ...]:
    return tuple(r[1] for r in vault.read(f"PRAGMA table_info({table})"))


def test_the_column_lists_are_the_tables_columns(vault: Vault) -> None:
    assert _columns(vault, "interviews") == ("rowid", *schema.INTERVIEW_COLUMNS)
    assert _columns(vault, "quotes") == schema.QUOTE_COLUMNS
    assert _columns(vault, "interview_tags") == schema.TAG_COLUMNS
    assert _columns(vault, "interview_fts") == schema.FTS_COLUMNS[1:]
    assert _columns(vault, "revisions") == schema.REVISION_COLUMNS


def test_a_row_reads_back_as_the_interview() -> None:
    interview = validate(
        {
            "interview_date": "2020-02-16",
            "place": "Masanchi",
            "role": "teacher",
            "consent": {"kind": "written", "share_with_partners": True},
            "tags": ["arson"],
            "quotes": [{"text": "The school burned.", "tags": ["fire"]}],
        }
    )
    saved = iso_utc(now_utc())
    row = schema.interview_row(
        interview, interview.content_hash(), interview.fingerprint(), saved, saved, 3
    )
    assert len(row) == len(schema.INTERVIEW_COLUMNS)
    assert row[schema.UPDATED_AT] == saved
    quotes = [q[1:] for q in schema.quote_rows(interview)]
    back = schema.interview_from_row((7, *row), quotes)
    assert back.content_dict() == interview.content_dict()
    assert back.revision == 3 and iso_utc(back.updated_at) == saved  # type: ignore[arg-type]
    params = schema.update_params(row, 7)
    assert params[-1] == 7 and interview.id not in params
    assert schema.UPDATE_INTERVIEW.count("?") == len(params)
    assert "created_at" not in schema.UPDATE_INTERVIEW
