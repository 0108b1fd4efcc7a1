"""The Uwazi export against what Uwazi's own CSV loader does (docs/uwazi.md): each problem a
review found running it, the template's JSON against Uwazi's schemas, and the incremental
export that a second import does not duplicate."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fieldkit.core.errors import FieldkitError
from fieldkit.hq import forms as hq_forms
from fieldkit.hq import uwazi
from fieldkit.hq.exports import ExportFormat, export_file, export_text
from tests.builders import Network, add_interview, edit_quote
from tests.helpers import hq_cli
from tests.xlsforms import write_xlsform

Cli = Callable[..., tuple[int, str, str]]

#: Uwazi's property types (app/shared/propertyTypes.ts) and a property's keys
#: (app/shared/types/commonSchemas.ts, propertySchema: additionalProperties false).
PROPERTY_TYPES = {
    "date", "daterange", "geolocation", "image", "link", "markdown", "media", "multidate",
    "multidaterange", "multiselect", "nested", "numeric", "preview", "relationship", "select",
    "text", "generatedid", "newRelationship",
}  # fmt: skip
PROPERTY_KEYS = {
    "_id", "label", "name", "isCommonProperty", "type", "prioritySorting", "generatedId",
    "content", "relationType", "inherit", "filter", "noLabel", "fullWidth", "defaultfilter",
    "required", "sortable", "showInCard", "style", "nestedProperties", "query",
    "denormalizedProperty", "targetTemplates",
}  # fmt: skip


#: What an interview sent here holds besides :func:`add_interview`'s date, place and quote.
SENT: dict[str, object] = {
    "country": "KG",
    "language": "ru",
    "role": "shop owner",
    "organisation": "ADC Memorial",
    "interviewer": "Aigul",
    "consent": {"kind": "oral", "quote_anonymously": True, "share_with_partners": False},
}


def _send(network: Network, **fields: object) -> str:
    kit = network.kits[0]
    interview = add_interview(kit, **{**SENT, **fields})
    network.send(kit)
    return interview


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _multiselect(cell: str) -> list[str]:
    """A cell as Uwazi's multiselect parser splits it (typeParsers/multiselect.ts)."""
    return [part.strip() for part in cell.split("|") if part.strip()]


def _label_ok(label: str) -> bool:
    """What Uwazi's select parser takes as one label of a thesaurus without groups
    (typeParsers/select.ts: ``::`` splits a group from its item, twice is an error)."""
    return "::" not in label and "|" not in label and label == label.strip() and bool(label)


def test_tags_that_would_break_uwazis_parser_reach_it_whole(network: Network) -> None:
    _send(network, tags=["a::b::c", "x|y", "region::Chuy", "police"])
    [row] = _rows(export_text(network.hq, ExportFormat.UWAZI_CSV))
    tags = _multiselect(row["tags"])
    # One label per tag (a "|" inside one would have split it in two), none a group.
    assert len(tags) == 4 and all(_label_ok(t) for t in tags)
    assert tags == ["a\u2236\u2236b\u2236\u2236c", "x\u00a6y", "region\u2236\u2236Chuy", "police"]
    thesauri = {t["name"]: t for t in uwazi.template(network.hq)["thesauri"]}
    labels = [v["label"] for v in thesauri[uwazi.TAGS]["values"]]
    assert set(tags) <= set(labels) and all(_label_ok(label) for label in labels)


def test_consent_flags_come_first_and_codes_become_labels(network: Network) -> None:
    _send(network)
    text = export_text(network.hq, ExportFormat.UWAZI_CSV)
    header = text.splitlines()[0].split(",")
    assert header[:4] == ["title", "may_share_with_partners", "may_quote_anonymously", "consent"]
    [row] = _rows(text)
    assert row["may_share_with_partners"] == "No" and row["may_quote_anonymously"] == "Yes"
    assert row["consent"] == "Oral"
    assert row["country"] == "Kyrgyzstan" and row["language"] == "Russian"
    assert row["interviewer"] == "Aigul" and row["quote_number"] == "1"
    assert "KG" not in row.values() and "ru" not in row.values() and "oral" not in row.values()


