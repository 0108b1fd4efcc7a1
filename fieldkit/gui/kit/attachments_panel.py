"""The editor's attachments: the list, adding (file picker or drag and drop), viewing and
playing, what is sent, the metadata review mark, removing.

Thin: every change goes through :mod:`fieldkit.vault.attachments`, the functions the
command line's ``attach`` … ``detach`` call; the slow ones run off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.core.clip import Clip
from fieldkit.core.errors import FieldkitError
from fieldkit.gui.base import prompts
from fieldkit.gui.base.errors import report
from fieldkit.gui.base.work import Cancelled, Op, Progress
from fieldkit.gui.kit import attachment_viewer as viewer
from fieldkit.gui.kit import recorder_dialog as recorder
from fieldkit.vault import attachments
from fieldkit.vault.attachments import Attachment, SendChoice
from fieldkit.vault.fsutil import overwrite_and_unlink
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

#: Files at least this large are added with a progress bar and a Cancel button.
LARGE = 8 * 1024 * 1024


def flash_warning() -> str:
    """:data:`fieldkit.vault.fsutil.FLASH` in the app's language (a test keeps the two one)."""
    return translate(
        "AttachmentsPanel",
        "on SSDs, USB sticks, SD cards and phones, wear levelling can keep the old blocks "
        "readable after any overwrite; only full-disk encryption protects them",
    )


def size_text(n: int) -> str:
    for unit, scale in (
        (translate("AttachmentsPanel", "GB"), 1e9),
        (translate("AttachmentsPanel", "MB"), 1e6),
        (translate("AttachmentsPanel", "KB"), 1e3),
    ):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return translate("AttachmentsPanel", "{n} bytes").format(n=n)


def carries_text(item: Attachment) -> str:
    meta = item.metadata
    if not meta.examined:
        return translate("AttachmentsPanel", "not examined")
    if not meta.items:
        return translate("AttachmentsPanel", "no metadata found")
    return "; ".join(i.text for i in meta.items)


def sends_text(item: Attachment) -> str:
    if item.send is SendChoice.KIT_ONLY:
        return translate("AttachmentsPanel", "nothing: stays on this kit")
    if item.send is SendChoice.STRIPPED:
        text = translate("AttachmentsPanel", "a copy without metadata")
        if item.blurred:
            text = translate("AttachmentsPanel", "a copy without metadata, faces blurred ({n})")
            text = text.format(n=len(item.blurred))
        if item.faces_held:
            text += translate("AttachmentsPanel", " — faces not blurred: held at export")
        return text
    if item.held:
        return translate("AttachmentsPanel", "the original — not reviewed: held at export")
    if item.reviewed_at:
        return translate("AttachmentsPanel", "the original (reviewed)")
    return translate("AttachmentsPanel", "the original")


def _send_labels() -> list[tuple[SendChoice, str]]:
    return [
        (SendChoice.STRIPPED, translate("AttachmentsPanel", "A copy without metadata")),
        (SendChoice.ORIGINAL, translate("AttachmentsPanel", "The original (chain of custody)")),
        (SendChoice.KIT_ONLY, translate("AttachmentsPanel", "Nothing: keep it on this kit")),
    ]


