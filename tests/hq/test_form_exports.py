"""The issue's "done when": a form published at HQ, answered on a kit, sent, and every answer
in HQ's exports: JSONL, the spreadsheet CSV (a column per field, labels on request), the Uwazi
CSV and the template it loads into."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import validate
from fieldkit.hq import forms as hq_forms
from fieldkit.hq import uwazi
from fieldkit.hq.exports import ExportFormat, export_file, export_text
from fieldkit.vault import records
from tests.builders import Network
from tests.helpers import REPO
from tests.xlsforms import EVERYTHING_ANSWERS, RECORD, answer_everything, write_xlsform

GOLDEN = REPO / "tests" / "golden"

ANSWERS = EVERYTHING_ANSWERS
FIELDS = [
    "violation", "perpetrators", "perpetrators_other", "affected", "displaced", "destination",
    "displaced_on", "distance", "case_number",
]  # fmt: skip


def _answered(network: Network, folder: Path) -> tuple[str, str]:
    """One interview answering every field of the form and one without a form, at HQ."""
    kit = network.kits[0]
    answered = answer_everything(network.hq, kit, folder)
    plain = records.save(kit, validate({**RECORD, "place": "Osh"})).id
    network.send(kit)
    return answered, plain


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_jsonl_carries_the_form_and_every_answer(network: Network, tmp_path: Path) -> None:
    answered, plain = _answered(network, tmp_path)
    lines = [json.loads(x) for x in export_text(network.hq, ExportFormat.JSONL).splitlines()]
    by_id = {x["id"]: x for x in lines}
    assert by_id[answered]["form"] == {"id": "violations", "version": 3}
    fields = by_id[answered]["fields"]
    assert fields["perpetrators"] == ["police", "other"] and fields["affected"] == 12
    assert {k: v for k, v in fields.items() if k != "perpetrators"} == {
        k: v for k, v in ANSWERS.items() if k != "perpetrators"
    }
    assert "form" not in by_id[plain] and "fields" not in by_id[plain]


def test_csv_has_a_column_per_field_and_labels_on_request(network: Network, tmp_path: Path) -> None:
    answered, plain = _answered(network, tmp_path)
    target = tmp_path / "dataset.csv"
    export_file(network.hq, ExportFormat.CSV, target, bom=True, labels="ru")
    raw = target.read_bytes()
    # The interview's own columns keep their order; the form's come after them.
    assert raw[3:].startswith((GOLDEN / "csv-header.csv").read_bytes().rstrip(b"\r\n") + b",")
    rows = {r["interview_id"]: r for r in _rows(raw.decode("utf-8"))}
    row = rows[answered]
    assert row["violations.violation"] == "arson" and row["violations.violation@ru"] == "Поджог"
    assert row["violations.perpetrators"] == "police other"  # names, a space between
    assert row["violations.perpetrators@ru"].startswith("Полиция; ")
    for name in FIELDS:
        assert row[f"violations.{name}"] == " ".join(str(ANSWERS[name]).split()), name
    assert "violations.thanks" not in row  # a note takes no answer
    assert all(v == "" for k, v in rows[plain].items() if k.startswith("violations."))
    # Without --labels there are no label columns.
    header = export_text(network.hq, ExportFormat.CSV).splitlines()[0].split(",")
    assert "violations.violation" in header and not any("@" in c for c in header)


def _uwazi(network: Network, tmp_path: Path, language: str) -> tuple[dict[str, Any], str]:
    export_file(network.hq, ExportFormat.UWAZI_TEMPLATE, tmp_path / "t.json", labels=language)
    export_file(network.hq, ExportFormat.UWAZI_CSV, tmp_path / "u.csv", labels=language)
    template = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    return template, (tmp_path / "u.csv").read_text(encoding="utf-8")


def test_uwazi_csv_and_template_carry_every_answer_as_labels(
    network: Network, tmp_path: Path
) -> None:
    answered, plain = _answered(network, tmp_path)
    template, text = _uwazi(network, tmp_path, "ru")
    properties = {p["label"]: p for p in template["template"]["properties"]}
    thesauri = {t["name"]: [v["label"] for v in t["values"]] for t in template["thesauri"]}
    rows = {r["interview_id"]: r for r in _rows(text)}
    row = rows[answered]
    header = text.splitlines()[0].split(",")
    assert header == template["fieldkit"]["columns"]
    by_field = {c.split("(violations.")[-1].rstrip(")"): c for c in header if "(violations." in c}
    assert sorted(by_field) == sorted(FIELDS)
    assert by_field["violation"] == "Тип нарушения (violations.violation)"
    assert properties[by_field["violation"]]["type"] == "select"
    assert row[by_field["violation"]] == "Поджог"
    assert "Поджог" in thesauri[properties[by_field["violation"]]["content"]]
    assert properties[by_field["perpetrators"]]["type"] == "multiselect"
    # The choice "other" that or_other adds has no Russian label: pyxform's English one.
    assert row[by_field["perpetrators"]].split("|") == ["Полиция", "Other"]
    for label in row[by_field["perpetrators"]].split("|"):
        assert label in thesauri[properties[by_field["perpetrators"]]["content"]]
    assert properties[by_field["affected"]]["type"] == "numeric"
    assert row[by_field["affected"]] == "12" and row[by_field["distance"]] == "12.50"
    assert properties[by_field["displaced_on"]]["type"] == "date"
    assert row[by_field["displaced_on"]] == "2020/02/10"
    assert properties[by_field["destination"]]["type"] == "markdown"
    assert row[by_field["destination"]] == "Bishkek"
    assert row[by_field["perpetrators_other"]] == "men in plain clothes"
    assert row[by_field["case_number"]] == "KG-0001"
    assert row[by_field["displaced"]] == "Да"
    assert all(rows[plain][c] == "" for c in by_field.values())
    assert uwazi.exports(network.hq)[0].startswith("1  ")


def test_uwazi_csv_refuses_a_language_or_column_its_template_lacks(
    network: Network, tmp_path: Path
) -> None:
    _answered(network, tmp_path)
    export_file(network.hq, ExportFormat.UWAZI_TEMPLATE, tmp_path / "t.json", labels="en")
    with pytest.raises(FieldkitError, match="same --labels"):
        export_file(network.hq, ExportFormat.UWAZI_CSV, tmp_path / "u.csv", labels="ru")
    assert not (tmp_path / "u.csv").exists()
    export_file(network.hq, ExportFormat.UWAZI_CSV, tmp_path / "u.csv", labels="en")
    assert (tmp_path / "u.csv").exists()
    # A form published after the template: its column would be dropped by Uwazi, unsaid.
    extra = tmp_path / "extra.xlsx"
    write_xlsform(extra, [{"type": "text", "name": "weather", "label": "Weather"}],
                  settings={"form_id": "extra", "version": "1"})  # fmt: skip
    hq_forms.publish(network.hq, extra, tmp_path / "extra.fkform")
    with pytest.raises(FieldkitError, match=r"'Weather \(extra.weather\)' is not in the Uwazi"):
        export_file(network.hq, ExportFormat.UWAZI_CSV, tmp_path / "v.csv", labels="en")
    export_file(network.hq, ExportFormat.UWAZI_TEMPLATE, tmp_path / "t2.json", labels="en")
    export_file(network.hq, ExportFormat.UWAZI_CSV, tmp_path / "v.csv", labels="en")
    assert "Weather (extra.weather)" in (tmp_path / "v.csv").read_text(encoding="utf-8")
