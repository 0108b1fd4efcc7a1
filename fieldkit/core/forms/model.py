"""A published form as a plain value: its fields in order, their types, labels per language,
skip logic and checks. Built from (and written back to) the JSON a form file carries.

:func:`form_from_dict` checks everything a form file may claim, so a form that loads is one
the evaluator and the answer checks can run: every expression parses, every ``${field}`` it
names exists (a ``relevant`` names only fields before it), every select has its choices.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from fieldkit.core.forms.expr import Expression, ExpressionError, parse

#: Bounds on what one form may hold: far above real forms, a bound on a hostile one.
MAX_FIELDS = 500
MAX_CHOICES = 1_000
MAX_LABEL = 2_000
MAX_LANGUAGES = 20
MAX_VERSION = 2**53 - 1

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")
#: A choice name: no white space (a select_multiple answer is names joined by spaces).
CHOICE = re.compile(r"[^\s]{1,100}")
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
#: The "other" choice ``or_other`` adds; its text goes to the field ``<name>_other``.
OTHER = "other"


class FormError(ValueError):
    """A form description that is not a valid form (the reader turns it into a person's
    message; at publish time it names the sheet and row)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class FieldType(enum.StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    NOTE = "note"


SELECTS = (FieldType.SELECT_ONE, FieldType.SELECT_MULTIPLE)

#: Text per language code ("en", "ru"); "" is text given without a language.
Labels = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Choice:
    name: str
    labels: Labels


@dataclass(frozen=True, slots=True)
class Section:
    """A group of the XLSForm: a heading over its fields, with its own skip logic."""

    name: str
    labels: Labels
    relevant: Expression | None = None


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: FieldType
    labels: Labels
    hints: Labels
    required: bool = False
    default: str | None = None
    constraint: Expression | None = None
    constraint_messages: Labels | None = None
    relevant: Expression | None = None
    choices: tuple[Choice, ...] = ()
    or_other: bool = False
    section: str | None = None
    sensitive: bool = False
    #: The choices' names in order and as a set, for checking answers (made from ``choices``).
    choice_order: tuple[str, ...] = dataclass_field(
        init=False, default=(), compare=False, repr=False
    )
    choice_set: frozenset[str] = dataclass_field(
        init=False, default=frozenset(), compare=False, repr=False
    )
    #: The names that are printable ASCII: an answer giving one of them exactly has nothing
    #: to normalise.
    plain_choices: frozenset[str] = dataclass_field(
        init=False, default=frozenset(), compare=False, repr=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "choice_order", tuple(c.name for c in self.choices))
        object.__setattr__(self, "choice_set", frozenset(self.choice_order))
        plain = frozenset(n for n in self.choice_order if n.isascii() and n.isprintable())
        object.__setattr__(self, "plain_choices", plain)

    def choice_names(self) -> tuple[str, ...]:
        return self.choice_order


@dataclass(frozen=True, slots=True)
class Form:
    id: str
    version: int
    title: str
    default_language: str
    languages: tuple[str, ...]
    sections: tuple[Section, ...]
    fields: tuple[Field, ...]
    #: The fields by name (made from ``fields``; plain data, so a form pickles).
    index: dict[str, Field] = dataclass_field(
        init=False, default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {f.name: f for f in self.fields})

    @property
    def ref(self) -> str:
        """``id@version``, as the command line and JSONL import name a form."""
        return f"{self.id}@{self.version}"

    def field(self, name: str) -> Field | None:
        return self.index.get(name)

    def by_name(self) -> dict[str, Field]:
        return self.index

    def section(self, name: str | None) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)


def form_ref(value: Any) -> tuple[str, int | None] | None:
    """``"id@version"``, ``"id"`` or ``{"id": …, "version": …}`` as (id, version or None);
    None when ``value`` names no form that way."""
    if isinstance(value, str):
        name, _, version = value.strip().partition("@")
        if not version:
            return (name, None) if name else None
        return (name, int(version)) if name and version.isdigit() and len(version) < 17 else None
    if isinstance(value, Mapping):
        form_id, number = value.get("id"), value.get("version")
        if isinstance(form_id, str) and isinstance(number, int) and not isinstance(number, bool):
            return form_id, number
    return None


def text_in(labels: Labels | None, language: str, default_language: str = "") -> str:
    """The text of ``labels`` in ``language`` (a code such as "ru"), else in the form's
    default language, else the text without a language, else any."""
    if not labels:
        return ""
    base = language.split("-", 1)[0]
    for key in (language, base, default_language, ""):
        if key in labels:
            return labels[key]
    return next(iter(labels.values()))


