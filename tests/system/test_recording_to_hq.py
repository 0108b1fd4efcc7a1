"""The issue's whole story: a researcher records a two-minute interview into the vault (the
microphone's seam fed a generated tone), attaches a photo taken with GPS on and blurs the face
in it, exports; HQ imports, holds the recording whole and the photo without GPS or serial and
with the face blurred; no file outside the vaults ever held either."""

from __future__ import annotations

import io
import os
from pathlib import Path

import soundfile

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.hq import attachments as hq_attachments
from fieldkit.media import faces as face_finder
from fieldkit.media import images, opus
from fieldkit.media.items import ItemKind
from fieldkit.vault import attachments, faces
from fieldkit.vault.recording import Recording
from tests import media_samples
from tests.builders import Network, add_interview
from tests.canary import ENCODINGS, make_canaries, scan


def test_a_recorded_interview_and_a_blurred_photo_reach_hq_and_nothing_leaks(
    network: Network, tmp_path: Path
) -> None:
    latin, _cyrillic, needles = make_canaries()
    kit = network.kits[0]
    interview = add_interview(kit, quote="They came at night.")
    # Two minutes of sound through the seam the microphone feeds.
    pcm = opus.PcmFormat(48000, 1)
    recording = Recording(kit, interview, pcm)
    for block in opus.tone(pcm, 120.0):
        recording.write(block)
    voice = recording.finish()
    # A photo with GPS, a serial number, a canary in its EXIF comment, and a face.
    outside = tmp_path / "camera"
    outside.mkdir()
    photo_file = outside / "injury.jpg"
    photo_file.write_bytes(media_samples.face_jpeg(latin))
    original = photo_file.read_bytes()
    kinds = {item.kind for item in images.read(io.BytesIO(original))}
    assert {ItemKind.GPS, ItemKind.SERIAL} <= kinds  # the control
    (photo,) = attachments.attach(kit, interview, [photo_file])
    photo_file.unlink()
    [photo] = [a for a in attachments.list_for(kit, interview) if a.id == photo.id]
    assert photo.faces  # found when it was attached
    faces.blur(kit, photo, faces.regions_with_faces(photo, []))
    summary = kitx.export_bundle(kit, network.usb)
    assert summary.attachments_sent == 2 and summary.path is not None
    outcome = hq.import_bundle(network.hq, summary.path)
    assert outcome.new == 1
    held = {a.id: a for a in hq_attachments.for_interview(network.hq, interview)}
    assert set(held) == {voice.id, photo.id}
    with hq_attachments.open_reader(network.hq, held[voice.id]) as reader:
        sound = reader.read()
    data, rate = soundfile.read(io.BytesIO(sound))
    assert rate == 48000 and abs(len(data) / rate - 120.0) < 0.5
    with hq_attachments.open_reader(network.hq, held[photo.id]) as reader:
        received = reader.read()
    assert images.read(io.BytesIO(received)) == []  # no GPS, serial or comment
    assert not [n for n in needles for enc in ENCODINGS if n.encode(enc) in received]
    assert not face_finder.detect(io.BytesIO(received)).faces  # the face is blurred away
    assert face_finder.detect(io.BytesIO(original)).faces  # the control: found in the original
    # Nothing outside the vaults held the photo's canary (the camera's file is gone).
    scanned = [tmp_path, Path(os.environ["HOME"]), Path(os.environ["TMPDIR"])]
    assert scan(scanned, needles) == []
