"""XLSForms read with pyxform: one workbook per feature, one with everything, and the ones
that must be refused, each naming its sheet, row and feature in one line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fieldkit.core.errors import FormRefused
from fieldkit.core.forms.model import FieldType, Form, form_from_dict, text_in
from fieldkit.hq.xlsform import xlsform_to_dict
from tests.xlsforms import write_everything, write_xlsform


def read(path: Path) -> Form:
    description = xlsform_to_dict(path)
    return form_from_dict({**description, "version": description["version"] or 1})


def one(tmp_path: Path, survey: list[dict[str, str]], choices: Any = ()) -> Form:
    return read(write_xlsform(tmp_path / "form.xlsx", survey, choices))


@pytest.mark.parametrize(
    ("type_", "kind"),
    [
        ("text", FieldType.TEXT),
        ("integer", FieldType.INTEGER),
        ("decimal", FieldType.DECIMAL),
        ("date", FieldType.DATE),
        ("note", FieldType.NOTE),
    ],
)
def test_each_plain_type(tmp_path: Path, type_: str, kind: FieldType) -> None:
    form = one(tmp_path, [{"type": type_, "name": "q", "label": "Question", "hint": "A hint"}])
    (field,) = form.fields
    assert (field.name, field.type, field.labels, field.hints) == (
        "q",
        kind,
        {"": "Question"},
        {"": "A hint"},
    )


def test_select_one_and_select_multiple_with_their_choices(tmp_path: Path) -> None:
    form = one(
        tmp_path,
        [
            {"type": "select_one yn", "name": "one", "label": "One"},
            {"type": "select_multiple yn", "name": "many", "label": "Many"},
        ],
        [
            {"list_name": "yn", "name": "yes", "label": "Yes"},
            {"list_name": "yn", "name": "no", "label": "No"},
        ],
    )
    assert [(f.type, f.choice_names()) for f in form.fields] == [
        (FieldType.SELECT_ONE, ("yes", "no")),
        (FieldType.SELECT_MULTIPLE, ("yes", "no")),
    ]


def test_or_other_adds_the_choice_and_its_text_shown_when_chosen(tmp_path: Path) -> None:
    form = one(
        tmp_path,
        [{"type": "select_multiple who or_other", "name": "who", "label": "Who"}],
        [{"list_name": "who", "name": "police", "label": "Police"}],
    )
    who, other = form.fields
    assert who.or_other and who.choice_names() == ("police", "other")
    assert other.name == "who_other" and other.type is FieldType.TEXT
    assert other.relevant is not None and other.relevant.source == "selected(${who}, 'other')"


def test_required_default_constraint_relevant_and_sensitive(tmp_path: Path) -> None:
    form = one(
        tmp_path,
        [
            {
                "type": "integer",
                "name": "n",
                "label": "N",
                "required": "yes",
                "default": "3",
                "constraint": ". > 0",
                "constraint_message": "Positive",
            },
            {"type": "text", "name": "t", "label": "T", "relevant": "${n} > 2", "sensitive": "yes"},
        ],
    )
    n, t = form.fields
    assert (n.required, n.default, n.constraint and n.constraint.source) == (True, "3", ". > 0")
    assert n.constraint_messages == {"": "Positive"}
    assert t.relevant is not None and t.relevant.refs == {"n"}
    assert t.sensitive and not n.sensitive


def test_a_group_is_a_section_with_its_own_skip_logic(tmp_path: Path) -> None:
    form = one(
        tmp_path,
        [
            {"type": "text", "name": "a", "label": "A"},
            {"type": "begin group", "name": "g", "label": "Group", "relevant": "${a} = 'x'"},
            {"type": "text", "name": "b", "label": "B"},
            {"type": "end group"},
            {"type": "text", "name": "c", "label": "C"},
        ],
    )
    assert [(f.name, f.section) for f in form.fields] == [("a", None), ("b", "g"), ("c", None)]
    (section,) = form.sections
    assert section.relevant is not None and section.relevant.source == "${a} = 'x'"


def test_the_form_that_uses_everything_in_english_and_russian(tmp_path: Path) -> None:
    description = xlsform_to_dict(write_everything(tmp_path / "violations.xlsx"))
    form = form_from_dict(description)
    assert (form.id, form.version, form.title) == ("violations", 3, "Violations")
    assert (form.default_language, form.languages) == ("en", ("en", "ru"))
    assert [f.name for f in form.fields] == [
        "violation",
        "perpetrators",
        "perpetrators_other",
        "affected",
        "displaced",
        "destination",
        "displaced_on",
        "distance",
        "case_number",
        "thanks",
    ]
    violation = form.fields[0]
    assert text_in(violation.labels, "ru") == "Тип нарушения"
    assert text_in(violation.hints, "ru-RU") == "Основное"
    assert text_in(violation.choices[0].labels, "ru") == "Поджог"
    assert text_in(violation.labels, "kk", form.default_language) == "Violation type"
    affected = form.fields[3]
    assert affected.constraint_messages == {"en": "From 0 to 100,000", "ru": "От 0 до 100 000"}
    assert form.fields[5].sensitive and form.fields[5].section == "displacement"


@pytest.mark.parametrize(
    ("survey", "message"),
    [
        (
            [
                {"type": "text", "name": "a", "label": "A"},
                {"type": "begin repeat", "name": "r", "label": "R"},
                {"type": "text", "name": "b", "label": "B"},
                {"type": "end repeat"},
            ],
            "sheet survey, row 3: repeats are not supported",
        ),
        (
            [
                {"type": "integer", "name": "a", "label": "A"},
                {"type": "calculate", "name": "c", "calculation": "${a} * 2"},
            ],
            "sheet survey, row 3: calculations are not supported",
        ),
        (
            [
                {"type": "integer", "name": "a", "label": "A"},
                {"type": "date", "name": "d", "label": "D", "constraint": ". <= today()"},
            ],
            "sheet survey, row 3: constraint: the function today() is not supported",
        ),
        (
            [{"type": "text", "name": "a", "label": "A", "relevant": "${b} + 1 > 2"}],
            "sheet survey, row 2: relevant: arithmetic ('+') is not supported",
        ),
        (
            [{"type": "geopoint", "name": "where", "label": "Where"}],
            "sheet survey, row 2: the type 'geopoint' is not supported",
        ),
        (
            [{"type": "text", "name": "a", "label": "A", "appearance": "multiline"}],
            "sheet survey, row 2: the column 'appearance' is not supported",
        ),
        (
            [
                {"type": "begin group", "name": "g", "label": "G"},
                {"type": "begin group", "name": "h", "label": "H"},
                {"type": "text", "name": "a", "label": "A"},
                {"type": "end group"},
                {"type": "end group"},
            ],
            "sheet survey, row 3: a group inside a group is not supported",
        ),
        (
            [{"type": "text", "name": "a", "label::English": "A"}],
            "sheet survey: the column 'label::English' must name its language code, "
            "e.g. label::English (en)",
        ),
        (
            [{"type": "text", "name": "a", "label": "A", "required": "${b} = 1"}],
            "sheet survey, row 2: required must be yes or no",
        ),
        (
            [{"type": "integer", "name": "a", "label": "A", "default": "many"}],
            "sheet survey, row 2: default must be a whole number",
        ),
        (
            [
                {"type": "text", "name": "a", "label": "A", "relevant": "${b} = 'x'"},
                {"type": "text", "name": "b", "label": "B"},
            ],
            "sheet survey, row 2: field a: relevant refers to ${b}, which does not come before it",
        ),
    ],
)
def test_what_fieldkit_cannot_do_is_refused_naming_sheet_row_and_feature(
    tmp_path: Path, survey: list[dict[str, str]], message: str
) -> None:
    path = write_xlsform(tmp_path / "form.xlsx", survey)
    with pytest.raises(FormRefused) as refused:
        xlsform_to_dict(path)
    assert str(refused.value) == message


def test_a_settings_sheet_without_form_id_or_with_a_text_version_is_refused(
    tmp_path: Path,
) -> None:
    survey = [{"type": "text", "name": "a", "label": "A"}]
    with pytest.raises(FormRefused, match=r"^sheet settings: form_id is required"):
        xlsform_to_dict(write_xlsform(tmp_path / "a.xlsx", survey, settings={"version": "1"}))
    with pytest.raises(FormRefused, match=r"^sheet settings: version must be a whole number"):
        xlsform_to_dict(
            write_xlsform(tmp_path / "b.xlsx", survey, settings={"form_id": "f", "version": "v2"})
        )
    with pytest.raises(FormRefused, match="the column 'instance_name' is not supported"):
        xlsform_to_dict(
            write_xlsform(
                tmp_path / "c.xlsx", survey, settings={"form_id": "f", "instance_name": "x"}
            )
        )


def test_a_file_that_is_no_workbook_is_refused_in_one_line(tmp_path: Path) -> None:
    text = tmp_path / "form.xlsx"
    text.write_text("type,name\ntext,a\n")
    with pytest.raises(FormRefused, match=r"^form\.xlsx is not an \.xlsx workbook$"):
        xlsform_to_dict(text)
    with pytest.raises(FormRefused, match="cannot be read as a form: it is a folder"):
        xlsform_to_dict(tmp_path)


def test_pyxforms_own_checks_reach_the_person_in_one_line(tmp_path: Path) -> None:
    path = write_xlsform(
        tmp_path / "form.xlsx",
        [{"type": "select_one missing", "name": "a", "label": "A"}],
        [{"list_name": "yn", "name": "yes", "label": "Yes"}],
    )
    with pytest.raises(FormRefused) as refused:
        xlsform_to_dict(path)
    assert "\n" not in str(refused.value) and "missing" in str(refused.value)
