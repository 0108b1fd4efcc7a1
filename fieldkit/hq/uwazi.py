"""Uwazi: the CSV its own loader imports, and the template and thesauri it needs first.

Every rule here comes from Uwazi's code at :data:`UWAZI_COMMIT` (``app/api/csv/`` and the
template and thesaurus schemas); docs/uwazi.md names the file each comes from. In short: a
column reaches the property whose name is the column's "safe name", which is also how Uwazi
names a property from its label, so a column and its property share one text; a select or
multiselect cell holds labels, ``|`` between them and ``::`` between a group and its item;
Text properties get a sort field capped at 32,766 bytes, so long text goes to Rich text.

One entity per quote. HQ notes every export it writes (``uwazi_exports``), so an export
``since`` an earlier one carries only what is new or changed since.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import IO, Any

import pycountry

from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.core.citation import citation, citation_language
from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.answers import Answer
from fieldkit.core.forms.model import FieldType
from fieldkit.core.record import ConsentKind, Interview, now_iso
from fieldkit.hq.export_csv import looks_like_formula
from fieldkit.hq.export_records import (
    ATTACHMENTS_COLUMN,
    UWAZI_COLUMNS,
    Files,
    Written,
    interviews,
    paths_of,
)
from fieldkit.hq.formcolumns import FormColumn, answer_names, checked_language, form_columns
from fieldkit.hq.storage import HqStore
from fieldkit.vault.store import Vault

#: The commit of huridocs/uwazi whose code these rules follow (package.json: 1.190.0-rc4).
UWAZI_COMMIT = "849f7d97dceeecf0005f6064e0ac4a1fb664da2d"
TEMPLATE_NAME = "Fieldkit quote"

YES_NO = "Fieldkit yes or no"
CONSENT = "Fieldkit consent"
COUNTRIES = "Fieldkit countries"
LANGUAGES = "Fieldkit languages"
TAGS = "Fieldkit tags"

YES, NO = "Yes", "No"
CONSENT_LABELS = {ConsentKind.ORAL: "Oral", ConsentKind.WRITTEN: "Written",
                  ConsentKind.NOT_GIVEN: "Not given"}  # fmt: skip


@dataclass(frozen=True)
class Property:
    """A template property and its CSV column: ``safe_name(header) == safe_name(label)``."""

    header: str
    label: str
    type: str
    thesaurus: str | None = None


#: The interview's own properties, consent first (a testimony that may not be shared with
#: partners says so before anything else). Free text that may be long is Rich text.
BUILT_IN = (
    Property("may_share_with_partners", "May share with partners", "select", YES_NO),
    Property("may_quote_anonymously", "May quote anonymously", "select", YES_NO),
    Property("consent", "Consent", "select", CONSENT),
    Property("interview_date", "Interview date", "date"),
    Property("place", "Place", "text"),
    Property("country", "Country", "select", COUNTRIES),
    Property("role", "Role", "text"),
    Property("organisation", "Organisation", "text"),
    Property("language", "Language", "select", LANGUAGES),
    Property("interviewer", "Interviewer", "text"),
    Property("tags", "Tags", "multiselect", TAGS),
    Property("quote_number", "Quote number", "numeric"),
    Property("quote", "Quote", "markdown"),
    Property("citation", "Citation", "text"),
    Property("interview_id", "Interview id", "text"),
)
assert tuple(p.header for p in BUILT_IN) == UWAZI_COLUMNS[1:]
CONSENT_PROPERTIES = BUILT_IN[:3]

_FIELD_TYPES = {
    FieldType.TEXT: "markdown",  # up to 200,000 characters: Rich text has no sort field
    FieldType.INTEGER: "numeric",
    FieldType.DECIMAL: "numeric",
    FieldType.DATE: "date",
    FieldType.SELECT_ONE: "select",
    FieldType.SELECT_MULTIPLE: "multiselect",
}


# --- Uwazi's names and labels ----------------------------------------------------------------


def _utf16_units(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def safe_name(label: str, new_name_generation: bool = False) -> str:
    """A property's name from its label (or a column's), as Uwazi makes it in either of its
    naming modes (``app/shared/propertyNames.ts``; JavaScript counts UTF-16 units)."""
    text = label.strip()
    if new_name_generation:
        text = re.sub(r'[#|\\/*?"<>=\s:.\[\]%]', "_", text)
        text = re.sub(r"^[_|\-+$]", "", text)
        return text.lower()
    return "".join(
        c.lower() if c.isascii() and c.isalnum() else "_" * _utf16_units(c) for c in text
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def safe_label(text: str) -> str:
    """A label Uwazi's select and multiselect parsers take as one value: ``|`` (which splits
    a cell into values) shown as ``¦``, and every colon of ``::`` (group and item, or an error
    with two of them) as ``∶``; one line, trimmed."""
    text = _one_line(text).replace("|", "\u00a6")
    return re.sub(r":{2,}", lambda m: "\u2236" * len(m.group()), text)


def _normalised(label: str) -> str:
    """How Uwazi compares thesaurus labels (``normalizeThesaurusLabel``)."""
    return label.strip().lower()


def _header_label(text: str) -> str:
    """A column's text without what csvtojson would read as quoting or another delimiter
    (it chooses ``,`` or ``;`` from the header line)."""
    return _one_line(re.sub(r'[,;"]', " ", text))


@cache
def country_label(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return safe_label(code)
    return safe_label(getattr(country, "common_name", None) or country.name)


@cache
def language_label(tag: str) -> str:
    primary, _, rest = tag.partition("-")
    found = (
        pycountry.languages.get(alpha_2=primary)
        if len(primary) == 2
        else pycountry.languages.get(alpha_3=primary)
    )
    name = found.name if found is not None else primary
    return safe_label(f"{name} ({tag})" if rest else name)


# --- the form fields --------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldProperty:
    column: FormColumn
    property: Property
    #: A select's choice names -> their labels, made unique (Uwazi matches labels).
    labels: dict[str, str]


def _choice_labels(column: FormColumn, language: str | None) -> dict[str, str]:
    wanted = {c.name: safe_label(column.choice_label(c.name, language)) for c in column.choices}
    counts: dict[str, int] = {}
    for label in wanted.values():
        counts[_normalised(label)] = counts.get(_normalised(label), 0) + 1
    unique: dict[str, str] = {}
    used: set[str] = set()
    for name, label in wanted.items():
        if not label or counts[_normalised(label)] > 1:
            label = safe_label(f"{label} ({name})".strip())
        while _normalised(label) in used:  # "X (a)" was another choice's own label
            label = safe_label(f"{label} ({name})")
        used.add(_normalised(label))
        unique[name] = label
    return unique


def field_properties(vault: Vault, language: str | None) -> list[FieldProperty]:
    out = []
    for column in form_columns(vault):
        label = _header_label(f"{column.label(language) or column.field.name} ({column.name})")
        kind = "markdown" if column.mixed else _FIELD_TYPES[column.field.type]
        thesaurus = _header_label(f"{column.form_id} {column.field.name}")
        selects = kind in ("select", "multiselect")
        out.append(
            FieldProperty(
                column,
                Property(label, label, kind, thesaurus if selects else None),
                _choice_labels(column, language) if selects else {},
            )
        )
    return out


def _check_names(properties: Sequence[Property]) -> None:
    """Two columns Uwazi would give one name (in either naming mode) are refused: Uwazi
    refuses the template, or imports one column into the other's property."""
    for new_names in (False, True):
        seen: dict[str, str] = {"title": "title"}
        for prop in properties:
            name = safe_name(prop.label, new_names)
            if name in seen or not name:
                raise FieldkitError(
                    f"the Uwazi columns '{seen.get(name, '')}' and '{prop.header}' would get "
                    "the same property name in Uwazi; rename one of the fields in a new "
                    "version of its form"
                )
            seen[name] = prop.header


