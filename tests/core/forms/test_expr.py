"""The constraint/relevant evaluator: the subset the issue names, refusals, and its bounds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldkit.core.forms.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    ExpressionError,
    evaluate,
    parse,
)


def holds(source: str, current: object = None, **answers: object) -> bool:
    return evaluate(parse(source), answers, current)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("source", "current", "answers", "expected"),
    [
        (". >= 0 and . <= 100", 5, {}, True),
        (". >= 0 and . <= 100", 101, {}, False),
        (". >= 0 and . <= 100", -1, {}, False),
        (". > -5", -4, {}, True),
        (". > 0", "2.5", {}, True),  # a decimal answer is text that reads as a number
        (". = 'yes'", "yes", {}, True),
        (". != 'yes'", "no", {}, True),
        ("${displaced} = 'yes'", None, {"displaced": "yes"}, True),
        ("${displaced} = 'yes'", None, {}, False),
        ("${age} > 17", None, {}, False),  # unanswered is not a number: false
        ("${age} != 17", None, {}, True),
        ("${age} >= 18 or ${guardian} = 'yes'", None, {"age": 12, "guardian": "yes"}, True),
        ("not(${age} >= 18)", None, {"age": 12}, True),
        ("selected(${p}, 'army')", None, {"p": ("police", "army")}, True),
        ("selected(${p}, 'army')", None, {"p": ("police",)}, False),
        ("selected(., 'a')", "a b", {}, True),
        ("string-length(.) <= 3", "abc", {}, True),
        ("string-length(.) <= 3", "abcd", {}, False),
        ("regex(., '^[A-Z]{2}-[0-9]{4}$')", "KZ-2020", {}, True),
        ("regex(., '^[A-Z]{2}-[0-9]{4}$')", "kz-2020", {}, False),
        ("${d} < '2020-03-01'", None, {"d": "2020-02-16"}, True),  # ISO dates as text
        ("(. = 1 or . = 2) and not(. = 2)", 1, {}, True),
    ],
)
def test_the_subset_evaluates_as_xlsform_means_it(
    source: str, current: object, answers: dict[str, object], expected: bool
) -> None:
    assert holds(source, current, **answers) is expected


def test_a_parsed_expression_names_the_fields_it_reads() -> None:
    parsed = parse("${a} = 1 and (selected(${b}, 'x') or .)")
    assert parsed.refs == {"a", "b"}
    assert parsed.uses_current
    assert parse("1 = 1").tree is not None
    assert isinstance(parse("-3").tree.value, Decimal)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("today() > .", "the function today() is not supported"),
        ("count-selected(.) > 1", "the function count-selected() is not supported"),
        (". + 1 > 2", "arithmetic ('+') is not supported"),
        (". # 2", "'#' at character 3 is not understood"),
        (". div 2", "arithmetic ('div') is not supported"),
        ("1 < . < 3", "comparisons cannot be chained"),
        ("selected(${a})", "selected() takes 2 arguments, not 1"),
        ("selected('x', 'y')", "the first argument of selected() must be . or a ${field}"),
        ("regex(., ${p})", "the second argument of regex() must be a text in quotes"),
        ("regex(., '(a)\\1')", "the regex pattern is not supported"),
        ("regex(., '(?=a)')", "the regex pattern is not supported"),
        ("${a} = ", "the expression ends too early"),
        ("(. = 1", "the expression ends too early"),
        ("", "the expression is empty"),
        ("../x = 1", "not understood"),
        ("name = 1", "is not understood (a field is written ${name})"),
        ("'unclosed", "not understood"),
    ],
)
def test_anything_outside_the_subset_is_refused_in_words(source: str, message: str) -> None:
    with pytest.raises(ExpressionError) as refused:
        parse(source)
    assert message in str(refused.value)


def test_length_and_depth_are_bounded() -> None:
    with pytest.raises(ExpressionError, match="longer than"):
        parse("1 = 1 and " * (MAX_LENGTH // 10) + "1 = 1")
    deep = "(" * (MAX_DEPTH - 1) + "1" + ")" * (MAX_DEPTH - 1)
    assert holds(deep.replace("1", "1 = 1"))  # as deep as allowed
    with pytest.raises(ExpressionError, match="nests parentheses or calls more than"):
        parse("(" + deep + ")")
    # A long chain of 'and' is flat, not deep: it parses.
    assert holds(" and ".join(["1 = 1"] * 80))


def test_a_pattern_that_backtracks_catastrophically_elsewhere_runs_in_linear_time() -> None:
    """``(a+)+$`` takes Python's re exponential time on 'aaa…!'; RE2 has no backtracking, so
    the check answers at once for a text of 100,000 characters (benchmarks/forms.py times it
    against re on a short text)."""
    hostile = parse("regex(., '(a+)+$')")
    assert evaluate(hostile, {}, "a" * 100_000 + "!") is False
    assert evaluate(hostile, {}, "a" * 100_000) is True
    nested = parse("regex(., '^(\\w+\\s?)*$')")
    assert evaluate(nested, {}, "word " * 20_000 + "!") is False


_ALPHABET = st.sampled_from(
    list(". ${}()',=!<>-0123456789 andornotselectedstring-lengthregexabc_x\"\\*+")
)


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=120) | st.text(max_size=60))
def test_random_input_raises_only_the_evaluators_own_error(source: str) -> None:
    try:
        parsed = parse(source)
    except ExpressionError:
        return
    for current in (None, "", "abc", 5, ("a", "b")):
        assert isinstance(evaluate(parsed, {"x": "1", "abc": 2}, current), bool)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=4 * MAX_DEPTH))
def test_nesting_either_parses_or_is_refused_never_overflows(depth: int) -> None:
    for source in (
        "(" * depth + "1" + ")" * depth,
        "not(" * depth + "1" + ")" * depth,
    ):
        try:
            parse(source)
        except ExpressionError as error:
            assert "nests parentheses or calls" in str(error)
