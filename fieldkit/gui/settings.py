"""The few preferences kept outside the vault: window layout and the language, nothing that
identifies anyone.

The file path is computed on each call from the platform's config folder (XDG_CONFIG_HOME on
Linux), so it follows the environment instead of Qt's path cache.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings

# The only keys fieldkit writes to QSettings; a test checks nothing else appears.
ALLOWED_KEYS = frozenset(
    {
        "window/geometry",
        "window/state",
        "window/splitter",
        "hq/geometry",
        "hq/splitter",
        "ui/language",
    }
)


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir("fieldkit", appauthor=False)) / "ui.ini"


def ui_settings() -> QSettings:
    """QSettings for window layout only. Record text, paths and searches live in the vault."""
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)
