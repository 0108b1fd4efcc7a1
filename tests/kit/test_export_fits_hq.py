"""A kit never writes a bundle bigger than HQ reads: what does not fit goes in a later one."""

from __future__ import annotations

import pytest

from fieldkit import hq, kit
from fieldkit.exchange import bundle as fmt
from tests.builders import World


def test_interviews_beyond_hqs_caps_wait_for_the_next_bundle(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready = len(world.ids(world.kit_a))
    assert ready > 4
    sent: list[str] = []

    def send(max_entries: int, max_held: int) -> kit.ExportSummary:
        with monkeypatch.context() as patch:
            patch.setattr(fmt, "MAX_ENTRIES", max_entries)
            patch.setattr(fmt, "MAX_HELD_BYTES", max_held)
            summary = kit.export_bundle(world.kit_a, world.out)
        assert summary.path is not None
        outcome = hq.import_bundle(world.hq, summary.path)  # HQ's real caps
        assert outcome.receipt_path is not None and outcome.new == len(summary.included)
        kit.apply_receipt(world.kit_a, outcome.receipt_path)
        sent.extend(summary.included)
        return summary

    first = send(3, fmt.MAX_HELD_BYTES)
    assert len(first.included) == 3 and first.left_for_next == ready - 3
    second = send(fmt.MAX_ENTRIES, 1)  # one record at a time, whatever its size
    assert len(second.included) == 1 and second.left_for_next == ready - 4
    rest = send(fmt.MAX_ENTRIES, fmt.MAX_HELD_BYTES)
    assert len(rest.included) == ready - 4 and rest.left_for_next == 0
    assert sorted(sent) == sorted(world.ids(world.kit_a))
