"""What an operation changed in the open vault, and noticing what another process changed.

Anki's ``operation_did_execute(changes)`` shape: whatever changes the vault announces a
:class:`Changes` through its window's one signal, and every open view refreshes itself from it.
Changes made by another connection (the CLI importing at HQ, ``fieldkit receipt --purge`` on a
kit) are noticed by :class:`OutsideWrites` through SQLite's ``PRAGMA data_version``, which
changes on a connection only when *another* connection committed.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields

from fieldkit.core.errors import FieldkitError
from fieldkit.vault.store import Vault


@dataclass(frozen=True)
class Changes:
    """Which parts of the vault changed; each view refreshes only what it shows."""

    interviews: bool = False
    quarantine: bool = False
    kits: bool = False
    imports: bool = False
    settings: bool = False

    @classmethod
    def everything(cls) -> Changes:
        """What another process may have changed: anything."""
        return cls(**{f.name: True for f in fields(cls)})

    def __or__(self, other: Changes) -> Changes:
        return Changes(*(a or b for a, b in zip(astuple(self), astuple(other), strict=True)))

    def __bool__(self) -> bool:
        return any(astuple(self))


class OutsideWrites:
    """Tells whether another connection committed to the watched vault since the last look."""

    def __init__(self) -> None:
        self._vault: Vault | None = None
        self._seen: int | None = None

    def watch(self, vault: Vault | None) -> None:
        """Start from ``vault``'s state now (None: watch nothing)."""
        self._vault = vault
        self._seen = self._version()

    def changed(self) -> bool:
        """True once per batch of commits made by other connections since the last call."""
        now = self._version()
        if now is None or self._seen is None:
            self._seen = now
            return False
        changed, self._seen = now != self._seen, now
        return changed

    def _version(self) -> int | None:
        vault = self._vault
        if vault is None or not vault.is_open:
            return None
        try:
            return int(vault.read("PRAGMA data_version")[0][0])
        except FieldkitError:  # busy or closing: look again at the next activation
            return None
