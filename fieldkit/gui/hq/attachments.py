"""The attachments HQ holds of one interview (the record view) or of a quarantined record:
what each copy is, where it came from (kit, bundle, when), its hashes, viewing and playing
from the sealed bytes, and a plaintext copy written on purpose.

Thin: the list is :func:`fieldkit.hq.attachments.for_interview` (or ``for_quarantined``),
the bytes come through ``open_reader`` into the kit's own viewer and player, and the copy
is ``write_copy``, the functions ``fieldkit hq attachments`` and ``attachment-save`` call.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from fieldkit.core.errors import FieldkitError
from fieldkit.gui.base import prompts
from fieldkit.gui.base.common import button_row, read_only_table, stacked
from fieldkit.gui.base.errors import report
from fieldkit.gui.base.i18n import format_timestamp
from fieldkit.gui.base.work import Op
from fieldkit.gui.kit import attachment_viewer as viewer
from fieldkit.gui.kit.attachment_text import flash_warning, size_text
from fieldkit.hq import attachments as hq_attachments
from fieldkit.hq.attachments import HqAttachment
from fieldkit.media import mediatypes
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

#: What the app shows or plays itself (as on the kit: no document viewer in this version).
VIEWED = (mediatypes.Kind.IMAGE, mediatypes.Kind.AUDIO, mediatypes.Kind.VIDEO)
#: The hashes are shown by their first characters (the tooltip has the whole).
SHORT = 12


def copy_label(item: HqAttachment) -> str:
    """Which copy HQ holds, in words."""
    if item.copy == "original":
        return translate("HqAttachments", "original")
    return translate("HqAttachments", "copy without metadata")


def kit_label(item: HqAttachment) -> str:
    return f"{item.kit_name} ({item.kit_fingerprint})" if item.kit_name else item.kit_fingerprint


class HqAttachmentsPanel(QGroupBox, viewer.Listed[HqAttachment]):
    """A read-only list of attachments HQ holds, with **View or play** and **Save a copy…**."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("HqAttachments", "Attachments"), parent)
        self._vault: Vault | None = None
        self._items: list[HqAttachment] = []
        self._subject = ""
        self.viewers = viewer.OpenViewers()
        self.saving = False
        self.list = read_only_table(
            translate("HqAttachments", "Attachments"),
            [
                "#",
                translate("HqAttachments", "Type"),
                translate("HqAttachments", "Size"),
                translate("HqAttachments", "HQ holds"),
                translate("HqAttachments", "Kit"),
                translate("HqAttachments", "Bundle"),
                translate("HqAttachments", "Received"),
                "SHA-256",
                translate("HqAttachments", "Original's SHA-256"),
            ],
        )
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setTabKeyNavigation(False)  # Tab leaves the list, as in every other list
        self.list.setMinimumHeight(110)  # the header and three rows
        self.list.setMaximumHeight(170)
        self.list.setToolTip(
            translate(
                "HqAttachments",
                "Press Enter on a row to view the photo or play the recording, from the "
                "sealed copy in the dataset.",
            )
        )
        self.hint = QLabel(translate("HqAttachments", "No attachments came with it."))
        self.hint.setEnabled(False)
        self.open_button = QPushButton(translate("HqAttachments", "Vie&w or play"))
        self.open_button.setAccessibleName(translate("HqAttachments", "View or play"))
        self.save_button = QPushButton(translate("HqAttachments", "Save a co&py…"))
        self.save_button.setAccessibleName(
            translate("HqAttachments", "Save an unencrypted copy outside the dataset")
        )
        stacked(self, self.hint, self.list, button_row(self.open_button, self.save_button))
        self.open_button.clicked.connect(self.open_current)
        self.save_button.clicked.connect(self.save_current)
        self.list.itemActivated.connect(lambda *_: self.open_current())
        self.list.currentCellChanged.connect(lambda *_: self._enable())
        self.clear()

    # --- what is shown ----------------------------------------------------------------------

    def show_items(self, vault: Vault, items: Sequence[HqAttachment], subject: str) -> None:
        """``items`` of ``vault``; ``subject`` names the interview in the viewers' titles."""
        if subject != self._subject:
            self.close_viewers()
        self._vault, self._items, self._subject = vault, list(items), subject
        self.list.setRowCount(len(self._items))
        for row, item in enumerate(self._items):
            values = (
                str(row + 1),
                mediatypes.of(item.media_type).name,
                size_text(item.size),
                copy_label(item),
                kit_label(item),
                item.bundle_id[:8],
                format_timestamp(item.received_at),
                item.sha256[:SHORT] + "…",
                item.original_sha256[:SHORT] + "…",
            )
            tips = {5: item.bundle_id, 7: item.sha256, 8: item.original_sha256}
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column in tips:
                    cell.setToolTip(tips[column])
                self.list.setItem(row, column, cell)
        if self._items:
            self.list.setCurrentCell(0, 0)
        self.list.setVisible(bool(self._items))
        self.hint.setVisible(not self._items)
        self._enable()

    def clear(self) -> None:
        """Nothing shown, the viewers closed (another interview, or the dataset locked)."""
        self.close_viewers()
        self._vault, self._items, self._subject = None, [], ""
        self.list.setRowCount(0)
        self.list.hide()
        self.hint.show()
        self._enable()

    def _current_row(self) -> int:
        return self.list.currentRow()

    def _enable(self) -> None:
        item = self.current
        shown = item is not None and mediatypes.of(item.media_type).kind in VIEWED
        self.open_button.setEnabled(shown)
        self.save_button.setEnabled(item is not None and not self.saving)

    # --- viewing ----------------------------------------------------------------------------

    def open_current(self) -> None:
        item, vault = self.current, self._vault
        if item is None or vault is None:
            return
        number = self._items.index(item) + 1
        title = translate("HqAttachments", "Attachment {n} of interview {id} (kit {kit})").format(
            n=number, id=self._subject[:8], kit=kit_label(item)
        )
        try:
            dialog = viewer.open_sealed(
                lambda: hq_attachments.open_reader(vault, item),
                mediatypes.of(item.media_type),
                item.size,
                title,
                self.window(),
            )
        except FieldkitError as error:
            report(self, error, translate("HqAttachments", "Cannot show it here"))
            return
        self.viewers.keep(dialog)

    def close_viewers(self) -> None:
        self.viewers.close_all()

    # --- a plaintext copy, on purpose -------------------------------------------------------

    def save_current(self) -> None:
        item, vault = self.current, self._vault
        if item is None or vault is None or self.saving:
            return
        if not prompts.confirm(
            self,
            translate("HqAttachments", "Save an unencrypted copy?"),
            translate(
                "HqAttachments",
                "The copy will be outside the dataset, unencrypted, and stays readable by "
                "anyone with this disk; remove it when done. Note: {flash}.",
            ).format(flash=flash_warning()),
        ):
            return
        suffix = mimetypes.guess_extension(item.media_type) or ""
        path = prompts.save_file(
            self, translate("HqAttachments", "Save a copy of the attachment"), suffix=suffix
        )
        if path is None:
            return
        self.saving = True
        self._enable()

        def saved(_written: int) -> None:
            self.saving = False
            self._enable()
            prompts.information(
                self,
                translate("HqAttachments", "Copy saved"),
                translate(
                    "HqAttachments",
                    "Wrote an unencrypted copy to {path}. Remove it when done.",
                ).format(path=path),
            )

        def failed(error: BaseException) -> None:
            self.saving = False
            self._enable()
            report(self, error, translate("HqAttachments", "Not saved"))

        Op(lambda: hq_attachments.write_copy(vault, item, path), self).success(saved).failure(
            failed
        ).run()
