"""XLSForm workbooks for the forms tests, written with openpyxl (no binaries committed).

:func:`write_xlsform` writes a workbook from rows; :data:`EVERYTHING` is the form that uses
every supported feature, in English and Russian; :data:`RECORD` the built-in fields of an
interview to give answers to; :data:`INCIDENT_FORM` a form as a form file carries it (the
editor's tests).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from fieldkit.core.record import validate
from fieldkit.vault.store import Vault

Rows = Sequence[Mapping[str, str]]


def write_xlsform(
    path: Path,
    survey: Rows,
    choices: Rows = (),
    settings: Mapping[str, str] | None = None,
    extra_sheets: Mapping[str, Rows] | None = None,
) -> Path:
    """A workbook at ``path`` with a survey sheet (row 1: the column names), a choices sheet
    when ``choices`` are given and a settings sheet (default: form_id "test", version 1)."""
    book = openpyxl.Workbook()
    sheets: dict[str, Rows] = {"survey": survey}
    if choices:
        sheets["choices"] = choices
    settings = {"form_id": "test", "version": "1"} if settings is None else settings
    if settings:
        sheets["settings"] = [settings]
    sheets.update(extra_sheets or {})
    first = True
    for name, rows in sheets.items():
        sheet = book.active if first else book.create_sheet(name)
        assert sheet is not None
        sheet.title = name
        first = False
        columns: list[str] = []
        for row in rows:
            columns.extend(c for c in row if c not in columns)
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c, "") for c in columns])
    book.save(path)
    return path


#: The built-in fields of a ready interview, for records given answers in the tests.
RECORD = {
    "interview_date": "2020-02-16",
    "place": "Tokmok",
    "role": "shop owner",
    "quote": "They came at night.",
    "status": "ready",
}

EN, RU = "label::English (en)", "label::Russian (ru)"

#: The form of the issue's "done when": a select_one violation type, a select_multiple
#: perpetrators (with or_other), an integer with a constraint, a group shown only when the
#: witness was displaced, and the other types, in English and Russian.
EVERYTHING_SURVEY: Rows = [
    {
        "type": "select_one violation",
        "name": "violation",
        EN: "Violation type",
        RU: "Тип нарушения",
        "required": "yes",
        "hint::English (en)": "The main one",
        "hint::Russian (ru)": "Основное",
    },
    {
        "type": "select_multiple perp or_other",
        "name": "perpetrators",
        EN: "Perpetrators",
        RU: "Виновные",
    },
    {
        "type": "integer",
        "name": "affected",
        EN: "People affected",
        RU: "Пострадавших",
        "constraint": ". >= 0 and . <= 100000",
        "required": "yes",
        "default": "1",
        "constraint_message::English (en)": "From 0 to 100,000",
        "constraint_message::Russian (ru)": "От 0 до 100 000",
    },
    {"type": "select_one yesno", "name": "displaced", EN: "Displaced?", RU: "Перемещён?"},
    {
        "type": "begin group",
        "name": "displacement",
        EN: "Displacement",
        RU: "Перемещение",
        "relevant": "${displaced} = 'yes'",
    },
    {
        "type": "text",
        "name": "destination",
        EN: "Where to",
        RU: "Куда",
        "required": "yes",
        "constraint": "string-length(.) <= 80",
        "sensitive": "yes",
    },
    {"type": "date", "name": "displaced_on", EN: "Displaced on", RU: "Дата перемещения"},
    {"type": "end group"},
    {
        "type": "decimal",
        "name": "distance",
        EN: "Distance (km)",
        RU: "Расстояние (км)",
        "constraint": ". > 0",
    },
    {
        "type": "text",
        "name": "case_number",
        EN: "Case number",
        RU: "Номер дела",
        "constraint": "regex(., '^[A-Z]{2}-[0-9]{4}$')",
        "relevant": "not(selected(${perpetrators}, 'army'))",
    },
    {"type": "note", "name": "thanks", EN: "Thank the witness", RU: "Поблагодарите"},
]
EVERYTHING_CHOICES: Rows = [
    {"list_name": "violation", "name": "arson", EN: "Arson", RU: "Поджог"},
    {"list_name": "violation", "name": "beating", EN: "Beating", RU: "Избиение"},
    {"list_name": "violation", "name": "detention", EN: "Detention", RU: "Задержание"},
    {"list_name": "perp", "name": "police", EN: "Police", RU: "Полиция"},
    {"list_name": "perp", "name": "army", EN: "Army", RU: "Армия"},
    {"list_name": "perp", "name": "neighbours", EN: "Neighbours", RU: "Соседи"},
    {"list_name": "yesno", "name": "yes", EN: "Yes", RU: "Да"},
    {"list_name": "yesno", "name": "no", EN: "No", RU: "Нет"},
]
EVERYTHING_SETTINGS = {
    "form_id": "violations",
    "version": "3",
    "form_title": "Violations",
    "default_language": "English (en)",
}


#: An answer to every answerable field of EVERYTHING (perpetrators with "other" and its text).
EVERYTHING_ANSWERS: Mapping[str, object] = {
    "violation": "arson",
    "perpetrators": "police other",
    "perpetrators_other": "men in plain clothes",
    "affected": 12,
    "displaced": "yes",
    "destination": "Bishkek",
    "displaced_on": "2020-02-10",
    "distance": "12.50",
    "case_number": "KG-0001",
}


def write_everything(path: Path, **settings: str) -> Path:
    return write_xlsform(
        path, EVERYTHING_SURVEY, EVERYTHING_CHOICES, {**EVERYTHING_SETTINGS, **settings}
    )


def form_header(form_id: str, version: int, title: str) -> dict[str, Any]:
    """A form file's JSON before its sections and fields: its id, version and title, in
    English (the default) and Russian."""
    return {
        "id": form_id,
        "version": version,
        "title": title,
        "default_language": "en",
        "languages": ["en", "ru"],
    }


#: The editor's form (the form file's JSON): a required text with a hint, a select_one that
#: makes a follow-up integer with a constraint relevant, a select_multiple, a date, a decimal,
#: a section shown for long detentions, and a note.
INCIDENT_FORM: dict[str, Any] = {
    **form_header("incident", 1, "Incident"),
    "sections": [
        {
            "name": "release",
            "labels": {"en": "Release", "ru": "Освобождение"},
            "relevant": "${days} > 30",
        }
    ],
    "fields": [
        {
            "name": "what",
            "type": "text",
            "required": True,
            "labels": {"en": "What happened", "ru": "Что произошло"},
            "hints": {"en": "In the witness's words", "ru": "Словами свидетеля"},
        },
        {
            "name": "detained",
            "type": "select_one",
            "labels": {"en": "Detained?", "ru": "Задержан?"},
            "choices": [
                {"name": "yes", "labels": {"en": "Yes", "ru": "Да"}},
                {"name": "no", "labels": {"en": "No", "ru": "Нет"}},
            ],
        },
        {
            "name": "days",
            "type": "integer",
            "required": True,
            "relevant": "${detained} = 'yes'",
            "labels": {"en": "Days detained", "ru": "Дней под стражей"},
            "constraint": ". >= 1 and . <= 3650",
            "constraint_messages": {"en": "From 1 to 3,650 days", "ru": "От 1 до 3650 дней"},
        },
        {
            "name": "who",
            "type": "select_multiple",
            "labels": {"en": "Who took part", "ru": "Кто участвовал"},
            "choices": [
                {"name": "police", "labels": {"en": "Police & guards", "ru": "Полиция"}},
                {"name": "army", "labels": {"en": "Army", "ru": "Армия"}},
            ],
        },
        {"name": "on", "type": "date", "labels": {"en": "Arrested on", "ru": "Дата ареста"}},
        {"name": "bail", "type": "decimal", "labels": {"en": "Bail paid", "ru": "Залог"}},
        {
            "name": "released_how",
            "type": "text",
            "section": "release",
            "labels": {"en": "How released", "ru": "Как освобождён"},
        },
        {"name": "thanks", "type": "note", "labels": {"en": "Thank the witness"}},
    ],
}


def answer_everything(hq: Vault, kit: Vault, folder: Path) -> str:
    """EVERYTHING published at ``hq`` and loaded on ``kit``, and one ready interview there
    answering every field (:data:`EVERYTHING_ANSWERS`): its id."""
    from fieldkit.hq.forms import publish
    from fieldkit.kit.forms import add_form
    from fieldkit.vault import forms, records

    form_file = folder / "violations.fkform"
    publish(hq, write_everything(folder / "violations.xlsx"), form_file)
    add_form(kit, form_file)
    form = forms.load(kit, "violations")
    raw = {**RECORD, "fields": dict(EVERYTHING_ANSWERS)}
    return records.save(kit, validate(raw, form=form)).id
