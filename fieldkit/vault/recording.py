"""Recording sound straight into the vault: PCM blocks from any source, encoded to Ogg Opus in
memory and sealed as they come; nothing plaintext is written, not even for a moment.

The source is the caller's (the app's microphone through Qt Multimedia, a WAV file, a generated
tone in the tests): :meth:`Recording.write` takes a block of signed 16-bit samples. Before the
first block a row in ``recordings`` (migration 0015) holds the file's key and says a recording
is being made; every half second of sound what was encoded is sealed as a chunk and synced
(:mod:`fieldkit.vault.journal`). :meth:`Recording.finish` turns it into an attachment of the
interview and deletes that row, in one transaction. A kill or power cut leaves the row: the
next open (:func:`recover`) keeps what authenticates, up to about the last second, as an
attachment.

A recording made here carries nothing but the voice (no place, device or name: its metadata
is read as for any attached file, and listed), so it is sent as it is (``original``) by
default, and the export guard holds it back only if that reading found something.
"""

from __future__ import annotations

import contextlib
import datetime
import secrets
import uuid
from dataclasses import dataclass
from typing import NoReturn

from fieldkit.core.errors import FieldkitError, NotFound
from fieldkit.core.record import now_iso
from fieldkit.media import opus
from fieldkit.media.opus import PcmFormat, RecordingRefused
from fieldkit.vault import attachments, blobs, journal
from fieldkit.vault.attachments import Attachment, SendChoice
from fieldkit.vault.blobs import KEY_BYTES, Pending
from fieldkit.vault.journal import InUse, Journal, JournalFull, Written
from fieldkit.vault.sealing import examine
from fieldkit.vault.store import Vault

#: Sound sealed and synced at least this often: what a kill can lose, besides the encoder's
#: quarter-second page.
FLUSH_SECONDS = 0.5
#: The longest recording (the attachments' own limit is far above: 64 GiB).
MAX_SECONDS = 12 * 3600

__all__ = ["Recording", "RecordingRefused", "RecordingStopped", "recover", "unfinished"]


class RecordingStopped(FieldkitError):
    """The recording could not go on (the disk filled); what was recorded until then is kept."""


def default_name(when: datetime.datetime | None = None) -> str:
    stamp = (when or datetime.datetime.now()).strftime("%Y-%m-%d %H-%M-%S")
    return f"Recording {stamp}{opus.SUFFIX}"


class Recording:
    """One recording being made into an interview. Not thread-safe: one caller feeds it.

    Started by constructing it (the row is committed and the file created, or an error is
    raised and nothing is left); then :meth:`write`, :meth:`pause`, :meth:`resume`, and
    :meth:`finish` (the attachment) or :meth:`discard` (nothing kept).
    """

    def __init__(
        self, vault: Vault, interview_id: str, pcm: PcmFormat | None = None, name: str = ""
    ) -> None:
        self.pcm = pcm or PcmFormat()
        self.pcm.check()
        self._vault = vault
        self.interview_id = interview_id
        self.name = name or default_name()
        self._id = str(uuid.uuid4())
        self._frames = 0
        self._flushed = 0
        self._rest = b""
        self.paused = False
        self._done = False
        self._encoder = opus.OpusEncoder(self.pcm)
        key = secrets.token_bytes(KEY_BYTES)
        folder = blobs.ensure_folder(vault.path)
        try:
            self._journal = Journal(folder / secrets.token_hex(16), key)
        except BaseException:
            self._encoder.close()
            raise
        try:
            with vault.transaction("starting a recording") as conn:
                attachments._require_interview(conn, interview_id)
                conn.execute(
                    "INSERT INTO recordings (id, interview_id, file_name, started_at, blob, "
                    "blob_key) VALUES (?,?,?,?,?,?)",
                    (self._id, interview_id, self.name, now_iso(), self._journal.path.name, key),
                )
        except BaseException:
            self._encoder.close()
            self._journal.abort()
            raise

    @property
    def stopped(self) -> bool:
        """Finished, discarded, or stopped by a full disk: it takes no more sound."""
        return self._done

    @property
    def seconds(self) -> float:
        """The sound recorded so far (pauses left out)."""
        return self._frames / self.pcm.rate

    def write(self, block: bytes | bytearray | memoryview) -> float:
        """Record a block (ignored while paused); returns its level (0 to 1) for a meter."""
        if self._done:
            raise RecordingStopped("this recording has stopped")
        data = self._rest + bytes(block)
        whole = len(data) - len(data) % self.pcm.frame_bytes
        data, self._rest = data[:whole], data[whole:]
        peak = opus.level(data)
        if self.paused or not data:
            return peak
        if self.seconds >= MAX_SECONDS:
            raise RecordingStopped(
                f"a recording may be at most {MAX_SECONDS // 3600} hours; start another"
            )
        try:
            self._journal.write(self._encoder.encode(data))
            self._frames += whole // self.pcm.frame_bytes
            if self._frames - self._flushed >= FLUSH_SECONDS * self.pcm.rate:
                self._journal.flush()
                self._flushed = self._frames
        except JournalFull:
            self._stopped_by_full_disk()
        return peak

    def pause(self) -> None:
        self.paused = True
        with contextlib.suppress(JournalFull):
            self._journal.flush()  # what was said before the pause is safe now

    def resume(self) -> None:
        self.paused = False

    def finish(self) -> Attachment:
        """Stop: the recording becomes an attachment of the interview, and is returned."""
        if self._done:
            raise RecordingStopped("this recording has stopped")
        self._done = True
        try:
            self._journal.write(self._encoder.finish())
            written = self._journal.finish()
        except JournalFull:
            self._stopped_by_full_disk()
        try:
            return _attach(self._vault, self._id, self.interview_id, self.name, written)
        finally:
            self._journal.release()

    def discard(self) -> None:
        """Stop and keep nothing (the row and the file go)."""
        if self._done:
            return
        self._done = True
        self._encoder.close()
        with self._vault.transaction("discarding a recording") as conn:
            conn.execute("DELETE FROM recordings WHERE id = ?", (self._id,))
        self._journal.abort()

    def _stopped_by_full_disk(self) -> NoReturn:
        """The disk is full: stop; what was sealed stays, and becomes an attachment now if
        there is room for that, else at the next open."""
        self._done = True
        self._encoder.close()
        self._journal.release()
        kept = self._flushed / self.pcm.rate  # sealed and synced at the last flush
        with contextlib.suppress(FieldkitError, OSError):
            recover(self._vault)
        raise RecordingStopped(
            f"the disk is full: the recording stopped; the {kept:.0f} seconds recorded until "
            "then are kept"
        )


