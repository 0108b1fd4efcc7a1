"""The export guard and faces: an interview whose photo shows a face nobody blurred or
reviewed is held back like one with an unreviewed name, and released once it is blurred;
the command line says which photo and what to do."""

from __future__ import annotations

import json
from pathlib import Path

from fieldkit import kit as kitx
from fieldkit.kit import HoldReason
from fieldkit.vault import attachments
from tests import media_samples
from tests.builders import Network, add_interview, held_and_sent
from tests.helpers import run_cli


def _photo(folder: Path) -> Path:
    return media_samples.written(
        folder / "crowd.jpg", media_samples.face_jpeg("taken at the checkpoint")
    )


def test_an_unblurred_face_holds_its_interview_until_it_is_blurred(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    held, sent = held_and_sent(kit)
    attachments.attach(kit, held, [_photo(tmp_path)])
    attachments.attach(kit, sent, [tmp_path / "crowd.jpg"], send=None)
    kit.close()
    # By the command line, as a person would: the hold names the photo and what to do.
    result = run_cli("export", "--vault", str(kit.path), "--out", str(network.usb))
    assert result.returncode == 5, result.stderr
    assert f"{held[:8]}" in result.stderr
    assert "2 photos" not in result.stderr and "1 photo to be sent with faces not blurred" in (
        result.stderr
    )
    listed = run_cli("attachments", held[:8], "--vault", str(kit.path))
    assert "faces:   1 face found, 0 regions blurred" in listed.stdout
    blurred = run_cli("attachment-blur", held[:8], "1", "--faces", "--vault", str(kit.path))
    assert blurred.returncode == 0, blurred.stderr
    assert "a copy without its metadata, faces blurred (1)" in blurred.stdout
    as_json = json.loads(
        run_cli("attachments", held[:8], "--json", "--vault", str(kit.path)).stdout
    )
    assert as_json[0]["faces"]["not_blurred_in_what_is_sent"] == 0
    assert as_json[0]["held_at_export"] is False
    # The other interview's photo is reviewed by a person instead of blurred.
    reviewed = run_cli(
        "attachment-set", sent[:8], "1", "--faces-reviewed", "--vault", str(kit.path)
    )
    assert reviewed.returncode == 0 and "reviewed by a person" in reviewed.stdout
    again = run_cli("export", "--vault", str(kit.path), "--out", str(network.usb))
    assert again.returncode == 0, again.stderr
    assert "wrote bundle" in again.stdout and "held back" not in again.stderr


def test_the_guard_holds_for_faces_in_the_summary(network: Network, tmp_path: Path) -> None:
    kit = network.kits[0]
    held = add_interview(kit, quote="They took our papers.")
    attachments.attach(kit, held, [_photo(tmp_path)])
    summary = kitx.export_bundle(kit, network.usb)
    assert (held, HoldReason.UNREVIEWED) in summary.held_back
    assert summary.attachments_held == {held: 1}
    allowed = kitx.export_bundle(kit, network.usb, allow_unreviewed=True)
    assert allowed.included == [held]


def test_bad_regions_get_one_line(network: Network, tmp_path: Path) -> None:
    kit = network.kits[0]
    held = add_interview(kit, quote="They took our papers.")
    attachments.attach(kit, held, [_photo(tmp_path)])
    kit.close()
    for region, says in (("1,2,3", "four whole numbers"), ("900,900,10,10", "outside the photo")):
        result = run_cli(
            "attachment-blur", held[:8], "1", "--region", region, "--vault", str(kit.path)
        )
        assert result.returncode != 0 and "Traceback" not in result.stderr
        assert len([line for line in result.stderr.splitlines() if says in line]) == 1
    nothing = run_cli("attachment-blur", held[:8], "1", "--vault", str(kit.path))
    assert nothing.returncode != 0 and "say what to blur" in nothing.stderr
