"""A seized kit: HQ revokes it, or the kit moves to a new key (issue 14)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange.bundle import BundleRejected
from fieldkit.exchange.keys import Role, load_identity
from fieldkit.exchange.rekey import RekeyRejected, parse_statement, read_statement
from fieldkit.hq.exports import ExportFormat, export_text
from fieldkit.hq.revocation import RekeyRefused, accept_rekey, check_rekey, revoke_kit
from fieldkit.hq.storage import HqStore
from fieldkit.kit.rekey import rekey, write_again
from fieldkit.vault.store import Vault
from tests.builders import Network, add_interview, edit_quote, export, make_kit
from tests.helpers import PASSPHRASE


def _kit(network: Network, index: int = 0) -> hq.Kit:
    return hq.find_kit(network.hq, kitx.kit_card(network.kits[index]).card.fingerprint)


def _send_confirmed(network: Network, kit_vault: Vault) -> hq.ImportOutcome:
    """Send a bundle and apply its receipt on the kit (so the next one holds only news)."""
    outcome = network.send(kit_vault)
    assert outcome.receipt_path is not None
    kitx.apply_receipt(kit_vault, outcome.receipt_path)
    return outcome


def test_a_revoked_kit_s_next_bundle_is_quarantined_named_and_counted(network: Network) -> None:
    kit_vault = network.kits[0]
    add_interview(kit_vault, "Before the seizure.")
    assert _send_confirmed(network, kit_vault).new == 1
    kit = _kit(network)
    revoked = revoke_kit(network.hq, kit.name.upper(), by="Aigul", reason="laptop seized")
    assert (revoked.revoked_by, revoked.revoked_reason) == ("Aigul", "laptop seized")
    assert revoked.revoked_at is not None

    add_interview(kit_vault, "After the seizure.", place="Osh")
    bundle = export(kit_vault, network.usb)
    outcome = hq.import_bundle(network.hq, bundle)
    assert outcome.held == "revoked" and outcome.quarantined == 1 and outcome.new == 0
    assert kit.name in outcome.held_reason and revoked.revoked_at[:10] in outcome.held_reason
    assert outcome.receipt_path is None and not list(network.usb.glob("*.fkreceipt"))[1:]
    [item] = hq.quarantine(network.hq)
    assert item.kit_name == kit.name and "revoked" in item.reason
    assert item.incoming.place == "Osh"
    # Never merged: HQ holds only what the kit sent before, marked.
    [(count,)] = network.hq.read("SELECT count(*) FROM interviews")
    assert count == 1
    ids = [r[0] for r in network.hq.read("SELECT id FROM interviews")]
    [origin] = next(iter(hq.provenance(network.hq, ids).values()))
    assert origin.kit_revoked_at == revoked.revoked_at and not origin.after_revocation
    # The bundle took no sequence number; importing it again changes nothing.
    assert network.hq.read("SELECT count(*) FROM bundles_in")[0][0] == 1
    again = hq.import_bundle(network.hq, bundle)
    assert again.held == "revoked" and again.replay
    assert len(hq.quarantine(network.hq)) == 1
    assert HqStore(network.hq).held_bundle_ids("revoked") == {outcome.bundle_id}


def test_revocation_shows_in_exports_before_and_after(network: Network) -> None:
    kit_vault = network.kits[0]
    add_interview(kit_vault, "Sent before.")
    _send_confirmed(network, kit_vault)
    kit = _kit(network)
    revoke_kit(network.hq, kit.fingerprint[:9], by="HQ desk")
    add_interview(kit_vault, "Sent after.", place="Osh")
    network.send(kit_vault)
    [item] = hq.quarantine(network.hq)
    hq.resolve(network.hq, item.id, accept=True)  # a person judged it genuine
    rows = {
        r["place"]: r
        for r in csv.DictReader(io.StringIO(export_text(network.hq, ExportFormat.CSV)))
    }
    assert rows["Tokmok"]["kit_revoked_at"] and rows["Tokmok"]["stored_after_revocation"] == "false"
    assert rows["Osh"]["stored_after_revocation"] == "true"
    lines = [json.loads(line) for line in export_text(network.hq, ExportFormat.JSONL).splitlines()]
    marks = {r["place"]: r["provenance"][-1]["stored_after_revocation"] for r in lines}
    assert marks == {"Tokmok": False, "Osh": True}
    # A kit never revoked: empty cells.
    add_interview(network.kits[1], "Other kit.", place="Naryn")
    network.send(network.kits[1])
    rows = {
        r["place"]: r
        for r in csv.DictReader(io.StringIO(export_text(network.hq, ExportFormat.CSV)))
    }
    assert rows["Naryn"]["kit_revoked_at"] == "" == rows["Naryn"]["stored_after_revocation"]


def test_revoking_twice_or_an_unknown_kit_is_refused(network: Network) -> None:
    kit = _kit(network)
    with pytest.raises(FieldkitError, match="say who revokes"):
        revoke_kit(network.hq, kit.name, by="  ")
    with pytest.raises(FieldkitError, match="control characters"):
        revoke_kit(network.hq, kit.name, by="x", reason="a\x1b[2Jb")
    revoke_kit(network.hq, kit.name, by="x")
    with pytest.raises(FieldkitError, match="already revoked"):
        revoke_kit(network.hq, kit.name, by="x")
    with pytest.raises(FieldkitError, match="no enrolled kit is named"):
        revoke_kit(network.hq, "Nowhere", by="x")
    assert _kit(network, 1).revoked_at is None


def test_a_rekeyed_kit_is_accepted_as_the_same_kit(network: Network, tmp_path: Path) -> None:
    kit_vault = network.kits[0]
    first = add_interview(kit_vault, "First.")
    network.send(kit_vault)
    before = _kit(network)
    old_seed = kit_vault.get_setting("identity.kit")["signing_seed"]
    moved = rekey(kit_vault, tmp_path / "move.fkrekey")
    assert moved.old_fingerprint == before.fingerprint != moved.new_fingerprint
    assert kit_vault.get_setting("identity.kit")["signing_seed"] != old_seed

    # Until HQ accepts the statement, the new key's bundles are refused, naming what to do.
    edit_quote(kit_vault, first, "First, edited.")
    pending = export(kit_vault, network.usb)
    with pytest.raises(BundleRejected, match="rekey-kit"):
        hq.import_bundle(network.hq, pending)

    statement = read_statement(moved.path)
    check = check_rekey(network.hq, statement)
    assert check.kit.kit_id == before.kit_id and not check.already
    accept_rekey(network.hq, statement)
    after = _kit(network)
    assert (after.kit_id, after.name) == (before.kit_id, before.name)
    assert after.fingerprint == moved.new_fingerprint
    assert after.previous_fingerprints == (before.fingerprint,) and after.rekeyed_at
    assert accept_rekey(network.hq, statement).already  # the same statement again: nothing

    outcome = hq.import_bundle(network.hq, pending)
    assert (outcome.updated, outcome.quarantined, outcome.held) == (1, 0, "")
    assert outcome.kit_name == before.name and outcome.receipt_path is not None
    summary = kitx.apply_receipt(kit_vault, outcome.receipt_path)  # sealed to the new key
    assert summary.confirmed == 1


def test_a_bundle_signed_with_the_old_key_after_the_rekey_is_quarantined(
    network: Network, tmp_path: Path
) -> None:
    kit_vault = network.kits[0]
    add_interview(kit_vault, "In transit.")
    _send_confirmed(network, kit_vault)
    # A thief's copy of the kit, taken before the move, still holds the old key.
    kit_vault.close()
    shutil.copytree(kit_vault.path, tmp_path / "thief")
    network.kits[0] = kit_vault = Vault.open(kit_vault.path, PASSPHRASE)
    thief = Vault.open(tmp_path / "thief", PASSPHRASE)
    try:
        accept_rekey(network.hq, read_statement(rekey(kit_vault, tmp_path / "m.fkrekey").path))
        add_interview(thief, "Forged after the move.", place="Osh")
        outcome = hq.import_bundle(network.hq, export(thief, network.usb))
        assert outcome.held == "replaced_key" and outcome.quarantined == 1
        assert "moved away from" in outcome.held_reason
        assert {i.reason for i in hq.quarantine(network.hq)} == {outcome.held_reason}
        # The thief's bundle took no number: the real kit's next bundle merges.
        add_interview(kit_vault, "Real, after the move.", place="Naryn")
        real = network.send(kit_vault)
        assert real.new == 1 and real.held == ""
        # The thief cannot move the kit again with the old key.
        with pytest.raises(RekeyRefused, match="moved away from"):
            check_rekey(network.hq, read_statement(rekey(thief, tmp_path / "t.fkrekey").path))
    finally:
        thief.close()


def test_a_rekey_signed_by_a_revoked_key_does_not_restore_the_kit(
    network: Network, tmp_path: Path
) -> None:
    kit_vault = network.kits[0]
    add_interview(kit_vault)
    network.send(kit_vault)
    kit = _kit(network)
    revoke_kit(network.hq, kit.name, by="x", reason="seized")
    statement = read_statement(rekey(kit_vault, tmp_path / "m.fkrekey").path)
    with pytest.raises(RekeyRefused, match="revoked"):
        accept_rekey(network.hq, statement)
    still = hq.find_kit(network.hq, kit.fingerprint)
    assert still.revoked_at is not None and still.fingerprint == kit.fingerprint
    add_interview(kit_vault, "New key.", place="Osh")
    with pytest.raises(BundleRejected, match="signature does not match"):
        network.send(kit_vault)


def test_a_statement_altered_anywhere_is_refused(network: Network, tmp_path: Path) -> None:
    kit_vault = network.kits[0]
    data = rekey(kit_vault, tmp_path / "m.fkrekey").path.read_bytes()
    assert parse_statement(data).kit_id == load_identity(kit_vault, Role.KIT).ident  # type: ignore[union-attr]
    for at in range(len(data)):
        altered = bytearray(data)
        altered[at] ^= 0x01
        with pytest.raises(RekeyRejected) as refused:
            parse_statement(bytes(altered))
        assert "\n" not in str(refused.value)
    with pytest.raises(RekeyRejected):
        parse_statement(data[:-1])
    with pytest.raises(RekeyRejected):
        parse_statement(data + b"\n")


def test_a_statement_is_written_again_and_needs_an_enrolled_kit(
    network: Network, tmp_path: Path
) -> None:
    with pytest.raises(FieldkitError, match="not moved"):
        write_again(network.kits[1], tmp_path / "none.fkrekey")
    moved = rekey(network.kits[1], tmp_path / "m.fkrekey")
    again = write_again(network.kits[1], tmp_path / "again.fkrekey")
    assert again.path.read_bytes() == moved.path.read_bytes()
    # A statement for a kit HQ never enrolled: refused, nothing changed.
    with make_kit(tmp_path / "stranger") as stranger:
        kitx.kit_card(stranger)
        statement = read_statement(rekey(stranger, tmp_path / "s.fkrekey").path)
    with pytest.raises(RekeyRefused, match="has not enrolled"):
        accept_rekey(network.hq, statement)
    assert len(hq.kit_list(network.hq)) == 2
