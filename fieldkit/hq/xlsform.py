"""Reading an XLSForm with pyxform and turning it into fieldkit's form description.

pyxform (the reference XLSForm library) reads the workbook and builds its survey JSON; this
module walks that JSON into a :class:`~fieldkit.core.forms.model.Form`. Before that it goes
over the sheets row by row, so that whatever fieldkit does not support (repeats,
calculations, other functions, unknown types or columns) is refused naming the sheet, the
row and the feature, never silently dropped. See docs/forms.md.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fieldkit.core.errors import FormRefused, ValidationError
from fieldkit.core.forms.answers import read_answer
from fieldkit.core.forms.expr import ExpressionError, parse
from fieldkit.core.forms.model import (
    MAX_FIELDS,
    FieldType,
    FormError,
    form_from_dict,
)
from fieldkit.vault.fsutil import NotARegularFile, open_regular

#: An XLSForm file as read, and the most its parts may hold unpacked (a zip bomb is refused
#: before openpyxl opens it).
MAX_XLSX_BYTES = 16 * 1024 * 1024
MAX_UNPACKED_BYTES = 128 * 1024 * 1024

#: Survey columns fieldkit reads ("::" language suffixes allowed on the texts).
SURVEY_COLUMNS = frozenset(
    {"type", "name", "label", "hint", "required", "default", "constraint"}
    | {"constraint_message", "relevant", "sensitive"}
)
TRANSLATED = frozenset({"label", "hint", "constraint_message"})
CHOICE_COLUMNS = frozenset({"list_name", "name", "label"})
SETTINGS_COLUMNS = frozenset({"form_id", "version", "form_title", "default_language"})
#: Survey types, as written (spaces or underscores), and what fieldkit makes of them.
TYPES = {
    "text": FieldType.TEXT,
    "integer": FieldType.INTEGER,
    "int": FieldType.INTEGER,
    "decimal": FieldType.DECIMAL,
    "date": FieldType.DATE,
    "note": FieldType.NOTE,
    "select_one": FieldType.SELECT_ONE,
    "select_multiple": FieldType.SELECT_MULTIPLE,
}
#: Features refused by name (the rest: "the type … is not supported").
REFUSED = {
    "begin_repeat": "repeats",
    "end_repeat": "repeats",
    "calculate": "calculations",
    "select_one_from_file": "choices from a file",
    "select_multiple_from_file": "choices from a file",
    "select_one_external": "external choices",
    "rank": "rank questions",
}
_JSON_TYPES = {
    "text": FieldType.TEXT,
    "integer": FieldType.INTEGER,
    "decimal": FieldType.DECIMAL,
    "date": FieldType.DATE,
    "note": FieldType.NOTE,
    "select one": FieldType.SELECT_ONE,
    "select all that apply": FieldType.SELECT_MULTIPLE,
}
_YES = {"yes": True, "true": True, "true()": True, "no": False, "false": False, "false()": False}
_CODE = re.compile(r"\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\s*\)\s*$")


class _Rows:
    """Where each survey element was written: its row, for messages."""

    def __init__(self) -> None:
        self.by_name: dict[str, int] = {}
        #: Selects written with or_other (pyxform adds their "specify other" text field).
        self.or_other: set[str] = set()

    def where(self, name: str | None) -> str:
        row = self.by_name.get(name or "")
        return f"sheet survey, row {row}" if row else "sheet survey"


def xlsform_to_dict(path: Path) -> dict[str, Any]:
    """The form description (``form_from_dict``'s input) of the XLSForm at ``path``;
    ``version`` is None when the settings sheet gives none."""
    name = Path(path).name
    data = _read(Path(path))
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import get_xlsform

    try:
        workbook = get_xlsform(io.BytesIO(data), file_type=".xlsx")
    except PyXFormError as error:
        raise FormRefused(f"{name} is not an XLSForm workbook ({_line(error)})") from None
    except Exception as error:  # openpyxl's own errors on a damaged workbook
        raise FormRefused(
            f"{name} cannot be read as a spreadsheet ({type(error).__name__})"
        ) from None
    rows = _check_sheets(workbook)
    try:
        survey = workbook_to_json(workbook, fallback_form_name=Path(path).stem, warnings=[])
    except PyXFormError as error:
        raise FormRefused(f"{name}: {_line(error)}") from None
    try:
        return _describe(survey, workbook, rows)
    except FormError as error:
        raise FormRefused(f"{rows.where(error.field)}: {error.message}") from None


def _line(error: Exception) -> str:
    return " ".join(str(error).split())[:300]


def _read(path: Path) -> bytes:
    try:
        with open_regular(path, MAX_XLSX_BYTES) as handle:
            data = handle.read(MAX_XLSX_BYTES + 1)
    except NotARegularFile as error:
        raise FormRefused(f"{path.name} cannot be read as a form: {error}") from None
    if len(data) > MAX_XLSX_BYTES:
        raise FormRefused(f"{path.name} is larger than the {MAX_XLSX_BYTES:,} bytes accepted")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise FormRefused(f"{path.name} is not an .xlsx workbook") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FormRefused(f"{path.name} unpacks to more than {MAX_UNPACKED_BYTES:,} bytes")
    return data


# --- the sheets, row by row ---------------------------------------------------------------


def _check_sheets(workbook: Any) -> _Rows:
    for sheet in ("external_choices", "entities", "osm"):
        if getattr(workbook, sheet, None):
            raise FormRefused(f"sheet {sheet}: {sheet.replace('_', ' ')} are not supported")
    _check_columns("settings", workbook.settings or [], SETTINGS_COLUMNS, frozenset())
    _check_columns("choices", workbook.choices or [], CHOICE_COLUMNS, frozenset({"label"}))
    survey = workbook.survey or []
    rows = _Rows()
    depth = fields = 0
    for index, row in enumerate(survey):
        number = index + 2  # row 1 holds the column names
        where = f"sheet survey, row {number}"
        kind = _type_word(row.get("type", ""))
        if not kind:
            if row:
                raise FormRefused(f"{where}: the row has no type")
            continue
        if kind in ("begin_group", "end_group"):
            depth += 1 if kind == "begin_group" else -1
            if depth > 1:
                raise FormRefused(f"{where}: a group inside a group is not supported")
            if kind == "end_group":
                continue
        elif kind in REFUSED:
            raise FormRefused(f"{where}: {REFUSED[kind]} are not supported")
        elif kind not in TYPES:
            raise FormRefused(f"{where}: the type '{kind}' is not supported")
        else:
            fields += 1
        _check_row(f"sheet survey, row {number}", "survey", row, SURVEY_COLUMNS, TRANSLATED)
        for column in ("constraint", "relevant"):
            if column in row:
                try:
                    parse(row[column])
                except ExpressionError as error:
                    raise FormRefused(f"{where}: {column}: {error}") from None
        for column in ("required", "sensitive"):
            if column in row and row[column].strip().lower() not in _YES:
                raise FormRefused(f"{where}: {column} must be yes or no")
        if "name" in row:
            rows.by_name.setdefault(row["name"], number)
            if kind.startswith("select_") and "or_other" in row["type"].lower().split():
                rows.or_other.add(row["name"])
    if fields > MAX_FIELDS:
        raise FormRefused(f"sheet survey: more than {MAX_FIELDS} fields")
    return rows


def _type_word(value: str) -> str:
    words = value.strip().lower().split()
    if not words:
        return ""
    if words[0] in ("begin", "end") and len(words) > 1:
        return f"{words[0]}_{words[1]}"
    if words[0] in ("select", "select1") and len(words) > 1:
        return "select_one" if words[1] in ("one", "1") else f"select_{words[1]}"
    return words[0]


def _check_columns(
    sheet: str, rows: list[Mapping[str, Any]], allowed: frozenset[str], translated: frozenset[str]
) -> None:
    for index, row in enumerate(rows):
        _check_row(f"sheet {sheet}, row {index + 2}", sheet, row, allowed, translated)


def _check_row(
    where: str,
    sheet: str,
    row: Mapping[str, Any],
    allowed: frozenset[str],
    translated: frozenset[str],
) -> None:
    for column in row:
        base, sep, language = column.partition("::")
        base = base.strip()
        if base not in allowed:
            raise FormRefused(f"{where}: the column '{column}' is not supported")
        if sep and (base not in translated or not _CODE.search(language)):
            raise FormRefused(
                f"sheet {sheet}: the column '{column}' must name its language code, "
                f"e.g. {base}::English (en)"
            )


# --- pyxform's survey JSON -> fieldkit's form description ----------------------------------


def _code(language: str) -> str:
    if language in ("", "default"):
        return ""
    found = _CODE.search(language)
    return found.group(1).lower() if found else language


def _texts(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"": value}
    return {_code(k): str(v) for k, v in value.items()}


def _describe(survey: Mapping[str, Any], workbook: Any, rows: _Rows) -> dict[str, Any]:
    settings = (workbook.settings or [{}])[0] if workbook.settings else {}
    form_id = (settings.get("form_id") or "").strip()
    if not form_id:
        raise FormRefused("sheet settings: form_id is required (the form's name across versions)")
    version_text = (settings.get("version") or "").strip()
    if version_text and not version_text.isdigit():
        raise FormRefused("sheet settings: version must be a whole number (e.g. 2026120101)")
    sections: list[dict[str, Any]] = []
    fields: list[dict[str, Any]] = []
    for child in survey.get("children", []):
        if child.get("type") == "group":
            if child.get("name") == "meta" and child.get("control", {}).get("bodyless"):
                continue  # pyxform's own instanceID, no question
            sections.append(
                {
                    "name": child["name"],
                    "labels": _texts(child.get("label")),
                    "relevant": child.get("bind", {}).get("relevant"),
                }
            )
            for inner in child.get("children", []):
                fields.append(_field(inner, child["name"], rows))
        else:
            fields.append(_field(child, None, rows))
    languages = sorted(
        {k for f in fields for k in f["labels"] if k}
        | {k for s in sections for k in s["labels"] if k}
    )
    description = {
        "id": form_id,
        "version": int(version_text) if version_text else None,
        "title": str(survey.get("title") or form_id),
        "default_language": _code(str(survey.get("default_language") or "")),
        "languages": languages,
        "sections": sections,
        "fields": fields,
    }
    form = form_from_dict({**description, "version": description["version"] or 1})
    for field in form.fields:
        if field.default is not None:
            try:
                read_answer(field, field.default)
            except ValidationError as error:
                raise FormRefused(
                    f"{rows.where(field.name)}: default {error.problems[0].message}"
                ) from None
    return description


def _field(child: Mapping[str, Any], section: str | None, rows: _Rows) -> dict[str, Any]:
    name = child.get("name")
    kind = _JSON_TYPES.get(str(child.get("type")))
    if kind is None:
        raise FormRefused(f"{rows.where(name)}: the type '{child.get('type')}' is not supported")
    bind = child.get("bind", {})
    choices = [
        {"name": str(c.get("name")), "labels": _texts(c.get("label"))}
        for c in child.get("choices", []) or []
    ]
    if name is not None and name.endswith("_other") and name[: -len("_other")] in rows.or_other:
        # pyxform's "specify other" for or_other: shown when "other" is chosen.
        selected = str(bind.get("relevant", ""))
        match = re.fullmatch(r"selected\(\.\./([A-Za-z0-9_.-]+), 'other'\)", selected)
        relevant = f"selected(${{{match.group(1)}}}, 'other')" if match else None
    else:
        relevant = bind.get("relevant")
    return {
        "name": name,
        "type": kind.value,
        "labels": _texts(child.get("label")),
        "hints": _texts(child.get("hint")),
        "required": _YES.get(str(bind.get("required", "no")).strip().lower(), False),
        "default": child.get("default"),
        "constraint": bind.get("constraint"),
        "constraint_messages": _texts(bind.get("jr:constraintMsg")),
        "relevant": relevant,
        "choices": choices,
        "or_other": name in rows.or_other,
        "section": section,
        "sensitive": _YES.get(str(child.get("sensitive", "no")).strip().lower(), False),
    }
