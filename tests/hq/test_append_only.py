"""HQ is append-only (issue 10, findings 4 to 6): a kit whose signing key was taken cannot
rewrite what HQ holds, launder an id past provenance, or downgrade consent by a second copy.

The forged bundles are what such a kit could make: a real bundle of it, records rewritten and
the manifest signed again with the kit's own key.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.keys import Role, load_identity
from fieldkit.exchange.receipt import Receipt
from fieldkit.hq import history, intake, merge
from fieldkit.hq.exports import ExportFormat, export_text
from fieldkit.hq.storage import HqStore
from fieldkit.kit.receipts import read_receipt
from fieldkit.vault import integrity, records, search
from fieldkit.vault.store import Vault
from tests.builders import Network, add_interview, edit_quote, export
from tests.helpers import PASSPHRASE, run_cli
from tests.tampering import Inner, seal, signed

Rewrite = Callable[[dict[str, Any]], dict[str, Any]]


def _forged(network: Network, kit: Vault, rewrite: Rewrite) -> Path:
    """The kit's next bundle with each record rewritten by ``rewrite``, signed again by the
    kit (its key is in its vault)."""
    real = export(kit, network.usb)
    inner = Inner.of(real.read_bytes(), network.hq_identity)
    records_out = [canonical_json(rewrite(json.loads(raw))) for raw in inner.records]
    entries = [
        {**entry, "id": json.loads(raw)["id"], "revision": json.loads(raw)["revision"]}
        for entry, raw in zip(inner.manifest["entries"], records_out, strict=True)
    ]
    identity = load_identity(kit, Role.KIT)
    assert identity is not None
    plain = signed(
        {**inner.manifest, "entries": entries}, records_out, identity.signing, fix_entries=True
    )
    real.write_bytes(seal(plain, network.hq_identity.card.recipient()))
    return real


def _harmless(record: dict[str, Any]) -> dict[str, Any]:
    quotes = [{**q, "text": "Nothing happened here."} for q in record["quotes"]]
    return {**record, "revision": fmt.MAX_INT, "quotes": quotes}


def _receipt(kit: Vault, outcome: hq.ImportOutcome) -> Receipt:
    assert outcome.receipt_path is not None
    return read_receipt(kit, outcome.receipt_path)


def _holds_exactly(network: Network, receipt: Receipt) -> None:
    """Every entry the receipt lists as stored: HQ keeps exactly the bytes signed."""
    kit_id = receipt.kit_id
    store = HqStore(network.hq)
    for entry in receipt.stored:
        assert store.held(entry.id, kit_id, entry.revision, entry.sha256), entry
    for entry in receipt.quarantined:
        assert not store.held(entry.id, kit_id, entry.revision, entry.sha256), entry


def _sent_then_edited(
    network: Network, first: str, second: str
) -> tuple[Vault, str, hq.ImportOutcome]:
    """The first kit sends an interview quoting ``first``, then the same interview edited to
    ``second``: the kit, the interview's id and what HQ made of the edited one."""
    kit = network.kits[0]
    interview_id = add_interview(kit, quote=first)
    network.send(kit)
    edit_quote(kit, interview_id, second)
    return kit, interview_id, network.send(kit)


def test_a_rewrite_at_the_highest_revision_keeps_history_and_later_updates(
    network: Network,
) -> None:
    kit, interview_id, edited = _sent_then_edited(
        network,
        "They took my brother at the checkpoint.",
        "They took my brother at the checkpoint at dawn.",
    )
    assert edited.updated == 1

    forged = hq.import_bundle(network.hq, _forged(network, kit, _harmless))
    assert (forged.updated, forged.quarantined) == (0, 1)
    [item] = hq.quarantine(network.hq)
    assert "far beyond" in item.reason and str(fmt.MAX_INT) in item.reason
    stored = records.get(network.hq, interview_id)
    assert stored.quotes[0].text == "They took my brother at the checkpoint at dawn."

    # The genuine next revision is an update, not quarantined as "older" than the forgery.
    edit_quote(kit, interview_id, "They took my brother and his friend at the checkpoint.")
    genuine = network.send(kit)
    assert (genuine.updated, genuine.quarantined) == (1, 0)

    # A person accepting the jump replaces nothing: every revision stays readable.
    hq.resolve(network.hq, item.id, accept=True)
    texts = {r.kit_revision: r.quotes for r in history.revisions(network.hq, interview_id)}
    assert texts == {
        1: ["They took my brother at the checkpoint."],
        2: ["They took my brother at the checkpoint at dawn."],
        3: ["They took my brother and his friend at the checkpoint."],
        fmt.MAX_INT: ["Nothing happened here."],
    }
    assert integrity.check(network.hq).ok