def test_no_consent_is_no_required_value_and_a_long_quote_is_rich_text(network: Network) -> None:
    quote = "Они пришли ночью. " * 2_300  # 40 KB in UTF-8
    assert len(quote.encode()) > 40_000
    _send(network, consent=None, country=None, language=None, quote=quote)
    [row] = _rows(export_text(network.hq, ExportFormat.UWAZI_CSV))
    assert row["consent"] == "" and row["quote"] == quote.strip()
    assert row["may_share_with_partners"] == "No"  # "may not be shared" is said, not left out
    properties = {p["name"]: p for p in uwazi.template(network.hq)["template"]["properties"]}
    assert not any(p.get("required") for p in properties.values())
    # Text has a sort field capped at 32,766 bytes (database/elastic_mapping/mappings.ts);
    # Rich text (markdown) has none.
    assert properties["quote"]["type"] == "markdown"
    for flag in ("may_share_with_partners", "may_quote_anonymously", "consent"):
        assert properties[flag]["showInCard"] and properties[flag]["filter"]


def _check_template(data: dict[str, Any]) -> None:
    """The facts of Uwazi's template and thesaurus schemas (docs/uwazi.md lists them)."""
    thesauri = data["thesauri"]
    names = [t["name"] for t in thesauri]
    assert len({n.lower() for n in names}) == len(names)
    for thesaurus in thesauri:
        assert set(thesaurus) == {"name", "values"} and thesaurus["name"]
        assert re.fullmatch(r"[A-Za-z0-9 _.-]+", thesaurus["name"])  # safe in Uwazi's regex
        labels = [v["label"] for v in thesaurus["values"]]
        assert all(set(v) == {"label"} for v in thesaurus["values"])
        assert all(_label_ok(label) for label in labels)
        assert len({label.lower() for label in labels}) == len(labels)
    template = data["template"]
    assert template["name"] and {p["name"] for p in template["commonProperties"]} >= {"title"}
    columns = data["fieldkit"]["columns"]
    assert columns[0] == "title"
    for new_names in (False, True):
        made = [uwazi.safe_name(p["label"], new_names) for p in template["properties"]]
        assert len(set(made)) == len(made) and "title" not in made
        # Each column reaches its property: the loader safe-names a header as a label.
        assert [uwazi.safe_name(c, new_names) for c in columns[1:]] == made
    for prop in [*template["commonProperties"], *template["properties"]]:
        assert {"label", "name", "type"} <= set(prop) <= PROPERTY_KEYS
        assert prop["type"] in PROPERTY_TYPES and prop["label"] and prop["name"]
        if prop["type"] in ("select", "multiselect"):
            assert prop["content"] in names
        assert not prop["name"].endswith(("__en", "__ru"))  # no column read as a translation


def test_template_follows_uwazis_schemas(network: Network, tmp_path: Path) -> None:
    _send(network, tags=["a::b", "police", "Police"])
    written = export_file(network.hq, ExportFormat.UWAZI_TEMPLATE, tmp_path / "t.json")
    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    _check_template(data)
    assert written.count == len(data["template"]["properties"]) == len(uwazi.BUILT_IN)
    assert data["fieldkit"]["uwazi_commit"] == uwazi.UWAZI_COMMIT
    header = export_text(network.hq, ExportFormat.UWAZI_CSV).splitlines()[0]
    assert header.split(",") == data["fieldkit"]["columns"]
    assert written.number == 1


@pytest.mark.parametrize(
    ("label", "new_names", "name"),
    [
        (" my prop ", False, "my_prop"),
        ('my^Foreïgn$próp"', False, "my_fore_gn_pr_p_"),
        ("Вид (f.x)", False, "_____f_x_"),
        ("😀", False, "__"),  # JavaScript's regex replaces each UTF-16 unit
        (" my prop ", True, "my_prop"),
        ('my^foreïgn$próp"', True, "my^foreïgn$próp_"),
        ("TEST#", True, "test_"),
        ("*test*", True, "test_"),
        ("te.st. ", True, "te_st_"),
        ("[brackets]", True, "brackets_"),
        ("-test", True, "test"),
        ("Вид (f.x)", True, "вид_(f_x)"),
    ],
)
def test_safe_names_match_uwazis_both_modes(label: str, new_names: bool, name: str) -> None:
    """Uwazi's own expectations (app/shared/specs/propertyNames.spec.ts), and Cyrillic."""
    assert uwazi.safe_name(label, new_names) == name


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], network: Network
) -> Cli:
    return hq_cli(monkeypatch, capsys, Path(network.usb).parent / "hq")  # type: ignore[no-any-return]


