"""Reading interview records from JSON Lines (one JSON object per line)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fieldkit.core.errors import FieldkitError, FieldProblem

#: ``\ud800``-``\udfff`` written in a JSON string: half of a UTF-16 pair, fine in a pair.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def parse_line(line: str) -> Any:
    """One line's JSON value, or a :class:`FieldProblem` saying why it is none: not JSON, or
    a string escaping half of a UTF-16 pair alone (JSON parsers accept it; it is no text, and
    nothing could store, hash or send it)."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        return FieldProblem("record", "bad_json", f"is not valid JSON (column {error.colno})")
    except RecursionError:
        return FieldProblem("record", "bad_json", "is nested too deeply to be a record")
    if _SURROGATE_ESCAPE.search(line):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return FieldProblem(
                "record",
                "bad_text",
                "holds an escaped character that is not text (half of a UTF-16 pair, "
                "\\ud800-\\udfff, alone)",
            )
    return value


def read_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """Yield (line number, parsed value) for each non-blank line of ``path``.

    A line that is not JSON yields a :class:`FieldProblem` in place of the value, so the
    importer can report it with the others. An unreadable file raises :class:`FieldkitError`.
    """
    try:
        handle = open(path, encoding="utf-8-sig")
    except OSError as error:
        raise FieldkitError(f"cannot read {path}: {error.strerror or error}") from error
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                yield number, parse_line(line)
        except UnicodeDecodeError as error:
            raise FieldkitError(f"{path} is not UTF-8 text") from error