def test_a_first_revision_implausibly_high_is_quarantined(network: Network) -> None:
    kit = network.kits[0]
    add_interview(kit, quote="The road was closed.")
    jump = merge.MAX_FIRST_REVISION + 1
    outcome = hq.import_bundle(network.hq, _forged(network, kit, lambda r: {**r, "revision": jump}))
    assert (outcome.new, outcome.quarantined) == (0, 1)
    assert search.count(network.hq) == 0
    [item] = hq.quarantine(network.hq)
    assert "implausibly high" in item.reason and item.stored is None
    hq.resolve(network.hq, item.id, accept=True)
    assert search.count(network.hq) == 1


def test_history_export_has_every_revision_the_default_export_only_the_latest(
    network: Network,
) -> None:
    _kit, interview_id, _edited = _sent_then_edited(
        network, "The first words.", "The second words."
    )
    lines = [
        json.loads(line)
        for line in export_text(network.hq, ExportFormat.JSONL, history=True).splitlines()
    ]
    assert [(r["kit_revision"], r["record"]["quotes"][0]["text"]) for r in lines] == [
        (1, "The first words."),
        (2, "The second words."),
    ]
    assert all(r["interview_id"] == interview_id and r["content_stored"] for r in lines)
    assert {r["bundle_id"] for r in lines} == set(
        network.hq.read("SELECT bundle_id FROM bundles_in")[i][0] for i in range(2)
    )
    default = export_text(network.hq, ExportFormat.JSONL)
    assert "The first words." not in default and "The second words." in default
    table = export_text(network.hq, ExportFormat.CSV, history=True)
    assert "The first words." in table and "The second words." in table


def test_history_export_through_the_command_line(network: Network, tmp_path: Path) -> None:
    _sent_then_edited(network, "Before the flood.", "After the flood.")
    folder = Path(network.hq.path)
    network.hq.close()
    try:
        out = tmp_path / "history.csv"
        done = run_cli(
            "hq",
            "export",
            "--hq",
            str(folder),
            "--format",
            "csv",
            "--history",
            "--out",
            str(out),
        )
        assert done.returncode == 0, done.stderr
        assert "wrote 2 revisions" in done.stdout
        text = out.read_text(encoding="utf-8")
        assert "Before the flood." in text and "After the flood." in text
        refused = run_cli(
            "hq",
            "export",
            "--hq",
            str(folder),
            "--format",
            "citations",
            "--history",
            "--out",
            str(tmp_path / "c.md"),
        )
        assert refused.returncode != 0 and "jsonl or csv" in refused.stderr
    finally:
        network.hq = Vault.open(folder, PASSPHRASE)


def test_a_record_id_validation_would_normalise_is_refused() -> None:
    raw = {
        "consent": {"kind": "oral", "quote_anonymously": True, "share_with_partners": False},
        "country": None,
        "id": "{6F9619FF-8B86-D011-B42D-00C04FC964FF}",
        "interview_date": "2020-02-16",
        "interviewer": None,
        "language": None,
        "organisation": "Org",
        "place": "Tokmok",
        "quotes": [{"tags": [], "text": "Words."}],
        "revision": 1,
        "role": "Dungan woman",
        "tags": [],
    }
    with pytest.raises(fmt.BundleRejected, match="canonical lower-case"):
        intake._record(raw, 1)
    canonical = {**raw, "id": "6f9619ff-8b86-d011-b42d-00c04fc964ff"}
    assert intake._record(canonical, 1).id == canonical["id"]


def test_upper_case_ids_are_refused_in_one_line_and_the_other_bundles_import(
    network: Network,
) -> None:
    kit = network.kits[0]
    first = export(kit, network.usb, ids=[add_interview(kit, quote="The first bundle.")])
    add_interview(kit, quote="Planted.")
    planted = _forged(network, kit, lambda r: {**r, "id": "{" + r["id"].upper() + "}"})
    third = export(kit, network.usb, ids=[add_interview(kit, quote="The third bundle.")])
    folder = Path(network.hq.path)
    network.hq.close()
    try:
        done = run_cli("hq", "import", "--hq", str(folder), str(first), str(planted), str(third))
    finally:
        network.hq = Vault.open(folder, PASSPHRASE)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    # The third bundle follows a refused one: HQ warns that bundle 2 is missing.
    [line, warning] = done.stderr.splitlines()
    assert warning.startswith("  warning: bundle 2 of kit")
    assert line.startswith(f"fieldkit: {planted}: rejected, nothing imported: ")
    assert "canonical lower-case" in line
    texts = {
        r.quotes[0].text
        for r in records.get_many(network.hq, [s.id for s in search.search(network.hq)])
    }
    assert texts == {"The first bundle.", "The third bundle."}


