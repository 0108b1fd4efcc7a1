"""A form's answers: each read as its type, skip logic applied, required fields and
constraints checked. The same checks serve the command line, JSONL import and the editor.

An answer is stored as text (text, decimal, date, select_one), a whole number (integer) or a
tuple of choice names in the form's order (select_multiple). A field that skip logic hides
has no answer: one given anyway is refused, not dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from fieldkit.core.errors import FieldProblem, ValidationError
from fieldkit.core.forms.expr import evaluate
from fieldkit.core.forms.model import SELECTS, Field, Form, form_ref, text_in
from fieldkit.core.forms.plan import check_quickly
from fieldkit.core.forms.reading import PREFIX as PREFIX
from fieldkit.core.forms.reading import Answer as Answer
from fieldkit.core.forms.reading import NotAnAnswer, read_value
from fieldkit.core.forms.reading import read_answer as read_answer


def answer_json(value: Answer) -> str | int | list[str]:
    """An answer as JSON carries it (a select_multiple's tuple as a list)."""
    return list(value) if isinstance(value, tuple) else value


def answer_text(field: Field, value: Answer, language: str, default_language: str = "") -> str:
    """An answer as a person reads it: a choice by its label in ``language``."""
    if field.type in SELECTS:
        names = value if isinstance(value, tuple) else (str(value),)
        labels = {c.name: c.labels for c in field.choices}
        return ", ".join(text_in(labels.get(n), language, default_language) or n for n in names)
    return str(value)


# --- skip logic and the checks of a whole set of answers ----------------------------------


def shown(form: Form, answers: Mapping[str, Any]) -> list[Field]:
    """The fields skip logic shows for ``answers``, in form order (the editor's view).

    One pass in form order: a ``relevant`` names only earlier fields, and a hidden field
    counts as unanswered for the fields after it.
    """
    return [field for field, visible in _walk(form, dict(answers)) if visible]


def _walk(form: Form, values: dict[str, Any]) -> Iterator[tuple[Field, bool]]:
    """Each field with whether skip logic shows it; a hidden one is taken out of ``values``
    as the walk passes it (so that the fields after it see it unanswered)."""
    section_shown: dict[str, bool] = {}
    for field in form.fields:
        section = field.section
        visible: bool | None = True
        if section is not None:
            visible = section_shown.get(section)
            if visible is None:
                found = form.section(section)
                condition = found.relevant if found is not None else None
                visible = condition is None or evaluate(condition, values)
                section_shown[section] = visible
        if visible and field.relevant is not None:
            visible = evaluate(field.relevant, values)
        if not visible:
            values.pop(field.name, None)
        yield field, bool(visible)


def check_answers(
    form: Form,
    raw: Mapping[str, Any],
    *,
    complete: bool,
    language: str = "en",
) -> dict[str, Answer]:
    """``raw`` (name → answer as typed or as JSON) read and checked against ``form``.

    ``complete`` (an interview marked ready or later) also requires every shown required
    field and every constraint met: a draft may be incomplete, or hold an answer the form's
    check refuses (the editor saves it while the researcher corrects it; marking it ready
    asks for both). Every problem is collected before :class:`ValidationError` is raised;
    problems name ``fields.<name>``. The result holds the answers in form order.

    The form's compiled checks (:func:`~fieldkit.core.forms.plan.check_quickly`) answer
    first; only answers with a problem go through :func:`check_answers_in_full`, which
    names every problem.
    """
    if isinstance(raw, Mapping):
        quick = check_quickly(form, raw, complete=complete)
        if quick is not None:
            return quick
    return check_answers_in_full(form, raw, complete=complete, language=language)


def check_answers_in_full(
    form: Form,
    raw: Mapping[str, Any],
    *,
    complete: bool,
    language: str = "en",
) -> dict[str, Answer]:
    """:func:`check_answers` in one walk over the form that collects every problem (the
    reference the compiled checks are tested against)."""
    if not isinstance(raw, Mapping):
        raise ValidationError(
            [FieldProblem("fields", "not_object", "must be an object of field names and answers")]
        )
    problems: list[FieldProblem] = []
    values, unreadable = _read_all(form, raw, problems)
    checked: list[Field] = []
    # The walk takes hidden answers out of its own copy, for the fields after them.
    for field, visible in _walk(form, dict(values)):
        name = field.name
        if not visible:
            if name in values:
                del values[name]
                problems.append(FieldProblem(PREFIX + name, "hidden", HIDDEN))
        elif name in values:
            if complete and field.constraint is not None:
                checked.append(field)
        elif complete and field.required and name not in unreadable:
            problems.append(FieldProblem(PREFIX + name, "required", "is required"))
    for field in checked:  # after the walk: a constraint may name any field
        assert field.constraint is not None
        if not evaluate(field.constraint, values, values[field.name]):
            message = text_in(field.constraint_messages, language, form.default_language)
            problems.append(
                FieldProblem(
                    PREFIX + field.name,
                    "constraint",
                    message or f"does not meet the form's check ({field.constraint.source})",
                )
            )
    if problems:
        raise ValidationError(problems)
    return {f.name: values[f.name] for f in form.fields if f.name in values}


HIDDEN = "is hidden by the form's skip logic for these answers and must be left out"


def _read_all(
    form: Form, raw: Mapping[str, Any], problems: list[FieldProblem]
) -> tuple[dict[str, Answer], set[str]]:
    """Every answer of ``raw`` read as its field's type: (answers, names that could not be)."""
    index = form.index
    values: dict[str, Answer] = {}
    unreadable: set[str] = set()
    for name, given in raw.items():
        field = index.get(name)
        if field is None:
            problems.append(
                FieldProblem(
                    PREFIX + str(name)[:64], "unknown_field", f"is not a field of form {form.ref}"
                )
            )
            continue
        try:
            value = read_value(field, given)
        except NotAnAnswer as bad:
            problems.append(FieldProblem(PREFIX + name, bad.code, bad.message))
            unreadable.add(name)
            continue
        if value is not None:
            values[name] = value
    return values, unreadable


def form_answers(
    raw: Mapping[str, Any],
    form: Form | None,
    *,
    complete: bool,
    language: str,
    into: list[FieldProblem],
) -> tuple[tuple[str, Answer], ...]:
    """The answers of a loose record (its ``fields``, and ``form`` naming the form), checked
    against ``form``; problems are added to ``into``. Answers without a form are refused."""
    given, named = raw.get("fields"), raw.get("form")
    if form is None:
        if given or named is not None:
            into.append(
                FieldProblem("fields", "no_form", "there is no form to check these answers against")
            )
        return ()
    if named is not None:
        ref = form_ref(named)
        if ref is None or ref[0] != form.id or ref[1] not in (None, form.version):
            into.append(FieldProblem("form", "other_form", f"is not the form {form.ref}"))
            return ()
    try:
        checked = check_answers(form, given or {}, complete=complete, language=language)
    except ValidationError as error:
        into.extend(error.problems)
        return ()
    # By name, as the vault reads them back (the form gives the order they are shown in).
    return tuple(sorted(checked.items()))


@dataclass(frozen=True)
class FormView:
    """What the editor shows of a form for the answers being typed: the fields and sections
    skip logic shows, and the answers to keep (those of shown fields: a hidden field has no
    answer, so what was typed into it before it was hidden is not saved)."""

    fields: frozenset[str]
    sections: frozenset[str]
    answers: dict[str, Any]


def read_answers(form: Form, raw: Mapping[str, Any]) -> dict[str, Answer]:
    """The answers of ``raw`` that read as their field's type; the others (a number half
    typed, an unknown field) are left out: what skip logic sees while a person types."""
    index = form.index
    values: dict[str, Answer] = {}
    for name, given in raw.items():
        field = index.get(name)
        if field is None:
            continue
        try:
            value = read_value(field, given)
        except NotAnAnswer:
            continue
        if value is not None:
            values[name] = value
    return values


def view(form: Form, raw: Mapping[str, Any]) -> FormView:
    """The fields and sections shown for ``raw`` (name → answer as typed) and the typed
    answers of the shown fields, as :func:`check_answers` will take them. A section is shown
    when one of its fields is. Cheap enough for every keystroke (``benchmarks/forms.py``)."""
    visible = frozenset(f.name for f in shown(form, read_answers(form, raw)))
    sections = frozenset(
        f.section for f in form.fields if f.section is not None and f.name in visible
    )
    kept = {
        name: value
        for name, value in raw.items()
        if name in visible and value not in (None, "", ())
    }
    return FormView(visible, sections, kept)


def labelled(
    form: Form, answers: Iterable[tuple[str, Answer]], language: str
) -> list[tuple[str, str]]:
    """(label, answer as a person reads it) for each answer, in form order and in
    ``language`` (the form's default language, else any, when it has no text in that one):
    what ``fieldkit show`` prints and the editor shows of an interview."""
    values = dict(answers)
    out = []
    for field in form.fields:
        if field.name in values:
            label = text_in(field.labels, language, form.default_language) or field.name
            text = answer_text(field, values[field.name], language, form.default_language)
            out.append((label, text))
    return out


def with_defaults(form: Form, given: Mapping[str, Any]) -> dict[str, Any]:
    """``given`` with the form's defaults for the shown fields nobody answered (what a new
    interview starts with)."""
    values = dict(given)
    for field in form.fields:
        if field.default is None or field.name in values:
            continue
        if field.name in {f.name for f in shown(form, values)}:
            values[field.name] = field.default
    return values


def search_text(answers: Iterable[tuple[str, Answer]]) -> str:
    """The words of an interview's answers for the search index: its text (choice names and
    dates too; numbers are left out)."""
    parts = [
        " ".join(v) if isinstance(v, tuple) else v for _, v in answers if not isinstance(v, int)
    ]
    return "\n".join(parts)
