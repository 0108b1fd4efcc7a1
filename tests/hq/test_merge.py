"""Bundles merged at HQ: new, updated, duplicate, quarantined, missing, rolled back alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange import bundle as fmt
from fieldkit.hq import importing as hq_importing
from fieldkit.hq import intake
from fieldkit.vault import bulk, importing, integrity, records, search
from tests.builders import Network, add_interview, edit_quote, export


def test_newer_revision_updates_and_keeps_provenance(network: Network) -> None:
    kit = network.kits[0]
    interview_id = add_interview(kit, quote="The neighbour called me.")
    network.send(kit)
    edit_quote(kit, interview_id, "[He] called me.")
    outcome = network.send(kit)
    assert (outcome.updated, outcome.new, outcome.quarantined) == (1, 0, 0)
    stored = records.get(network.hq, interview_id)
    assert stored.quotes[0].text == "[He] called me." and stored.revision == 2
    origins = hq.provenance(network.hq, [interview_id])[interview_id]
    assert [p.kit_revision for p in origins] == [1, 2]
    assert integrity.check(network.hq).ok


def _conflict(network: Network) -> tuple[str, hq.ImportOutcome]:
    """Kit a sends an interview; kit b sends one with the same id but other content."""
    kit_a, kit_b = network.kits
    interview_id = add_interview(kit_a, quote="Original words.")
    network.send(kit_a)
    add_interview(kit_b, quote="Different words.", id=interview_id)
    return interview_id, network.send(kit_b)


def test_conflicting_content_is_quarantined_never_overwritten(network: Network) -> None:
    interview_id, outcome = _conflict(network)
    assert outcome.quarantined == 1 and outcome.new == 0
    assert records.get(network.hq, interview_id).quotes[0].text == "Original words."
    [item] = hq.quarantine(network.hq)
    assert item.reason == "another kit sent this interview"
    assert item.incoming.quotes[0].text == "Different words."
    assert item.stored is not None and item.stored.quotes[0].text == "Original words."
    hq.resolve(network.hq, item.id, accept=True)
    assert records.get(network.hq, interview_id).quotes[0].text == "Different words."
    assert hq.quarantine(network.hq) == []
    assert integrity.check(network.hq).ok


def test_keeping_the_stored_version_resolves_the_item(network: Network) -> None:
    interview_id, _outcome = _conflict(network)
    [item] = hq.quarantine(network.hq)
    hq.resolve(network.hq, item.id, accept=False)
    assert records.get(network.hq, interview_id).quotes[0].text == "Original words."
    assert hq.quarantine(network.hq) == []


def test_same_interview_from_two_kits_is_stored_once(
    network: Network, fixture_rows: list[dict[str, object]]
) -> None:
    for kit in network.kits:
        importing.import_records(kit, list(enumerate(fixture_rows, start=1)))
    first, second = (network.send(kit) for kit in network.kits)
    assert (first.new, second.new, second.duplicates) == (11, 0, 11)
    assert search.count(network.hq) == 11
    ids = [s.id for s in search.search(network.hq)]
    origins = hq.provenance(network.hq, ids)
    assert all(len(origins[i]) == 2 for i in ids)
    summary = kitx.apply_receipt(
        network.kits[1],
        second.receipt_path,  # type: ignore[arg-type]
        purge=True,
    )
    assert summary.purged == 11


def test_missing_bundle_is_reported(network: Network) -> None:
    kit = network.kits[0]
    add_interview(kit)
    lost = kitx.export_bundle(kit, network.usb)
    add_interview(kit, quote="Second.")
    outcome = network.send(kit)
    assert outcome.sequence == 2
    fingerprint = kitx.kit_card(kit).card.fingerprint
    assert outcome.warnings == [f"bundle 1 of kit {fingerprint} is missing"]
    assert lost.path is not None
    late = hq.import_bundle(network.hq, lost.path)
    # Bundle 2 carried the unconfirmed interview again, so the late bundle adds nothing.
    assert late.warnings == [] and (late.new, late.unchanged) == (0, 1)


def test_a_change_to_an_interview_two_kits_sent_goes_to_quarantine(
    network: Network, fixture_rows: list[dict[str, object]]
) -> None:
    kit_a, kit_b = network.kits
    for kit in network.kits:
        importing.import_records(kit, list(enumerate(fixture_rows, start=1)))
    network.send(kit_a)
    assert network.send(kit_b).duplicates == 11
    [edited] = search.search(kit_b, search.Query(text="nine hours"))
    edit_quote(kit_b, edited.id, "Edited.")
    outcome = network.send(kit_b)
    assert (outcome.quarantined, outcome.updated, outcome.new) == (1, 0, 0)
    assert search.count(network.hq) == 11  # not split into two interviews
    [item] = hq.quarantine(network.hq)
    assert item.reason == "a changed version of an interview another kit also sent"
    assert item.stored is not None and item.stored.quotes[0].text != "Edited."
    hq.resolve(network.hq, item.id, accept=True)
    assert search.count(network.hq) == 11
    assert records.get(network.hq, item.interview_id).quotes[0].text == "Edited."
    kits = {
        p.kit_fingerprint for p in hq.provenance(network.hq, [item.interview_id])[item.interview_id]
    }
    assert kits == {kitx.kit_card(k).card.fingerprint for k in network.kits}
    assert integrity.check(network.hq).ok


def test_several_bundles_at_once_a_bad_one_rolls_back_alone(network: Network) -> None:
    kit = network.kits[0]
    bundles = []
    for number in range(3):
        add_interview(kit, quote=f"Interview number {number}.")
        summary = kitx.export_bundle(kit, network.usb, ids=[search.search(kit)[0].id])
        assert summary.path is not None
        bundles.append(summary.path)
    damaged = bytearray(bundles[1].read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    bundles[1].write_bytes(bytes(damaged))
    results = hq.import_bundles(network.hq, [*bundles, bundles[0]])
    assert isinstance(results[1], fmt.BundleRejected)
    first, third, again = results[0], results[2], results[3]
    assert isinstance(first, hq.ImportOutcome) and isinstance(third, hq.ImportOutcome)
    assert isinstance(again, hq.ImportOutcome) and again.replay
    assert (first.new, third.new) == (1, 1)
    assert third.warnings == [f"bundle 2 of kit {kitx.kit_card(kit).card.fingerprint} is missing"]
    assert search.count(network.hq) == 2
    assert first.receipt_path is not None and first.receipt_path.exists()
    assert third.receipt_path is not None and third.receipt_path.exists()


@pytest.mark.parametrize("parallel", [False, True], ids=["this process", "worker"])
def test_bundles_merge_alike_with_or_without_a_worker(
    network: Network, parallel: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker parses and validates the records of bundles ahead; HQ decides the same."""
    handed: list[object] = []
    submit = bulk.Worker.submit

    def counted(worker: bulk.Worker, *args: object) -> object:
        handed.append(args)
        return submit(worker, *args)

    monkeypatch.setattr(bulk.Worker, "submit", counted)
    kit_a, kit_b = network.kits
    shared = add_interview(kit_a, quote="The water rose at night.")
    add_interview(kit_b, quote="The water rose at night.")
    paths = [export(kit_a, network.usb), export(kit_b, network.usb)]
    edit_quote(kit_a, shared, "The water rose before dawn.")
    paths.append(export(kit_a, network.usb))
    [copy] = search.search(kit_b)
    edit_quote(kit_b, copy.id, "The river rose at night.")
    paths.append(export(kit_b, network.usb))
    add_interview(kit_a, quote="The school was closed.")
    paths.append(export(kit_a, network.usb))
    damaged = bytearray(paths[-1].read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    paths.append(network.usb / "damaged.fkbundle")
    paths[-1].write_bytes(bytes(damaged))
    results = hq.import_bundles(network.hq, [*paths, paths[0]], parallel=parallel)
    assert isinstance(results[5], fmt.BundleRejected)
    # The first ones are parsed here while the worker starts; the replay is not parsed.
    assert len(handed) == (5 - intake.LOCAL_FIRST if parallel else 0)
    outcomes = [r for r in results if isinstance(r, hq.ImportOutcome)]
    assert len(outcomes) == 6
    counts = [(o.new, o.duplicates, o.updated, o.unchanged, o.quarantined) for o in outcomes]
    assert counts == [
        (1, 0, 0, 0, 0),
        (0, 1, 0, 0, 0),
        (0, 0, 1, 0, 0),
        (0, 0, 0, 0, 1),
        (1, 0, 0, 1, 0),  # kit a has no receipt yet: the edited interview again, unchanged
        (0, 0, 0, 1, 0),
    ]
    assert [o.replay for o in outcomes] == [False] * 5 + [True]
    assert records.get(network.hq, shared).quotes[0].text == "The water rose before dawn."
    [item] = hq.quarantine(network.hq)
    assert item.incoming.quotes[0].text == "The river rose at night."
    assert search.count(network.hq) == 2
    assert integrity.check(network.hq).ok


def test_a_refused_update_rolls_back_its_bundle_alone(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit = network.kits[0]
    interview_id = add_interview(kit, quote="The gate was locked.")
    network.send(kit)
    edit_quote(kit, interview_id, "The gate was open.")
    add_interview(kit, quote="The bus did not come.")  # new, in the same bundle as the update
    second = export(kit, network.usb)
    third = export(kit, network.usb, ids=[add_interview(kit, quote="The shop was empty.")])

    def refuse(conn: object, interview: object, saved: str) -> None:
        raise FieldkitError("refused")

    monkeypatch.setattr(records, "save_in", refuse)
    results = hq.import_bundles(network.hq, [second, third])
    assert isinstance(results[0], FieldkitError)
    assert isinstance(results[1], hq.ImportOutcome) and results[1].new == 1
    assert search.count(network.hq) == 2  # the first and the third: nothing of the second
    assert records.get(network.hq, interview_id).quotes[0].text == "The gate was locked."


def test_a_failed_plain_write_rolls_back_the_whole_transaction(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bundles without updates merge without a savepoint: checks come first, then only the
    database can refuse a write. Should anything else ever refuse one, no bundle stays
    half-written: the whole transaction goes."""
    kit = network.kits[0]
    first = export(kit, network.usb, ids=[add_interview(kit, quote="The gate was locked.")])
    second = export(kit, network.usb, ids=[add_interview(kit, quote="The bus did not come.")])
    real = importing.insert_new
    calls: list[int] = []

    def fail_second(conn: object, batch: Any, saved: str) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise FieldkitError("refused")
        real(conn, batch, saved)

    monkeypatch.setattr(importing, "insert_new", fail_second)
    with pytest.raises(FieldkitError, match="refused"):
        hq.import_bundles(network.hq, [first, second])
    assert search.count(network.hq) == 0
    assert network.hq.read("SELECT count(*) FROM provenance")[0][0] == 0
    monkeypatch.undo()
    assert [type(r) for r in hq.import_bundles(network.hq, [first, second])] == [
        hq.ImportOutcome,
        hq.ImportOutcome,
    ]


def test_each_bundle_is_reported_once_committed_and_a_stop_leaves_the_rest(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the HQ window shows a line per bundle from: each result, in order, once its
    transaction has committed (its receipt written); asked to stop, the import commits what it
    merged and leaves the bundles after it alone."""
    monkeypatch.setattr(hq_importing, "BUNDLES_PER_TRANSACTION", 2)
    kit = network.kits[0]
    paths = [
        export(kit, network.usb, ids=[add_interview(kit, quote=f"Quote {n}.")]) for n in range(3)
    ]
    junk = network.usb / "junk.fkbundle"
    junk.write_bytes(b"age-encryption.org/v1\nnot a bundle at all")
    heard: list[tuple[Path, object, int, bool]] = []

    def on_result(path: Path, result: object) -> None:
        receipt = getattr(result, "receipt_path", None)
        heard.append((path, result, search.count(network.hq), bool(receipt and receipt.exists())))

    results = hq.import_bundles(network.hq, [paths[0], junk, *paths[1:]], on_result=on_result)
    assert [h[0] for h in heard] == [paths[0], junk, *paths[1:]]
    assert [h[1] for h in heard] == results
    assert isinstance(results[1], fmt.BundleRejected)
    # The first two shared a transaction: both heard of once it committed.
    assert [h[2] for h in heard] == [1, 1, 3, 3]
    assert [h[3] for h in heard] == [True, False, True, True]

    more = [
        export(kit, network.usb, ids=[add_interview(kit, quote=f"More {n}.")]) for n in range(3)
    ]
    done: list[Path] = []
    results = hq.import_bundles(
        network.hq, more, on_result=lambda path, _result: done.append(path), stop=lambda: bool(done)
    )
    assert done == more[:2] and len(results) == 2  # a transaction's worth, then the stop
    assert search.count(network.hq) == 5
