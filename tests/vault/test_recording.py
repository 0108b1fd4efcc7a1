"""Recording into the vault through the seam (a generated tone, no microphone): the attachment
decodes to the sound fed, pauses leave time out, a file cut mid-way is recovered at the next
open to its last whole chunk, a full disk stops it keeping what was recorded, and files written
before (blob format version 1) still read."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest
import soundfile

from fieldkit.core.errors import NotFound
from fieldkit.core.record import validate
from fieldkit.media.opus import PcmFormat, RecordingRefused, tone
from fieldkit.vault import attachments, blobs, journal, recording, records
from fieldkit.vault.attachments import Attachment, SendChoice
from fieldkit.vault.blobs import AttachmentDamaged
from fieldkit.vault.recording import Recording, RecordingStopped
from fieldkit.vault.store import Vault
from tests.helpers import PASSPHRASE

MONO = PcmFormat(48000, 1)
BLOCK = 0.1  # seconds of sound per block fed


def _interview(vault: Vault) -> str:
    raw = {"interview_date": "2020-02-08", "place": "Masanchi", "role": "Young man"}
    return records.save(vault, validate(raw)).id


def _decoded_seconds(vault: Vault, item: Attachment) -> float:
    with attachments.open_original(vault, item) as reader:
        data = reader.read()
    samples, rate = soundfile.read(io.BytesIO(data), dtype="int16")
    return len(samples) / rate


def _feed(rec: Recording, seconds: float, pcm: PcmFormat = MONO) -> None:
    for block in tone(pcm, seconds, block=BLOCK):
        rec.write(block)


def test_a_tone_becomes_an_attachment_of_its_length(vault: Vault) -> None:
    interview = _interview(vault)
    rec = Recording(vault, interview, MONO)
    _feed(rec, 3.0)
    assert rec.seconds == pytest.approx(3.0)
    item = rec.finish()
    assert [a.id for a in attachments.list_for(vault, interview)] == [item.id]
    assert item.media_type.mime == "audio/ogg"
    assert item.file_name.startswith("Recording ") and item.file_name.endswith(".opus")
    assert _decoded_seconds(vault, item) == pytest.approx(3.0, abs=BLOCK)
    # Nothing identifying was found in it: sent as it is, and the export does not hold it.
    assert item.metadata.examined and item.metadata.items == ()
    assert item.send is SendChoice.ORIGINAL and not item.held
    attachments.verify(vault, item)
    assert recording.unfinished(vault) == []


def test_stereo_at_16_khz_records_too(vault: Vault) -> None:
    pcm = PcmFormat(16000, 2)
    rec = Recording(vault, _interview(vault), pcm)
    _feed(rec, 1.5, pcm)
    item = rec.finish()
    with attachments.open_original(vault, item) as reader:
        info = soundfile.info(io.BytesIO(reader.read()))
    assert info.channels == 2
    assert _decoded_seconds(vault, item) == pytest.approx(1.5, abs=BLOCK)


def test_pausing_leaves_the_paused_time_out(vault: Vault) -> None:
    rec = Recording(vault, _interview(vault), MONO)
    _feed(rec, 1.0)
    rec.pause()
    _feed(rec, 2.0)  # still said while paused: not recorded
    assert rec.seconds == pytest.approx(1.0)
    rec.resume()
    _feed(rec, 1.0)
    assert _decoded_seconds(vault, rec.finish()) == pytest.approx(2.0, abs=BLOCK)


def test_a_rate_opus_lacks_is_refused_and_nothing_is_left(vault: Vault) -> None:
    interview = _interview(vault)
    with pytest.raises(RecordingRefused, match="44100 Hz"):
        Recording(vault, interview, PcmFormat(44100, 1))
    assert recording.unfinished(vault) == []
    folder = blobs.folder_of(vault.path)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_discarding_keeps_nothing(vault: Vault) -> None:
    interview = _interview(vault)
    rec = Recording(vault, interview, MONO)
    _feed(rec, 1.0)
    rec.discard()
    assert attachments.list_for(vault, interview) == []
    assert recording.unfinished(vault) == []
    assert list(blobs.folder_of(vault.path).iterdir()) == []


def _cut_mid_recording(vault: Vault, seconds: float) -> tuple[str, Path]:
    """A recording fed ``seconds`` and left as a kill leaves it (not finished, not locked)."""
    interview = _interview(vault)
    rec = Recording(vault, interview, MONO)
    _feed(rec, seconds)
    rec._journal.release()  # the process is gone: its lock with it
    return interview, rec._journal.path


def test_an_unfinished_recording_is_recovered_at_the_next_open(vault: Vault) -> None:
    interview, path = _cut_mid_recording(vault, 4.05)
    # A torn chunk at the end, as a kill in the middle of a write leaves it.
    with open(path, "ab") as out:
        out.write((500).to_bytes(4, "big") + os.urandom(200))
    # The sweep at open leaves it (its row names it), and it is not an attachment yet.
    assert vault.sweep_attachments() == 0
    assert attachments.list_for(vault, interview) == []
    vault.close()
    with Vault.open(vault.path, PASSPHRASE) as again:
        (item,) = attachments.list_for(again, interview)
        assert [a.id for a in again.recovered] == [item.id]
        assert recording.unfinished(again) == []
        # Everything up to the last half-second flush and the encoder's quarter-second page.
        assert 4.05 - 1.0 <= _decoded_seconds(again, item) <= 4.05
        attachments.verify(again, item)


def test_a_recording_still_being_made_is_left_alone(vault: Vault) -> None:
    interview = _interview(vault)
    rec = Recording(vault, interview, MONO)
    _feed(rec, 1.0)
    assert recording.recover(vault) == []
    assert vault.sweep_attachments() == 0
    assert len(recording.unfinished(vault)) == 1
    assert _decoded_seconds(vault, rec.finish()) == pytest.approx(1.0, abs=BLOCK)


def test_a_recording_that_holds_nothing_is_forgotten(vault: Vault) -> None:
    interview = _interview(vault)
    rec = Recording(vault, interview, MONO)
    rec._journal.release()
    assert recording.recover(vault) == []
    assert recording.unfinished(vault) == []
    assert attachments.list_for(vault, interview) == []
    assert list(blobs.folder_of(vault.path).iterdir()) == []


def test_a_full_disk_stops_the_recording_and_keeps_what_was_recorded(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    interview = _interview(vault)
    rec = Recording(vault, interview, MONO)
    _feed(rec, 3.0)
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        if fd == rec._journal._fd:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(journal.os, "write", full)
    with pytest.raises(RecordingStopped, match=r"disk is full.*the 3 seconds recorded until then"):
        _feed(rec, 2.0)
    monkeypatch.undo()
    (item,) = attachments.list_for(vault, interview)
    assert 3.0 - 1.0 <= _decoded_seconds(vault, item) <= 3.0
    assert recording.unfinished(vault) == []
    with pytest.raises(RecordingStopped):
        rec.write(next(tone(MONO, BLOCK)))


def test_a_recovered_file_cut_by_a_whole_chunk_fails_to_read(vault: Vault) -> None:
    """The final chunk is authenticated at open: a version 2 file cut after a whole chunk and
    given a false end is refused, like a cut version 1 file."""
    rec = Recording(vault, _interview(vault), MONO)
    _feed(rec, 3.0)
    item = rec.finish()
    path = (
        blobs.folder_of(vault.path)
        / vault.read("SELECT blob FROM attachments WHERE id = ?", (item.id,))[0][0]
    )
    data = path.read_bytes()
    path.write_bytes(data[:-20] + (0).to_bytes(4, "big") + bytes(16))  # a forged empty end
    with pytest.raises(AttachmentDamaged):
        attachments.open_original(vault, item)
    path.write_bytes(data[:-21])
    with pytest.raises(AttachmentDamaged, match="wrong size"):
        attachments.open_original(vault, item)


def test_a_version_2_file_seeks_across_chunks(vault: Vault, tmp_path: Path) -> None:
    key = os.urandom(32)
    data = os.urandom(3 * blobs.CHUNK + 999)
    writer = journal.Journal(blobs.ensure_folder(vault.path) / ("ab" * 16), key)
    for start in range(0, len(data), 7000):
        writer.write(data[start : start + 7000])
        if start % 21000 == 0:
            writer.flush()  # short chunks among full ones
    written = writer.finish()
    writer.release()
    with blobs.Reader(written.path, key, written.size) as reader:
        assert reader.read() == data
        for offset in (0, 6999, 7000, blobs.CHUNK + 5, len(data) - 3):
            reader.seek(offset)
            got = b""
            while len(got) < 10 and (part := reader.read(10 - len(got))):
                got += part  # a raw read stops at a chunk's end
            assert got == data[offset : offset + 10]
    blobs.verify(written.path, key, written.size, written.sha256)


def test_a_recording_into_no_interview_is_refused_and_leaves_nothing(vault: Vault) -> None:
    with pytest.raises(NotFound):
        Recording(vault, "no-such-interview", MONO)
    assert recording.unfinished(vault) == []
    assert list(blobs.folder_of(vault.path).iterdir()) == []


def test_the_longest_recording_stops_and_what_it_holds_is_saved(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recording, "MAX_SECONDS", 1)
    interview = _interview(vault)
    rec = Recording(vault, interview, MONO)
    with pytest.raises(RecordingStopped, match="a recording may be at most"):
        _feed(rec, 2.0)
    assert not rec.stopped
    assert _decoded_seconds(vault, rec.finish()) == pytest.approx(1.0, abs=BLOCK)
