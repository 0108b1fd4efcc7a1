"""Canary strings and the scanner that looks for them, in every encoding, in files and names.

Used by the canary runs (tests/system/test_canary.py) and the installed app's scan
(tests/packaging/test_deb.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from pathlib import Path

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")
CYRILLIC = "БВГДЖЗКЛМНПРСТФХЦЧШЩЭЮЯ"


def make_canaries() -> tuple[str, str, list[str]]:
    """(Latin canary, Cyrillic canary, every string the scanner looks for)."""
    latin_tag = secrets.token_hex(8).upper()
    cyrillic_tag = "".join(secrets.choice(CYRILLIC) for _ in range(12))
    latin = f"CANARY-{latin_tag}"
    cyrillic = f"КАНАРЕЙКА-{cyrillic_tag}"
    needles = []
    for text in (latin, cyrillic, latin_tag, cyrillic_tag):
        needles.extend({text, text.lower(), text.upper(), text.casefold()})
    return latin, cyrillic, needles


def scan(folders: Iterable[Path], needles: list[str]) -> list[str]:
    """Every (file, needle, encoding) where a needle occurs, in contents or file names."""
    patterns = [(needle, enc, needle.encode(enc)) for needle in needles for enc in ENCODINGS]
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            found.extend(f"name {path}" for n in needles if n in path.name)
            if path.is_symlink() or not path.is_file():
                continue
            data = path.read_bytes()
            found.extend(f"{path}: {n!r} in {enc}" for n, enc, raw in patterns if raw in data)
    return found
