"""One answer read as its field's type: text, a whole number, a decimal, a date, a choice or
several. The same reading serves the command line, JSONL import, the editor and HQ.

An answer is stored as text (text, decimal, date, select_one), a whole number (integer) or a
tuple of choice names in the form's order (select_multiple). Each type has its reader
(:data:`READERS`), chosen once per field: a form's compiled checks
(:mod:`fieldkit.core.forms.plan`) call it directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from fieldkit.core.errors import FieldProblem, ValidationError
from fieldkit.core.forms.model import Field, FieldType
from fieldkit.core.text import normalise_line, normalise_text

Answer = str | int | tuple[str, ...]

#: Longest text answer, in characters (as a record's notes).
MAX_ANSWER = 200_000
#: Integers are kept within what every JSON reader holds exactly.
MAX_INTEGER = 2**53 - 1
MAX_DECIMAL_DIGITS = 30
_INTEGER = re.compile(r"[+-]?\d{1,16}")

#: A problem's field for a form field: ``fields.<name>`` (a form may name a field "place").
PREFIX = "fields."


class NotAnAnswer(Exception):
    """What was given is not an answer of the field's type (code and message of the problem)."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message


def read_answer(field: Field, raw: Any) -> Answer | None:
    """``raw`` (text as typed, or JSON) as ``field``'s answer; None when it is empty.

    Raises :class:`ValidationError` with the one problem when it is not an answer of its type.
    """
    try:
        return read_value(field, raw)
    except NotAnAnswer as bad:
        raise ValidationError([FieldProblem(PREFIX + field.name, bad.code, bad.message)]) from None


def read_value(field: Field, raw: Any) -> Answer | None:
    """``raw`` as ``field``'s answer, None when empty; :class:`NotAnAnswer` when it is not one."""
    if raw is None:
        return None
    return READERS[field.type](field, raw)


def _note(field: Field, raw: Any) -> None:
    if raw == "":
        return None
    raise NotAnAnswer("note", "is a note and takes no answer")


def _text(field: Field, raw: Any) -> str | None:
    if not isinstance(raw, str):
        raise NotAnAnswer("not_text", _expected(field))
    # Printable ASCII is already NFC and has no control characters: only trimmed.
    text = raw.strip() if raw.isascii() and raw.isprintable() else normalise_text(raw)
    if len(text) > MAX_ANSWER:
        raise NotAnAnswer("too_long", f"is longer than {MAX_ANSWER} characters")
    return text or None


def _line(field: Field, raw: Any) -> str:
    """``raw`` as one line of text (as typed: the answer of any type but text)."""
    if not isinstance(raw, str):
        raise NotAnAnswer("not_text", _expected(field))
    plain = raw.isascii() and raw.isprintable() and "  " not in raw
    return raw.strip() if plain else normalise_line(raw)


def _integer_answer(field: Field, raw: Any) -> int | None:
    if type(raw) is int:
        if abs(raw) > MAX_INTEGER:
            raise NotAnAnswer("too_large", "is too large a number")
        return raw
    text = _line(field, raw)
    return _integer(text) if text else None


def _decimal_answer(field: Field, raw: Any) -> str | None:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _decimal(repr(raw))
    text = _line(field, raw)
    return _decimal(text) if text else None


def _date_answer(field: Field, raw: Any) -> str | None:
    text = _line(field, raw)
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else _no_date()
    except ValueError:
        return _no_date()


def _select_one(field: Field, raw: Any) -> str | None:
    text = _line(field, raw)
    if not text:
        return None
    if text not in field.choice_set:
        raise NotAnAnswer("bad_choice", _choices_message(field))
    return text


def _expected(field: Field) -> str:
    return {
        FieldType.TEXT: "must be text",
        FieldType.INTEGER: "must be a whole number",
        FieldType.DECIMAL: "must be a number",
        FieldType.DATE: "must be a date written as YYYY-MM-DD",
        FieldType.SELECT_ONE: "must be one choice name",
    }.get(field.type, "must be text")


def _no_date() -> str:
    raise NotAnAnswer("bad_date", "is not a calendar date written as YYYY-MM-DD")


def _integer(text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise NotAnAnswer("not_integer", "must be a whole number")
    value = int(text)
    if abs(value) > MAX_INTEGER:
        raise NotAnAnswer("too_large", "is too large a number")
    return value


def _decimal(text: str) -> str:
    try:
        value = Decimal(text) if len(text) <= MAX_DECIMAL_DIGITS + 2 else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or "e" in text.lower():
        raise NotAnAnswer("not_number", "must be a number written with digits (e.g. 12.5)")
    return format(value, "f")


def _choices_message(field: Field) -> str:
    # The message names the choices, never what was given (an answer is record text).
    names = field.choice_names()
    listed = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return f"is not one of its choices ({listed})"


def _choice_name(name: str) -> str:
    # As _line: printable ASCII without a double space needs only trimming.
    plain = name.isascii() and name.isprintable() and "  " not in name
    return name.strip() if plain else normalise_line(name)


def _multiple(field: Field, raw: Any) -> tuple[str, ...] | None:
    if isinstance(raw, list | tuple) and all(isinstance(n, str) for n in raw):
        exact = set(raw)
        if exact <= field.plain_choices:  # as JSON gives them: nothing to normalise
            return tuple(n for n in field.choice_order if n in exact) or None
    if isinstance(raw, str):
        names = normalise_line(raw).split()
    elif isinstance(raw, list | tuple) and all(isinstance(n, str) for n in raw):
        names = [name for name in map(_choice_name, raw) if name]
    else:
        raise NotAnAnswer("not_choices", "must be choice names separated by spaces")
    given = set(names)
    if not given <= field.choice_set or any(" " in n for n in given):
        raise NotAnAnswer("bad_choice", _choices_message(field))
    if len(names) == 1:
        return (names[0],)
    return tuple(n for n in field.choice_names() if n in given) or None


#: The reader of each type: ``READERS[field.type](field, raw)`` for a ``raw`` that is not None.
READERS: dict[FieldType, Callable[[Field, Any], Answer | None]] = {
    FieldType.TEXT: _text,
    FieldType.INTEGER: _integer_answer,
    FieldType.DECIMAL: _decimal_answer,
    FieldType.DATE: _date_answer,
    FieldType.SELECT_ONE: _select_one,
    FieldType.SELECT_MULTIPLE: _multiple,
    FieldType.NOTE: _note,
}
