"""The compiled checks give the answers the reference gives: every expression against a plain
walk of its tree, and every set of answers against the full check that names each problem.

The closures of ``expr.py`` take shortcuts (a comparison with a number or a text is
specialised, a test that gives a bool is not turned into one again, a regex searches UTF-8
bytes) and ``plan.py`` asks skip logic only about the fields that matter. Each table and
generator here runs both and wants the same result, so a faster path cannot answer
differently without a test failing.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldkit.core.errors import ValidationError
from fieldkit.core.forms import expr
from fieldkit.core.forms.answers import check_answers, check_answers_in_full
from fieldkit.core.forms.expr import (
    Call,
    Compare,
    Current,
    ExpressionError,
    Literal,
    Logic,
    Node,
    Ref,
    compiled_test,
    evaluate,
    parse,
)
from fieldkit.core.forms.model import Form, form_from_dict
from fieldkit.core.forms.plan import check_quickly


def walked(node: Node, get: Any, current: Any) -> Any:
    """The reference: the tree walked node by node, each comparison through the one generic
    rule (``expr._compare``), each truth through ``expr._truth``, a regex searching the text
    as str: what the evaluator did before it was compiled."""
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Current):
        return current
    if isinstance(node, Ref):
        return get(node.name)
    if isinstance(node, Logic):
        left = expr._truth(walked(node.left, get, current))
        if node.op == "and":
            return left and expr._truth(walked(node.right, get, current))
        return left or expr._truth(walked(node.right, get, current))
    if isinstance(node, Compare):
        left, right = walked(node.left, get, current), walked(node.right, get, current)
        return expr._compare(node.op, left, right)
    assert isinstance(node, Call)
    first = walked(node.args[0], get, current)
    if node.name == "not":
        return not expr._truth(first)
    if node.name == "string-length":
        return len(expr._text(first))
    second = node.args[1]
    assert isinstance(second, Literal) and isinstance(second.value, str)
    if node.name == "selected":
        chosen = first if isinstance(first, tuple | list) else expr._text(first).split()
        return second.value.strip() in chosen
    return expr.compiled_pattern(second.value).search(expr._text(first)) is not None


EXPRESSIONS = [
    ".",
    "${a}",
    "'text'",
    "0",
    "-2.5",
    ". = 5",
    ". != 5",
    ". < 5",
    ". <= -2.5",
    ". > 0",
    ". >= 0 and . <= 100",
    ". = 'yes'",
    ". != 'yes'",
    ". = '5'",
    ". != ' yes '",
    "${a} = 'a b'",
    ". < 'm'",
    ". >= '2020-03-01'",
    "'yes' = .",
    "5 > .",
    "${a} = ${b}",
    "${a} < ${b}",
    "${a} != ${b}",
    ". = ${a}",
    "${a} = 'yes' or selected(${b}, 'k3')",
    "${a} = 'yes' and ${b} = 'no'",
    "not(${a} = 'no')",
    "not(.)",
    "not(${missing})",
    "not(not(. = 1))",
    "${a} or ${b}",
    "${a} and .",
    "(. = 1 or . = 2) and not(. = 2)",
    "${a} = 1 or ${b} = 2 or ${c} = 3",
    "selected(., 'a')",
    "selected(${a}, 'b')",
    "selected(${b}, ' k3 ')",
    "selected(${missing}, 'a')",
    "string-length(.)",
    "string-length(.) <= 3",
    "string-length(${a}) > 0",
    "string-length(${missing}) = 0",
    "regex(., '^[A-Z]{2}-[0-9]{4}$')",
    "regex(., 'ж')",
    "regex(., '^.{3}$')",
    "regex(${a}, '^$')",
    "regex(., '(a+)+$')",
    "${missing} = ''",
    "${missing} > 17",
    "${missing} != 17",
]

VALUES: list[Any] = [
    None,
    "",
    "yes",
    " yes ",
    "no",
    "a",
    "a b",
    "m",
    "5",
    " 5 ",
    "5.0",
    "-2.5",
    "1e3",
    "NaN",
    "Infinity",
    "1" * 41,
    "KZ-2020",
    "kz-2020",
    "жжж",
    "2020-02-16",
    0,
    1,
    2,
    5,
    -3,
    100,
    Decimal("2.5"),
    Decimal("-2.5"),
    True,
    False,
    ("a", "b"),
    ("k1", "k3"),
    (),
    ["b"],
]

#: Answers for ${a}, ${b} and ${c}, each a few of the values above.
SETS: list[dict[str, Any]] = [
    {},
    {"a": "yes", "b": ("k1", "k3")},
    {"a": "no", "b": "no"},
    {"a": 5, "b": "5"},
    {"a": "5", "b": Decimal("5.0")},
    {"a": True, "b": 1, "c": 3},
    {"a": ("a", "b"), "b": "a b"},
    {"a": "", "b": None, "c": "3"},
    {"a": "abc", "b": "abd"},
    {"a": 1, "b": 2, "c": 3},
]


def _recording(answers: dict[str, Any]) -> tuple[Any, list[str]]:
    read: list[str] = []

    def get(name: str) -> Any:
        read.append(name)
        return answers.get(name)

    return get, read


@pytest.mark.parametrize("source", EXPRESSIONS)
def test_each_expression_gives_the_reference_answer_for_every_value(source: str) -> None:
    tree = parse(source).tree
    test = compiled_test(source)
    for answers, current in itertools.product(SETS, VALUES):
        ours_get, ours_read = _recording(answers)
        their_get, their_read = _recording(answers)
        ours = test(ours_get, current)
        expected = expr._truth(walked(tree, their_get, current))
        assert ours is expected, (source, answers, current)
        # The same fields read in the same order: 'and' and 'or' stop where the reference
        # stops (a field after a false 'and' is never read).
        assert ours_read == their_read, (source, answers, current)
        assert evaluate(parse(source), answers, current) is expected


def test_and_or_stop_at_the_left_side_when_it_decides() -> None:
    get, read = _recording({"a": "no", "b": "yes"})
    assert compiled_test("${a} = 'yes' and ${b} = 'yes'")(get, None) is False
    assert read == ["a"]
    get, read = _recording({"a": "yes"})
    assert compiled_test("${a} = 'yes' or ${b} = 'yes'")(get, None) is True
    assert read == ["a"]
    get, read = _recording({"a": "yes"})
    assert compiled_test("not(${a} = 'yes') and ${b} = 1")(get, None) is False
    assert read == ["a"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("regex(., '(a)\\1')", "the regex pattern is not supported"),
        ("regex(., '[')", "the regex pattern is not supported"),
        ("regex(., '" + "a" * 501 + "')", "longer than 500"),
        ("selected(${a})", "takes 2 arguments"),
        ("count(${a}) > 1", "the function count() is not supported"),
    ],
)
def test_what_cannot_be_compiled_is_refused_as_it_is_parsed(source: str, message: str) -> None:
    for refuse in (parse, compiled_test):
        with pytest.raises(ExpressionError) as refused:
            refuse(source)
        assert message in str(refused.value)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(EXPRESSIONS), min_size=1, max_size=3),
    st.sampled_from(["and", "or"]),
    st.sampled_from(SETS),
    st.sampled_from(VALUES),
)
def test_combined_expressions_give_the_reference_answer(
    parts: list[str], op: str, answers: dict[str, Any], current: Any
) -> None:
    source = f" {op} ".join(f"({p})" for p in parts)
    ours_get, ours_read = _recording(answers)
    their_get, their_read = _recording(answers)
    assert compiled_test(source)(ours_get, current) is expr._truth(
        walked(parse(source).tree, their_get, current)
    )
    assert ours_read == their_read


# --- a whole set of answers: the plan against the full check --------------------------------

FORM = form_from_dict(
    {
        "id": "plan",
        "version": 1,
        "sections": [
            {"name": "away", "relevant": "${moved} = 'yes'"},
            {"name": "always"},
        ],
        "fields": [
            {
                "name": "moved",
                "type": "select_one",
                "required": True,
                "choices": [{"name": "yes"}, {"name": "no"}],
            },
            {
                "name": "who",
                "type": "select_multiple",
                "choices": [{"name": "police"}, {"name": "army"}, {"name": "other"}],
            },
            {"name": "who_other", "type": "text", "relevant": "selected(${who}, 'other')"},
            {
                "name": "count",
                "type": "integer",
                "required": True,
                "constraint": ". >= 0 and . <= 10",
            },
            {"name": "where", "type": "text", "section": "away", "required": True},
            {
                "name": "when",
                "type": "date",
                "section": "away",
                "relevant": "${count} > 2",
                "constraint": ". >= '2020-01-01'",
            },
            {"name": "code", "type": "text", "constraint": "regex(., '^[A-Z]{2}-[0-9]{2}$')"},
            {"name": "km", "type": "decimal", "section": "always", "constraint": ". > 0"},
            {"name": "note", "type": "note"},
            {
                "name": "later",
                "type": "text",
                "relevant": "not(${moved} = 'no') and string-length(${code}) = 5",
                "required": True,
            },
        ],
    }
)

_ANSWERS: dict[str, list[Any]] = {
    "moved": ["yes", "no", " yes ", "maybe", 1, ""],
    "who": [["police"], ["other", "army"], "army other", ["navy"], [], "other", 3, ["other"] * 2],
    "who_other": ["a neighbour", "", "  x  ", 5],
    "count": [0, 3, 11, "4", "-1", "x", True, 2.5],
    "where": ["Osh", "", "Bish\u202ekek"],
    "when": ["2020-02-16", "2019-12-31", "2020-02-30", "16/02/2020"],
    "code": ["KZ-20", "kz-20", "KZ-2020", "ЖЖ-20"],
    "km": ["12.5", 3, 0, "-1", "1e3", 2.5],
    "note": ["", "text"],
    "later": ["then", ""],
    "unknown": ["x"],
}


@st.composite
def raw_answers(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(sorted(_ANSWERS)), unique=True, max_size=8))
    return {name: draw(st.sampled_from([*_ANSWERS[name], None])) for name in names}


def _full(form: Form, raw: dict[str, Any], complete: bool) -> dict[str, Any] | None:
    try:
        return check_answers_in_full(form, raw, complete=complete)
    except ValidationError:
        return None


@settings(max_examples=1500, deadline=None)
@given(raw_answers(), st.booleans())
def test_the_plan_passes_exactly_what_the_full_check_passes(
    raw: dict[str, Any], complete: bool
) -> None:
    full = _full(FORM, raw, complete)
    quick = check_quickly(FORM, raw, complete=complete)
    assert quick == full
    if full is not None:
        assert quick is not None and list(quick) == list(full)  # form order too
        assert check_answers(FORM, raw, complete=complete) == full


@pytest.mark.parametrize(
    ("raw", "complete", "passes"),
    [
        ({"moved": "no", "count": 1, "later": "x", "code": "KZ-20"}, True, False),  # hidden
        ({"moved": "yes", "count": 1}, True, False),  # where is shown and required
        ({"moved": "no", "count": 1}, True, True),  # where is hidden: not asked for
        ({"moved": "yes", "count": 1, "where": "Osh"}, True, True),
        ({"moved": "yes", "count": 1, "where": "Osh", "when": "2020-02-16"}, True, False),
        ({"moved": "yes", "count": 3, "where": "Osh", "when": "2019-12-31"}, True, False),
        ({"moved": "yes", "count": 3, "where": "Osh", "when": "2019-12-31"}, False, True),
        ({"moved": "no", "count": 1, "code": "KZ-20"}, True, True),  # later is hidden
        ({"moved": "yes", "count": 1, "where": "x", "code": "KZ-20"}, True, False),  # later shown
        ({"moved": "no", "count": 1, "code": "KZ-20", "later": "x"}, True, False),  # hidden
        ({"moved": "yes", "count": 1, "where": "x", "code": "KZ-20", "later": "x"}, True, True),
        ({"moved": "no", "count": 1, "who_other": "x"}, True, False),  # hidden
        ({"moved": "no", "count": 1, "who": ["other"], "who_other": "x"}, True, True),
        ({"moved": "no", "count": 12}, False, True),  # a draft may break a constraint
        ({"moved": "no", "count": 12}, True, False),
        ({"moved": "no", "count": 1, "note": ""}, True, True),
    ],
)
def test_skip_logic_required_and_constraints_decide_as_the_full_check(
    raw: dict[str, Any], complete: bool, passes: bool
) -> None:
    full = _full(FORM, raw, complete)
    assert (full is not None) is passes
    assert check_quickly(FORM, raw, complete=complete) == full


def test_two_forms_with_the_same_id_and_version_keep_their_own_checks() -> None:
    """Plans are kept by the form itself: a form edited in place of another under the same
    id@version (as a test or a republished file may) is checked by its own constraint."""

    def form(constraint: str) -> Form:
        field = {"name": "n", "type": "integer", "constraint": constraint}
        return form_from_dict({"id": "f", "version": 1, "fields": [field]})

    strict, loose = form(". < 5"), form(". < 50")
    assert check_answers(loose, {"n": 10}, complete=True) == {"n": 10}
    with pytest.raises(ValidationError):
        check_answers(strict, {"n": 10}, complete=True)
    assert check_answers(loose, {"n": 10}, complete=True) == {"n": 10}
