"""The one prompt seam: every message box, question, text prompt and file dialog goes here.

Tests replace these functions (``monkeypatch.setattr(prompts, "confirm", ...)``), so no test
ever reaches a real modal ``exec()``. Callers must use them as ``prompts.confirm(...)``, never
``from prompts import confirm``, or the patch would not reach them.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    details: str = "",
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setInformativeText(details)
    return box


def information(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """A calm message with an OK button."""
    _box(parent, QMessageBox.Icon.Information, title, text, details).exec()


def warning(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """Something did not work, but nothing is lost."""
    _box(parent, QMessageBox.Icon.Warning, title, text, details).exec()


def critical(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """Something failed; ``text`` must never contain record text."""
    _box(parent, QMessageBox.Icon.Critical, title, text, details).exec()


def confirm(parent: QWidget | None, title: str, text: str, *, destructive: bool = False) -> bool:
    """Yes or no; the safe answer (No) is the default."""
    box = QMessageBox(
        QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_text(parent: QWidget | None, title: str, label: str, *, secret: bool = False) -> str | None:
    """One line of text, or None when cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal)
    if dialog.exec() != QInputDialog.DialogCode.Accepted:
        return None
    return dialog.textValue()


def _file_dialog(
    parent: QWidget | None, caption: str, name_filter: str, mode: QFileDialog.AcceptMode
) -> Path | None:
    # Qt's own dialog, not the desktop's: native dialogs add files to "recently used" lists.
    dialog = QFileDialog(parent, caption, str(Path.home()), name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(mode)
    if mode == QFileDialog.AcceptMode.AcceptOpen:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen = dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []
    shiboken6.delete(dialog)
    forget_file_dialog_history()
    return Path(chosen[0]) if chosen else None


def forget_file_dialog_history() -> None:
    """Remove the folders Qt's file dialog remembers (it writes them on destruction)."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.remove("FileDialog")
    settings.sync()


def open_file(parent: QWidget | None, caption: str, name_filter: str = "") -> Path | None:
    """A file to read, or None; remembers no folder."""
    return _file_dialog(parent, caption, name_filter, QFileDialog.AcceptMode.AcceptOpen)


def save_file(parent: QWidget | None, caption: str, name_filter: str = "") -> Path | None:
    """A file name to write, or None; remembers no folder."""
    return _file_dialog(parent, caption, name_filter, QFileDialog.AcceptMode.AcceptSave)