# --- the template and thesauri ------------------------------------------------------------------


def _thesaurus(name: str, labels: Iterable[str]) -> dict[str, Any]:
    values: dict[str, str] = {}
    for label in labels:
        if label:
            values.setdefault(_normalised(label), label)
    return {"name": name, "values": [{"label": label} for label in values.values()]}


def _tags(vault: Vault) -> Iterator[str]:
    for interview, _ in interviews(vault):
        for tag in (*interview.tags, *(t for q in interview.quotes for t in q.tags)):
            yield safe_label(tag)


def template(vault: Vault, language: str | None = None) -> dict[str, Any]:
    """The thesauri (each the body of ``POST /api/thesauris``) and the template (the body of
    ``POST /api/templates``, each select's ``content`` naming its thesaurus until the data
    manager puts the thesaurus's ``_id`` there: docs/uwazi.md)."""
    language = checked_language(language)
    fields = field_properties(vault, language)
    properties = [*BUILT_IN, *(f.property for f in fields)]
    _check_names(properties)
    thesauri = [
        _thesaurus(YES_NO, (YES, NO)),
        _thesaurus(CONSENT, CONSENT_LABELS.values()),
        _thesaurus(COUNTRIES, sorted(country_label(c.alpha_2) for c in pycountry.countries)),
        _thesaurus(
            LANGUAGES,
            sorted(
                language_label(x.alpha_2)
                for x in pycountry.languages
                if getattr(x, "alpha_2", None)
            ),
        ),
        _thesaurus(TAGS, sorted(set(_tags(vault)), key=_normalised)),
        *(_thesaurus(str(f.property.thesaurus), f.labels.values()) for f in fields if f.labels),
    ]
    names = [t["name"].lower() for t in thesauri]
    if len(set(names)) != len(names):
        raise FieldkitError(
            "two forms' select fields would get thesauri of the same name in Uwazi (form ids "
            "or field names that differ only in case); rename one in a new version of its form"
        )
    common = [
        {"label": "Title", "name": "title", "type": "text", "isCommonProperty": True},
        {"label": "Date added", "name": "creationDate", "type": "date", "isCommonProperty": True},
        {"label": "Date modified", "name": "editDate", "type": "date", "isCommonProperty": True},
    ]
    return {
        "fieldkit": {
            "uwazi_commit": UWAZI_COMMIT,
            "language": language or "",
            "columns": ["title", *(p.header for p in properties)],
        },
        "thesauri": thesauri,
        "template": {
            "name": TEMPLATE_NAME,
            "commonProperties": common,
            "properties": [
                {
                    "label": p.label,
                    "name": safe_name(p.label),
                    "type": p.type,
                    **({"content": p.thesaurus} if p.thesaurus else {}),
                    # Consent on every card of the library, and a filter for it.
                    **({"showInCard": True, "filter": True} if p in CONSENT_PROPERTIES else {}),
                }
                for p in properties
            ],
        },
    }


