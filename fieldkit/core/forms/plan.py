"""A form's checks compiled once: what :func:`~fieldkit.core.forms.answers.check_answers`
runs for every interview of an import (``benchmarks/forms.py``, section B).

Everything that depends only on the form is decided when its plan is made: each field's
reader, the fields skip logic may hide (with their section's and their own ``relevant`` as
compiled tests), the required fields and the constraints. Checking a set of answers then
reads each answer, runs those tests and nothing else. The plan only says whether the answers
pass: at the first problem it gives up, and the full check
(:func:`~fieldkit.core.forms.answers.check_answers_in_full`) names every problem, so
messages, their order and their language come from one place.

Plans are kept by the identity of the Form (a Form stays plain data that pickles), at most
:data:`MAX_PLANS` of them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from fieldkit.core.forms.expr import Test, compiled_test
from fieldkit.core.forms.model import Field, Form
from fieldkit.core.forms.reading import READERS, Answer, NotAnAnswer

#: Forms whose plans are kept (an app or an import uses a handful).
MAX_PLANS = 64

Reader = Callable[[Field, Any], Answer | None]


class Plan:
    """The compiled checks of one form."""

    __slots__ = ("constraints", "gates", "position", "readers", "required")

    def __init__(self, form: Form) -> None:
        #: name → (field, its type's reader).
        self.readers: dict[str, tuple[Field, Reader]] = {
            f.name: (f, READERS[f.type]) for f in form.fields
        }
        #: The fields skip logic may hide: name → (its section or None, the section's test,
        #: its own test or None). A field in a section without ``relevant``, and without
        #: its own, is always shown and is not listed.
        self.gates: dict[str, tuple[str | None, Test | None, Test | None]] = {}
        for f in form.fields:
            found = form.section(f.section) if f.section is not None else None
            section = (
                compiled_test(found.relevant.source)
                if found is not None and found.relevant is not None
                else None
            )
            own = compiled_test(f.relevant.source) if f.relevant is not None else None
            if section is not None or own is not None:
                self.gates[f.name] = (f.section if section else None, section, own)
        self.required: tuple[str, ...] = tuple(f.name for f in form.fields if f.required)
        self.constraints: dict[str, Test] = {
            f.name: compiled_test(f.constraint.source)
            for f in form.fields
            if f.constraint is not None
        }
        #: name → its place in the form.
        self.position: dict[str, int] = {f.name: n for n, f in enumerate(form.fields)}


_plans: dict[int, tuple[Form, Plan]] = {}
_lock = threading.Lock()


def plan_for(form: Form) -> Plan:
    """The plan of ``form``, made on first use."""
    held = _plans.get(id(form))
    if held is not None and held[0] is form:
        return held[1]
    plan = Plan(form)
    with _lock:
        if len(_plans) >= MAX_PLANS:
            _plans.clear()
        # The form is held with its plan, so its id cannot be another form's meanwhile.
        _plans[id(form)] = (form, plan)
    return plan


def check_quickly(
    form: Form, raw: Mapping[str, Any], *, complete: bool
) -> dict[str, Answer] | None:
    """The answers of ``raw`` read and checked as ``check_answers`` does, in form order; None
    at the first problem of any kind (an unknown field, an answer not of its type, one that
    skip logic hides, a required field left empty or a constraint not met when
    ``complete``).

    Skip logic is asked only about the fields it matters for: those answered (a hidden one
    is a problem) and, when ``complete``, the required ones left empty. That is the full
    walk's answer: it takes out of the answers only the hidden fields' answers, and with
    those there is a problem anyway, so every test sees the same answers in any order.
    """
    plan = plan_for(form)
    readers = plan.readers
    values: dict[str, Answer] = {}
    for name, given in raw.items():
        entry = readers.get(name)
        if entry is None:
            return None
        if given is None:
            continue
        field, read = entry
        try:
            value = read(field, given)
        except NotAnAnswer:
            return None
        if value is not None:
            values[name] = value
    get = values.get
    gates = plan.gates
    sections: dict[str, bool] = {}

    def shown(gate: tuple[str | None, Test | None, Test | None]) -> bool:
        section, section_test, own = gate
        if section is not None:
            visible = sections.get(section)
            if visible is None:
                assert section_test is not None
                visible = sections[section] = section_test(get, None)
            if not visible:
                return False
        return own is None or own(get, None)

    constraints = plan.constraints
    for name, value in values.items():
        gate = gates.get(name)
        if gate is not None and not shown(gate):
            return None
        if complete:
            test = constraints.get(name)
            if test is not None and not test(get, value):
                return None
    if complete:
        for name in plan.required:
            if name not in values:
                gate = gates.get(name)
                if gate is None or shown(gate):
                    return None
    names = sorted(values, key=plan.position.__getitem__)
    if names == list(values):  # given in form order, as an export writes them
        return values
    return {name: values[name] for name in names}
