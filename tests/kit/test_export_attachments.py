"""Exporting interviews with attachments: the guard holds an unreviewed original that names
a place or a person, the export says the attachments stay on the kit, and purge erases them."""

from __future__ import annotations

from pathlib import Path

from fieldkit import kit as kitx
from fieldkit.kit import HoldReason
from fieldkit.vault import attachments, blobs
from fieldkit.vault.attachments import SendChoice
from tests import media_samples
from tests.builders import Network, add_interview
from tests.helpers import run_cli


def _photo(folder: Path) -> Path:
    path = folder / "injury.jpg"
    path.write_bytes(media_samples.jpeg("taken at the checkpoint"))
    return path


def test_an_unreviewed_original_with_gps_holds_its_interview_back(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    held = add_interview(kit, quote="They took our papers.")
    sent = add_interview(kit, quote="We walked to the border.")
    (original,) = attachments.attach(kit, held, [_photo(tmp_path)], send=SendChoice.ORIGINAL)
    attachments.attach(kit, sent, [_photo(tmp_path)])  # a stripped copy: nothing to hold
    summary = kitx.export_bundle(kit, network.usb)
    assert summary.included == [sent]
    assert (held, HoldReason.UNREVIEWED) in summary.held_back
    assert summary.attachments_held == {held: 1}
    assert summary.attachments_staying == 1
    # Reviewed, it goes (its attachment still stays on the kit in this version); the other
    # goes again, as HQ has not confirmed it yet.
    attachments.set_send(kit, original, None, reviewed=True)
    again = kitx.export_bundle(kit, network.usb)
    assert set(again.included) == {held, sent} and again.attachments_staying == 2
    assert again.attachments_held == {}


def test_the_cli_says_attachments_stay_and_names_what_is_held(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    held = add_interview(kit, quote="They took our papers.")
    sent = add_interview(kit, quote="We walked to the border.")
    attachments.attach(kit, held, [_photo(tmp_path)], send=SendChoice.ORIGINAL)
    attachments.attach(kit, sent, [_photo(tmp_path), _photo(tmp_path)])
    kit.close()
    result = run_cli("export", "--vault", str(kit.path), "--out", str(network.usb))
    assert result.returncode == 5, result.stderr
    assert (
        "2 attachments stay on this kit: bundles carry attachments from a later version"
        in result.stdout.splitlines()
    )
    assert f"{held[:8]}" in result.stderr and "1 attachment to be sent as the original" in (
        result.stderr
    )


def test_purge_keeps_attachments_hq_has_not_confirmed(network: Network, tmp_path: Path) -> None:
    """HQ has not confirmed an attachment by its hash: purging the interview must not erase it
    (that would lose the only copy); it stays sealed on the kit and the command says so."""
    kit = network.kits[0]
    interview = add_interview(kit, quote="Will be purged.")
    (photo,) = attachments.attach(kit, interview, [_photo(tmp_path)])
    kept = sorted(p.name for p in blobs.folder_of(kit.path).iterdir())
    assert len(kept) == 2  # original and stripped copy
    outcome = network.send(kit)
    summary = kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    assert summary.purged == 1 and summary.attachments_kept == 1
    assert [a.id for a in attachments.list_for(kit, interview)] == [photo.id]
    assert sorted(p.name for p in blobs.folder_of(kit.path).iterdir()) == kept
    attachments.verify(kit, photo)  # whole: it authenticates and has its SHA-256
    # Still removable on purpose, and then crypto-erased.
    attachments.detach(kit, photo)
    assert list(blobs.folder_of(kit.path).iterdir()) == []


def test_the_cli_says_purge_kept_the_attachments(network: Network, tmp_path: Path) -> None:
    kit = network.kits[0]
    interview = add_interview(kit, quote="Will be purged.")
    attachments.attach(kit, interview, [_photo(tmp_path), _photo(tmp_path)])
    outcome = network.send(kit)
    kit.close()
    result = run_cli("receipt", "--vault", str(kit.path), str(outcome.receipt_path), "--purge")
    assert result.returncode == 0, result.stderr
    assert (
        "kept their 2 attachments on this kit: HQ has not confirmed receiving them "
        "(bundles carry attachments from a later version)"
    ) in result.stdout.splitlines()
    assert len(list(blobs.folder_of(kit.path).iterdir())) == 4
