"""Destroying the key slots, and doing it after too many wrong passphrases (off by default).

The count the researcher chose and the count of wrong passphrases so far are kept in the key
slot file (``wipe_after``, ``failed``), not among the vault's settings: they must be read
before the vault can be opened. What this cannot stop is written in docs/vault.md: a copy of
the files made before the attempts can be attacked without fieldkit, for ever.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from fieldkit.core.errors import VaultError, VaultWiped
from fieldkit.vault import keyslot
from fieldkit.vault.blobs import remove_all
from fieldkit.vault.fsutil import fsync_dir, overwrite_and_unlink


def destroy_key_slots(slots_path: Path) -> list[Path]:
    """Overwrite and remove every copy of the wrapped data key: the vault is gone for good.

    The slot file and any temporary slot file an interrupted passphrase change left behind.
    """
    folder = slots_path.parent
    removed = []
    for target in [slots_path, *sorted(folder.glob(f".{slots_path.name}.*.tmp"))]:
        if target.exists():
            overwrite_and_unlink(target)
            removed.append(target)
    fsync_dir(folder)
    return removed


def count_wrong_secret(slots_path: Path, *, reset: bool = False) -> None:
    """Count one more wrong passphrase (or, with ``reset``, start again after a right one).

    Nothing is written unless the researcher set a wipe count, or a count is to be reset.
    When the count reaches it, the key slots are destroyed and :class:`VaultWiped` says so.
    The file is read again first: another process may have changed it meanwhile.
    """
    try:
        slots = keyslot.KeySlots.load(slots_path)
    except VaultError:
        return
    if reset:
        with contextlib.suppress(OSError):
            slots.with_counts(failed=0).save(slots_path)
        return
    if not slots.wipe_after:
        return
    failed = slots.failed + 1
    if failed >= slots.wipe_after:
        destroy_key_slots(slots_path)
        # The attachments' keys were in the database, now unreadable: their files go too.
        remove_all(slots_path.parent)
        raise VaultWiped(
            f"wrong passphrase {failed} times in a row: as this vault was set to do, its keys "
            "were destroyed, and nobody can open it any more"
        )
    with contextlib.suppress(OSError):
        slots.with_counts(failed=failed).save(slots_path)
