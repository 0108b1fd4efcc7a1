"""Saving, reading and removing single interviews in an open :class:`~fieldkit.vault.store.Vault`.

Every save of changed content adds a revision (hashes only) to the interview's trail.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from fieldkit.core.errors import FieldkitError, NotFound, Purged, StaleSave
from fieldkit.core.record import (
    Interview,
    Status,
    iso_utc,
    new_id,
    normalise_tags,
    now_iso,
    now_utc,
    parse_utc,
)
from fieldkit.vault import attachments, blobs, review, schema
from fieldkit.vault.database import forget_removed_words
from fieldkit.vault.settings import FORGET_PENDING, ORGANISATION
from fieldkit.vault.store import Vault


def organisation(vault: Vault) -> str:
    """The organisation new interviews default to (kept inside the vault)."""
    return str(vault.get_setting(ORGANISATION) or "")


# --- writing ----------------------------------------------------------------------------


def _row(interview: Interview, sha: str, saved: str) -> tuple[Any, ...]:
    """The row of a save at time ``saved`` (the creation time and revision come with it)."""
    created = iso_utc(interview.created_at) if interview.created_at else saved
    return schema.interview_row(
        interview, sha, interview.fingerprint(), created, saved, interview.revision
    )


class _Writer:
    """Insert/replace rows for one interview inside an open transaction."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def insert(self, interview: Interview, rowid: int | None, sha: str, saved: str) -> int:
        cur = self.conn.execute(schema.INSERT_INTERVIEW, (rowid, *_row(interview, sha, saved)))
        new_rowid = int(cur.lastrowid if rowid is None else rowid)
        self._children(new_rowid, interview)
        return new_rowid

    def _children(self, rowid: int, interview: Interview) -> None:
        self.conn.executemany(
            schema.INSERT_QUOTE, [(rowid, *q) for q in schema.quote_rows(interview)]
        )
        self.conn.executemany(
            schema.INSERT_TAG, [(tag, rowid) for tag in schema.all_tags(interview)]
        )
        self.conn.execute(schema.INSERT_FTS, (rowid, *schema.fts_fields(interview)))

    def replace(self, rowid: int, interview: Interview, sha: str, saved: str) -> None:
        self.conn.execute("DELETE FROM quotes WHERE interview_rowid = ?", (rowid,))
        self.conn.execute("DELETE FROM interview_tags WHERE interview_rowid = ?", (rowid,))
        self.conn.execute("DELETE FROM interview_fts WHERE rowid = ?", (rowid,))
        row = _row(interview, sha, saved)
        self.conn.execute(schema.UPDATE_INTERVIEW, schema.update_params(row, rowid))
        self._children(rowid, interview)

    def revision(
        self, interview_id: str, number: int, saved: str, sha: str, prev: str | None
    ) -> None:
        self.conn.execute(schema.INSERT_REVISION, (interview_id, number, saved, sha, prev))


#: The tag a conflicting copy carries (see :func:`save`).
CONFLICT_TAG = "conflicting copy"


def save(
    vault: Vault,
    interview: Interview,
    *,
    now: datetime | None = None,
    base_revision: int | None = None,
) -> Interview:
    """Store ``interview``: a new revision when its content changed, else just its status.

    Returns the interview as stored (revision number and times filled in). When the content
    changed, the write-ahead log is checkpointed and emptied afterwards: text replaced while
    anonymising must not survive in older copies of the pages there.

    ``base_revision`` is the revision the edits started from. When the stored revision is
    newer and its content differs, the save is refused with :class:`StaleSave`: the stored
    version stays, and the refused content is kept as a new draft tagged
    :data:`CONFLICT_TAG` (in the same transaction), so neither version is lost.
    """
    with vault.transaction("saving an interview") as conn:
        before = conn.execute(
            "SELECT revision, sha256, form_id, form_version, answers FROM interviews WHERE id = ?",
            (interview.id,),
        ).fetchone()
        if before is not None and interview.form is None and before[2] is not None:
            interview = _keeping_answers(interview, before[2:])
        if (
            before is not None
            and base_revision is not None
            and before[0] > base_revision
            and before[1] != interview.content_hash()
            and not _purged(conn, interview.id)  # purged: save_in refuses, keeping no copy
        ):
            copy = save_in(conn, conflicting_copy(interview), iso_utc(now or now_utc()))
            stale = StaleSave(
                f"this interview was changed elsewhere (now revision {before[0]}) after it "
                f"was opened (revision {base_revision}); the stored version was kept and "
                "these edits were kept as a separate draft tagged 'conflicting copy'",
                copy.id,
            )
        else:
            stale = None
            stored = save_in(conn, interview, iso_utc(now or now_utc()))
    if stale is not None:
        raise stale
    if before is not None and before[0] != stored.revision:
        # Committed already: a checkpoint that fails (disk full) is retried on close.
        with contextlib.suppress(FieldkitError):
            vault.checkpoint()
    return stored


