"""Control characters and bidi overrides cannot reach HQ's terminal: not in a file name, not
through a bundle, not from a record stored before normalisation removed them."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.record import Interview, Quote, Status, new_id, validate
from fieldkit.hq.exports import ExportFormat, export_text
from fieldkit.vault import records
from tests.builders import Network
from tests.helpers import hq_cli

UYGHUR = "ئۇيغۇر\u200f تىلى"
#: What must never reach a terminal raw: ESC, C1 CSI, BEL, DEL, bidi override and isolate.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], network: Network
) -> Cli:
    return hq_cli(monkeypatch, capsys, Path(network.usb).parent / "hq")  # type: ignore[no-any-return]


def _unvalidated(**fields: object) -> Interview:
    """A record as an older fieldkit stored it, before these characters were removed."""
    base = Interview(
        id=new_id(),
        interview_date=date(2020, 2, 18),
        place="Masanchi",
        role="witness",
        organisation="ADC Memorial",
        quotes=(Quote("They came at night."),),
        status=Status.READY,
    )
    return replace(base, **fields)


def test_a_bundle_cannot_bring_control_or_bidi_override_characters_to_hq(
    network: Network,
) -> None:
    kit = network.kits[0]
    sent = records.save(
        kit,
        _unvalidated(
            place="Masanchi\x9b2J\u202e",
            role="witness\x1b[2K",
            quotes=(Quote(f"{UYGHUR}\u202dgnol evil\u202c\x85 end", ("tag\u2066x\u2069",)),),
        ),
    )
    summary = kitx.export_bundle(kit, network.usb, allow_unreviewed=True)
    assert summary.path is not None
    hq.import_bundle(network.hq, summary.path)
    stored = records.get(network.hq, sent.id)
    assert (stored.place, stored.role) == ("Masanchi2J", "witness[2K")
    assert stored.quotes[0].text == f"{UYGHUR}gnol evil end"
    assert stored.quotes[0].tags == ("tagx",)
    for line in export_text(network.hq, ExportFormat.JSONL).splitlines():
        assert not RAW.search(json.loads(line)["quotes"][0]["text"])


def test_uyghur_persian_and_their_marks_arrive_and_leave_unchanged(
    network: Network,
    cli: Cli,
) -> None:
    persian = "می\u200cخواهم \u061c۲۰۲۰ و\u200dی"
    kit = network.kits[0]
    sent = records.save(
        kit,
        validate(
            {
                "interview_date": "2020-02-18",
                "place": UYGHUR,
                "role": "witness",
                "status": "ready",
                "quotes": [UYGHUR, persian],
            }
        ),
    )
    assert sent.place == UYGHUR and [q.text for q in sent.quotes] == [UYGHUR, persian]
    summary = kitx.export_bundle(kit, network.usb, allow_unreviewed=True)
    assert summary.path is not None
    hq.import_bundle(network.hq, summary.path)
    assert [q.text for q in records.get(network.hq, sent.id).quotes] == [UYGHUR, persian]
    rows = list(csv.DictReader(io.StringIO(export_text(network.hq, ExportFormat.CSV), newline="")))
    assert [r["quote"] for r in rows] == [UYGHUR, persian]
    code, out, _ = cli("list")
    assert code == 0 and UYGHUR in out  # the RLM is shown as it is, not escaped


def test_hq_list_escapes_what_older_records_hold(
    network: Network,
    cli: Cli,
) -> None:
    records.save(network.hq, _unvalidated(place="\u202eKorday\x9b2J"))
    code, out, _ = cli("list")
    assert code == 0
    assert not RAW.search(out)
    assert "\\u202eKorday\\x9b2J" in out


def test_a_file_name_cannot_rewrite_hqs_import_report(
    network: Network,
    cli: Cli,
) -> None:
    kit = network.kits[0]
    records.save(kit, _unvalidated())
    summary = kitx.export_bundle(kit, network.usb, allow_unreviewed=True)
    assert summary.path is not None
    fake = "\x1b[1A\x1b[2K\rgood.fkb: bundle 1 of kit ABCD: 12 new\n\x9b1A"
    good = summary.path.with_name(f"a{fake}.fkb")
    summary.path.rename(good)
    bad = network.usb / f"b{fake}.fkb"
    bad.write_bytes(b"not a bundle")
    code, out, err = cli("import", str(good), str(bad))
    assert code == 1
    assert not RAW.search(out.replace("\n", "")) and not RAW.search(err.replace("\n", ""))
    assert len(out.splitlines()) == 2 and ": 1 new," in out  # the line and its receipt
    assert "\\x1b[1A\\x1b[2K\\x0dgood.fkb" in out
    assert len(err.splitlines()) == 1 and "rejected, nothing imported" in err


def test_uwazi_export_warns_and_refuses_a_byte_order_mark(
    network: Network, cli: Cli, tmp_path: Path
) -> None:
    records.save(network.hq, _unvalidated(quotes=(Quote('=HYPERLINK("http://evil.example")'),)))
    code, out, err = cli("export", "--format", "uwazi-csv", "--out", str(tmp_path / "u.csv"))
    assert code == 0 and "wrote 1 rows" in out
    assert "1 cell starts with = + - or @" in err and "spreadsheet" in err
    code, _, err = cli("export", "--format", "uwazi-csv", "--out", str(tmp_path / "b.csv"), "--bom")
    assert code != 0 and "spreadsheet CSV only" in err
    code, out, err = cli("export", "--format", "csv", "--out", str(tmp_path / "c.csv"), "--bom")
    assert code == 0 and "warning" not in err
