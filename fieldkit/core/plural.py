"""Counts in English words for the command line: "1 interview", "2 interviews".

The GUI takes its plural forms from Qt's translations (gui/base/plurals.py); the command line
speaks English only, so one rule serves it: the singular for exactly one, else the plural.
"""

from __future__ import annotations


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` followed by ``one`` or, for any other number, ``many`` (default: ``one`` + "s")."""
    return f"{n} {one if n == 1 else (many if many is not None else one + 's')}"
