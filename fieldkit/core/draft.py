"""Turning what the editor holds into an interview to save. Qt-free on purpose.

This is record logic the GUI needs but the core does not offer yet; it only calls
``fieldkit.core`` and could move there unchanged (see the GUI report).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from fieldkit.core.errors import FieldProblem, ValidationError
from fieldkit.core.forms.answers import PREFIX
from fieldkit.core.forms.model import Form
from fieldkit.core.record import (
    MAX_ROLE,
    MAX_SHORT,
    MAX_TEXT,
    Interview,
    Status,
    problems_for_ready,
    validate,
)

_LIMITS = {"place": MAX_SHORT, "organisation": MAX_SHORT, "role": MAX_ROLE, "notes": MAX_TEXT}
# Fields a forced save may leave empty when their value is not valid (codes, not prose).
_DROPPABLE = ("country", "language", "interviewer", "tags", "consent")


@dataclass
class Checked:
    """The editor's content as the core sees it."""

    interview: Interview | None  # None when a problem stops even a draft from being saved
    problems: list[FieldProblem] = field(default_factory=list)  # stop saving
    missing_for_ready: list[FieldProblem] = field(default_factory=list)


def check(
    raw: dict[str, Any],
    status: Status,
    organisation: str = "",
    *,
    form: Form | None = None,
    language: str = "en",
) -> Checked:
    """Validate the editor's fields as a draft, then say what marking it ready still needs.

    ``form`` is the interview's form (its answers are ``raw["fields"]``): an answer that
    does not read as its type stops the save; a required field unanswered or a constraint
    not met only stops marking ready (its message in ``language``). A ready interview that
    no longer passes the ready checks goes back to draft; any other status is kept.
    """
    try:
        interview = validate(
            {**raw, "status": Status.DRAFT.value},
            default_organisation=organisation,
            form=form,
            message_language=language,
        )
    except ValidationError as error:
        return Checked(None, error.problems)
    missing = problems_for_ready(interview, form=form, message_language=language)
    if status is Status.READY and missing:
        status = Status.DRAFT
    return Checked(interview.with_status(status), [], missing)


def salvage(
    raw: dict[str, Any],
    status: Status,
    organisation: str = "",
    *,
    form: Form | None = None,
) -> Interview | None:
    """The most of ``raw`` that can be saved (on lock or quit, when waiting is not possible).

    Over-long text is cut at the limit; invalid codes (country, language, tags) and form
    answers that do not read as their type (a number half typed) are left empty. Quotes,
    role, place and notes are never dropped.
    """
    raw = copy.deepcopy(raw)
    for _attempt in range(4):
        checked = check(raw, status, organisation, form=form)
        if checked.interview is not None:
            return checked.interview
        for problem in checked.problems:
            _repair(raw, problem)
    return None


_QUOTE = re.compile(r"quotes\[(\d+)\]")


def _repair(raw: dict[str, Any], problem: FieldProblem) -> None:
    name = problem.field
    match = _QUOTE.match(name)
    if match:
        quote = raw["quotes"][int(match.group(1)) - 1]
        if name.endswith(".tags"):
            quote["tags"] = []
        elif problem.code == "too_long":
            quote["text"] = quote["text"][:MAX_TEXT]
        return
    top = name.split(".", 1)[0]
    if top == "fields" and isinstance(raw.get("fields"), dict):
        raw["fields"].pop(name.removeprefix(PREFIX), None)
    elif top in _DROPPABLE:
        raw[top] = None
    elif problem.code == "too_long" and isinstance(raw.get(top), str):
        raw[top] = raw[top][: _LIMITS.get(top, MAX_SHORT)]
    elif top == "interview_date":
        raw[top] = None
