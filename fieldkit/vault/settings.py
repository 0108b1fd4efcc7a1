"""Every key the ``settings`` table of a vault uses, once, with its default and meaning.

Settings live inside the vault (encrypted with everything else), as JSON values. The key
strings are stored as they are: never change one, or existing vaults lose the setting.
:meth:`Vault.get_setting <fieldkit.vault.store.Vault.get_setting>` and ``set_setting`` take a
:class:`Setting` (or its key string); given a Setting without a default, ``get_setting``
returns the registry's default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    """One settings key: what is stored under it, and what a vault without it means."""

    key: str
    default: Any
    meaning: str

    def __str__(self) -> str:
        return self.key


ORGANISATION = Setting(
    "organisation", "", "the organisation new interviews default to (set at 'fieldkit init')"
)
RECENT_SEARCHES = Setting(
    "recent_searches", (), "the last searches typed into 'fieldkit list' (removed on a purge)"
)
IDLE_LOCK_MINUTES = Setting(
    "idle_lock_minutes", None, "minutes without input before the app locks (overrides the app's)"
)
FORGET_PENDING = Setting(
    "forget_pending", None, "present while replaced words may remain in the search index's pages"
)
ROLE = Setting("role", None, "'hq' in HQ's central dataset; absent in a kit's vault")
KIT_IDENTITY = Setting("identity.kit", None, "the kit's signing and age keys, made when needed")
HQ_IDENTITY = Setting("identity.hq", None, "HQ's signing and age keys, made with the dataset")
LAST_BACKUP = Setting(
    "last_backup", None, "when the last backup of this vault was written (ISO time, UTC)"
)
BACKUP_REMINDER = Setting(
    "backup_reminder", True, "whether the app reminds of interviews no backup holds yet"
)
REKEY_STATEMENT = Setting(
    "rekey_statement",
    None,
    "the statement of the kit's last move to new keys, for HQ (public: 'fieldkit rekey --again')",
)
RESTORED = Setting(
    "restored_at",
    None,
    "when this kit was restored from a backup (ISO time, UTC); its next export starts a new epoch",
)
EPOCH = Setting(
    "exchange.epoch",
    None,
    "the epoch its bundles name since the kit was restored from a backup (id, after, "
    "after_sha256); absent on a kit never restored",
)

#: Every key, for documentation and tests.
ALL = (
    ORGANISATION,
    RECENT_SEARCHES,
    IDLE_LOCK_MINUTES,
    FORGET_PENDING,
    ROLE,
    KIT_IDENTITY,
    HQ_IDENTITY,
    LAST_BACKUP,
    BACKUP_REMINDER,
    REKEY_STATEMENT,
    RESTORED,
    EPOCH,
)


def identity(role: str) -> Setting:
    """The key holding this vault's keys of ``role`` ("kit" or "hq")."""
    for setting in (KIT_IDENTITY, HQ_IDENTITY):
        if setting.key == f"identity.{role}":
            return setting
    raise ValueError(f"no identity setting for role {role!r}")


def key_of(key: str | Setting) -> str:
    """The stored key string of ``key``."""
    return key.key if isinstance(key, Setting) else key
