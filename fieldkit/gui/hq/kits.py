"""The HQ window's Kits tab: every enrolled kit with HQ's name for it, what it sent, and
whether it was revoked; Rename… gives a kit another name (as ``fieldkit hq rename-kit``),
Revoke kit… opens :class:`~fieldkit.gui.hq.revoke.RevokeKitDialog`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit import hq
from fieldkit.gui.base.common import read_only_table
from fieldkit.gui.base.errors import ran
from fieldkit.gui.base.i18n import format_timestamp, translate
from fieldkit.gui.base.prompts import NameAsked, NameField
from fieldkit.gui.hq.revoke import RevokeKitDialog, accept_new_key, kit_status
from fieldkit.hq.dataset import MAX_KIT_NAME
from fieldkit.vault.store import Vault


def name_check(vault: Vault, kit_id: str = "") -> Callable[[str], str]:
    """What is wrong with a name for the kit ``kit_id`` ("" for one being enrolled), in
    words; "" when nothing is. The rules are :func:`fieldkit.hq.kit_name_problem`'s."""

    def check(name: str) -> str:
        problem = hq.kit_name_problem(vault, name, kit_id)
        if problem is hq.KitNameProblem.EMPTY:
            return translate("Kits", "Give the kit a name: HQ shows it wherever the kit appears.")
        if problem is hq.KitNameProblem.TOO_LONG:
            return translate("Kits", "A kit's name is at most {n} characters.").format(
                n=MAX_KIT_NAME
            )
        if problem is hq.KitNameProblem.CONTROL:
            return translate("Kits", "A kit's name cannot contain control characters.")
        if problem is hq.KitNameProblem.TAKEN:
            return translate("Kits", "Another kit already has this name: choose another.")
        return ""

    return check


def kit_name_asked(vault: Vault, value: str, kit_id: str = "") -> NameAsked:
    """The name field of the enrol and rename dialogs, starting with ``value``."""
    return NameAsked(
        translate("Kits", "HQ's &name for this kit:"),
        translate("Kits", "HQ's name for this kit"),
        value,
        name_check(vault, kit_id),
    )


class RenameKitDialog(QDialog):
    """Another name for one kit; Rename stays disabled while the name would be refused."""

    def __init__(self, vault: Vault, kit: hq.Kit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault, self._kit = vault, kit
        self.setWindowTitle(translate("Kits", "Rename kit"))
        self.setMinimumWidth(480)
        intro = QLabel(
            translate("Kits", "Kit {fingerprint}, now named “{name}”.").format(
                fingerprint=kit.fingerprint, name=kit.name
            )
        )
        intro.setWordWrap(True)
        self.name = NameField(kit_name_asked(vault, kit.name, kit.kit_id))
        self.buttons = QDialogButtonBox()
        self.rename_button = self.buttons.addButton(
            translate("Kits", "&Rename"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.rename_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._rename)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)
        self.name.edit.textChanged.connect(self._refresh)
        self.name.edit.selectAll()
        self.name.edit.setFocus()
        self._refresh()

    def _refresh(self) -> None:
        self.rename_button.setEnabled(not self.name.problem_text())

    def _rename(self) -> None:
        if self.name.problem_text():
            return
        renamed = ran(
            self,
            self.windowTitle(),
            lambda: hq.rename_kit(self._vault, self._kit.fingerprint, self.name.text()),
        )
        if renamed:
            self.accept()


class KitsView(QWidget):
    """A read-only table of the enrolled kits (reached with the keyboard like any tab), and
    the button that revokes the one chosen."""

    #: A kit was revoked, or took a new key, here.
    kits_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault: Vault | None = None
        self._kits: list[hq.Kit] = []
        self.dialog: RevokeKitDialog | None = None
        self.rename_dialog: RenameKitDialog | None = None
        self.table = read_only_table(
            translate("Kits", "Enrolled kits"),
            [
                translate("Kits", "Name"),
                translate("Kits", "Fingerprint"),
                translate("Kits", "Enrolled"),
                translate("Kits", "Last bundle"),
                translate("Kits", "Interviews stored"),
                translate("Kits", "Status"),
            ],
        )
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for its buttons
        self.revoke_button = QPushButton(translate("Kits", "&Revoke kit…"))
        self.revoke_button.setAccessibleName(translate("Kits", "Revoke the chosen kit"))
        self.revoke_button.setAutoDefault(False)
        self.revoke_button.setEnabled(False)
        self.revoke_button.clicked.connect(self.ask_revoke)
        self.table.currentCellChanged.connect(lambda *_cells: self._chosen_changed())
        self.rename_button = QPushButton(translate("Kits", "Rename…"))
        self.rename_button.setAccessibleName(translate("Kits", "Rename the chosen kit"))
        self.rename_button.setAutoDefault(False)
        self.rename_button.setEnabled(False)
        self.rename_button.clicked.connect(self.ask_rename)
        self.new_key_button = QPushButton(translate("Kits", "Accept &new key…"))
        self.new_key_button.setAccessibleName(translate("Kits", "Accept a kit's new key"))
        self.new_key_button.setAutoDefault(False)
        self.new_key_button.setEnabled(False)
        self.new_key_button.clicked.connect(self.ask_new_key)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.rename_button)
        bar.addWidget(self.new_key_button)
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
        self.rename_button.setEnabled(kit is not None)

    def ask_rename(self) -> None:
        """Open the dialog that renames the chosen kit; the name changes on its Rename."""
        kit = self.chosen()
        if self._vault is None or kit is None:
            return
        self.rename_dialog = RenameKitDialog(self._vault, kit, self)
        self.rename_dialog.accepted.connect(self.kits_changed.emit)
        self.rename_dialog.open()

    def ask_revoke(self) -> None:
        """Open the dialog that names the chosen kit; nothing is revoked until its own button."""
        kit = self.chosen()
        if self._vault is None or kit is None or kit.revoked_at is not None:
            return
        self.dialog = RevokeKitDialog(self._vault, kit, self)
        self.dialog.accepted.connect(self.kits_changed.emit)
        self.dialog.open()

    def ask_new_key(self) -> None:
        """Take a kit's move to a new key from its statement, after the phone comparison."""
        if self._vault is not None and accept_new_key(self, self._vault):
            self.kits_changed.emit()

    def show_kits(self, vault: Vault) -> None:
        self._vault = vault
        self.new_key_button.setEnabled(True)
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
            if kit.revoked_reason:
                self.table.item(row, len(values) - 1).setToolTip(kit.revoked_reason)

        self._chosen_changed()

    def clear(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        if self.rename_dialog is not None:
            self.rename_dialog.reject()
        self._vault, self._kits = None, []
        self.new_key_button.setEnabled(False)
        self.table.setRowCount(0)
        self._chosen_changed()
