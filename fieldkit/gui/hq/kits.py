"""The HQ window's Kits tab: every enrolled kit with HQ's name for it and what it sent."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit import hq
from fieldkit.gui.base.i18n import format_timestamp, translate
from fieldkit.vault.store import Vault


class KitsView(QWidget):
    """A read-only table of the enrolled kits (reached with the keyboard like any tab)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName(translate("Kits", "Enrolled kits"))
        self.table.setHorizontalHeaderLabels(
            [
                translate("Kits", "Name"),
                translate("Kits", "Fingerprint"),
                translate("Kits", "Enrolled"),
                translate("Kits", "Last bundle"),
                translate("Kits", "Interviews stored"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def show_kits(self, vault: Vault) -> None:
        kits = hq.kit_list(vault)
        self.table.setRowCount(len(kits))
        for row, kit in enumerate(kits):
            last = (
                translate("Kits", "{n}, imported {when}").format(
                    n=kit.last_sequence, when=format_timestamp(kit.last_imported_at or "")
                )
                if kit.last_sequence is not None
                else translate("Kits", "none yet")
            )
            values = (
                kit.name,
                kit.fingerprint,
                format_timestamp(kit.enrolled_at),
                last,
                str(kit.interviews),
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def clear(self) -> None:
        self.table.setRowCount(0)
