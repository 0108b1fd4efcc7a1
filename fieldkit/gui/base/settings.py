"""The few preferences kept outside the vault: window layout and the language, nothing that
identifies anyone.

The file path is computed on each call from the platform's config folder (XDG_CONFIG_HOME on
Linux), so it follows the environment instead of Qt's path cache.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSplitter, QWidget

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


def save_layout(window: QWidget, splitter: QSplitter, prefix: str) -> None:
    """Keep a window's geometry and splitter position (the only UI state kept outside)."""
    settings = ui_settings()
    settings.setValue(f"{prefix}/geometry", window.saveGeometry())
    settings.setValue(f"{prefix}/splitter", splitter.saveState())
    settings.sync()


def restore_layout(
    window: QWidget, splitter: QSplitter, prefix: str, default_sizes: list[int]
) -> None:
    """Put back what :func:`save_layout` kept, or the default splitter sizes."""
    settings = ui_settings()
    geometry = settings.value(f"{prefix}/geometry")
    if geometry:
        window.restoreGeometry(geometry)
    state = settings.value(f"{prefix}/splitter")
    if state:
        splitter.restoreState(state)
    else:
        splitter.setSizes(default_sizes)
