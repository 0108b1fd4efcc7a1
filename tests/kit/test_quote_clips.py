"""A quote points to the stretch of the interview's recording it comes from: set from the
command line, kept through saves and edits, shown, sent to HQ in a record of version 2 (a
quote without one keeps its bytes), and refused in a bundle of version 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.clip import Clip, clock, parse_time
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.bundle import payload_of
from fieldkit.vault import attachments, clips, records
from tests import media_samples
from tests.builders import Network, World, add_interview, recorded
from tests.helpers import run_cli
from tests.tampering import HQ_TABLES, Inner, seal, signed, table_digest


def test_times_read_and_written_as_people_do() -> None:
    assert parse_time("1:05") == 65_000
    assert parse_time("1:02:03.5") == 3_723_500
    assert parse_time("75:00") == 4_500_000
    assert parse_time("1:60") is None and parse_time("abc") is None
    assert clock(65_000) == "1:05" and clock(3_723_500) == "1:02:03.5"


def test_a_quote_points_into_a_recording_and_hq_receives_it(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    interview, item = recorded(network, tmp_path)
    plain = payload_of(records.get(kit, interview))
    assert b"clip" not in plain  # without one, the record is what it always was
    clips.set_clip(kit, interview, 1, Clip(item.id, 80_000, 125_000))
    got = records.get(kit, interview)
    assert got.quotes[0].clip == Clip(item.id, 80_000, 125_000)
    summary = kitx.export_bundle(kit, network.usb)
    assert summary.path is not None
    assert fmt.decrypt(summary.path.read_bytes(), network.hq_identity.age).startswith(fmt.MAGIC_V2)
    outcome = hq.import_bundle(network.hq, summary.path)
    assert outcome.new == 1
    [stored] = records.get_many(network.hq, [interview])
    assert stored.quotes[0].clip == Clip(item.id, 80_000, 125_000)


def test_only_a_recording_of_the_interview_can_be_pointed_to(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    interview, item = recorded(network, tmp_path)
    photo = tmp_path / "injury.jpg"
    photo.write_bytes(media_samples.jpeg())
    (picture,) = attachments.attach(kit, interview, [photo])
    with pytest.raises(FieldkitError, match="not a recording or a video"):
        clips.set_clip(kit, interview, 1, Clip(picture.id, 0, 1000))
    other = add_interview(kit, quote="Elsewhere.")
    with pytest.raises(FieldkitError, match="not one of this interview's"):
        clips.set_clip(kit, other, 1, Clip(item.id, 0, 1000))
    with pytest.raises(FieldkitError, match="has no quote 2"):
        clips.set_clip(kit, interview, 2, Clip(item.id, 0, 1000))


def test_the_command_line_sets_shows_and_clears_a_clip(network: Network, tmp_path: Path) -> None:
    kit = network.kits[0]
    interview, _item = recorded(network, tmp_path)
    kit.close()
    vault = str(kit.path)
    done = run_cli("quote-clip", "--vault", vault, interview[:8], "1", "1", "--from", "1:20",
                   "--to", "2:05")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"quote 1 of interview {interview[:8]} is 1:20–2:05 of voice.wav\n"
    shown = run_cli("show", "--vault", vault, interview[:8])
    assert "    ▶ 1:20–2:05 of attachment" in shown.stdout
    as_json = json.loads(run_cli("show", "--vault", vault, interview[:8], "--json").stdout)
    assert as_json["quotes"][0]["clip"]["start_ms"] == 80_000
    bad = run_cli("quote-clip", "--vault", vault, interview[:8], "1", "1", "--from", "2:05",
                  "--to", "1:20")  # fmt: skip
    assert bad.returncode != 0
    assert bad.stderr.strip().splitlines() == [
        "fieldkit: --from/--to: must start before it ends, within a day"
    ]
    cleared = run_cli("quote-clip", "--vault", vault, interview[:8], "1", "--clear")
    assert cleared.returncode == 0
    assert "▶" not in run_cli("show", "--vault", vault, interview[:8]).stdout


def test_a_clip_in_a_bundle_of_version_1_is_refused(world: World) -> None:
    real = world.export(world.kit_a)
    inner = Inner.of(real.read_bytes(), world.hq_identity)
    real.unlink()
    first = json.loads(inner.records[0])
    first["quotes"][0]["clip"] = {
        "attachment": "00000000-0000-4000-8000-000000000001",
        "start_ms": 0,
        "end_ms": 1000,
    }
    from fieldkit.core.canonical import canonical_json

    key = world.kit_identity(world.kit_a).signing
    plain = signed(inner.manifest, [canonical_json(first), *inner.records[1:]], key,
                   fix_entries=True)  # fmt: skip
    path = world.root / "clip.fkbundle"
    path.write_bytes(seal(plain, world.hq_identity.card.recipient()))
    world.hq.checkpoint()
    before = table_digest(world.hq, HQ_TABLES)
    [result] = hq.import_bundles(world.hq, [path])
    assert str(result) == "record 1 in the bundle has unexpected fields"
    assert table_digest(world.hq, HQ_TABLES) == before
