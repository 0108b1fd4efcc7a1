"""Attachments as bundles carry them: what is sent of each, what HQ confirmed, what a purge
may erase.

What is sent of an attachment is its stored choice: the stripped copy, the original, or
nothing (kit-only). It is sent with its interview until HQ confirms, by SHA-256, that it holds
exactly those bytes (``attachments.confirmed_sha256``); after that only a changed choice sends
it again. Which bundle carried which bytes is kept (``sent_attachments``), so that a receipt
can confirm only what its bundle carried.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldkit.vault import blobs
from fieldkit.vault.attachments import forget_in

#: Ids handed to one ``IN (…)``.
PART = 500

#: The sha256 of what is sent now, by the attachment's send choice (NULL: nothing is sent).
_SENT_SHA256 = (
    "CASE send WHEN 'stripped' THEN stripped_sha256 WHEN 'original' THEN sha256 ELSE NULL END"
)


@dataclass(frozen=True)
class Outgoing:
    """An attachment to be carried: what the bundle's manifest lists of it, and where its
    sealed bytes are."""

    id: str
    interview_id: str
    media_type: str
    size: int
    sha256: str
    copy: str  # "stripped" or "original"
    original_sha256: str
    blob: str
    key: bytes

    def open(self, vault_path: Path) -> blobs.Reader:
        return blobs.Reader(blobs.folder_of(vault_path) / self.blob, self.key, self.size)


def _parts(ids: Sequence[str]) -> Iterator[tuple[list[str], str]]:
    for start in range(0, len(ids), PART):
        part = list(ids[start : start + PART])
        yield part, ",".join("?" * len(part))


def outgoing_in(conn: Any, interview_ids: Sequence[str]) -> dict[str, list[Outgoing]]:
    """Per interview (in its attachments' order), what it sends that HQ has not confirmed."""
    found: dict[str, list[Outgoing]] = {}
    for part, marks in _parts(interview_ids):
        for row in conn.execute(
            "SELECT id, interview_id, media_type, send, size, sha256, blob, blob_key, "
            "stripped_size, stripped_sha256, stripped_blob, stripped_key FROM attachments "
            f"WHERE interview_id IN ({marks}) AND send != 'kit_only' "
            f"AND ({_SENT_SHA256}) IS NOT NULL "
            f"AND confirmed_sha256 IS NOT ({_SENT_SHA256}) ORDER BY interview_id, position",
            part,
        ):
            ident, interview_id, media_type, send, size, sha, blob, key = row[:8]
            if send == "stripped":
                size, digest, blob, key = row[8:12]
            else:
                digest = sha
            found.setdefault(interview_id, []).append(
                Outgoing(
                    ident, interview_id, media_type, int(size), digest, send, sha, blob, bytes(key)
                )
            )
    return found


def record_sent(conn: Any, bundle_id: str, carried: Iterable[Outgoing]) -> None:
    """What the bundle carried of each attachment (in the export's transaction)."""
    conn.executemany(
        "INSERT INTO sent_attachments (bundle_id, attachment_id, interview_id, sha256) "
        "VALUES (?,?,?,?)",
        [(bundle_id, item.id, item.interview_id, item.sha256) for item in carried],
    )


def sent_in(conn: Any, bundle_id: str) -> dict[str, str]:
    """Attachment id → the sha256 of the bytes the bundle carried."""
    return dict(
        conn.execute(
            "SELECT attachment_id, sha256 FROM sent_attachments WHERE bundle_id = ?", (bundle_id,)
        ).fetchall()
    )


def confirm_in(conn: Any, confirmed: Iterable[tuple[str, str]]) -> int:
    """Note that HQ holds these bytes (attachment id, sha256) of attachments still here; how
    many were."""
    count = 0
    for attachment_id, sha256 in confirmed:
        count += conn.execute(
            "UPDATE attachments SET confirmed_sha256 = ? WHERE id = ?", (sha256, attachment_id)
        ).rowcount
    return count


def purge_in(conn: Any, interview_id: str) -> tuple[list[str], int, int]:
    """Forget (crypto-erase, once committed and the files erased) the interview's
    attachments HQ confirmed holding as they would be sent now: the original with its copy.
    Returns the files' names for :func:`blobs.erase`, how many were forgotten, and how many
    stay (kit-only, or not confirmed)."""
    names: list[str] = []
    forgotten = kept = 0
    for ident, confirmed, sent in conn.execute(
        f"SELECT id, confirmed_sha256, {_SENT_SHA256} FROM attachments WHERE interview_id = ?",
        (interview_id,),
    ).fetchall():
        if confirmed is not None and confirmed == sent:
            names.extend(forget_in(conn, [interview_id], ident))
            forgotten += 1
        else:
            kept += 1
    return names, forgotten, kept