@dataclass(frozen=True)
class Unfinished:
    id: str
    interview_id: str
    file_name: str
    blob: str
    key: bytes


def unfinished(vault: Vault) -> list[Unfinished]:
    """The recordings whose row is still there: being made, or killed mid-way."""
    return [
        Unfinished(r[0], r[1], r[2], r[3], bytes(r[4]))
        for r in vault.read(
            "SELECT id, interview_id, file_name, blob, blob_key FROM recordings ORDER BY started_at"
        )
    ]


def recover(vault: Vault) -> list[Attachment]:
    """Every recording a kill left unfinished made an attachment, truncated to its last chunk
    that authenticates (about the last second before the kill); one that holds nothing, or
    whose file is gone, is forgotten. Recordings still being made are left alone."""
    found = []
    folder = blobs.folder_of(vault.path)
    for item in unfinished(vault):
        try:
            written = journal.recover(folder / item.blob, item.key)
        except InUse:
            continue
        except FieldkitError:
            continue  # its file cannot be repaired now (a full disk): the next open tries
        if written is None:
            with vault.transaction("forgetting an empty recording") as conn:
                conn.execute("DELETE FROM recordings WHERE id = ?", (item.id,))
            blobs.erase(vault.path, [item.blob])
            continue
        try:
            found.append(_attach(vault, item.id, item.interview_id, item.file_name, written))
        except NotFound:  # the interview went meanwhile (its row took the recording's)
            blobs.erase(vault.path, [item.blob])
        except FieldkitError:
            continue  # not attachable now (a purged interview, a full disk): kept for later
    return found


def _attach(
    vault: Vault, recording_id: str, interview_id: str, name: str, written: Written
) -> Attachment:
    """The finished file's attachment row, and the recording's row gone, in one transaction.
    On an error both rows stay as they were: the next open tries again."""
    pending = Pending(written.path, written.key, written.sha256, written.size, written.head, -1)
    sealed = examine(vault, name, pending, SendChoice.ORIGINAL)
    with vault.transaction("saving a recording") as conn:
        if (
            conn.execute("SELECT 1 FROM recordings WHERE id = ?", (recording_id,)).fetchone()
            is None
        ):
            raise NotFound("the recording's interview was deleted")
        attachment = attachments.insert_in(conn, interview_id, sealed)
        conn.execute("DELETE FROM recordings WHERE id = ?", (recording_id,))
    return attachment