def test_a_second_since_last_export_is_empty_and_a_third_has_only_the_new(
    network: Network, cli: Cli, tmp_path: Path
) -> None:
    _send(network)
    code, out, err = cli(
        "export", "--format", "uwazi-csv", "--since-last", "--out", str(tmp_path / "1.csv")
    )
    assert code == 0 and "wrote 1 rows" in out and "Uwazi export 1" in out
    assert "carries everything" in err
    code, out, _ = cli(
        "export", "--format", "uwazi-csv", "--since-last", "--out", str(tmp_path / "2.csv")
    )
    assert code == 0 and "wrote 0 rows" in out
    assert len(_rows((tmp_path / "2.csv").read_text(encoding="utf-8"))) == 0
    second = _send(network, place="Osh")
    code, out, _ = cli(
        "export", "--format", "uwazi-csv", "--since-last", "--out", str(tmp_path / "3.csv")
    )
    rows = _rows((tmp_path / "3.csv").read_text(encoding="utf-8"))
    assert [r["interview_id"] for r in rows] == [second]
    # --since N counts from export N: everything after export 1 is the second interview.
    code, out, _ = cli(
        "export", "--format", "uwazi-csv", "--since", "1", "--out", str(tmp_path / "4.csv")
    )
    assert [r["interview_id"] for r in _rows((tmp_path / "4.csv").read_text("utf-8"))] == [second]
    code, out, _ = cli("uwazi-exports")
    assert code == 0 and len(out.splitlines()) == 4 and "new or changed since export 1" in out
    code, _, err = cli(
        "export", "--format", "uwazi-csv", "--since", "9", "--out", str(tmp_path / "x")
    )
    assert code != 0 and "no Uwazi CSV export 9" in err and not (tmp_path / "x").exists()
    code, _, err = cli("export", "--format", "csv", "--since-last", "--out", str(tmp_path / "x"))
    assert code != 0 and "for --format uwazi-csv" in err and not (tmp_path / "x").exists()


def test_a_changed_interview_comes_again_and_is_named(
    network: Network, cli: Cli, tmp_path: Path
) -> None:
    first = _send(network)
    cli("export", "--format", "uwazi-csv", "--out", str(tmp_path / "all.csv"))
    edit_quote(network.kits[0], first, "They came at dawn.")
    network.send(network.kits[0])
    code, out, err = cli(
        "export", "--format", "uwazi-csv", "--since-last", "--out", str(tmp_path / "new.csv")
    )
    assert code == 0
    [row] = _rows((tmp_path / "new.csv").read_text(encoding="utf-8"))
    assert row["interview_id"] == first and row["quote"] == "They came at dawn."
    # The data manager is told which Uwazi entities to delete before importing (docs/uwazi.md).
    assert "1 interview changed" in err and first in err and "delete" in err
    code, out, _ = cli(
        "export", "--format", "uwazi-csv", "--since-last", "--out", str(tmp_path / "again.csv")
    )
    assert "wrote 0 rows" in out


def test_a_plain_text_export_notes_nothing_and_bad_options_are_refused(
    network: Network, tmp_path: Path
) -> None:
    _send(network)
    export_text(network.hq, ExportFormat.UWAZI_CSV)
    assert uwazi.exports(network.hq) == []
    for fmt, options, message in (
        (ExportFormat.JSONL, {"labels": "ru"}, "--labels is for"),
        (ExportFormat.CSV, {"since": 1}, "--since"),
        (ExportFormat.UWAZI_CSV, {"labels": "Russian!"}, "language code"),
    ):
        with pytest.raises(FieldkitError, match=message):
            export_file(network.hq, fmt, tmp_path / "out", **options)  # type: ignore[arg-type]
        assert not (tmp_path / "out").exists()
    assert uwazi.exports(network.hq) == []


def test_choices_with_one_label_or_a_separator_stay_apart(network: Network, tmp_path: Path) -> None:
    survey = [{"type": "select_multiple kinds", "name": "kinds", "label": "Kinds"}]
    choices = [
        {"list_name": "kinds", "name": "a", "label": "Same"},
        {"list_name": "kinds", "name": "b", "label": "same "},
        {"list_name": "kinds", "name": "c", "label": "Same (a)"},
        {"list_name": "kinds", "name": "d", "label": "one|two::three"},
    ]
    book = write_xlsform(tmp_path / "k.xlsx", survey, choices, {"form_id": "k", "version": "1"})
    hq_forms.publish(network.hq, book, tmp_path / "k.fkform")
    data = uwazi.template(network.hq)
    _check_template(data)
    [kinds] = [t for t in data["thesauri"] if t["name"] == "k kinds"]
    assert [v["label"] for v in kinds["values"]] == [
        "Same (a)", "same (b)", "Same (a) (c)", "one\u00a6two\u2236\u2236three",
    ]  # fmt: skip