def test_a_constraint_the_database_enforces_undoes_that_bundle_alone(network: Network) -> None:
    kit = network.kits[0]
    first = export(kit, network.usb, ids=[add_interview(kit, quote="The gate was locked.")])
    clash = add_interview(kit, quote="The bus did not come.")
    second = export(kit, network.usb, ids=[clash])
    third = export(kit, network.usb, ids=[add_interview(kit, quote="The shop was empty.")])
    with network.hq.transaction() as conn:  # a row left behind, which the new one clashes with
        conn.execute(
            "INSERT INTO revisions (interview_id, number, saved_at, sha256) VALUES (?,1,?,?)",
            (clash, "2020-01-01T00:00:00Z", "0" * 64),
        )
    results = hq.import_bundles(network.hq, [first, second, third])
    assert isinstance(results[1], fmt.BundleRejected)
    message = str(results[1])
    assert "\n" not in message and "refused one of its records" in message
    assert "The bus" not in message
    assert [type(r) for r in (results[0], results[2])] == [hq.ImportOutcome] * 2
    assert search.count(network.hq) == 2
    assert not records.get_many(network.hq, [clash])
    assert not network.hq.read("SELECT 1 FROM provenance WHERE interview_id = ?", (clash,))


def test_a_copy_with_other_consent_is_quarantined_and_receipts_say_what_hq_holds(
    network: Network,
) -> None:
    kit_a, kit_b = network.kits
    same = {"quote": "The soldiers came at night.", "organisation": "Org"}
    add_interview(
        kit_a, consent={"kind": "oral", "quote_anonymously": True}, tags=["detention"], **same
    )
    add_interview(
        kit_b,
        consent={"kind": "written", "quote_anonymously": True, "share_with_partners": True},
        tags=["detention"],
        **same,
    )
    first, second = network.send(kit_a), network.send(kit_b)
    assert (first.new, second.duplicates, second.quarantined) == (1, 0, 1)
    [item] = hq.quarantine(network.hq)
    assert item.reason == merge.NOT_THE_SAME_COPY
    assert item.stored is not None and not item.stored.consent.share_with_partners
    assert item.incoming.consent.share_with_partners
    [stored] = search.search(network.hq)
    assert not records.get(network.hq, stored.id).consent.share_with_partners

    receipt_a, receipt_b = _receipt(kit_a, first), _receipt(kit_b, second)
    assert (len(receipt_a.stored), len(receipt_b.stored), len(receipt_b.quarantined)) == (1, 0, 1)
    _holds_exactly(network, receipt_a)
    _holds_exactly(network, receipt_b)
    assert first.receipt_path is not None and second.receipt_path is not None
    assert kitx.apply_receipt(kit_b, second.receipt_path, purge=True).purged == 0
    assert kitx.apply_receipt(kit_a, first.receipt_path, purge=True).purged == 1


def test_a_copy_alike_in_every_shared_field_is_still_an_alias_with_its_bytes(
    network: Network,
) -> None:
    kit_a, kit_b = network.kits
    for kit in network.kits:
        add_interview(kit, quote="The water rose.", consent={"kind": "oral"}, tags=["flood"])
    first, second = network.send(kit_a), network.send(kit_b)
    assert (first.new, second.duplicates, second.quarantined) == (1, 1, 0)
    _holds_exactly(network, _receipt(kit_b, second))
    [stored] = search.search(network.hq)
    kits = {r.kit_fingerprint for r in history.revisions(network.hq, stored.id)}
    assert len(kits) == 2


def test_unchanged_entries_keep_their_bytes_and_hashes_match(network: Network) -> None:
    kit = network.kits[0]
    add_interview(kit, quote="Sent twice.")
    network.send(kit)
    again = network.send(kit)  # no receipt applied: the same revision again
    assert again.unchanged == 1
    _holds_exactly(network, _receipt(kit, again))
    for revision in history.revisions(network.hq, search.search(network.hq)[0].id):
        assert revision.record is not None
        assert sha256_hex(canonical_json(revision.record)) == revision.sha256
