"""A kit never writes a bundle bigger than HQ reads: what does not fit goes in a later one."""

from __future__ import annotations

import pytest

from fieldkit import hq, kit
from fieldkit.exchange import bundle as fmt
from fieldkit.vault.store import Vault
from tests.builders import World
from tests.helpers import PASSPHRASE, cli_in_process


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


def test_the_preview_tells_what_an_export_would_send_and_writes_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ready = len(world.ids(world.kit_a))
    monkeypatch.setattr(fmt, "MAX_ENTRIES", 3)
    plan = kit.preview_export(world.kit_a)
    assert (len(plan.included), plan.left_for_next, plan.path) == (3, ready - 3, None)
    assert list(world.out.iterdir()) == []
    assert world.kit_a.read("SELECT count(*) FROM bundles_out")[0][0] == 0
    summary = kit.export_bundle(world.kit_a, world.out)
    assert summary.included == plan.included and summary.left_for_next == plan.left_for_next

    # The command line says how many are left for the next bundle.
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    folder = world.kit_a.path
    world.kit_a.close()
    code, out, _err = cli_in_process(
        capsys, "export", "--vault", str(folder), "--out", str(world.out)
    )
    world.kit_a = Vault.open(folder, PASSPHRASE)
    # Sent but unconfirmed ones go again: the first three again, the rest still waiting.
    assert code == 0 and f"{ready - 3} more interviews did not fit in one bundle" in out


def test_the_overview_counts_where_each_interview_stands(world: World) -> None:
    ids = world.ids(world.kit_a)
    empty = kit.sent_overview(world.kit_a)
    assert (empty.not_sent, empty.awaiting, empty.confirmed) == (len(ids), 0, 0)
    assert empty.last_export is None and empty.last_receipt is None
    summary = kit.export_bundle(world.kit_a, world.out, ids=ids[:2])
    assert summary.path is not None
    sent = kit.sent_overview(world.kit_a)
    assert (sent.not_sent, sent.awaiting, sent.last_sequence) == (len(ids) - 2, 2, 1)
    outcome = hq.import_bundle(world.hq, summary.path)
    assert outcome.receipt_path is not None
    kit.apply_receipt(world.kit_a, outcome.receipt_path)
    after = kit.sent_overview(world.kit_a)
    assert (after.awaiting, after.confirmed) == (0, 2) and after.last_receipt
