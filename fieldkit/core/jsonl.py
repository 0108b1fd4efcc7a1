"""Reading interview records from JSON Lines (one JSON object per line)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fieldkit.core.errors import FieldkitError, FieldProblem


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
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as error:
                    yield (
                        number,
                        FieldProblem(
                            "record", "bad_json", f"is not valid JSON (column {error.colno})"
                        ),
                    )
        except UnicodeDecodeError as error:
            raise FieldkitError(f"{path} is not UTF-8 text") from error
