"""Icons and other plain resource files, loaded through importlib.resources (no rcc)."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QPixmap

APP_ICON = "fieldkit.svg"


def read_bytes(name: str) -> bytes | None:
    """The bytes of ``icons/<name>`` among the shipped resources, or None if it is missing."""
    entry = resources.files("fieldkit.resources") / "icons" / name
    try:
        return entry.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None


def icon(name: str) -> QIcon:
    """A QIcon from ``icons/<name>``; an empty icon (never an error) if it is missing."""
    data = read_bytes(name)
    if data is None:
        return QIcon()
    pixmap = QPixmap()
    if not pixmap.loadFromData(QByteArray(data)):
        return QIcon()
    return QIcon(pixmap)


def app_icon() -> QIcon:
    return icon(APP_ICON)
