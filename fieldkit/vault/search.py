"""Finding interviews: the list's query, its rows, counts and completion lists."""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from fieldkit.core.anonymise.review import DETECTOR_VERSION, unreviewed
from fieldkit.core.forms.model import NAME, SELECTS, Field, Form
from fieldkit.core.record import Interview, Status, parse_utc
from fieldkit.vault import forms, records, review
from fieldkit.vault.store import Vault

_SUMMARY_COLUMNS = (
    "i.id, i.interview_date, i.place, i.role, i.quote_count, i.tags, i.status, i.updated_at, "
    "i.revision, (SELECT max(s.revision) FROM sent_entries s WHERE s.interview_id = i.id), "
    "(SELECT c.revision FROM confirmed c WHERE c.interview_id = i.id), "
    "(SELECT c.purged_at IS NOT NULL FROM confirmed c WHERE c.interview_id = i.id)"
)


class Exchange(enum.StrEnum):
    """Where an interview stands with HQ, as this kit knows it."""

    NOT_SENT = "not_sent"  # never in a bundle
    CHANGED = "changed"  # edited since it was last sent (or confirmed)
    AWAITING = "awaiting"  # sent as it is; HQ's receipt for it not applied yet
    CONFIRMED = "confirmed"  # HQ confirmed it as it is (or it was purged after that)


def exchange_state(
    revision: int, sent: int | None, confirmed: int | None, purged: bool
) -> Exchange:
    """From the revision now, the last one sent and the one HQ confirmed."""
    if confirmed is not None and (purged or confirmed == revision):
        return Exchange.CONFIRMED
    if sent == revision:
        return Exchange.AWAITING
    if sent is not None or confirmed is not None:
        return Exchange.CHANGED
    return Exchange.NOT_SENT


class SortKey(enum.StrEnum):
    """Columns the interview list can be ordered by."""

    DATE = "date"
    PLACE = "place"
    ROLE = "role"
    QUOTES = "quotes"
    STATUS = "status"


_SORT_SQL = {
    SortKey.PLACE: "i.place COLLATE NOCASE",
    SortKey.ROLE: "i.role COLLATE NOCASE",
    SortKey.QUOTES: "i.quote_count",
    SortKey.STATUS: "i.status",
}


@dataclass(frozen=True)
class AnswerIs:
    """Interviews filled with form ``form_id`` (any version) whose ``field`` has the answer
    ``choice``: a select_one's answer, or one of a select_multiple's."""

    form_id: str
    field: str
    choice: str


@dataclass(frozen=True)
class Query:
    """What the list shows: full-text search and filters; newest first unless ``sort`` says."""

    text: str = ""
    date_from: date | None = None
    date_to: date | None = None
    place: str = ""
    tag: str = ""
    status: Status | None = None
    answer: AnswerIs | None = None
    limit: int | None = None
    offset: int = 0
    sort: SortKey = SortKey.DATE
    descending: bool = True


@dataclass(frozen=True)
class Summary:
    """One row of the interview list."""

    id: str
    interview_date: date | None
    place: str
    role: str
    quote_count: int
    tags: tuple[str, ...]
    status: Status
    updated_at: datetime
    exchange: Exchange = Exchange.NOT_SENT

    @classmethod
    def of(cls, interview: Interview) -> Summary:
        """The list row for a saved interview (the same fields :func:`search` returns)."""
        assert interview.updated_at is not None
        return cls(
            id=interview.id,
            interview_date=interview.interview_date,
            place=interview.place,
            role=interview.role,
            quote_count=len(interview.quotes),
            tags=interview.tags,
            status=interview.status,
            updated_at=interview.updated_at,
        )


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_expression(text: str) -> str | None:
    """A safe FTS5 query for what a person typed: every word must occur; the last may be
    the start of a word (search as you type). None when there is no word to search."""
    words = _WORD.findall(text)
    if not words:
        return None
    terms = [f'"{w}"' for w in words]
    terms[-1] += "*"
    return " ".join(terms)


#: Every interview has exactly one row in ``interview_fts`` under its own rowid: they are
#: written and deleted together, so the index alone can count text matches.
_MATCHES = "i.rowid IN (SELECT rowid FROM interview_fts WHERE interview_fts MATCH ?)"


def _where(query: Query) -> tuple[str, list[Any]]:
    clauses, params = [], []
    expression = fts_expression(query.text)
    if expression:
        clauses.append(_MATCHES)
        params.append(expression)
    if query.date_from:
        clauses.append("i.interview_date >= ?")
        params.append(query.date_from.isoformat())
    if query.date_to:
        clauses.append("i.interview_date <= ?")
        params.append(query.date_to.isoformat())
    if query.place.strip():
        clauses.append("i.place LIKE ? ESCAPE '\\'")
        escaped = query.place.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    if query.tag.strip():
        clauses.append("i.rowid IN (SELECT interview_rowid FROM interview_tags WHERE tag = ?)")
        params.append(query.tag.strip())
    if query.status:
        clauses.append("i.status = ?")
        params.append(query.status.value)
    if query.answer is not None:
        answer = query.answer
        if NAME.fullmatch(answer.field):  # a name has no quote to end the JSON path early
            # json_each gives a select_one's answer as one row, a select_multiple's
            # choices one row each: the choice matches either way.
            clauses.append(
                "i.form_id = ? AND EXISTS "
                "(SELECT 1 FROM json_each(i.answers, ?) AS a WHERE a.value = ?)"
            )
            params += [answer.form_id, f'$."{answer.field}"', answer.choice]
        else:
            clauses.append("0")  # no field has such a name
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return where, params


