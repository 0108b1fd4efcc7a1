"""A kit restored from a backup sends again: its next bundle starts a new epoch.

The restored vault holds the bundles its backup held, so it would number its next bundle as
one its lost copy may already have sent (HQ refuses a number used twice). Restoring marks
the vault (:data:`~fieldkit.vault.settings.RESTORED`); its next export names a new, random
epoch and where it forked (the last bundle the backup held), signed in the manifest, and
every later bundle names that epoch too. HQ keeps both timelines (``fieldkit.hq.timelines``).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from fieldkit.exchange.bundle import Epoch
from fieldkit.vault.settings import EPOCH, RESTORED
from fieldkit.vault.store import Vault


def restored(vault: Vault) -> bool:
    """Whether the next bundle starts a new epoch (the kit was restored since its last)."""
    return vault.get_setting(RESTORED) is not None


def next_epoch(
    conn: Any, last: tuple[int, str] | None, *, new: bool = False
) -> tuple[Epoch | None, bool]:
    """The epoch of the bundle after ``last`` (its sequence and manifest sha256, or None
    for the first), and whether that bundle starts it: after a restore, or when ``new``
    asks (a vault copied by hand). Reads in the export's transaction."""
    values = dict(
        conn.execute(
            "SELECT key, value FROM settings WHERE key IN (?, ?)", (RESTORED.key, EPOCH.key)
        ).fetchall()
    )
    if new or RESTORED.key in values:
        after, sha = last if last else (0, None)
        return Epoch(str(uuid.uuid4()), after, sha), True
    if EPOCH.key in values:
        found = json.loads(values[EPOCH.key])
        return Epoch(found["id"], found["after"], found["after_sha256"]), False
    return None, False


def start_epoch(conn: Any, epoch: Epoch) -> None:
    """Keep ``epoch`` for the bundles after this one, and clear the restore mark (in the
    export's transaction: a failed export leaves the kit marked)."""
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (EPOCH.key, json.dumps(epoch.to_dict())),
    )
    conn.execute("DELETE FROM settings WHERE key = ?", (RESTORED.key,))
