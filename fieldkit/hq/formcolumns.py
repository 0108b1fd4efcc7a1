"""The questions of the forms HQ published, as the columns of its exports.

One column per field of every form HQ holds (notes, which take no answer, left out), forms by
id, fields in their newest version's order, then fields only older versions have. A field's
definition is its newest version's; its choices are every version's (an interview filled with
an older version may name a choice the newest dropped).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.answers import Answer
from fieldkit.core.forms.model import (
    LANGUAGE,
    SELECTS,
    Choice,
    Field,
    FieldType,
    Form,
    Labels,
    text_in,
)
from fieldkit.core.record import Interview
from fieldkit.vault.forms import all_forms
from fieldkit.vault.store import Vault

#: Between the choice names of a select_multiple's answer: a space, as in XLSForm data. A
#: choice name never holds one (pyxform refuses "choice names with spaces" for multiple
#: choice selects; fieldkit's own check, ``core.forms.model.CHOICE``, refuses any white space).
NAME_SEPARATOR = " "
#: Between the labels of a select_multiple's label column (for reading, not for analysis).
LABEL_SEPARATOR = "; "


@dataclass(frozen=True)
class FormColumn:
    form_id: str
    #: The form's title and default language (the newest version's).
    form_title: str
    default_language: str
    field: Field
    #: Every version's choices, the newest version's first.
    choices: tuple[Choice, ...]
    #: The field's type differs between the versions HQ published.
    mixed: bool = False

    @property
    def name(self) -> str:
        """``<form id>.<field name>``: a form id holds no ``@``, so a label column's
        ``<form id>.<field name>@<language>`` cannot be another field's name."""
        return f"{self.form_id}.{self.field.name}"

    @property
    def is_select(self) -> bool:
        return self.field.type in SELECTS and not self.mixed

    def label(self, language: str | None) -> str:
        return text_in(self.field.labels, language or "", self.default_language)

    def choice_label(self, name: str, language: str | None) -> str:
        labels: Labels | None = next((c.labels for c in self.choices if c.name == name), None)
        return text_in(labels, language or "", self.default_language) or name

    def answer(self, interview: Interview) -> Answer | None:
        if interview.form != self.form_id:
            return None
        return dict(interview.answers).get(self.field.name)


def form_columns(vault: Vault) -> list[FormColumn]:
    """A column per answerable field of every form HQ holds (see the module's docstring)."""
    by_id: dict[str, list[Form]] = {}
    for (form_id, _version), form in all_forms(vault).items():
        by_id.setdefault(form_id, []).append(form)
    columns: list[FormColumn] = []
    for form_id in sorted(by_id):
        versions = sorted(by_id[form_id], key=lambda f: f.version, reverse=True)
        newest = versions[0]
        seen: dict[str, list[Field]] = {}
        for form in versions:
            for field in form.fields:
                if field.type is not FieldType.NOTE:
                    seen.setdefault(field.name, []).append(field)
        for definitions in seen.values():
            field = definitions[0]
            choices: dict[str, Choice] = {}
            for version in definitions:
                for choice in version.choices:
                    choices.setdefault(choice.name, choice)
            columns.append(
                FormColumn(
                    form_id,
                    newest.title,
                    newest.default_language,
                    field,
                    tuple(choices.values()),
                    mixed=len({d.type for d in definitions}) > 1,
                )
            )
    return columns


def answer_names(value: Answer) -> str:
    """An answer as one cell: a select_multiple's choice names joined by a space."""
    if isinstance(value, tuple):
        return NAME_SEPARATOR.join(value)
    return str(value)


def answer_labels(column: FormColumn, value: Answer, language: str) -> str:
    """A select's answer as its choices' labels in ``language``."""
    names: Iterable[str] = value if isinstance(value, tuple) else (str(value),)
    return LABEL_SEPARATOR.join(column.choice_label(n, language) for n in names)


def checked_language(language: str | None) -> str | None:
    """``--labels``: a language code such as ``en`` or ``ru`` (None: not asked for)."""
    if language is None:
        return None
    if not LANGUAGE.fullmatch(language):
        raise FieldkitError("--labels takes a language code such as en or ru")
    return language