def conflicting_copy(interview: Interview) -> Interview:
    """``interview``'s content as a new draft with its own id, tagged :data:`CONFLICT_TAG`."""
    return replace(
        interview,
        id=new_id(),
        status=Status.DRAFT,
        tags=normalise_tags((*interview.tags, CONFLICT_TAG)),
        revision=0,
        created_at=None,
        updated_at=None,
    )


def save_all(
    vault: Vault, interviews: Iterable[Interview], *, context: str = "saving"
) -> list[Interview]:
    """Store several interviews in one transaction: all of them, or none."""
    saved = now_iso()
    with vault.transaction(context) as conn:
        return [save_in(conn, interview, saved) for interview in interviews]


def save_in(conn: Any, interview: Interview, saved: str) -> Interview:
    """:func:`save` inside a transaction the caller holds (``saved`` is the ISO time)."""
    writer = _Writer(conn)
    current = conn.execute(
        "SELECT rowid, revision, sha256, created_at, status, updated_at, form_id, form_version, "
        "answers FROM interviews WHERE id = ?",
        (interview.id,),
    ).fetchone()
    if current is not None and interview.form is None and current[6] is not None:
        interview = _keeping_answers(interview, current[6:])
    sha = interview.content_hash()
    if current is None:
        stored = replace(
            interview, revision=1, created_at=parse_utc(saved), updated_at=parse_utc(saved)
        )
        writer.insert(stored, None, sha, saved)
        writer.revision(stored.id, 1, saved, sha, None)
        return stored
    rowid, revision, old_sha, created_at, old_status, updated_at = current[:6]
    if old_sha != sha and _purged(conn, interview.id):
        raise Purged(
            "this interview was confirmed by HQ and removed from this computer; it cannot be "
            "edited: record new testimony as a new interview"
        )
    if old_sha == sha:
        if old_status != interview.status.value:
            conn.execute(
                "UPDATE interviews SET status = ?, updated_at = ? WHERE rowid = ?",
                (interview.status.value, saved, rowid),
            )
        else:
            saved = updated_at
        return replace(
            interview,
            revision=revision,
            created_at=parse_utc(created_at),
            updated_at=parse_utc(saved),
        )
    stored = replace(
        interview,
        revision=revision + 1,
        created_at=parse_utc(created_at),
        updated_at=parse_utc(saved),
    )
    writer.replace(rowid, stored, sha, saved)
    writer.revision(stored.id, stored.revision, saved, sha, old_sha)
    review.prune_in(conn, stored)
    conn.execute(
        "INSERT OR IGNORE INTO settings (key, value) VALUES (?, 'true')", (FORGET_PENDING.key,)
    )
    return stored


def _keeping_answers(interview: Interview, stored: Sequence[Any]) -> Interview:
    """``interview`` with the form, version and answers stored for it.

    A save that names no form (the editor, which does not show forms yet) keeps them: an
    edit never drops answers, and an old interview keeps the version it was filled with.
    """
    form_id, version, answers = stored
    kept = schema.form_of(form_id, version, answers)
    return replace(interview, **kept)


def _purged(conn: Any, interview_id: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM confirmed WHERE interview_id = ? AND purged_at IS NOT NULL",
        (interview_id,),
    ).fetchone()
    return row is not None


def is_purged(vault: Vault, interview_id: str) -> bool:
    """Whether HQ confirmed this interview and its quotes and notes were removed here."""
    with vault.lock:
        return _purged(vault.conn, interview_id)