# --- from and to the form file's JSON ------------------------------------------------------


def _labels(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or len(value) > MAX_LANGUAGES:
        raise FormError(f"{where} must be texts by language")
    out = {}
    for key, text in value.items():
        if not isinstance(key, str) or (key and not LANGUAGE.fullmatch(key)):
            raise FormError(f"{where} names a language that is not a language code")
        if not isinstance(text, str) or len(text) > MAX_LABEL:
            raise FormError(f"{where} must be text of at most {MAX_LABEL} characters")
        out[key] = text
    return out


def _expression(value: Any, where: str, field: str | None) -> Expression | None:
    if value is None:
        return None
    try:
        return parse(value)
    except ExpressionError as error:
        raise FormError(f"{where}: {error}", field) from None


def _get(data: Mapping[str, Any], key: str, kind: type, where: str, default: Any = None) -> Any:
    value = data.get(key, default)
    if value is not None and not isinstance(value, kind):
        raise FormError(f"{where}: {key} must be {kind.__name__}")
    return value


def _named(data: Any, key: str, thing: str) -> str:
    """``data`` must be an object, and ``data[key]`` a name: the name of a ``thing``."""
    if not isinstance(data, Mapping):
        raise FormError(f"a {thing} must be an object")
    name = _get(data, key, str, f"a {thing}")
    if not name or not NAME.fullmatch(name):
        raise FormError(f"a {thing}'s {key} must be a name (letters, digits, _ . -)")
    return str(name)


def form_from_dict(data: Any) -> Form:
    """The form ``data`` (the form file's JSON) describes; :class:`FormError` if it is not one."""
    form_id = _named(data, "id", "form")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= MAX_VERSION:
        raise FormError("the form version must be a whole number from 1")
    title = _get(data, "title", str, "form", "") or form_id
    default_language = _get(data, "default_language", str, "form", "") or ""
    languages = data.get("languages") or []
    if not isinstance(languages, list) or not all(
        isinstance(x, str) and LANGUAGE.fullmatch(x) for x in languages
    ):
        raise FormError("the form's languages must be language codes")
    sections = tuple(_section(s) for s in _list(data, "sections", 100))
    fields_data = _list(data, "fields", MAX_FIELDS)
    if not fields_data:
        raise FormError("the form has no fields")
    fields = tuple(_field(f, {s.name for s in sections}) for f in fields_data)
    form = Form(form_id, version, title, default_language, tuple(languages), sections, fields)
    _check_references(form)
    return form


def _list(data: Mapping[str, Any], key: str, limit: int) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list) or len(value) > limit:
        raise FormError(f"the form's {key} must be a list of at most {limit}")
    return value


def _section(data: Any) -> Section:
    name = _named(data, "name", "section")
    where = f"section {name}"
    return Section(
        name,
        _labels(data.get("labels"), f"{where}: labels"),
        _expression(data.get("relevant"), f"{where}: relevant", name),
    )


def _field(data: Any, sections: set[str]) -> Field:
    name = _named(data, "name", "field")
    where = f"field {name}"
    try:
        kind = FieldType(str(data.get("type")))
    except ValueError:
        raise FormError(f"{where}: the type is not one fieldkit supports", name) from None
    choices = tuple(_choice(c, where) for c in _list(data, "choices", MAX_CHOICES))
    if kind in SELECTS and not choices:
        raise FormError(f"{where}: a select needs choices", name)
    if kind not in SELECTS and choices:
        raise FormError(f"{where}: only a select has choices", name)
    if len({c.name for c in choices}) != len(choices):
        raise FormError(f"{where}: two choices have the same name", name)
    or_other = bool(_get(data, "or_other", bool, where, False))
    if or_other and (kind not in SELECTS or OTHER not in {c.name for c in choices}):
        raise FormError(f"{where}: or_other needs a select with the choice 'other'", name)
    section = _get(data, "section", str, where)
    if section is not None and section not in sections:
        raise FormError(f"{where}: the section {section} does not exist", name)
    field = Field(
        name=name,
        type=kind,
        labels=_labels(data.get("labels"), f"{where}: labels"),
        hints=_labels(data.get("hints"), f"{where}: hints"),
        required=bool(_get(data, "required", bool, where, False)),
        default=_get(data, "default", str, where),
        constraint=_expression(data.get("constraint"), f"{where}: constraint", name),
        constraint_messages=_labels(data.get("constraint_messages"), f"{where}: messages") or None,
        relevant=_expression(data.get("relevant"), f"{where}: relevant", name),
        choices=choices,
        or_other=or_other,
        section=section,
        sensitive=bool(_get(data, "sensitive", bool, where, False)),
    )
    if kind is FieldType.NOTE and (field.required or field.default or field.constraint):
        raise FormError(f"{where}: a note takes no answer (required, default, constraint)", name)
    return field