class AttachmentsPanel(QGroupBox):
    """The open interview's attachments. :attr:`before_adding` returns the interview's id
    once it is stored (saving it first), or None when it cannot be saved yet."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("AttachmentsPanel", "Attachments"), parent)
        self.before_adding: Callable[[], str | None] = lambda: None
        self._vault: Vault | None = None
        self._interview: str | None = None
        self._items: list[Attachment] = []
        self._read_only = False
        self.progress: Progress | None = None
        self.viewers: list[QDialog] = []
        self.setAcceptDrops(True)

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

        self.add_button = QPushButton(translate("AttachmentsPanel", "Atta&ch files…"))
        self.add_button.setAccessibleName(translate("AttachmentsPanel", "Attach files"))
        self.record_button = QPushButton(translate("AttachmentsPanel", "Ta&ke a recording…"))
        self.record_button.setAccessibleName(translate("AttachmentsPanel", "Record sound"))
        self.open_button = QPushButton(translate("AttachmentsPanel", "Vie&w or play"))
        self.open_button.setAccessibleName(translate("AttachmentsPanel", "View or play"))
        self.remove_button = QPushButton(translate("AttachmentsPanel", "Remove…"))
        self.remove_button.setAccessibleName(translate("AttachmentsPanel", "Remove attachment"))
        self.send = QComboBox()
        self.send.setAccessibleName(translate("AttachmentsPanel", "What is sent to HQ"))
        for choice, label in _send_labels():
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
        self.bar = QProgressBar()
        self.bar.setAccessibleName(translate("AttachmentsPanel", "Sealing into the vault"))
        self.cancel_button = QPushButton(translate("AttachmentsPanel", "Cancel adding"))
        for button in (self.add_button, self.record_button, self.open_button, self.remove_button):
            button.setAutoDefault(False)
        for button in (self.reviewed_button, self.cancel_button):
            button.setAutoDefault(False)

        buttons = QHBoxLayout()
        for widget in (self.add_button, self.record_button, self.open_button, self.remove_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        choice = QHBoxLayout()
        choice.addWidget(self.send_label)
        choice.addWidget(self.send, 1)
        choice.addWidget(self.reviewed_button)
        working = QHBoxLayout()
        working.addWidget(self.bar, 1)
        working.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list)
        layout.addWidget(self.details)
        layout.addLayout(choice)
        layout.addLayout(working)
        layout.addLayout(buttons)
        self._working(False)

        self.add_button.clicked.connect(self.choose_files)
        self.record_button.clicked.connect(self.record)
        self.open_button.clicked.connect(self.open_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.reviewed_button.clicked.connect(self.mark_reviewed)
        self.send.activated.connect(self._send_chosen)
        self.cancel_button.clicked.connect(self._cancel)
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

    @property
    def items(self) -> list[Attachment]:
        return list(self._items)

    @property
    def current(self) -> Attachment | None:
        row = self.list.indexOfTopLevelItem(self.list.currentItem()) if self._items else -1
        return self._items[row] if 0 <= row < len(self._items) else None

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

    def _working(self, busy: bool) -> None:
        self.bar.setVisible(busy)
        self.cancel_button.setVisible(busy)

    # --- adding -----------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths = prompts.open_files(self, translate("AttachmentsPanel", "Attach files"))
        if paths:
            self.add(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(u.isLocalFile() for u in urls) and self.add_button.isEnabled():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        if paths:
            self.add(paths)

    def add(self, paths: list[Path]) -> None:
        """Seal the files into the vault (all or none), off the GUI thread."""
        vault = self._vault
        if vault is None or self.progress is not None or self._read_only:
            return
        interview = self.before_adding()
        if interview is None:
            prompts.warning(
                self,
                translate("AttachmentsPanel", "Not attached"),
                translate(
                    "AttachmentsPanel",
                    "The interview must be saved before files can be attached: fill in a "
                    "field (the date, say) and fix any marked in red, then try again.",
                ),
            )
            return
        self._interview = interview
        progress = Progress(self)
        self.progress = progress
        self.bar.setRange(0, 0)
        progress.changed.connect(self._progressed)
        self._working(self._large(paths))
        self._show_current()
        Op(lambda: attachments.attach(vault, interview, paths, progress=progress), self).success(
            lambda added: self._added(added, paths)
        ).failure(self._not_added).run()

    @staticmethod
    def _large(paths: list[Path]) -> bool:
        total = 0
        for path in paths:
            try:
                total += path.stat().st_size
            except OSError:
                pass
        return total >= LARGE

    def _progressed(self, done: int, total: int) -> None:
        scale = max(1, total // 1_000_000)  # a QProgressBar counts in int
        self.bar.setRange(0, max(1, total // scale))
        self.bar.setValue(done // scale)

    def _cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()

    def _finished(self) -> None:
        self.progress = None
        self._working(False)

    def _added(self, added: list[Attachment], paths: list[Path]) -> None:
        self._finished()
        self.reload(select=added[-1].id if added else None)
        self.changed.emit()
        self.offer_removal(paths)

    def _not_added(self, error: BaseException) -> None:
        self._finished()
        self._show_current()
        if isinstance(error, Cancelled):
            return  # nothing was kept, as the person asked
        report(self, error, translate("AttachmentsPanel", "Not attached"))

    def offer_removal(self, paths: list[Path]) -> None:
        """Ask whether to overwrite and remove the originals, saying what that cannot do."""
        question = translate(
            "AttachmentsPanel",
            "Sealed in the vault. The original files are still where they were. Overwrite "
            "and remove them now? Note: {flash}.",
        ).format(flash=flash_warning())
        if not prompts.confirm(
            self, translate("AttachmentsPanel", "Remove the originals?"), question
        ):
            return
        failed = 0
        for path in paths:
            try:
                overwrite_and_unlink(path)
            except (OSError, FieldkitError):
                failed += 1
        if failed:
            prompts.warning(
                self,
                translate("AttachmentsPanel", "Not all removed"),
                translate(
                    "AttachmentsPanel", "{n} of the original files could not be removed."
                ).format(n=failed),
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
        self.viewers = [v for v in self.viewers if _alive(v)] + [dialog]

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
        self.viewers = [v for v in self.viewers if _alive(v)] + [dialog]

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
        self.viewers = [v for v in self.viewers if _alive(v)] + [dialog]

    def _recorded(self, attachment: Attachment | None) -> None:
        self.reload(select=attachment.id if attachment is not None else None)
        self.changed.emit()

    def close_viewers(self) -> None:
        for dialog in self.viewers:
            if _alive(dialog) and isinstance(dialog, recorder.RecorderDialog):
                dialog.keep()  # locked or another interview: what was recorded is saved
            if _alive(dialog):
                dialog.close()
        self.viewers = []


def _alive(widget: Any) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))
