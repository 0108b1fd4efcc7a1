"""Escaping for the terminal and for Markdown."""

from __future__ import annotations

import json
import re

import cmarkgfm
from hypothesis import given
from hypothesis import strategies as st

from fieldkit.core.escape import for_terminal, json_for_terminal, markdown_text

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_terminal_lines_show_every_control_character() -> None:
    assert for_terminal("a\x1b[2Kb") == "a\\x1b[2Kb"
    assert for_terminal("\x9b1A\x7f\x00") == "\\x9b1A\\x7f\\x00"
    assert for_terminal("\u202eabc\u202c \u2066x\u2069") == "\\u202eabc\\u202c \\u2066x\\u2069"
    assert for_terminal("one\ntwo\tthree") == "one\\x0atwo\\x09three"
    assert for_terminal("one\ntwo\tthree\r", multiline=True) == "one\ntwo\tthree\\x0d"
    assert for_terminal(42) == "42"


def test_terminal_keeps_the_marks_and_joiners_of_arabic_script() -> None:
    for text in ("ئۇيغۇر\u200f تىلى", "a\u200eb", "\u061c۲۰۲۰", "می\u200cخواهم", "a\u200db"):
        assert for_terminal(text) == text


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_for_terminal_is_the_same_json_without_raw_controls(value: object) -> None:
    text = json_for_terminal(json.dumps(value, ensure_ascii=False, indent=2))
    assert json.loads(text) == value
    assert not RAW.search(text.replace("\n", ""))


_PIECES = [*"[]()!<>:/.#-=*_`|~&;\\ \t\nahtpswxjv1", "http", "www", "img", "javascript", "    "]
_MARKUP = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@given(_MARKUP)
def test_markdown_text_never_renders_as_a_link_image_or_html(text: str) -> None:
    rendered = cmarkgfm.github_flavored_markdown_to_html(
        "> " + markdown_text(text).replace("\n", "\n> "), options=cmarkgfm.Options.CMARK_OPT_UNSAFE
    )
    tags = set(re.findall(r"<([a-z0-9]+)", rendered))
    assert tags <= {"blockquote", "p", "br"}, (text, rendered)  # no code block either
