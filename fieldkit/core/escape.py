"""Text from records and files made safe for where it is shown: a terminal, Markdown.

What a record may hold is decided by :mod:`fieldkit.core.record` (which removes these
characters); this module escapes what is printed, because a file name, a card or a record
stored before that rule can still hold them.
"""

from __future__ import annotations

import re

#: Bidirectional embedding, override and isolate controls (LRE RLE PDF LRO RLO, LRI RLI FSI
#: PDI): they reorder the text around them. The implicit marks LRM, RLM and ALM do not and
#: are not here.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
#: C0 controls but tab and line feed, DEL, C1 controls.
CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"

_LINE = re.compile(f"[\t\n{CONTROLS}{BIDI_CONTROLS}]")
_MULTILINE = re.compile(f"[{CONTROLS}{BIDI_CONTROLS}]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: object, *, multiline: bool = False) -> str:
    """``text`` with every control character written out as ``\\x1b`` or ``\\u202e``.

    An escape sequence in a file name could otherwise move the cursor and overwrite the line
    before it, a C1 CSI acts like ESC [ in some terminals, and a bidi override makes a line read
    other than it is. Line feeds and tabs are kept only with ``multiline``.
    """
    value = str(text)
    return (_MULTILINE if multiline else _LINE).sub(_visible, value)


def json_for_terminal(text: str) -> str:
    """JSON text with C1 and bidi controls as ``\\u`` escapes (JSON escapes C0 itself).

    Still the same JSON: those characters can only stand inside strings.
    """
    return _MULTILINE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# --- Markdown ----------------------------------------------------------------------------

#: Characters that start Markdown markup anywhere in a line: escapes, code, emphasis, tables,
#: strike-through, math in some renderers.
_INLINE = re.compile(r"([\\`*_|~$])")
#: What turns brackets into a link or an image: ``![``, ``](`` and ``][``. Brackets alone
#: stay as they are, as in an editor's "[the police]": without a link definition (a line
#: that starts with ``[``, escaped below) ``[text]`` links nowhere.
_LINK = re.compile(r"(!)(\[)|(\])([(\[])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_CHARS = re.compile("[&<>]")
#: Bare web addresses that GitHub-flavoured Markdown turns into links by itself.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp)(:)|(www)(\.)")
#: What makes a line a heading, a list item, a rule, a setext underline or a link definition.
_LINE_START = re.compile(r"^([#+\-=\[]|\d+[.)])")


def markdown_text(text: str) -> str:
    """``text`` as Markdown that shows it as it is: no link, image, raw HTML or formatting.

    Punctuation that starts markup is backslash-escaped (CommonMark escapes any ASCII
    punctuation), ``& < >`` become HTML entities (which every Markdown renderer passes on, so
    no tag or entity in the text is live), and a bare address loses what makes it a link
    (``https\\://``, ``www\\.``).
    """
    text = _INLINE.sub(r"\\\1", text)
    text = _LINK.sub(_escape_second, text)
    text = _AUTOLINK.sub(_escape_second, text)
    text = _HTML_CHARS.sub(lambda m: _HTML[m.group()], text)
    # Indentation would make a code block (showing the escapes); a renderer drops it anyway.
    return "\n".join(_LINE_START.sub(_line_start, line.lstrip(" \t")) for line in text.split("\n"))


def _escape_second(match: re.Match[str]) -> str:
    first, second = (g for g in match.groups() if g is not None)
    return f"{first}\\{second}"


def _line_start(match: re.Match[str]) -> str:
    mark = match.group()
    return mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark
