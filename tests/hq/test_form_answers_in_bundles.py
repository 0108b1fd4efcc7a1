"""Bundles of version 1 carry no form answers: a kit refuses to export them (tests/cli), and
a signed bundle whose record carries them anyway is refused whole by HQ, in one line."""

from __future__ import annotations

import json

from fieldkit import hq
from fieldkit.core.canonical import canonical_json
from fieldkit.core.errors import FieldkitError
from tests.builders import World
from tests.tampering import HQ_TABLES, Inner, seal, signed, table_digest


def test_a_signed_record_with_answers_is_refused_and_changes_nothing(world: World) -> None:
    real = world.export(world.kit_a)
    inner = Inner.of(real.read_bytes(), world.hq_identity)
    real.unlink()
    first = json.loads(inner.records[0])
    first["form"] = {"id": "violations", "version": 3}
    first["fields"] = {"affected": -5}
    records = [canonical_json(first), *inner.records[1:]]
    key = world.kit_identity(world.kit_a).signing
    path = world.root / "answers.fkbundle"
    path.write_bytes(
        seal(
            signed(inner.manifest, records, key, fix_entries=True),
            world.hq_identity.card.recipient(),
        )
    )
    world.hq.checkpoint()
    before = table_digest(world.hq, HQ_TABLES)
    [result] = hq.import_bundles(world.hq, [path])
    assert isinstance(result, FieldkitError)
    assert str(result) == "record 1 in the bundle has unexpected fields"
    assert table_digest(world.hq, HQ_TABLES) == before
