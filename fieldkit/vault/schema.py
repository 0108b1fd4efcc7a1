"""The shape of the rows an interview is stored as, named once.

``INTERVIEW_COLUMNS`` is the one list of the ``interviews`` table's columns (after ``rowid``);
the SQL that selects, inserts and updates them is generated from it, :func:`interview_row`
builds a row in that order and :func:`interview_from_row` reads one back by column name.
Adding a column is an edit here (the list, the builder, the reader) plus a migration.

The child rows (quotes, tags, the search index, revisions) are named here too. Everything is
pure (no database) and builds plain tuples: the bulk import calls it for every row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from fieldkit.core.canonical import canonical_json
from fieldkit.core.clip import Clip
from fieldkit.core.forms.answers import search_text
from fieldkit.core.record import (
    FIELDS,
    Consent,
    ConsentKind,
    Interview,
    Quote,
    Status,
    parse_utc,
)

#: The ``interviews`` columns after ``rowid``, in table order (the order of every row here).
INTERVIEW_COLUMNS = (
    *FIELDS,
    "quote_count",
    "created_at",
    "updated_at",
    "revision",
    "sha256",
    "fingerprint",
    "form_id",
    "form_version",
    "answers",
)
#: Position of each column in a row from :func:`interview_row` (no rowid in front).
AT = {name: n for n, name in enumerate(INTERVIEW_COLUMNS)}
UPDATED_AT = AT["updated_at"]

QUOTE_COLUMNS = ("interview_rowid", "position", "text", "tags", "clip")
TAG_COLUMNS = ("tag", "interview_rowid")
FTS_COLUMNS = ("rowid", "quotes", "role", "place", "tags", "notes", "answers")
REVISION_COLUMNS = ("interview_id", "number", "saved_at", "sha256", "prev_sha256")


def _insert(table: str, columns: Sequence[str], verb: str = "INSERT") -> str:
    return f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({','.join('?' * len(columns))})"


#: ``SELECT {SELECT_INTERVIEW} FROM interviews``: rowid, then every column, for the reader.
SELECT_INTERVIEW = "rowid, " + ", ".join(INTERVIEW_COLUMNS)
#: Parameters: rowid (None for the next one), then a row from :func:`interview_row`.
INSERT_INTERVIEW = _insert("interviews", ("rowid", *INTERVIEW_COLUMNS))
INSERT_QUOTE = _insert("quotes", QUOTE_COLUMNS)
INSERT_TAG = _insert("interview_tags", TAG_COLUMNS, "INSERT OR IGNORE")
INSERT_FTS = _insert("interview_fts", FTS_COLUMNS)
INSERT_REVISION = _insert("revisions", REVISION_COLUMNS)

#: A new revision replaces every column but the id and the creation time.
_KEPT = ("id", "created_at")
_UPDATED = tuple(n for n, name in enumerate(INTERVIEW_COLUMNS) if name not in _KEPT)
UPDATE_INTERVIEW = (
    "UPDATE interviews SET "
    + ", ".join(f"{INTERVIEW_COLUMNS[n]}=?" for n in _UPDATED)
    + " WHERE rowid=?"
)


def update_params(row: Sequence[Any], rowid: int) -> tuple[Any, ...]:
    """The parameters of :data:`UPDATE_INTERVIEW` for a row from :func:`interview_row`."""
    return (*(row[n] for n in _UPDATED), rowid)


@lru_cache(maxsize=64)
def consent_json(consent: Consent) -> str:
    return json.dumps(consent.to_dict())


def tags_json(tags: Sequence[str]) -> str:
    """A tag list as stored: a JSON array (most lists are empty: no encoder needed)."""
    return json.dumps(list(tags), ensure_ascii=False) if tags else "[]"


def interview_row(
    interview: Interview,
    sha: str,
    fingerprint: str,
    created: str,
    updated: str,
    revision: int,
    answers: str | None = None,
) -> tuple[Any, ...]:
    """The ``interviews`` columns after ``rowid``, in :data:`INTERVIEW_COLUMNS` order;
    ``answers`` is :func:`answers_json` when the caller has it already."""
    if answers is None and interview.form is not None:
        answers = answers_json(interview)
    return (
        interview.id,
        interview.interview_date.isoformat() if interview.interview_date else None,
        interview.place,
        interview.country,
        interview.role,
        interview.organisation,
        interview.language,
        interview.interviewer,
        consent_json(interview.consent),
        tags_json(interview.tags),
        interview.notes,
        interview.status.value,
        len(interview.quotes),
        created,
        updated,
        revision,
        sha,
        fingerprint,
        interview.form,
        interview.form_version,
        answers,
    )


def answers_json(interview: Interview) -> str:
    """The answers as stored: canonical JSON of the ``fields`` object."""
    return canonical_json(interview.form_dict()["fields"], checked=True).decode("utf-8")


#: Position of each column in a row selected with SELECT_INTERVIEW (rowid first).
IN_SELECT = {name: n + 1 for n, name in enumerate(INTERVIEW_COLUMNS)}
#: Position of the id in a row selected with SELECT_INTERVIEW.
ROW_ID = IN_SELECT["id"]


def interview_from_row(row: Sequence[Any], quote_rows: Iterable[Sequence[Any]]) -> Interview:
    """The interview a SELECT_INTERVIEW row holds, with its (text, tags JSON) quote rows."""
    at = IN_SELECT
    consent = json.loads(row[at["consent"]])
    day = row[at["interview_date"]]
    return Interview(
        id=row[at["id"]],
        interview_date=date.fromisoformat(day) if day else None,
        place=row[at["place"]],
        country=row[at["country"]],
        role=row[at["role"]],
        organisation=row[at["organisation"]],
        language=row[at["language"]],
        interviewer=row[at["interviewer"]],
        consent=Consent(
            ConsentKind(consent["kind"]) if consent.get("kind") else None,
            bool(consent.get("quote_anonymously")),
            bool(consent.get("share_with_partners")),
        ),
        tags=tuple(json.loads(row[at["tags"]])),
        notes=row[at["notes"]],
        status=Status(row[at["status"]]),
        created_at=parse_utc(row[at["created_at"]]),
        updated_at=parse_utc(row[at["updated_at"]]),
        revision=int(row[at["revision"]]),
        quotes=tuple(Quote(q[0], tuple(json.loads(q[1])), clip_of(q[2])) for q in quote_rows),
        **_form_of(row),
    )


def _form_of(row: Sequence[Any]) -> dict[str, Any]:
    """The form, version and answers of a SELECT_INTERVIEW row (nothing when it has no form)."""
    at = IN_SELECT
    return form_of(row[at["form_id"]], row[at["form_version"]], row[at["answers"]])


def form_of(form_id: str | None, version: int | None, answers: str | None) -> dict[str, Any]:
    """The ``form``, ``form_version`` and ``answers`` of an Interview from the stored columns."""
    if form_id is None:
        return {}
    stored = json.loads(answers or "{}")
    return {
        "form": form_id,
        "form_version": int(version or 0),
        "answers": tuple(
            (name, tuple(value) if isinstance(value, list) else value)
            for name, value in sorted(stored.items())
        ),
    }


#: ``SELECT {SELECT_QUOTE} FROM quotes``: what :func:`interview_from_row` reads of a quote.
SELECT_QUOTE = "interview_rowid, text, tags, clip"


def quote_rows(interview: Interview) -> list[tuple[int, str, str, str | None]]:
    """(position, text, tags JSON, clip JSON or None) for each quote: a ``quotes`` row after
    its interview_rowid."""
    return [
        (n, q.text, tags_json(q.tags), None if q.clip is None else json.dumps(q.clip.to_dict()))
        for n, q in enumerate(interview.quotes)
    ]


def clip_of(stored: str | None) -> Clip | None:
    """A quote's clip from its stored JSON."""
    if stored is None:
        return None
    data = json.loads(stored)
    return Clip(data["attachment"], int(data["start_ms"]), int(data["end_ms"]))


def all_tags(interview: Interview) -> set[str]:
    """The ``interview_tags`` of an interview: its own tags and its quotes', once each."""
    tags = {t.casefold(): t for q in interview.quotes for t in q.tags}
    tags.update({t.casefold(): t for t in interview.tags})
    return set(tags.values())


def fts_fields(interview: Interview) -> tuple[str, str, str, str, str, str]:
    """An ``interview_fts`` row after its rowid (the private notes too: the index, like
    the notes, stays on this computer)."""
    tags = [*interview.tags, *(t for q in interview.quotes for t in q.tags)]
    return (
        "\n\n".join(q.text for q in interview.quotes),
        interview.role,
        interview.place,
        " ".join(tags),
        interview.notes,
        search_text(interview.answers),
    )
