"""The anonymisation review as the vault keeps it: dismissals and the export guard's cache.

Dismissals ("not identifying") live in ``review_dismissed``, per interview. ``review_state``
caches how many findings of an interview's current content are unreviewed, keyed by the
detector version and the content hash, so that an export checks each interview once per
change instead of running the detector over the whole vault every time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from fieldkit.core.anonymise.detect import FindingKind
from fieldkit.core.anonymise.review import (
    DETECTOR_VERSION,
    Dismissal,
    Spot,
    dismissal,
    still_present,
)
from fieldkit.core.anonymise.review import unreviewed as _unreviewed
from fieldkit.core.record import Interview
from fieldkit.vault.forms import parse_stored
from fieldkit.vault.store import Vault

__all__ = [
    "cache_in",
    "check_key",
    "dismiss",
    "dismissed",
    "forget_in",
    "pending",
    "prune_in",
    "unreviewed_counts_in",
]


def sensitive_in(conn: Any, interview: Interview) -> frozenset[str]:
    """The fields of the interview's form that its anonymisation review covers (marked
    sensitive in the form); none without a form, or when its version is not here."""
    if interview.form is None:
        return frozenset()
    return _sensitive_of(conn, interview.form, interview.form_version or 0)


def _sensitive_of(conn: Any, form_id: str, version: int) -> frozenset[str]:
    row = conn.execute(
        "SELECT body FROM forms WHERE form_id = ? AND version = ?", (form_id, version)
    ).fetchone()
    if row is None:
        return frozenset()
    return _sensitive_fields(bytes(row[0]))


@functools.lru_cache(maxsize=16)
def _sensitive_fields(body: bytes) -> frozenset[str]:
    return frozenset(f.name for f in parse_stored(body).fields if f.sensitive)


def _dismissed_in(conn: Any, interview_id: str) -> set[Dismissal]:
    rows = conn.execute(
        "SELECT kind, text FROM review_dismissed WHERE interview_id = ?", (interview_id,)
    ).fetchall()
    return {(r[0], r[1]) for r in rows}


def dismissed(vault: Vault, interview_id: str) -> set[Dismissal]:
    """What the researcher marked as not identifying in this interview."""
    with vault.lock:
        return _dismissed_in(vault.conn, interview_id)


def dismiss(vault: Vault, interview_id: str, kind: FindingKind | str, text: str) -> Dismissal:
    """Remember that a finding of ``kind`` reading ``text`` does not identify anyone."""
    key = dismissal(kind, text)
    with vault.transaction("marking a finding as not identifying") as conn:
        conn.execute(
            "INSERT OR IGNORE INTO review_dismissed (interview_id, kind, text) VALUES (?,?,?)",
            (interview_id, *key),
        )
        conn.execute("DELETE FROM review_state WHERE interview_id = ?", (interview_id,))
    return key


def pending(vault: Vault, interview: Interview) -> list[Spot]:
    """The findings of ``interview`` (as given, saved or not) that are still unreviewed."""
    with vault.lock:
        sensitive = sensitive_in(vault.conn, interview)
    return _unreviewed(interview, dismissed(vault, interview.id), sensitive)


def prune_in(conn: Any, interview: Interview) -> None:
    """Forget dismissals whose text is no longer in the interview (it was replaced)."""
    current = _dismissed_in(conn, interview.id)
    if not current:
        return
    for kind, text in current - still_present(interview, current, sensitive_in(conn, interview)):
        conn.execute(
            "DELETE FROM review_dismissed WHERE interview_id = ? AND kind = ? AND text = ?",
            (interview.id, kind, text),
        )


def forget_in(conn: Any, interview_id: str) -> None:
    """Remove every review row of an interview (it was deleted)."""
    conn.execute("DELETE FROM review_dismissed WHERE interview_id = ?", (interview_id,))
    conn.execute("DELETE FROM review_state WHERE interview_id = ?", (interview_id,))


def unreviewed_counts_in(
    conn: Any,
    interviews: Sequence[Interview],
    *,
    hashes: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Unreviewed findings per interview id, from the cache where it is current.

    Interviews whose content (or the detector) changed since their last check are checked
    now and the cache updated in the caller's transaction. ``hashes`` are the interviews'
    content hashes if the caller has them.
    """
    if not interviews:
        return {}
    shas = list(hashes) if hashes is not None else [i.content_hash() for i in interviews]
    keys = {i.id: check_key(i, sha) for i, sha in zip(interviews, shas, strict=True)}
    marks = ",".join("?" * len(keys))
    cached = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            f"SELECT interview_id, checked, unreviewed FROM review_state "
            f"WHERE interview_id IN ({marks})",
            tuple(keys),
        )
    }
    counts: dict[str, int] = {}
    fresh: list[tuple[str, str, int]] = []
    for done, interview in enumerate(interviews, 1):
        hit = cached.get(interview.id)
        if hit is not None and hit[0] == keys[interview.id]:
            counts[interview.id] = hit[1]
            continue
        found = _unreviewed(
            interview, _dismissed_in(conn, interview.id), sensitive_in(conn, interview)
        )
        count = len(found)
        counts[interview.id] = count
        fresh.append((interview.id, keys[interview.id], count))
        if progress is not None:
            progress(done)
    cache_in(conn, fresh)
    return counts


def check_key(interview: Interview, sha: str | None = None) -> str:
    """What a cached count was checked against: the detector's version, the content hash."""
    return f"{DETECTOR_VERSION}:{sha if sha is not None else interview.content_hash()}"


def cache_in(conn: Any, rows: Sequence[tuple[str, str, int]]) -> None:
    """Keep (interview id, :func:`check_key`, unreviewed count) rows in the guard's cache."""
    conn.executemany(
        "INSERT INTO review_state (interview_id, checked, unreviewed) VALUES (?,?,?) "
        "ON CONFLICT (interview_id) DO UPDATE SET checked = excluded.checked, "
        "unreviewed = excluded.unreviewed",
        rows,
    )
