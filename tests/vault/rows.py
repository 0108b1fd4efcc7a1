"""Small builders the vault tests share."""

from __future__ import annotations

from fieldkit.vault.store import Vault
from tests.builders import add_interview


def numbered(rows: list[dict[str, object]]) -> list[tuple[int, dict[str, object]]]:
    return list(enumerate(rows, start=1))


def add(vault: Vault, **fields: object) -> str:
    """:func:`tests.builders.add_interview` with these tests' role and quote: its id."""
    return add_interview(vault, **{"role": "Dungan man", "quote": "Some words.", **fields})
