"""The expression language of ``constraint`` and ``relevant``: tokens, a parser into a small
tree, and its evaluation. Nothing is handed to ``eval``.

The subset (docs/forms.md): ``.`` (the field's own answer), ``${name}`` (another field's),
text and number literals, ``= != < <= > >=``, ``and``, ``or``, ``not(…)``,
``selected(x, 'choice')``, ``string-length(x)``, ``regex(x, 'pattern')`` and parentheses.
Anything else is an :class:`ExpressionError` naming what was not understood.

Bounds: an expression is at most :data:`MAX_LENGTH` characters and nests parentheses and
calls at most :data:`MAX_DEPTH` deep, so parsing and evaluation are linear in its length.
Regular expressions are compiled by RE2, whose matching time is linear in the text (no
backtracking: a pattern such as ``(a+)+$`` cannot run away); a pattern is at most
:data:`MAX_PATTERN` characters.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import re2

from fieldkit.core.errors import FieldkitError

MAX_LENGTH = 1_000
MAX_DEPTH = 24
MAX_PATTERN = 500
#: Memory RE2 may use for one compiled pattern, in bytes.
PATTERN_MEMORY = 1 << 20

FUNCTIONS = ("not", "selected", "string-length", "regex")
COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")


class ExpressionError(FieldkitError):
    """An expression outside the supported subset, or malformed, or too large."""


# --- the tree ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Literal:
    value: str | Decimal


@dataclass(frozen=True, slots=True)
class Current:
    """``.``: the answer of the field the expression belongs to."""


@dataclass(frozen=True, slots=True)
class Ref:
    """``${name}``: another field's answer."""

    name: str


@dataclass(frozen=True, slots=True)
class Compare:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Logic:
    op: str  # "and" | "or"
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]


