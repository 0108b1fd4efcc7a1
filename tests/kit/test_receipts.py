"""HQ's receipt on the kit: what it confirms, what it purges, and that it applies once."""

from __future__ import annotations

from dataclasses import replace

import pytest

from fieldkit import kit as kitx
from fieldkit.core.record import Status, validate
from fieldkit.vault import integrity, records, search
from tests.builders import Network, add_interview, edit_quote


def test_receipt_purges_only_unchanged_interviews(network: Network) -> None:
    kit = network.kits[0]
    kept = add_interview(kit, quote="Will be edited after sending.", notes="private")
    purged = add_interview(kit, quote="Will be purged.", notes="private too")
    outcome = network.send(kit)
    edit_quote(kit, kept, "Edited.")
    summary = kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    assert (summary.confirmed, summary.purged, summary.changed_since) == (1, 1, 1)
    gone = records.get(kit, purged)
    assert gone.quotes == () and gone.notes == "" and gone.status is Status.RECEIVED
    assert gone.place == "Tokmok"  # the minimum to show it was sent
    assert records.get(kit, kept).quotes[0].text == "Edited."
    assert search.count(kit, search.Query(text="purged")) == 0
    assert integrity.check(kit).ok
    again = kitx.export_bundle(kit, network.usb)
    assert again.included == [kept]


def test_receipt_applied_twice_changes_nothing_more(network: Network) -> None:
    kit = network.kits[0]
    add_interview(kit)
    outcome = network.send(kit)
    first = kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    second = kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    assert first.purged == 1 and second.purged == 0
    assert integrity.check(kit).ok


def test_a_purged_interview_cannot_be_edited_and_search_history_goes(network: Network) -> None:
    from fieldkit.core.errors import Purged

    kit = network.kits[0]
    interview_id = add_interview(kit, quote="Words to be purged.")
    kit.set_setting("recent_searches", ["purged"])
    outcome = network.send(kit)
    kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    assert kit.get_setting("recent_searches") is None
    assert records.is_purged(kit, interview_id)
    gone = records.get(kit, interview_id)
    with pytest.raises(Purged):
        records.save(kit, replace(gone, quotes=(validate({"quote": "New words."}).quotes[0],)))
    again = kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    assert (again.confirmed, again.changed_since, again.purged) == (1, 0, 0)
