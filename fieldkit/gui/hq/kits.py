"""The HQ window's Kits tab: every enrolled kit with HQ's name for it, what it sent, and
whether it was revoked; Revoke kit… opens :class:`~fieldkit.gui.hq.revoke.RevokeKitDialog`."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit import hq
from fieldkit.gui.base.i18n import format_timestamp, translate
from fieldkit.gui.hq.revoke import RevokeKitDialog, kit_status
from fieldkit.vault.store import Vault


class KitsView(QWidget):
    """A read-only table of the enrolled kits (reached with the keyboard like any tab), and
    the button that revokes the one chosen."""

    #: A kit was revoked here.
    revoked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault: Vault | None = None
        self._kits: list[hq.Kit] = []
        self.dialog: RevokeKitDialog | None = None
        self.table = QTableWidget(0, 6)
        self.table.setAccessibleName(translate("Kits", "Enrolled kits"))
        self.table.setHorizontalHeaderLabels(
            [
                translate("Kits", "Name"),
                translate("Kits", "Fingerprint"),
                translate("Kits", "Enrolled"),
                translate("Kits", "Last bundle"),
                translate("Kits", "Interviews stored"),
                translate("Kits", "Status"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.revoke_button = QPushButton(translate("Kits", "&Revoke kit…"))
        self.revoke_button.setAccessibleName(translate("Kits", "Revoke the chosen kit"))
        self.revoke_button.setAutoDefault(False)
        self.revoke_button.setEnabled(False)
        self.revoke_button.clicked.connect(self.ask_revoke)
        self.table.currentCellChanged.connect(lambda *_cells: self._chosen_changed())
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.revoke_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(bar)

    def chosen(self) -> hq.Kit | None:
        row = self.table.currentRow()
        return self._kits[row] if 0 <= row < len(self._kits) else None

    def _chosen_changed(self) -> None:
        kit = self.chosen()
        self.revoke_button.setEnabled(kit is not None and kit.revoked_at is None)

    def ask_revoke(self) -> None:
        """Open the dialog that names the chosen kit; nothing is revoked until its own button."""
        kit = self.chosen()
        if self._vault is None or kit is None or kit.revoked_at is not None:
            return
        self.dialog = RevokeKitDialog(self._vault, kit, self)
        self.dialog.accepted.connect(self.revoked.emit)
        self.dialog.open()

    def show_kits(self, vault: Vault) -> None:
        self._vault = vault
        kits = self._kits = hq.kit_list(vault)
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
                kit_status(kit),
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

        self._chosen_changed()

    def clear(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self._vault, self._kits = None, []
        self.table.setRowCount(0)
        self._chosen_changed()
