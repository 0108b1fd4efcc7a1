"""HQ's history of imports: every bundle file taken up, when, from which kit, what it did.

Written in each import's own transaction (by :func:`~fieldkit.hq.importing.import_bundles`,
which the HQ window and ``fieldkit hq import`` both call), so the history is the same
whichever imported, and survives the session. Newest first.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from pathlib import Path

from fieldkit.core.errors import FieldkitError
from fieldkit.hq.intake import Read
from fieldkit.hq.merge import ImportOutcome
from fieldkit.hq.storage import HqStore, ImportRow
from fieldkit.vault.store import Vault

#: Imports shown at most (the window's list, ``fieldkit hq imports``).
SHOWN = 500
#: Longest file name and reason kept (a hostile file name is bounded, not stored whole).
MAX_NAME = 255
MAX_REASON = 1000


class Fate(enum.StrEnum):
    IMPORTED = "imported"
    REPLAY = "replay"  # imported before: the same receipt written again
    REJECTED = "rejected"  # nothing of it stored
    HELD = "held"  # from a revoked kit, or signed with a replaced key: quarantined, no receipt


@dataclass(frozen=True)
class ImportEntry:
    """One line of the history. The counts ``new`` … ``unchanged`` are None for bundles
    imported before HQ kept its history (only ``stored`` and ``quarantined`` are known)."""

    id: int
    imported_at: str
    file_name: str
    fate: Fate
    bundle_id: str | None = None
    kit_name: str = ""
    kit_fingerprint: str = ""
    sequence: int | None = None
    new: int | None = None
    duplicates: int | None = None
    updated: int | None = None
    unchanged: int | None = None
    stored: int = 0
    quarantined: int = 0
    unreviewed: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)
    reason: str = ""


def history(vault: Vault, limit: int = SHOWN) -> list[ImportEntry]:
    """The ``limit`` latest imports, newest first."""
    out = []
    for entry_id, name, fingerprint, row in HqStore(vault).import_rows(limit):
        (at, file_name, fate, bundle_id, _kit, sequence, new, dup, upd, same, stored, quar,
         unrev, warnings, reason) = row  # fmt: skip
        out.append(
            ImportEntry(
                entry_id,
                at,
                file_name,
                Fate(fate),
                bundle_id,
                name,
                fingerprint,
                sequence,
                new,
                dup,
                upd,
                same,
                stored,
                quar,
                unrev,
                tuple(str(w) for w in json.loads(warnings)),
                reason or "",
            )
        )
    return out


def row_for(item: Read, result: ImportOutcome | FieldkitError) -> ImportRow:
    """The history's row for one bundle file's result in an import."""
    name = Path(item.path).name[:MAX_NAME]
    opened = item.opened
    bundle_id = opened.bundle_id if opened is not None else None
    kit_id = opened.kit_id if opened is not None else None
    sequence = opened.sequence if opened is not None else None
    if isinstance(result, FieldkitError):
        reason = str(result)[:MAX_REASON]
        return (item.stamp, name, Fate.REJECTED.value, bundle_id, kit_id, sequence,
                None, None, None, None, 0, 0, 0, "[]", reason)  # fmt: skip
    o = result
    stored = o.new + o.duplicates + o.updated + o.unchanged
    fate = Fate.HELD if o.held else Fate.REPLAY if o.replay else Fate.IMPORTED
    return (item.stamp, name, fate.value, bundle_id, kit_id, sequence, o.new, o.duplicates,
            o.updated, o.unchanged, stored, o.quarantined, o.unreviewed,
            json.dumps(o.warnings, ensure_ascii=False), o.held or None)  # fmt: skip