def set_status(vault: Vault, ids: Iterable[str], status: Status) -> int:
    """Set the status of several interviews at once; returns how many changed."""
    saved = now_iso()
    with vault.transaction("changing status") as conn:
        changed = 0
        for interview_id in ids:
            cur = conn.execute(
                "UPDATE interviews SET status = ?, updated_at = ? WHERE id = ? AND status != ?",
                (status.value, saved, interview_id, status.value),
            )
            changed += cur.rowcount
        return changed


def delete(vault: Vault, interview_id: str) -> None:
    """Remove an interview, its quotes, index entries, revision trail and attachments (their
    keys with the rows, then their files)."""
    with vault.transaction("deleting an interview") as conn:
        row = conn.execute("SELECT rowid FROM interviews WHERE id = ?", (interview_id,)).fetchone()
        if row is None:
            raise NotFound("no interview with that id")
        conn.execute("DELETE FROM interview_fts WHERE rowid = ?", (row[0],))
        erased = attachments.forget_in(conn, [interview_id])
        conn.execute("DELETE FROM interviews WHERE rowid = ?", (row[0],))
        conn.execute("DELETE FROM revisions WHERE interview_id = ?", (interview_id,))
        review.forget_in(conn, interview_id)
        forget_removed_words(conn)
    vault.checkpoint()
    blobs.erase(vault.path, erased)  # the keys are gone: the files are noise now


# --- reading -----------------------------------------------------------------------------


def resolve_id(vault: Vault, prefix: str) -> str:
    """The full id of the one interview whose id starts with ``prefix`` (at least 4 chars)."""
    prefix = prefix.strip().lower()
    if len(prefix) < 4 or not re.fullmatch(r"[0-9a-f-]+", prefix):
        raise NotFound("give at least the first four characters of an interview id")
    rows = vault.read(
        "SELECT id FROM interviews WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "g")
    )
    if not rows:
        raise NotFound("no interview has an id starting with " + prefix)
    if len(rows) > 1:
        raise NotFound("more than one interview has an id starting with " + prefix)
    return str(rows[0][0])


def get(vault: Vault, interview_id: str) -> Interview:
    """One interview with its quotes."""
    found = get_many(vault, [interview_id])
    if not found:
        raise NotFound("no interview with that id")
    return found[0]


def get_many(vault: Vault, ids: Sequence[str]) -> list[Interview]:
    """Several interviews with their quotes, in the order of ``ids`` (missing ones left out)."""
    return [interview for interview, _ in get_many_hashed(vault, ids)]


def get_many_hashed(vault: Vault, ids: Sequence[str]) -> list[tuple[Interview, str]]:
    """:func:`get_many` with each interview's content hash as stored with it (what
    :meth:`Interview.content_hash` computes, without computing it again)."""
    out: dict[str, tuple[Interview, str]] = {}
    sha = schema.IN_SELECT["sha256"]
    for start in range(0, len(ids), 500):
        part = list(ids[start : start + 500])
        marks = ",".join("?" * len(part))
        rows = vault.read(
            f"SELECT {schema.SELECT_INTERVIEW} FROM interviews WHERE id IN ({marks})", tuple(part)
        )
        rowids = [r[0] for r in rows]
        quotes: dict[int, list[Any]] = {r: [] for r in rowids}
        if rowids:
            for q in vault.read(
                f"SELECT {schema.SELECT_QUOTE} FROM quotes WHERE interview_rowid IN "
                f"({','.join('?' * len(rowids))}) ORDER BY interview_rowid, position",
                tuple(rowids),
            ):
                quotes[q[0]].append(q[1:])
        for r in rows:
            out[r[schema.ROW_ID]] = (schema.interview_from_row(r, quotes[r[0]]), r[sha])
    return [out[i] for i in ids if i in out]


def revisions(vault: Vault, interview_id: str) -> list[tuple[int, str, str, str | None]]:
    """(number, saved_at, sha256, prev_sha256) for each revision of one interview."""
    return [
        (int(r[0]), r[1], r[2], r[3])
        for r in vault.read(
            "SELECT number, saved_at, sha256, prev_sha256 FROM revisions "
            "WHERE interview_id = ? ORDER BY number",
            (interview_id,),
        )
    ]
