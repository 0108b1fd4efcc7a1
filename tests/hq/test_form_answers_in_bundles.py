"""Form answers travel in records of version 2 (bundles of version 2): HQ checks them against
the version it published, stores them, quarantines answers to a version it did not publish
(the signed record kept; accepted once it is published), and refuses, whole and in one line,
a signed record whose answers break their form or a bundle of version 1 that carries any."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.canonical import canonical_json
from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import validate
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange import carry
from fieldkit.hq import forms as hq_forms
from fieldkit.kit.forms import add_form
from fieldkit.vault import forms, records
from tests.builders import Network, World
from tests.tampering import HQ_TABLES, Inner, seal, signed, table_digest
from tests.xlsforms import RECORD, write_everything

ANSWERS = {"violation": "arson", "perpetrators": "police neighbours", "affected": 12,
           "displaced": "yes", "destination": "Bishkek"}  # fmt: skip


def _publish(network: Network, folder: Path, version: str = "3") -> Path:
    path = folder / f"violations-{version}.fkform"
    hq_forms.publish(network.hq, write_everything(folder / f"v{version}.xlsx", version=version),
                     path)  # fmt: skip
    return path


def _answered(network: Network, folder: Path, answers: dict[str, object] = ANSWERS) -> str:
    kit = network.kits[0]
    add_form(kit, _publish(network, folder))
    form = forms.load(kit, "violations")
    return records.save(kit, validate({**RECORD, "fields": answers}, form=form)).id


def test_answers_reach_hq_checked_and_stored(network: Network, tmp_path: Path) -> None:
    interview = _answered(network, tmp_path)
    summary = kitx.export_bundle(network.kits[0], network.usb)
    assert summary.with_answers == 1 and summary.path is not None
    opened = fmt.decrypt(summary.path.read_bytes(), network.hq_identity.age)
    assert opened.startswith(fmt.MAGIC_V2)  # records with answers travel in version 2
    outcome = hq.import_bundle(network.hq, summary.path)
    assert outcome.new == 1
    [stored] = records.get_many(network.hq, [interview])
    assert stored.form == "violations" and stored.form_version == 3
    assert dict(stored.answers)["affected"] == 12
    assert set(dict(stored.answers)["perpetrators"]) == {"neighbours", "police"}
    assert stored.answers == records.get(network.kits[0], interview).answers
    # The receipt confirms the record as sent, answers and all.
    assert kitx.apply_receipt(network.kits[0], outcome.receipt_path).confirmed == 1  # type: ignore[arg-type]


def test_answers_to_a_version_hq_did_not_publish_wait_in_quarantine(
    network: Network, tmp_path: Path
) -> None:
    """Published by this HQ once, then the kit answered version 3 while HQ's dataset (say,
    restored from a backup) no longer has it: the record is quarantined with its answers."""
    interview = _answered(network, tmp_path)
    with network.hq.transaction("forgetting the form, as a restored dataset would") as conn:
        conn.execute("DELETE FROM forms")
    outcome = network.send(network.kits[0])
    assert outcome.quarantined == 1 and outcome.new == 0
    [item] = hq.quarantine(network.hq)
    assert "form violations version 3, which this HQ has not published" in item.reason
    with pytest.raises(FieldkitError, match="publish it first"):
        hq.resolve(network.hq, item.id, accept=True)
    _publish(network, tmp_path)  # published again: now it can be accepted, answers and all
    hq.resolve(network.hq, item.id, accept=True)
    [stored] = records.get_many(network.hq, [interview])
    assert dict(stored.answers)["violation"] == "arson"


def _with_fields(world: World, fields: dict[str, object], *, version_2: bool) -> Path:
    real = world.export(world.kit_a)
    inner = Inner.of(real.read_bytes(), world.hq_identity)
    real.unlink()
    first = json.loads(inner.records[0])
    first["form"] = {"id": "violations", "version": 3}
    first["fields"] = fields
    records_ = [canonical_json(first), *inner.records[1:]]
    key = world.kit_identity(world.kit_a).signing
    if version_2:
        manifest = {**inner.manifest, "version": 2, "attachments": []}
        plain = signed(manifest, records_, key, fix_entries=True)
        raw = fmt.split_frames(plain)[0]
        rest = fmt.split_frames(plain)[2:]
        plain = fmt.MAGIC_V2 + fmt.frame(raw) + fmt.frame(carry.sign_manifest(raw, key))
        plain += b"".join(fmt.frame(r) for r in rest)
    else:
        plain = signed(inner.manifest, records_, key, fix_entries=True)
    path = world.root / "answers.fkbundle"
    path.write_bytes(seal(plain, world.hq_identity.card.recipient()))
    return path


def test_a_bundle_of_version_1_with_answers_is_refused_and_changes_nothing(world: World) -> None:
    path = _with_fields(world, {"affected": 5}, version_2=False)
    world.hq.checkpoint()
    before = table_digest(world.hq, HQ_TABLES)
    [result] = hq.import_bundles(world.hq, [path])
    assert isinstance(result, FieldkitError)
    assert str(result) == "record 1 in the bundle has unexpected fields"
    assert table_digest(world.hq, HQ_TABLES) == before


def test_a_signed_answer_that_breaks_its_constraint_is_refused_in_one_line(
    world: World, tmp_path: Path
) -> None:
    hq_forms.publish(world.hq, write_everything(tmp_path / "v.xlsx"), tmp_path / "v.fkform")
    path = _with_fields(world, {**ANSWERS, "affected": -5}, version_2=True)
    world.hq.checkpoint()
    before = table_digest(world.hq, HQ_TABLES)
    [result] = hq.import_bundles(world.hq, [path])
    assert isinstance(result, FieldkitError)
    assert str(result).startswith("record 1 in the bundle is not valid (")
    assert "\n" not in str(result)
    assert table_digest(world.hq, HQ_TABLES) == before
