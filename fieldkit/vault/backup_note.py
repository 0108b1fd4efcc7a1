"""When the vault was last backed up, and how many interviews no backup holds yet.

The app's backup reminder reads this; the time is a vault setting (:data:`LAST_BACKUP`).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import Status, now_iso
from fieldkit.vault.backup import backup_vault
from fieldkit.vault.settings import LAST_BACKUP
from fieldkit.vault.store import Vault


def backup_and_note(vault: Vault, out_dir: Path) -> Path:
    """:func:`backup_vault`, then the time the copy began kept in the vault; the folder.

    For a vault open for writing (the app's): ``fieldkit backup`` reads a snapshot that
    writes nothing, so a command-line backup is not noted.
    """
    started = now_iso()
    written = backup_vault(vault, out_dir)
    if not vault.read_only:
        with contextlib.suppress(FieldkitError):  # the copy is written; only the note failed
            vault.set_setting(LAST_BACKUP, started)
    return written


def not_backed_up(vault: Vault) -> int:
    """How many interviews HQ has not confirmed were saved after the last backup (or ever)."""
    since = vault.get_setting(LAST_BACKUP)
    rows = vault.read(
        "SELECT count(*) FROM interviews WHERE status != ? AND (? IS NULL OR updated_at > ?)",
        (Status.RECEIVED.value, since, since),
    )
    return int(rows[0][0])
