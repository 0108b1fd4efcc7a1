"""The editor's attachments: the list, viewing and playing, recording, what is sent, the
metadata review mark, removing; adding (file picker or drag and drop) is its base's,
:mod:`~fieldkit.gui.kit.attachment_adding`.

Thin: every change goes through :mod:`fieldkit.vault.attachments`, the functions the
command line's ``attach`` … ``detach`` call; the slow ones run off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from fieldkit.core.clip import Clip
from fieldkit.core.errors import FieldkitError
from fieldkit.gui.base import prompts
from fieldkit.gui.base.common import button_row, stacked
from fieldkit.gui.base.errors import report
from fieldkit.gui.base.work import Op, Progress
from fieldkit.gui.kit import attachment_viewer as viewer
from fieldkit.gui.kit import recorder_dialog as recorder
from fieldkit.gui.kit.attachment_adding import AttachmentAdding
from fieldkit.gui.kit.attachment_text import carries_text, send_labels, sends_text, size_text
from fieldkit.vault import attachments
from fieldkit.vault.attachments import Attachment, SendChoice
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate


class AttachmentsPanel(AttachmentAdding, viewer.Listed[Attachment]):
    """The open interview's attachments: the list, what is sent, viewing, removing (adding is
    :class:`~fieldkit.gui.kit.attachment_adding.AttachmentAdding`'s)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("AttachmentsPanel", "Attachments"), parent)
        self._items: list[Attachment] = []
        self.viewers = viewer.OpenViewers()

        self.list = QTreeWidget()
        self.list.setAccessibleName(translate("AttachmentsPanel", "Attachments"))
        self.list.setRootIsDecorated(False)
        self.list.setAllColumnsShowFocus(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels(
            [
                translate("AttachmentsPanel", "Name"),
                translate("AttachmentsPanel", "Type"),
                translate("AttachmentsPanel", "Size"),
                translate("AttachmentsPanel", "Carries"),
                translate("AttachmentsPanel", "Sends"),
            ]
        )
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setStretchLastSection(True)
        self.list.setMinimumHeight(90)
        self.list.setMaximumHeight(180)
        self.hint = QLabel(
            translate(
                "AttachmentsPanel",
                "No attachments. Add photos, recordings or documents, or drop files here; "
                "they are sealed in the vault.",
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)

        self.record_button = QPushButton(translate("AttachmentsPanel", "Ta&ke a recording…"))
        self.record_button.setAccessibleName(translate("AttachmentsPanel", "Record sound"))
        self.open_button = QPushButton(translate("AttachmentsPanel", "Vie&w or play"))
        self.open_button.setAccessibleName(translate("AttachmentsPanel", "View or play"))
        self.remove_button = QPushButton(translate("AttachmentsPanel", "Remove…"))
        self.remove_button.setAccessibleName(translate("AttachmentsPanel", "Remove attachment"))
        self.send = QComboBox()
        self.send.setAccessibleName(translate("AttachmentsPanel", "What is sent to HQ"))
        for choice, label in send_labels():
            self.send.addItem(label, choice.value)
        self.send_label = QLabel(translate("AttachmentsPanel", "Sends:"))
        self.send_label.setBuddy(self.send)
        self.reviewed_button = QPushButton(translate("AttachmentsPanel", "Metadata reviewed"))
        self.reviewed_button.setAccessibleName(
            translate("AttachmentsPanel", "Mark the metadata as reviewed")
        )
        self.reviewed_button.setToolTip(
            translate(
                "AttachmentsPanel",
                "You read what the original carries (place, serial number, author) and it may "
                "go to HQ: the export stops holding this interview back for it.",
            )
        )
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setAccessibleName(translate("AttachmentsPanel", "What the file carries"))
        self.reviewed_button.setAutoDefault(False)

        buttons = button_row(
            self.add_button, self.record_button, self.open_button, self.remove_button
        )
        choice = QHBoxLayout()
        choice.addWidget(self.send_label)
        choice.addWidget(self.send, 1)
        choice.addWidget(self.reviewed_button)
        stacked(self, self.hint, self.list, self.details, choice, self.working, buttons)

        self.record_button.clicked.connect(self.record)
        self.open_button.clicked.connect(self.open_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.reviewed_button.clicked.connect(self.mark_reviewed)
        self.send.activated.connect(self._send_chosen)
        self.list.itemActivated.connect(lambda *_: self.open_current())
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.list, self.remove_current)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._show_current()

    # --- what is shown ----------------------------------------------------------------------

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault
        if vault is None:
            self.show_interview(None)

    def show_interview(self, interview_id: str | None, *, read_only: bool = False) -> None:
        """The attachments of the interview (None: nothing shown, the viewers closed)."""
        if interview_id != self._interview or interview_id is None:
            self.close_viewers()
        self._interview = interview_id
        self._read_only = read_only
        self.reload()

    def reload(self, select: str | None = None) -> None:
        current = select or (self.current.id if self.current else None)
        vault, interview = self._vault, self._interview
        self._items = []
        if vault is not None and vault.is_open and interview is not None:
            try:
                self._items = attachments.list_for(vault, interview)
            except FieldkitError as error:
                report(self, error, translate("AttachmentsPanel", "Attachments"))
        self.list.clear()
        for item in self._items:
            row = QTreeWidgetItem(
                [
                    item.file_name,
                    item.media_type.name,
                    size_text(item.size),
                    carries_text(item),
                    sends_text(item),
                ]
            )
            row.setToolTip(3, carries_text(item))
            self.list.addTopLevelItem(row)
            if item.id == current:
                self.list.setCurrentItem(row)
        if self.list.currentItem() is None and self._items:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.list.setVisible(bool(self._items))
        self.hint.setVisible(not self._items)
        self._show_current()

    def _current_row(self) -> int:
        return self.list.indexOfTopLevelItem(self.list.currentItem()) if self._items else -1

    def _show_current(self) -> None:
        item = self.current
        busy = self.progress is not None
        editable = not self._read_only and not busy and self._interview is not None
        self.add_button.setEnabled(editable)
        self.record_button.setEnabled(editable)
        for widget in (self.open_button, self.remove_button, self.send, self.reviewed_button):
            widget.setEnabled(item is not None and (editable or widget is self.open_button))
        self.send_label.setEnabled(self.send.isEnabled())
        if item is None:
            self.details.setText("")
            self.details.setVisible(False)
            return
        self.send.setCurrentIndex(self.send.findData(item.send.value))
        self.open_button.setEnabled(viewer.viewable(item))
        reviewed = item.reviewed_at is not None
        self.reviewed_button.setEnabled(self.reviewed_button.isEnabled() and not reviewed)
        self.reviewed_button.setText(
            translate("AttachmentsPanel", "Metadata reviewed ✓")
            if reviewed
            else translate("AttachmentsPanel", "Mark metadata reviewed")
        )
        self.details.setVisible(True)
        self.details.setText(
            translate("AttachmentsPanel", "{name} carries: {carries}. SHA-256 {sha}…").format(
                name=item.file_name, carries=carries_text(item), sha=item.sha256[:16]
            )
        )

    # --- changing, viewing, removing --------------------------------------------------------

    def _send_chosen(self, index: int) -> None:
        item, vault = self.current, self._vault
        choice = SendChoice(self.send.itemData(index))
        if item is None or vault is None or choice is item.send:
            return
        self._change(lambda: attachments.set_send(vault, item, choice))

    def mark_reviewed(self) -> None:
        item, vault = self.current, self._vault
        if item is None or vault is None or item.reviewed_at is not None:
            return
        self._change(lambda: attachments.set_send(vault, item, None, reviewed=True))

    def _change(self, work: Callable[[], Attachment]) -> None:
        self.progress = Progress(self)  # busy: no second change while the first runs
        self._show_current()

        def done(changed: Attachment) -> None:
            self._finished()
            self.reload(select=changed.id)
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self._finished()
            self.reload()
            report(self, error, translate("AttachmentsPanel", "Not changed"))

        Op(work, self).success(done).failure(failed).run()

    def remove_current(self) -> None:
        item, vault = self.current, self._vault
        if item is None or vault is None or self._read_only or self.progress is not None:
            return
        if not prompts.confirm(
            self,
            translate("AttachmentsPanel", "Remove attachment"),
            translate(
                "AttachmentsPanel",
                "Remove {name} from this interview? Its key is erased: the sealed file can "
                "never be read again, on this computer or from a backup made after now.",
            ).format(name=item.file_name),
            destructive=True,
        ):
            return
        try:
            attachments.detach(vault, item)
        except FieldkitError as error:
            report(self, error, translate("AttachmentsPanel", "Not removed"))
        self.reload()
        self.changed.emit()
        self.list.setFocus()

    def open_current(self) -> None:
        item, vault = self.current, self._vault
        if item is None or vault is None:
            return
        try:
            dialog = viewer.open_viewer(vault, item, self.window(), editable=not self._read_only)
        except FieldkitError as error:
            report(self, error, translate("AttachmentsPanel", "Cannot show it here"))
            return
        if isinstance(dialog, viewer.PhotoViewer):
            dialog.changed.connect(lambda changed: (self.reload(changed.id), self.changed.emit()))
        self.viewers.keep(dialog)

    def play_clip(self, clip: Clip) -> None:
        """Play the stretch of one of the interview's recordings a quote points to."""
        found = [a for a in self.items if a.id == clip.attachment]
        if not found:
            report(
                self,
                FieldkitError(
                    translate(
                        "AttachmentsPanel",
                        "The recording this quote points to is no longer attached.",
                    )
                ),
                translate("AttachmentsPanel", "Cannot show it here"),
            )
            return
        vault = self._vault
        if vault is None:
            return
        try:
            dialog = viewer.open_viewer(vault, found[0], self.window())
        except FieldkitError as error:
            report(self, error, translate("AttachmentsPanel", "Cannot show it here"))
            return
        if isinstance(dialog, viewer.Player):
            dialog.play_range(clip.start_ms, clip.end_ms)
        self.viewers.keep(dialog)

    def record(self) -> None:
        """The recorder, on the computer's inputs (one dialog says so where there is none)."""
        vault, interview = self._vault, self._interview
        if vault is None or interview is None or not self.record_button.isEnabled():
            return
        devices = recorder.input_devices()
        if not devices:
            prompts.information(
                self,
                translate("AttachmentsPanel", "No microphone"),
                translate(
                    "AttachmentsPanel",
                    "This computer has no sound input that the app can use: connect a "
                    "microphone (or check that its sound system is running) and try again.",
                ),
            )
            return
        dialog = recorder.RecorderDialog(vault, interview, devices, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._recorded)
        dialog.show()
        self.viewers.keep(dialog)

    def _recorded(self, attachment: Attachment | None) -> None:
        self.reload(select=attachment.id if attachment is not None else None)
        self.changed.emit()

    def close_viewers(self) -> None:
        for dialog in self.viewers.alive():
            if isinstance(dialog, recorder.RecorderDialog):
                dialog.keep()  # locked or another interview: what was recorded is saved
        self.viewers.close_all()
