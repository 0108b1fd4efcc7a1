"""Export from kits, merge at HQ, receipts back: what a data manager and a researcher see."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import Status, validate
from fieldkit.exchange import bundle as fmt
from fieldkit.hq import importing, intake
from fieldkit.vault import bulk
from fieldkit.vault import repository as repo
from fieldkit.vault.store import Vault
from tests.hq.conftest import Network


def add(vault: Vault, quote: str = "They came at night.", **fields: object) -> str:
    raw: dict[str, object] = {
        "interview_date": "2020-02-16",
        "place": "Tokmok",
        "role": "Dungan woman",
        "quote": quote,
        "status": "ready",
    }
    raw.update(fields)
    return repo.save(vault, validate(raw)).id


def send(net: Network, kit: Vault, **options: object) -> hq.ImportOutcome:
    summary = kitx.export_bundle(kit, net.usb, **options)  # type: ignore[arg-type]
    assert summary.path is not None
    return hq.import_bundle(net.hq, summary.path)


def test_notes_and_drafts_stay_on_the_kit(network: Network) -> None:
    kit = network.kits[0]
    add(kit, notes="met him behind the mosque at 6pm")
    add(kit, quote="unfinished", status="draft")
    add(kit, quote="", place="", status="draft")
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
    first = add(kit)
    outcome = send(network, kit)
    assert outcome.new == 1
    kitx.apply_receipt(kit, outcome.receipt_path)  # type: ignore[arg-type]
    assert repo.get(kit, first).status is Status.RECEIVED
    nothing = kitx.export_bundle(kit, network.usb)
    assert nothing.path is None and nothing.already_confirmed == 1
    add(kit, quote="A second interview.")
    second = kitx.export_bundle(kit, network.usb)
    assert len(second.included) == 1 and second.sequence == 2


def test_newer_revision_updates_and_keeps_provenance(network: Network) -> None:
    kit = network.kits[0]
    interview_id = add(kit, quote="The neighbour called me.")
    send(network, kit)
    current = repo.get(kit, interview_id)
    repo.save(kit, replace(current, quotes=(replace(current.quotes[0], text="[He] called me."),)))
    outcome = send(network, kit)
    assert (outcome.updated, outcome.new, outcome.quarantined) == (1, 0, 0)
    stored = repo.get(network.hq, interview_id)
    assert stored.quotes[0].text == "[He] called me." and stored.revision == 2
    origins = hq.provenance(network.hq, [interview_id])[interview_id]
    assert [p.kit_revision for p in origins] == [1, 2]
    assert repo.check(network.hq).ok


def test_conflicting_content_is_quarantined_never_overwritten(network: Network) -> None:
    kit_a, kit_b = network.kits
    interview_id = add(kit_a, quote="Original words.")
    send(network, kit_a)
    # Another kit sends an interview with the same id but other content.
    repo.save(
        kit_b,
        validate(
            {
                "id": interview_id,
                "interview_date": "2020-02-16",
                "place": "Tokmok",
                "role": "Dungan woman",
                "quote": "Different words.",
                "status": "ready",
            }
        ),
    )
    outcome = send(network, kit_b)
    assert outcome.quarantined == 1 and outcome.new == 0
    assert repo.get(network.hq, interview_id).quotes[0].text == "Original words."
    [item] = hq.quarantine(network.hq)
    assert item.reason == "another kit sent this interview"
    assert item.incoming.quotes[0].text == "Different words."
    assert item.stored is not None and item.stored.quotes[0].text == "Original words."
    hq.resolve(network.hq, item.id, accept=True)
    assert repo.get(network.hq, interview_id).quotes[0].text == "Different words."
    assert hq.quarantine(network.hq) == []
    assert repo.check(network.hq).ok


def test_keeping_the_stored_version_resolves_the_item(network: Network) -> None:
    kit_a, kit_b = network.kits
    interview_id = add(kit_a, quote="Original words.")
    send(network, kit_a)
    repo.save(
        kit_b,
        validate(
            {
                "id": interview_id,
                "interview_date": "2020-02-16",
                "place": "Tokmok",
                "role": "Dungan woman",
                "quote": "Different words.",
                "status": "ready",
            }
        ),
    )
    send(network, kit_b)
    [item] = hq.quarantine(network.hq)
    hq.resolve(network.hq, item.id, accept=False)
    assert repo.get(network.hq, interview_id).quotes[0].text == "Original words."
    assert hq.quarantine(network.hq) == []


def test_same_interview_from_two_kits_is_stored_once(
    network: Network, fixture_rows: list[dict[str, object]]
) -> None:
    for kit in network.kits:
        repo.import_records(kit, list(enumerate(fixture_rows, start=1)))
    first, second = (send(network, kit) for kit in network.kits)
    assert (first.new, second.new, second.duplicates) == (11, 0, 11)
    assert repo.count(network.hq) == 11
    ids = [s.id for s in repo.search(network.hq)]
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
    add(kit)
    lost = kitx.export_bundle(kit, network.usb)
    add(kit, quote="Second.")
    outcome = send(network, kit)
    assert outcome.sequence == 2
    fingerprint = kitx.kit_card(kit).card.fingerprint
    assert outcome.warnings == [f"bundle 1 of kit {fingerprint} is missing"]
    assert lost.path is not None
    late = hq.import_bundle(network.hq, lost.path)
    # Bundle 2 carried the unconfirmed interview again, so the late bundle adds nothing.
    assert late.warnings == [] and (late.new, late.unchanged) == (0, 1)


def test_receipt_purges_only_unchanged_interviews(network: Network) -> None:
    kit = network.kits[0]
    kept = add(kit, quote="Will be edited after sending.", notes="private")
    purged = add(kit, quote="Will be purged.", notes="private too")
    outcome = send(network, kit)
    current = repo.get(kit, kept)
    repo.save(kit, replace(current, quotes=(replace(current.quotes[0], text="Edited."),)))
    summary = kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    assert (summary.confirmed, summary.purged, summary.changed_since) == (1, 1, 1)
    gone = repo.get(kit, purged)
    assert gone.quotes == () and gone.notes == "" and gone.status is Status.RECEIVED
    assert gone.place == "Tokmok"  # the minimum to show it was sent
    assert repo.get(kit, kept).quotes[0].text == "Edited."
    assert repo.count(kit, repo.Query(text="purged")) == 0
    assert repo.check(kit).ok
    again = kitx.export_bundle(kit, network.usb)
    assert again.included == [kept]


def test_receipt_applied_twice_changes_nothing_more(network: Network) -> None:
    kit = network.kits[0]
    add(kit)
    outcome = send(network, kit)
    first = kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    second = kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    assert first.purged == 1 and second.purged == 0
    assert repo.check(kit).ok


def test_export_without_hq_says_how_to_enroll(tmp_path: object, vault: Vault) -> None:
    with pytest.raises(kitx.NotEnrolled, match="enroll HQ's card"):
        kitx.export_bundle(vault, vault.path)


def test_a_change_to_an_interview_two_kits_sent_goes_to_quarantine(
    network: Network, fixture_rows: list[dict[str, object]]
) -> None:
    kit_a, kit_b = network.kits
    for kit in network.kits:
        repo.import_records(kit, list(enumerate(fixture_rows, start=1)))
    send(network, kit_a)
    assert send(network, kit_b).duplicates == 11
    [edited] = repo.search(kit_b, repo.Query(text="nine hours"))
    current = repo.get(kit_b, edited.id)
    repo.save(kit_b, replace(current, quotes=(replace(current.quotes[0], text="Edited."),)))
    outcome = send(network, kit_b)
    assert (outcome.quarantined, outcome.updated, outcome.new) == (1, 0, 0)
    assert repo.count(network.hq) == 11  # not split into two interviews
    [item] = hq.quarantine(network.hq)
    assert item.reason == "a changed version of an interview another kit also sent"
    assert item.stored is not None and item.stored.quotes[0].text != "Edited."
    hq.resolve(network.hq, item.id, accept=True)
    assert repo.count(network.hq) == 11
    assert repo.get(network.hq, item.interview_id).quotes[0].text == "Edited."
    kits = {
        p.kit_fingerprint for p in hq.provenance(network.hq, [item.interview_id])[item.interview_id]
    }
    assert kits == {kitx.kit_card(k).card.fingerprint for k in network.kits}
    assert repo.check(network.hq).ok


def test_a_purged_interview_cannot_be_edited_and_search_history_goes(network: Network) -> None:
    from fieldkit.core.errors import Purged

    kit = network.kits[0]
    interview_id = add(kit, quote="Words to be purged.")
    kit.set_setting("recent_searches", ["purged"])
    outcome = send(network, kit)
    kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    assert kit.get_setting("recent_searches") is None
    assert repo.is_purged(kit, interview_id)
    gone = repo.get(kit, interview_id)
    with pytest.raises(Purged):
        repo.save(kit, replace(gone, quotes=(validate({"quote": "New words."}).quotes[0],)))
    again = kitx.apply_receipt(kit, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
    assert (again.confirmed, again.changed_since, again.purged) == (1, 0, 0)


def test_several_bundles_at_once_a_bad_one_rolls_back_alone(network: Network) -> None:
    kit = network.kits[0]
    bundles = []
    for number in range(3):
        add(kit, quote=f"Interview number {number}.")
        summary = kitx.export_bundle(kit, network.usb, ids=[repo.search(kit)[0].id])
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
    assert repo.count(network.hq) == 2
    assert first.receipt_path is not None and first.receipt_path.exists()
    assert third.receipt_path is not None and third.receipt_path.exists()


def _export(net: Network, kit: Vault, **options: object) -> Path:
    summary = kitx.export_bundle(kit, net.usb, **options)  # type: ignore[arg-type]
    assert summary.path is not None
    return summary.path


def _edit(kit: Vault, interview_id: str, text: str) -> None:
    current = repo.get(kit, interview_id)
    repo.save(kit, replace(current, quotes=(replace(current.quotes[0], text=text),)))


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
    shared = add(kit_a, quote="The water rose at night.")
    add(kit_b, quote="The water rose at night.")
    paths = [_export(network, kit_a), _export(network, kit_b)]
    _edit(kit_a, shared, "The water rose before dawn.")
    paths.append(_export(network, kit_a))
    [copy] = repo.search(kit_b)
    _edit(kit_b, copy.id, "The river rose at night.")
    paths.append(_export(network, kit_b))
    add(kit_a, quote="The school was closed.")
    paths.append(_export(network, kit_a))
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
    assert repo.get(network.hq, shared).quotes[0].text == "The water rose before dawn."
    [item] = hq.quarantine(network.hq)
    assert item.incoming.quotes[0].text == "The river rose at night."
    assert repo.count(network.hq) == 2
    assert repo.check(network.hq).ok


def test_a_refused_update_rolls_back_its_bundle_alone(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit = network.kits[0]
    interview_id = add(kit, quote="The gate was locked.")
    send(network, kit)
    _edit(kit, interview_id, "The gate was open.")
    add(kit, quote="The bus did not come.")  # new, in the same bundle as the update
    second = _export(network, kit)
    third = _export(network, kit, ids=[add(kit, quote="The shop was empty.")])

    def refuse(conn: object, interview: object, saved: str) -> None:
        raise FieldkitError("refused")

    monkeypatch.setattr(repo, "save_in", refuse)
    results = hq.import_bundles(network.hq, [second, third])
    assert isinstance(results[0], FieldkitError)
    assert isinstance(results[1], hq.ImportOutcome) and results[1].new == 1
    assert repo.count(network.hq) == 2  # the first and the third: nothing of the second
    assert repo.get(network.hq, interview_id).quotes[0].text == "The gate was locked."


def test_a_failed_plain_write_rolls_back_the_whole_transaction(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bundles without updates merge without a savepoint: checks come first, then only the
    database can refuse a write. Should anything else ever refuse one, no bundle stays
    half-written: the whole transaction goes."""
    kit = network.kits[0]
    first = _export(network, kit, ids=[add(kit, quote="The gate was locked.")])
    second = _export(network, kit, ids=[add(kit, quote="The bus did not come.")])
    real = repo.insert_new
    calls: list[int] = []

    def fail_second(conn: object, batch: Any, saved: str) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise FieldkitError("refused")
        real(conn, batch, saved)

    monkeypatch.setattr(repo, "insert_new", fail_second)
    with pytest.raises(FieldkitError, match="refused"):
        hq.import_bundles(network.hq, [first, second])
    assert repo.count(network.hq) == 0
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
    monkeypatch.setattr(importing, "BUNDLES_PER_TRANSACTION", 2)
    kit = network.kits[0]
    paths = [_export(network, kit, ids=[add(kit, quote=f"Quote {n}.")]) for n in range(3)]
    junk = network.usb / "junk.fkbundle"
    junk.write_bytes(b"age-encryption.org/v1\nnot a bundle at all")
    heard: list[tuple[Path, object, int, bool]] = []

    def on_result(path: Path, result: object) -> None:
        receipt = getattr(result, "receipt_path", None)
        heard.append((path, result, repo.count(network.hq), bool(receipt and receipt.exists())))

    results = hq.import_bundles(network.hq, [paths[0], junk, *paths[1:]], on_result=on_result)
    assert [h[0] for h in heard] == [paths[0], junk, *paths[1:]]
    assert [h[1] for h in heard] == results
    assert isinstance(results[1], fmt.BundleRejected)
    # The first two shared a transaction: both heard of once it committed.
    assert [h[2] for h in heard] == [1, 1, 3, 3]
    assert [h[3] for h in heard] == [True, False, True, True]

    more = [_export(network, kit, ids=[add(kit, quote=f"More {n}.")]) for n in range(3)]
    done: list[Path] = []
    results = hq.import_bundles(
        network.hq, more, on_result=lambda path, _result: done.append(path), stop=lambda: bool(done)
    )
    assert done == more[:2] and len(results) == 2  # a transaction's worth, then the stop
    assert repo.count(network.hq) == 5
