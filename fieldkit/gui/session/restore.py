"""Restore from a backup, offered by the first-run dialog: the backup folder and its
passphrase through the prompt seam, then the copy made and opened off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from fieldkit.gui.base import prompts
from fieldkit.vault.backup import OpenCopy, restore_vault
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate


def ask_restore(parent: QWidget) -> tuple[Path, str] | None:
    """The backup folder and the passphrase that opens it, or None if either was cancelled."""
    backup = prompts.choose_folder(
        parent, translate("Restore", "Choose the backup's folder (the one Back up… wrote)")
    )
    if backup is None:
        return None
    passphrase = prompts.ask_text(
        parent,
        translate("Restore", "Restore from a backup"),
        translate("Restore", "The passphrase the backup was made with:"),
        secret=True,
    )
    if not passphrase:
        return None
    return backup, passphrase


def restore_and_open(backup: Path, target: Path, passphrase: str) -> Vault:
    """Copy ``backup`` to ``target`` (checked before it takes the name), then open it."""
    restore_vault(backup, target, OpenCopy(passphrase))
    return Vault.open(target, passphrase, exclusive=True)
