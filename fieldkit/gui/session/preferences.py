"""Preferences: the interface language (kept in QSettings) and the idle lock (in the vault)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.base.common import heading, paragraph
from fieldkit.gui.base.language import LANGUAGES

MAX_IDLE_MINUTES = 240


class PreferencesDialog(QDialog):
    """Emits :attr:`chosen` (language code, idle-lock minutes) when OK is pressed."""

    chosen = Signal(str, int)
    reminder_chosen = Signal(bool)  # with ``backup_reminder`` given: the box's state on OK

    def __init__(
        self,
        language: str,
        idle_minutes: int,
        parent: QWidget | None = None,
        *,
        backup_reminder: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(440)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(language), 0))
        self.idle = QSpinBox()
        self.idle.setAccessibleName(self.tr("Lock after this many idle minutes"))
        self.idle.setRange(1, MAX_IDLE_MINUTES)
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setValue(max(1, min(idle_minutes, MAX_IDLE_MINUTES)))
        language_label = QLabel(self.tr("&Language:"))
        language_label.setBuddy(self.language)
        idle_label = QLabel(self.tr("&Lock when idle for:"))
        idle_label.setBuddy(self.idle)
        form = QFormLayout()
        form.addRow(language_label, self.language)
        form.addRow(idle_label, self.idle)
        self.reminder: QCheckBox | None = None
        if backup_reminder is not None:
            self._add_backup_reminder(form, backup_reminder)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Preferences")))
        layout.addLayout(form)
        layout.addWidget(
            paragraph(
                self.tr(
                    "The language is remembered on this computer. The idle lock is kept inside "
                    "the vault: without keyboard or mouse input for that long, fieldkit saves "
                    "and locks."
                )
            )
        )
        layout.addWidget(buttons)

    def _add_backup_reminder(self, form: QFormLayout, on: bool) -> None:
        self.reminder = QCheckBox(self.tr("&Remind me of interviews no backup holds yet"))
        self.reminder.setAccessibleName(self.tr("Remind me of interviews no backup holds yet"))
        self.reminder.setChecked(on)
        form.addRow("", self.reminder)

    def _ok(self) -> None:
        self.chosen.emit(str(self.language.currentData()), self.idle.value())
        if self.reminder is not None:
            self.reminder_chosen.emit(self.reminder.isChecked())
        self.accept()