def _newest_first(query: Query) -> bool:
    """Whether to walk ``interviews_newest`` and test each row against the text/tag sets.

    For one page of a text or tag search this stops after the page is full, where SQLite's
    own choice (look up every match, then sort) reads and decrypts a row per match: with
    50,000 matches that is ~100 ms against ~5. Without a limit every match is read anyway,
    and place or status filters are better served by SQLite's choice, so it is left to it.
    """
    return (
        query.limit is not None
        and query.sort is SortKey.DATE
        and query.descending
        and bool(fts_expression(query.text) or query.tag.strip())
        and not query.place.strip()
        and not query.status
        and query.answer is None
    )


def _order(query: Query) -> str:
    direction = "DESC" if query.descending else "ASC"
    newest = f"i.interview_date {direction}, i.created_at {direction}, i.rowid {direction}"
    if query.sort is SortKey.DATE:
        return newest
    # Ties (the same place, role …) stay newest first, whichever way the column goes.
    return (
        f"{_SORT_SQL[query.sort]} {direction}, "
        "i.interview_date DESC, i.created_at DESC, i.rowid DESC"
    )


def search(vault: Vault, query: Query = Query()) -> list[Summary]:
    """The interviews ``query`` selects, in its order (newest interview date first)."""
    where, params = _where(query)
    source = "interviews i INDEXED BY interviews_newest" if _newest_first(query) else "interviews i"
    sql = f"SELECT {_SUMMARY_COLUMNS} FROM {source}{where} ORDER BY {_order(query)}"
    if query.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [query.limit, query.offset]
    return [_summary(r) for r in vault.read(sql, tuple(params))]


def _summary(r: Any) -> Summary:
    return Summary(
        id=r[0],
        interview_date=date.fromisoformat(r[1]) if r[1] else None,
        place=r[2],
        role=r[3],
        quote_count=int(r[4]),
        tags=tuple(json.loads(r[5])),
        status=Status(r[6]),
        updated_at=parse_utc(r[7]),
        exchange=exchange_state(int(r[8]), r[9], r[10], bool(r[11])),
    )


def summary(vault: Vault, interview_id: str) -> Summary | None:
    """The list row of one interview (None if there is none with that id)."""
    sql = f"SELECT {_SUMMARY_COLUMNS} FROM interviews i WHERE i.id = ?"
    rows = vault.read(sql, (interview_id,))
    return _summary(rows[0]) if rows else None


def count(vault: Vault, query: Query = Query()) -> int:
    """How many interviews ``query`` selects (ignoring limit and offset)."""
    expression = fts_expression(query.text)
    if expression and replace(query, text="", limit=None, offset=0) == Query():
        # Text alone: the full-text index counts its matches without reading any row.
        sql, params = "SELECT count(*) FROM interview_fts WHERE interview_fts MATCH ?", [expression]
    else:
        where, params = _where(query)
        sql = f"SELECT count(*) FROM interviews i{where}"
    return int(vault.read(sql, tuple(params))[0][0])


def cached_review_counts(vault: Vault, ids: Sequence[str]) -> dict[str, int]:
    """Identifying details nobody reviewed, per interview id, for those whose count the
    export guard's cache holds for their content as it is now (the others are left out)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = vault.read(
        f"SELECT i.id, r.unreviewed FROM interviews i JOIN review_state r "
        f"ON r.interview_id = i.id AND r.checked = ? || ':' || i.sha256 WHERE i.id IN ({marks})",
        (str(DETECTOR_VERSION), *ids),
    )
    return {r[0]: int(r[1]) for r in rows}


def check_review_counts(vault: Vault, ids: Sequence[str]) -> dict[str, int]:
    """Count what nobody reviewed in these interviews and keep the counts in the cache.

    Made to run off the GUI thread: the detector (tens of milliseconds an interview) runs
    without holding the vault, which is taken only to read the interviews and to write the
    counts. A count for content changed meanwhile is kept under the old content's hash, so
    it is never taken for the new one."""
    found = records.get_many(vault, list(ids))
    dismissed = {i.id: review.dismissed(vault, i.id) for i in found}
    counts = {i.id: len(unreviewed(i, dismissed[i.id])) for i in found}
    with vault.transaction("keeping the counts of identifying details") as conn:
        review.cache_in(conn, [(i.id, review.check_key(i), counts[i.id]) for i in found])
    return counts


def known_places(vault: Vault, limit: int = 200) -> list[str]:
    """Places already used, most recently used first (for completion)."""
    rows = vault.read(
        "SELECT place FROM interviews WHERE place != '' GROUP BY place "
        "ORDER BY max(updated_at) DESC LIMIT ?",
        (limit,),
    )
    return [r[0] for r in rows]


def known_tags(vault: Vault) -> list[str]:
    """Tags already used, most used first (for completion and the tag filter)."""
    rows = vault.read("SELECT tag FROM interview_tags GROUP BY tag ORDER BY count(*) DESC, tag")
    return [r[0] for r in rows]


def answer_filters(vault: Vault) -> list[tuple[Form, Field]]:
    """The select_one and select_multiple fields the list can be filtered by: those of the
    newest version of each loaded form, in form order (a filter names the form's id, so it
    finds older versions' interviews too)."""
    newest = {stored.form_id for stored in forms.stored(vault)}
    out = []
    for form_id in sorted(newest):
        form = forms.load(vault, form_id)
        out += [(form, f) for f in form.fields if f.type in SELECTS]
    return out
