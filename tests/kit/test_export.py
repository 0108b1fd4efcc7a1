"""The kit's export: what a bundle carries, what stays on the kit, and what goes again."""

from __future__ import annotations

import pytest

from fieldkit import kit as kitx
from fieldkit.core.record import Status
from fieldkit.exchange import bundle as fmt
from fieldkit.vault import records, search
from fieldkit.vault.store import Vault
from tests.builders import Network, add_interview


def test_notes_and_drafts_stay_on_the_kit(network: Network) -> None:
    kit = network.kits[0]
    add_interview(kit, notes="met him behind the mosque at 6pm")
    add_interview(kit, quote="unfinished", status="draft")
    add_interview(kit, quote="", place="", status="draft")
    summary = kitx.export_bundle(kit, network.usb)
    assert len(summary.included) == 1
    assert sorted(r.value for _, r in summary.held_back) == ["draft", "draft"]
    assert summary.path is not None
    plain = fmt.decrypt(summary.path.read_bytes(), network.hq_identity.age)
    assert b"They came at night." in plain and b"behind the mosque" not in plain
    assert kit.path.name.encode() not in summary.path.name.encode()
    with_drafts = kitx.export_bundle(kit, network.usb, include_drafts=True)
    # Sent but not yet confirmed goes again, with the complete draft; the empty one stays.
    assert len(with_drafts.included) == 2 and summary.included[0] in with_drafts.included
    assert [r.value for _, r in with_drafts.held_back] == ["incomplete"]
    assert with_drafts.sequence == 2


def test_export_is_incremental(network: Network) -> None:
    kit = network.kits[0]
    first = add_interview(kit)
    outcome = network.send(kit)
    assert outcome.new == 1
    kitx.apply_receipt(kit, outcome.receipt_path)  # type: ignore[arg-type]
    assert records.get(kit, first).status is Status.RECEIVED
    nothing = kitx.export_bundle(kit, network.usb)
    assert nothing.path is None and nothing.already_confirmed == 1
    add_interview(kit, quote="A second interview.")
    second = kitx.export_bundle(kit, network.usb)
    assert len(second.included) == 1 and second.sequence == 2


def test_export_without_hq_says_how_to_enroll(tmp_path: object, vault: Vault) -> None:
    with pytest.raises(kitx.NotEnrolled, match="enroll HQ's card"):
        kitx.export_bundle(vault, vault.path)


def test_private_notes_are_searched_on_the_kit_only(network: Network) -> None:
    kit = network.kits[0]
    add_interview(kit, notes="met him behind the mosque at 6pm")
    assert search.count(kit, search.Query(text="mosque")) == 1
    assert len(search.search(kit, search.Query(text="behind mos", limit=10))) == 1
    outcome = network.send(kit)
    # HQ never had the notes: nothing to find there.
    assert search.count(network.hq, search.Query(text="mosque")) == 0
    kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    # Purged with the quotes: the notes' words leave the index too.
    assert search.count(kit, search.Query(text="mosque")) == 0