def _choice(data: Any, where: str) -> Choice:
    if not isinstance(data, Mapping):
        raise FormError(f"{where}: a choice must be an object")
    name = data.get("name")
    if not isinstance(name, str) or not CHOICE.fullmatch(name):
        raise FormError(f"{where}: a choice name must be text without spaces")
    return Choice(name, _labels(data.get("labels"), f"{where}: choice {name}"))


def _check_references(form: Form) -> None:
    """Names are unique; every ``${name}`` exists; a ``relevant`` looks only backwards (so
    skip logic is one pass in form order); a constraint on a field uses ``.`` for itself."""
    seen: set[str] = set()
    names = {f.name for f in form.fields}
    if len(names) != len(form.fields):
        twice = next(f.name for f in form.fields if [g.name for g in form.fields].count(f.name) > 1)
        raise FormError(f"two fields are named {twice}", twice)
    section_before: dict[str, set[str]] = {}
    for field in form.fields:
        if field.section is not None and field.section not in section_before:
            section_before[field.section] = set(seen)
        for kind, expression in (("relevant", field.relevant), ("constraint", field.constraint)):
            if expression is None:
                continue
            unknown = sorted(expression.refs - names)
            if unknown:
                raise FormError(
                    f"field {field.name}: {kind} refers to ${{{unknown[0]}}}, which is not a field",
                    field.name,
                )
            if kind == "relevant":
                later = sorted(expression.refs - seen)
                if later:
                    raise FormError(
                        f"field {field.name}: relevant refers to ${{{later[0]}}}, which does not "
                        "come before it",
                        field.name,
                    )
                if expression.uses_current:
                    raise FormError(f"field {field.name}: relevant cannot use '.'", field.name)
        seen.add(field.name)
    for section in form.sections:
        if section.relevant is None:
            continue
        before = section_before.get(section.name, seen)
        later = sorted(section.relevant.refs - before)
        if later or section.relevant.uses_current:
            raise FormError(
                f"section {section.name}: relevant must refer only to fields before it",
                section.name,
            )


def form_to_dict(form: Form) -> dict[str, Any]:
    """The JSON of ``form`` as a form file carries it (inverse of :func:`form_from_dict`)."""
    return {
        "id": form.id,
        "version": form.version,
        "title": form.title,
        "default_language": form.default_language,
        "languages": list(form.languages),
        "sections": [
            {
                "name": s.name,
                "labels": dict(s.labels),
                "relevant": s.relevant.source if s.relevant else None,
            }
            for s in form.sections
        ],
        "fields": [_field_dict(f) for f in form.fields],
    }


def _field_dict(field: Field) -> dict[str, Any]:
    return {
        "name": field.name,
        "type": field.type.value,
        "labels": dict(field.labels),
        "hints": dict(field.hints),
        "required": field.required,
        "default": field.default,
        "constraint": field.constraint.source if field.constraint else None,
        "constraint_messages": dict(field.constraint_messages or {}),
        "relevant": field.relevant.source if field.relevant else None,
        "choices": [{"name": c.name, "labels": dict(c.labels)} for c in field.choices],
        "or_other": field.or_other,
        "section": field.section,
        "sensitive": field.sensitive,
    }


@dataclass(frozen=True)
class FormSet:
    """The forms an import may name: by (id, version), and the one used when none is named
    (picklable: a worker process checks answers with it)."""

    forms: Mapping[tuple[str, int], Form]
    default: tuple[str, int] | None = None

    def pick(self, ref: tuple[str, int | None] | None) -> Form | None:
        """The form ``ref`` names (its newest version when it gives none), the default when
        ``ref`` is None; None when there is no such form."""
        if ref is None:
            return self.forms.get(self.default) if self.default else None
        name, version = ref
        if version is None:
            versions = [v for (i, v) in self.forms if i == name]
            version = max(versions) if versions else None
        return self.forms.get((name, version)) if version is not None else None
