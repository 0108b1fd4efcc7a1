"""Knobs of one app session, passed in explicitly so tests can shorten every timer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from fieldkit.vault.keyslot import KdfParams
from fieldkit.vault.store import default_vault_dir

# Lock after this long without keyboard or mouse input.
IDLE_LOCK_MS = 5 * 60 * 1000
# Save a draft this long after the last keystroke.
AUTOSAVE_MS = 2000
# Clear a copied citation from the clipboard after this long.
CLIPBOARD_CLEAR_MS = 30 * 1000
# Wait this long after the last keystroke in the search field before searching.
SEARCH_DEBOUNCE_MS = 200
# Rows fetched from the vault at a time by the interview list.
PAGE_SIZE = 200


def default_hq_dir() -> Path:
    """Where HQ's dataset lives unless told otherwise (as ``fieldkit hq`` looks for it)."""
    return Path(platformdirs.user_data_dir("fieldkit", appauthor=False)) / "hq"


@dataclass
class AppConfig:
    """Where the vault is and how the session behaves.

    ``kdf`` is None in real use (key derivation is calibrated to this machine); tests pass
    cheap parameters. ``hq`` means the session was started for HQ: a missing vault is
    created as an HQ dataset.
    """

    vault_path: Path
    kdf: KdfParams | None = None
    idle_lock_ms: int = IDLE_LOCK_MS
    autosave_ms: int = AUTOSAVE_MS
    clipboard_clear_ms: int = CLIPBOARD_CLEAR_MS
    search_debounce_ms: int = SEARCH_DEBOUNCE_MS
    page_size: int = PAGE_SIZE
    hq: bool = False
    # Lock on suspend and screen lock reported over D-Bus (off in tests: no bus there).
    watch_session: bool = True

    @classmethod
    def for_path(cls, vault_path: Path | None, *, hq: bool = False) -> AppConfig:
        if vault_path:
            return cls(vault_path=Path(vault_path), hq=hq)
        return cls(vault_path=default_hq_dir() if hq else default_vault_dir(), hq=hq)
