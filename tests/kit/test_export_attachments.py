"""Exporting interviews with attachments: the guard holds an unreviewed original that names
a place or a person; bundles of version 2 carry what is sent of each attachment to HQ, which
seals it in its dataset and confirms it by hash; purge then erases what HQ confirmed."""

from __future__ import annotations

import io
from pathlib import Path

from fieldkit import kit as kitx
from fieldkit.hq import attachments as hq_attachments
from fieldkit.kit import HoldReason
from fieldkit.media import images
from fieldkit.media.items import ItemKind
from fieldkit.vault import attachments, blobs
from fieldkit.vault.attachments import SendChoice
from tests import media_samples
from tests.builders import Network, add_interview, held_and_sent
from tests.helpers import run_cli


def _photo(folder: Path, comment: str = "taken at the checkpoint") -> Path:
    path = folder / f"injury-{len(list(folder.glob('injury-*')))}.jpg"
    return media_samples.written(path, media_samples.jpeg(comment))


def _hq_bytes(network: Network, stored_id: str) -> list[bytes]:
    out = []
    for item in hq_attachments.for_interview(network.hq, stored_id):
        with hq_attachments.open_reader(network.hq, item) as reader:
            out.append(reader.read())
    return out


def test_an_unreviewed_original_with_gps_holds_its_interview_back(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    held, sent = held_and_sent(kit)
    (original,) = attachments.attach(kit, held, [_photo(tmp_path)], send=SendChoice.ORIGINAL)
    attachments.attach(kit, sent, [_photo(tmp_path)])  # a stripped copy: nothing to hold
    summary = kitx.export_bundle(kit, network.usb)
    assert summary.included == [sent]
    assert (held, HoldReason.UNREVIEWED) in summary.held_back
    assert summary.attachments_held == {held: 1}
    assert summary.attachments_sent == 1 and summary.attachments_staying == 0
    # Reviewed, it goes with its original; the other goes again (HQ has not confirmed it).
    attachments.set_send(kit, original, None, reviewed=True)
    again = kitx.export_bundle(kit, network.usb)
    assert set(again.included) == {held, sent} and again.attachments_sent == 2
    assert again.attachments_held == {}


def test_hq_receives_the_stripped_copy_without_gps_and_confirms_it(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    interview = add_interview(kit, quote="They burnt the house.")
    source = _photo(tmp_path, "CANARY-IN-EXIF")
    original = source.read_bytes()
    # The control: the original carries GPS, the serial and the comment.
    assert b"CANARY-IN-EXIF" in original
    kinds = {item.kind for item in images.read(io.BytesIO(original))}
    assert {ItemKind.GPS, ItemKind.SERIAL} <= kinds
    (photo,) = attachments.attach(kit, interview, [source])
    outcome = network.send(kit)
    assert outcome.new == 1
    [received] = _hq_bytes(network, interview)
    assert received != original and b"CANARY-IN-EXIF" not in received
    assert images.read(io.BytesIO(received)) == []
    [held] = hq_attachments.for_interview(network.hq, interview)
    assert held.copy == "stripped" and held.original_sha256 == photo.sha256
    assert held.media_type == "image/jpeg"
    # The receipt confirms it by hash: the next export sends nothing more.
    summary = kitx.apply_receipt(kit, outcome.receipt_path)  # type: ignore[arg-type]
    assert summary.attachments_confirmed == 1
    assert kitx.preview_export(kit).included == []


def test_an_attachment_added_after_hq_confirmed_its_interview_is_sent(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    interview = add_interview(kit, quote="We waited three days.")
    first = network.send(kit)
    kitx.apply_receipt(kit, first.receipt_path)  # type: ignore[arg-type]
    attachments.attach(kit, interview, [_photo(tmp_path)])
    summary = kitx.export_bundle(kit, network.usb)
    assert summary.included == [interview] and summary.attachments_sent == 1
    assert summary.path is not None
    from fieldkit import hq

    outcome = hq.import_bundle(network.hq, summary.path)
    assert outcome.unchanged == 1 and outcome.new == 0
    assert len(hq_attachments.for_interview(network.hq, interview)) == 1
    # Sent again before a receipt: HQ checks it and stores nothing twice.
    again = kitx.export_bundle(kit, network.usb)
    assert again.path is not None and again.attachments_sent == 1
    hq.import_bundle(network.hq, again.path)
    assert len(hq_attachments.for_interview(network.hq, interview)) == 1
    assert len(list(blobs.folder_of(network.hq.path).iterdir())) == 1


def test_the_cli_says_what_goes_with_the_bundle_and_names_what_is_held(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    held, sent = held_and_sent(kit)
    attachments.attach(kit, held, [_photo(tmp_path)], send=SendChoice.ORIGINAL)
    attachments.attach(kit, sent, [_photo(tmp_path), _photo(tmp_path)])
    (kept,) = attachments.attach(kit, sent, [_photo(tmp_path)])
    attachments.set_send(kit, kept, SendChoice.KIT_ONLY)
    kit.close()
    result = run_cli("export", "--vault", str(kit.path), "--out", str(network.usb))
    assert result.returncode == 5, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("with 2 attachments (") for line in lines), lines
    assert "1 attachment stays on this kit (set to kit-only)" in lines
    assert f"{held[:8]}" in result.stderr and "1 attachment to be sent as the original" in (
        result.stderr
    )


def test_purge_erases_what_hq_confirmed_and_keeps_kit_only(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    interview = add_interview(kit, quote="Will be purged.")
    (photo,) = attachments.attach(kit, interview, [_photo(tmp_path)])
    (private,) = attachments.attach(kit, interview, [_photo(tmp_path)])
    attachments.set_send(kit, private, SendChoice.KIT_ONLY)
    outcome = network.send(kit)
    summary = kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    assert summary.purged == 1
    assert summary.attachments_erased == 1 and summary.attachments_kept == 1
    # The confirmed one is gone with its original (its key erased, its files removed);
    # the kit-only one stays whole.
    assert [a.id for a in attachments.list_for(kit, interview)] == [private.id]
    attachments.verify(kit, attachments.list_for(kit, interview)[0])
    assert len(list(blobs.folder_of(kit.path).iterdir())) == 2
    assert photo.id not in {a.id for a in attachments.list_for(kit, interview)}
    # HQ still holds its copy.
    assert len(hq_attachments.for_interview(network.hq, interview)) == 1


def test_purge_keeps_an_attachment_whose_choice_changed_after_it_was_sent(
    network: Network, tmp_path: Path
) -> None:
    """HQ confirmed the stripped copy; the original is now to be sent instead: HQ does not
    hold that, so purging must keep it (it goes with the next export)."""
    kit = network.kits[0]
    interview = add_interview(kit, quote="Will be purged later.")
    (photo,) = attachments.attach(kit, interview, [_photo(tmp_path)])
    outcome = network.send(kit)
    attachments.set_send(kit, photo, SendChoice.ORIGINAL, reviewed=True)
    summary = kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    assert summary.purged == 1 and summary.attachments_kept == 1
    assert summary.attachments_erased == 0
    attachments.verify(kit, attachments.list_for(kit, interview)[0])


def test_the_cli_says_what_purge_erased_and_kept(network: Network, tmp_path: Path) -> None:
    kit = network.kits[0]
    interview = add_interview(kit, quote="Will be purged.")
    attachments.attach(kit, interview, [_photo(tmp_path), _photo(tmp_path)])
    outcome = network.send(kit)
    kit.close()
    result = run_cli("receipt", "--vault", str(kit.path), str(outcome.receipt_path), "--purge")
    assert result.returncode == 0, result.stderr
    assert "erased 2 attachments HQ confirmed holding, with their originals" in (
        result.stdout.splitlines()
    )
    assert list(blobs.folder_of(kit.path).iterdir()) == []
