"""Vault → Back up…: choose a folder, write a checked copy of the vault there in the
background, then say what was written (a folder whose random name reveals nothing)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QWidget

from fieldkit.gui.base.plurals import Counted
from fieldkit.gui.base.task_dialog import FolderTaskDialog
from fieldkit.gui.base.work import Progress
from fieldkit.vault.backup_note import backup_and_note, not_backed_up
from fieldkit.vault.settings import BACKUP_REMINDER
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate


class BackupDialog(FolderTaskDialog):
    """Runs :func:`backup_vault`; :attr:`backed_up` carries the folder written."""

    backed_up = Signal(object)  # Path

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(
            translate("Backup", "Back up the vault"),
            translate("Backup", "Back up the vault"),
            translate(
                "Backup",
                "Writes an encrypted copy of the whole vault into a new folder, on a USB stick "
                "or another disk. It opens with the same passphrase or recovery key; keep it "
                "somewhere else than this computer.",
            ),
            translate("Backup", "&Back up"),
            parent,
        )
        self._vault = vault
        self.add_folder(
            translate("Backup", "Folder for the backup"),
            translate("Backup", "&Folder:"),
            translate("Backup", "Choose where to write the backup (e.g. a USB stick)"),
        )
        self.refresh()

    def run(self) -> None:
        folder = self.folder.path()
        if folder is None or self.busy:
            return
        vault = self._vault

        def work(_progress: Progress) -> Path:
            return backup_and_note(vault, folder)

        self.start(work, self._done, busy_text=translate("Backup", "Writing the backup…"))

    def _done(self, written: Path) -> None:
        self.say(
            translate(
                "Backup",
                "The backup is the folder “{name}” in {folder}. Its name says nothing about "
                "what it holds; to restore it, choose Restore from a backup… when fieldkit "
                "starts without a vault, or run fieldkit restore.",
            ).format(name=written.name, folder=written.parent)
        )
        self.run_button.hide()
        self.cancel_button.setText(translate("Backup", "Close"))
        self.backed_up.emit(written)


def reminder_text(vault: Vault) -> str:
    """The status bar's reminder: interviews HQ has not confirmed that no backup holds."""
    if not vault.get_setting(BACKUP_REMINDER):
        return ""
    count = not_backed_up(vault)
    if count == 0:
        return ""
    return Counted().not_backed_up(count)
