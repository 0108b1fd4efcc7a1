"""Small builders the vault tests share."""

from __future__ import annotations

from fieldkit.core.record import validate
from fieldkit.vault import records
from fieldkit.vault.store import Vault


def numbered(rows: list[dict[str, object]]) -> list[tuple[int, dict[str, object]]]:
    return list(enumerate(rows, start=1))


def add(vault: Vault, **fields: object) -> str:
    raw: dict[str, object] = {
        "interview_date": "2020-02-16",
        "place": "Tokmok",
        "role": "Dungan man",
        "quote": "Some words.",
        "status": "ready",
    }
    raw.update(fields)
    return records.save(vault, validate(raw)).id