Node = Literal | Current | Ref | Compare | Logic | Call


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed expression: its source text, its tree and the fields it refers to."""

    source: str
    tree: Node
    refs: frozenset[str]
    uses_current: bool


# --- tokens --------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<number>\d+(?:\.\d+)?)
    | (?P<string>'[^']*'|"[^"]*")
    | (?P<ref>\$\{(?P<refname>[A-Za-z_][A-Za-z0-9_.-]*)\})
    | (?P<op>!=|<=|>=|=|<|>)
    | (?P<punct>[(),])
    | (?P<minus>-)
    | (?P<dot>\.(?![.\w]))
    | (?P<name>[A-Za-z_][A-Za-z0-9_-]*(?::[A-Za-z_][A-Za-z0-9_-]*)?)
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    at: int


def _tokens(source: str) -> list[_Token]:
    out: list[_Token] = []
    at = 0
    end = len(source.rstrip())
    while at < end:
        match = _TOKEN.match(source, at)
        if match is None or match.end() == at:
            start = len(source) - len(source[at:].lstrip())
            shown = source[start : start + 1]
            if shown in "+*":
                raise ExpressionError(f"arithmetic ('{shown}') is not supported")
            raise ExpressionError(f"'{shown}' at character {start + 1} is not understood")
        kind = match.lastgroup or ""
        if kind == "refname":
            kind = "ref"
        text = match.group("refname") if kind == "ref" else match.group(kind)
        out.append(_Token(kind, text, match.start(kind) + 1))
        at = match.end()
    return out


# --- parsing -------------------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0
        self.refs: set[str] = set()
        self.current = False

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise ExpressionError("the expression ends too early")
        self.at += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text != text:
            raise ExpressionError(
                f"'{text}' was expected at character {token.at}, not '{token.text}'"
            )

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(
                f"the expression nests parentheses or calls more than {MAX_DEPTH} levels deep"
            )

    def parse(self) -> Node:
        node = self.logic("or")
        token = self.peek()
        if token is not None:
            if token.text in ("div", "mod"):
                raise ExpressionError(f"arithmetic ('{token.text}') is not supported")
            raise ExpressionError(f"'{token.text}' at character {token.at} is not understood")
        return node

    def logic(self, op: str) -> Node:
        # Not counted as depth: only a parenthesis or a call nests (primary counts those).
        node = self.logic("and") if op == "or" else self.compare()
        while (token := self.peek()) is not None and token.kind == "name" and token.text == op:
            self.take()
            right = self.logic("and") if op == "or" else self.compare()
            node = Logic(op, node, right)
        return node

    def compare(self) -> Node:
        left = self.primary()
        token = self.peek()
        if token is not None and token.kind == "op":
            self.take()
            right = self.primary()
            following = self.peek()
            if following is not None and following.kind == "op":
                raise ExpressionError(
                    f"comparisons cannot be chained ('{following.text}' at character "
                    f"{following.at}); join them with 'and'"
                )
            return Compare(token.text, left, right)
        return left

    def primary(self) -> Node:
        self.deeper()
        try:
            token = self.take()
            if token.kind == "number":
                return Literal(Decimal(token.text))
            if token.kind == "minus":
                number = self.take()
                if number.kind != "number":
                    raise ExpressionError(
                        f"'-' at character {token.at} must stand before a number: "
                        "arithmetic is not supported"
                    )
                return Literal(-Decimal(number.text))
            if token.kind == "string":
                return Literal(token.text[1:-1])
            if token.kind == "dot":
                self.current = True
                return Current()
            if token.kind == "ref":
                self.refs.add(token.text)
                return Ref(token.text)
            if token.text == "(":
                node = self.logic("or")
                self.expect(")")
                return node
            if token.kind == "name":
                return self.call(token)
            raise ExpressionError(f"'{token.text}' at character {token.at} is not understood")
        finally:
            self.depth -= 1

    def call(self, token: _Token) -> Node:
        following = self.peek()
        if following is None or following.text != "(":
            if token.text in ("div", "mod"):
                raise ExpressionError(f"arithmetic ('{token.text}') is not supported")
            raise ExpressionError(
                f"'{token.text}' at character {token.at} is not understood "
                "(a field is written ${name})"
            )
        if token.text not in FUNCTIONS:
            raise ExpressionError(f"the function {token.text}() is not supported")
        self.take()
        args: list[Node] = []
        if (following := self.peek()) is not None and following.text != ")":
            args.append(self.logic("or"))
            while (following := self.peek()) is not None and following.text == ",":
                self.take()
                args.append(self.logic("or"))
        self.expect(")")
        return _checked_call(token.text, tuple(args))


_ARITY = {"not": 1, "selected": 2, "string-length": 1, "regex": 2}


def _checked_call(name: str, args: tuple[Node, ...]) -> Call:
    if len(args) != _ARITY[name]:
        n = _ARITY[name]
        raise ExpressionError(
            f"{name}() takes {n} argument{'' if n == 1 else 's'}, not {len(args)}"
        )
    if name in ("selected", "regex") and not (
        isinstance(args[1], Literal) and isinstance(args[1].value, str)
    ):
        raise ExpressionError(f"the second argument of {name}() must be a text in quotes")
    if name == "selected" and not isinstance(args[0], Ref | Current):
        raise ExpressionError("the first argument of selected() must be . or a ${field}")
    if name == "regex":
        pattern = args[1]
        assert isinstance(pattern, Literal) and isinstance(pattern.value, str)
        compiled_pattern(pattern.value)  # refused now, not when someone types
    return Call(name, args)


def parse(source: str) -> Expression:
    """The expression ``source`` as a tree; :class:`ExpressionError` if outside the subset."""
    if not isinstance(source, str):
        raise ExpressionError("an expression must be text")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_LENGTH} characters")
    if not source.strip():
        raise ExpressionError("the expression is empty")
    parser = _Parser(_tokens(source))
    tree = parser.parse()
    return Expression(source, tree, frozenset(parser.refs), parser.current)


@lru_cache(maxsize=256)
def compiled_pattern(pattern: str) -> Any:
    """The RE2 program for ``pattern`` (linear-time matching); refused if RE2 cannot run it."""
    if len(pattern) > MAX_PATTERN:
        raise ExpressionError(f"the regex pattern is longer than {MAX_PATTERN} characters")
    options = re2.Options()
    options.log_errors = False
    options.max_mem = PATTERN_MEMORY
    try:
        return re2.compile(pattern, options)
    except re2.error as error:
        reason = error.args[0] if error.args else ""
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ExpressionError(
            f"the regex pattern is not supported ({reason or 'invalid'}): backreferences "
            "and lookaround cannot be matched in linear time"
        ) from None


# --- evaluation ----------------------------------------------------------------------------

#: An answer as the evaluator sees it: text, a whole number, a list of choice names, or none.
Value = str | int | Decimal | bool | tuple[str, ...] | list[str] | None
Getter = Callable[[str], Value]
#: A tree turned into nested closures: no dispatch on node types per evaluation (an import
#: evaluates tens of expressions per interview).
Compiled = Callable[[Getter, Value], Value]
#: A compiled expression that gives its truth (what ``relevant`` and ``constraint`` ask).
Test = Callable[[Getter, Value], bool]


def evaluate(expression: Expression, answers: Mapping[str, Any], current: Value = None) -> bool:
    """Whether ``expression`` holds for ``answers`` (``.`` is ``current``), as XLSForm means it:
    a number compared with text that is not a number is false (``!=``: true)."""
    return compiled_test(expression.source)(answers.get, current)


@lru_cache(maxsize=4096)
def compiled_test(source: str) -> Test:
    """``source`` compiled once into closures: ``test(get, current)`` is whether it holds when
    ``get(name)`` gives ``${name}`` and ``.`` is ``current``.

    Keyed by the source text, so a Form stays plain data (it is pickled to the import's
    worker process); the text was parsed when the form was loaded.
    """
    return _compile_test(parse(source).tree)


def _compile_test(node: Node) -> Test:
    """``node`` compiled to give a bool: comparisons, logic, ``not``, ``selected`` and
    ``regex`` give one already; anything else goes through :func:`_truth`."""
    if isinstance(node, Compare | Logic) or (
        isinstance(node, Call) and node.name != "string-length"
    ):
        return _compile(node)  # type: ignore[return-value]
    value = _compile(node)
    return lambda get, current: _truth(value(get, current))


def _compile(node: Node) -> Compiled:
    if isinstance(node, Literal):
        value = node.value
        return lambda get, current: value
    if isinstance(node, Current):
        return lambda get, current: current
    if isinstance(node, Ref):
        name = node.name
        return lambda get, current: get(name)
    if isinstance(node, Logic):
        # Each side gives a bool: 'and' and 'or' stop after the left one as XPath does.
        left, right = _compile_test(node.left), _compile_test(node.right)
        if node.op == "and":
            return lambda get, cur: left(get, cur) and right(get, cur)
        return lambda get, cur: left(get, cur) or right(get, cur)
    if isinstance(node, Compare):
        return _compile_compare(node)
    return _compile_call(node)


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _compile_compare(node: Compare) -> Compiled:
    op = node.op
    test = _ORDER[op]
    left = _compile(node.left)
    if isinstance(node.right, Literal) and isinstance(node.right.value, Decimal):
        number = node.right.value

        def against_number(get: Getter, current: Value) -> bool:
            value = _number(left(get, current))
            return op == "!=" if value is None else test(value, number)

        return against_number
    if isinstance(node.right, Literal) and op in ("=", "!="):
        text = node.right.value  # a text: numbers were handled above
        equal = op == "="

        def against_text(get: Getter, current: Value) -> bool:
            value = left(get, current)
            if type(value) is str:  # the common case, first
                return (value == text) is equal
            if isinstance(value, int | Decimal | bool):
                return _compare(op, value, text)
            return (_text(value) == text) is equal

        return against_text
    right = _compile(node.right)
    return lambda get, current: _compare(op, left(get, current), right(get, current))


def _compile_call(node: Call) -> Compiled:
    if node.name == "not":
        inner = _compile_test(node.args[0])
        return lambda get, current: not inner(get, current)
    first = _compile(node.args[0])
    if node.name == "string-length":
        return lambda get, current: len(_text(first(get, current)))
    second = node.args[1]
    assert isinstance(second, Literal) and isinstance(second.value, str)
    if node.name == "selected":
        wanted = second.value.strip()

        def selected(get: Getter, current: Value) -> bool:
            value = first(get, current)
            chosen = value if isinstance(value, tuple | list) else _text(value).split()
            return wanted in chosen

        return selected
    pattern = compiled_pattern(second.value)
    # Searched as UTF-8 bytes, as RE2 matches (the same answer; a str would be encoded and
    # every offset of the match mapped back to characters).
    return lambda get, current: pattern.search(_text(first(get, current)).encode()) is not None


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return " ".join(value)
    return str(value)


def _number(value: Value) -> int | Decimal | None:
    """A number for comparing (an int stays an int: Python compares it with a Decimal
    exactly), or None when the value is not one."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | Decimal):
        return value
    text = _text(value).strip()
    if not text or len(text) > 40:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _compare(op: str, left: Value, right: Value) -> bool:
    if isinstance(left, int | Decimal) or isinstance(right, int | Decimal):
        a, b = _number(left), _number(right)
        if a is None or b is None:
            return op == "!="
        return _ORDER[op](a, b)
    if isinstance(left, bool) or isinstance(right, bool):
        return _ORDER[op](_truth(left), _truth(right))
    return _ORDER[op](_text(left), _text(right))


def _truth(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal):
        return value != 0
    return bool(value)
