"""A quote's place in a recording: which attachment, from when to when.

A quote may point to the stretch of an interview's recording it comes from, so that the
editor (and HQ) can play exactly that. Times are whole milliseconds in the record; people
type and read them as ``m:ss``, ``h:mm:ss`` or with a fraction (``1:05.5``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fieldkit.core.errors import FieldProblem

#: The longest recording a clip can point into: a day.
MAX_MS = 24 * 3600 * 1000
_TIME = re.compile(r"(?:(\d{1,2}):)?(\d{1,4}):([0-5]\d)(?:[.,](\d{1,3}))?")


@dataclass(frozen=True, slots=True)
class Clip:
    """``start_ms`` to ``end_ms`` of the interview's attachment ``attachment`` (its id)."""

    attachment: str
    start_ms: int
    end_ms: int

    def to_dict(self) -> dict[str, Any]:
        return {"attachment": self.attachment, "start_ms": self.start_ms, "end_ms": self.end_ms}

    def text(self) -> str:
        """``1:20–2:05``, as people read it."""
        return f"{clock(self.start_ms)}–{clock(self.end_ms)}"


def clock(ms: int) -> str:
    """``m:ss`` (``h:mm:ss`` from an hour on), with tenths when they are not zero."""
    seconds, rest = divmod(ms, 1000)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    text = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    return text + (f".{rest // 100}" if rest // 100 else "")


def parse_time(value: Any) -> int | None:
    """Milliseconds from ``m:ss`` / ``h:mm:ss`` (a fraction allowed) or a whole number of
    milliseconds; None when it is neither."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str):
        return None
    match = _TIME.fullmatch(value.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if hours is not None and int(minutes) > 59:
        return None
    ms = ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000
    return ms + (int(fraction.ljust(3, "0")) if fraction else 0)


def parse_clip(value: Any, name: str, problems: list[FieldProblem]) -> Clip | None:
    """A clip from a record's quote (``attachment`` and ``start_ms``/``end_ms``, or
    ``start``/``end`` as times); problems added under ``name``; None when absent or bad."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        problems.append(FieldProblem(name, "bad_clip", "must name an attachment, start and end"))
        return None
    attachment = value.get("attachment")
    try:
        ident = str(uuid.UUID(str(attachment))) if isinstance(attachment, str) else None
    except ValueError:
        ident = None
    start = parse_time(value.get("start_ms", value.get("start")))
    end = parse_time(value.get("end_ms", value.get("end")))
    if ident is None:
        problems.append(FieldProblem(f"{name}.attachment", "bad_id", "is not an attachment id"))
    elif start is None or end is None:
        problems.append(FieldProblem(name, "bad_time", "needs a start and an end such as 1:05"))
    elif not 0 <= start < end <= MAX_MS:
        problems.append(FieldProblem(name, "bad_range", "must start before it ends, within a day"))
    else:
        return Clip(ident, start, end)
    return None