def write_template(vault: Vault, out: IO[str], *, labels: str | None = None) -> Written:
    data = template(vault, labels)
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    meta = data["fieldkit"]
    count = len(meta["columns"]) - 1
    row = (0, "template", now_iso(), meta["language"], json.dumps(meta["columns"]), None, count)
    return Written(count, note=lambda: HqStore(vault).note_uwazi_export(row))


# --- the CSV -------------------------------------------------------------------------------


def _yes_no(value: bool) -> str:
    return YES if value else NO


def _date(value: date | None) -> str:
    return value.strftime("%Y/%m/%d") if value else ""


def _field_cell(field: FieldProperty, value: Answer | None) -> str:
    if value is None:
        return ""
    kind = field.property.type
    if kind == "select":
        return field.labels.get(str(value), safe_label(str(value)))
    if kind == "multiselect":
        names = value if isinstance(value, tuple) else (str(value),)
        return "|".join(field.labels.get(n, safe_label(n)) for n in names)
    if kind == "date":
        return str(value).replace("-", "/")
    return answer_names(value)


def _tag_cell(tags: Iterable[str]) -> str:
    labels: dict[str, str] = {}
    for tag in tags:
        label = safe_label(tag)
        if label:
            labels.setdefault(_normalised(label), label)
    return "|".join(labels.values())


def content_sha256(interview: Interview) -> str:
    """What "changed" means for Uwazi: the interview's shared content (what a kit signed,
    answers included) is not what an earlier Uwazi CSV carried."""
    return sha256_hex(canonical_json(interview.shared_dict()))


def _rows(interview: Interview, fields: list[FieldProperty]) -> Iterator[tuple[str, ...]]:
    when = _date(interview.interview_date)
    consent = interview.consent
    answers = [_field_cell(f, f.column.answer(interview)) for f in fields]
    for number, quote in enumerate(interview.quotes, start=1):
        title = f"{interview.role}, {interview.place}, {when}"
        if len(interview.quotes) > 1:
            title += f" ({number}/{len(interview.quotes)})"
        yield (
            title,
            _yes_no(consent.share_with_partners),
            _yes_no(consent.quote_anonymously),
            CONSENT_LABELS[consent.kind] if consent.kind else "",
            when,
            interview.place,
            country_label(interview.country) if interview.country else "",
            interview.role,
            interview.organisation,
            language_label(interview.language) if interview.language else "",
            interview.interviewer or "",
            _tag_cell([*interview.tags, *quote.tags]),
            str(number),
            quote.text,
            citation(interview, citation_language(interview, number - 1)),
            interview.id,
            *answers,
        )


