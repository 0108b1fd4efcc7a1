"""Adding files to the editor's attachments: the file picker and drag and drop, sealing off
the GUI thread (a progress bar and Cancel for large files), and the offer to overwrite and
remove the originals afterwards.

:class:`AttachmentAdding` is the base of :class:`~fieldkit.gui.kit.attachments_panel.
AttachmentsPanel`, which shows the list; the sealing is :func:`fieldkit.vault.attachments.
attach`, what the command line's ``attach`` calls.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QProgressBar, QPushButton, QWidget

from fieldkit.core.errors import FieldkitError
from fieldkit.gui.base import prompts
from fieldkit.gui.base.errors import report
from fieldkit.gui.base.work import Cancelled, Op, Progress
from fieldkit.gui.kit.attachment_text import flash_warning
from fieldkit.vault import attachments
from fieldkit.vault.attachments import Attachment
from fieldkit.vault.fsutil import overwrite_and_unlink
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

#: Files at least this large are added with a progress bar and a Cancel button.
LARGE = 8 * 1024 * 1024


class AttachmentAdding(QGroupBox):
    """The open interview's attachments as far as adding goes. :attr:`before_adding` returns
    the interview's id once it is stored (saving it first), or None when it cannot be saved
    yet; :attr:`progress` is set while a change runs (adding, or one the panel makes)."""

    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.before_adding: Callable[[], str | None] = lambda: None
        self._vault: Vault | None = None
        self._interview: str | None = None
        self._read_only = False
        self.progress: Progress | None = None
        self.setAcceptDrops(True)
        self.add_button = QPushButton(translate("AttachmentsPanel", "Atta&ch files…"))
        self.add_button.setAccessibleName(translate("AttachmentsPanel", "Attach files"))
        self.bar = QProgressBar()
        self.bar.setAccessibleName(translate("AttachmentsPanel", "Sealing into the vault"))
        self.cancel_button = QPushButton(translate("AttachmentsPanel", "Cancel adding"))
        self.cancel_button.setAutoDefault(False)
        self.working = QHBoxLayout()
        self.working.addWidget(self.bar, 1)
        self.working.addWidget(self.cancel_button)
        self._working(False)
        self.add_button.clicked.connect(self.choose_files)
        self.cancel_button.clicked.connect(self._cancel)

    def reload(self, select: str | None = None) -> None:
        """The list read again, ``select`` chosen in it (the panel's)."""
        raise NotImplementedError

    def _show_current(self) -> None:
        """The buttons enabled for the chosen attachment and what runs (the panel's)."""
        raise NotImplementedError

    def _working(self, busy: bool) -> None:
        self.bar.setVisible(busy)
        self.cancel_button.setVisible(busy)

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