def _check_template(store: HqStore, language: str, header: list[str]) -> None:
    """An export of the CSV fits the template last exported (when one was): the same
    labels' language, and no column the template lacks (Uwazi drops those unsaid)."""
    templates = [r for r in store.uwazi_exports() if r[1] == "template"]
    if not templates:
        return
    _, _, _, shown, columns, _, _ = templates[-1]
    if shown != language:
        raise FieldkitError(
            f"the Uwazi template (export {templates[-1][0]}) has labels in "
            f"'{shown or 'each form default language'}': export the CSV with the same --labels, "
            "or export --format uwazi-template again and update the template in Uwazi"
        )
    missing = [c for c in header if c not in set(json.loads(columns))]
    if missing:
        raise FieldkitError(
            f"the column '{missing[0][:120]}' is not in the Uwazi template (export "
            f"{templates[-1][0]}): a form was published since; export --format uwazi-template "
            "again and update the template in Uwazi first, or Uwazi drops the column unsaid"
        )


def exports(vault: Vault) -> list[str]:
    """A line per Uwazi export HQ wrote, oldest first: its number, time and what it held."""
    lines = []
    for number, kind, at, language, _, since, rows in HqStore(vault).uwazi_exports():
        if kind == "template":
            what = f"template and thesauri, {rows} properties"
        else:
            what = f"CSV, {rows} rows, " + (
                f"new or changed since export {since}" if since is not None else "everything"
            )
        lines.append(f"{number}  {at}  {what}; labels: {language or 'each form default'}")
    return lines


def csv_exports(vault: Vault) -> list[int]:
    """The numbers of the Uwazi CSV exports HQ wrote, oldest first."""
    return [r[0] for r in HqStore(vault).uwazi_exports() if r[1] == "csv"]


def write_csv(
    vault: Vault,
    out: IO[str],
    *,
    labels: str | None = None,
    since: int | None = None,
    files: Files = None,
) -> Written:
    """The entities for Uwazi's CSV import, one per quote (RFC 4180, CRLF, cells as they are:
    Uwazi stores a cell verbatim, so a guard character would become part of its data; cells a
    spreadsheet program would run as formulas are counted for the caller to warn about).

    ``since`` (an earlier Uwazi CSV export's number): only interviews no export up to it
    carried, and those whose content changed since the latest of them that carried them
    (listed in :attr:`Written.changed`). With ``files`` (the ZIP), a last ``attachments``
    column (which Uwazi's ZIP import reads, not a property) names each entity's files.
    """
    language = checked_language(labels)
    store = HqStore(vault)
    carried: dict[str, str] = {}
    if since is not None:
        if since not in csv_exports(vault):
            raise FieldkitError(f"there is no Uwazi CSV export {since} (see 'hq uwazi-exports')")
        carried = store.uwazi_carried(since)
    fields = field_properties(vault, language)
    _check_names([*BUILT_IN, *(f.property for f in fields)])
    header = [*UWAZI_COLUMNS, *(f.property.header for f in fields)]
    _check_template(store, language or "", header)
    extra = () if files is None else (ATTACHMENTS_COLUMN,)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*header, *extra])
    rows = formulas = 0
    sent: list[tuple[str, str]] = []
    changed: list[str] = []
    for interview, _ in interviews(vault):
        sha = content_sha256(interview)
        before = carried.get(interview.id)
        if before == sha:
            continue
        if before is not None:
            changed.append(interview.id)
        sent.append((interview.id, sha))
        paths = () if files is None else (paths_of(files, interview.id),)
        for row in _rows(interview, fields):
            row = (*row, *paths)
            writer.writerow(row)
            formulas += sum(map(looks_like_formula, row))
            rows += 1

    def note() -> int:
        return store.note_uwazi_export(
            (0, "csv", now_iso(), language or "", json.dumps(header), since, rows), sent
        )

    return Written(rows, formulas, changed=tuple(changed), note=note)
