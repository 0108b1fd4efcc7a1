"""Dialogs that gather a few choices, then run one slow function with a progress bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.base import prompts
from fieldkit.gui.base.common import button_box, named_button, page_layout, paragraph, set_buddy
from fieldkit.gui.base.errors import report
from fieldkit.gui.base.work import Cancelled, Op, Progress

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

T = TypeVar("T")


class PathField(QWidget):
    """A path typed or chosen with a button; ``choose`` asks the prompt seam."""

    changed = Signal()

    def __init__(
        self, name: str, choose: Callable[[], Path | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._choose = choose
        self.edit = QLineEdit()
        self.edit.setAccessibleName(name)
        self.button = QPushButton(translate("TaskDialog", "C&hoose…"))
        self.button.setAccessibleName(translate("TaskDialog", "Choose: {name}").format(name=name))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())
        self.button.clicked.connect(self.choose)

    def choose(self) -> None:
        chosen = self._choose()
        if chosen is not None:
            self.set_path(chosen)

    def set_path(self, path: Path | None) -> None:
        self.edit.setText(str(path) if path else "")

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None


class TaskDialog(QDialog):
    """Subclasses add rows to :attr:`form`, decide :meth:`can_run`, and call :meth:`start`.

    Shown with ``open()`` (never ``exec()``), deleted when closed. While the work runs, Cancel
    stops it at the next chunk (if it can be stopped) and the dialog cannot be closed.
    """

    def __init__(
        self, title: str, head: str, intro: str, run_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._busy = False
        self._cancellable = False
        self._abandoned = False
        self._progress: Progress | None = None
        self._error_title = title
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(translate("TaskDialog", "Progress"))
        self.progress_bar.setTextVisible(True)
        self.progress_bar.hide()
        self.message = paragraph("")
        self.message.setAccessibleName(translate("TaskDialog", "Message"))
        self.message.hide()
        self.run_button = named_button(run_text)
        cancel = translate("TaskDialog", "Cancel")
        self.cancel_button = named_button(cancel, cancel)
        self.extra = QVBoxLayout()
        page_layout(
            self,
            head,
            intro,
            (self.form, self.extra, self.progress_bar, self.message),
            button_box(self.run_button, self.cancel_button),
        )
        # Enter in a field runs the task; only Escape or a press of Cancel itself cancels
        # (Cancel, focused first while the run button is still disabled, took Enter).
        self.cancel_button.setAutoDefault(False)
        self.run_button.setDefault(True)  # once it is in the dialog, so the dialog knows it
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.reject)

    def add_row(self, text: str, widget: QWidget) -> None:
        label = set_buddy(QLabel(text), widget)  # a PathField: its line
        self.form.addRow(label, widget)
        if self.form.rowCount() == 1:
            widget.setFocus()  # the dialog opens with the cursor in its first choice

    # --- for subclasses ---------------------------------------------------------------------

    def can_run(self) -> bool:
        return True

    def run(self) -> None:
        """Start the work (subclasses call :meth:`start`)."""

    def refresh(self) -> None:
        self.run_button.setEnabled(not self._busy and self.can_run())

    def start(
        self,
        work: Callable[[Progress], T],
        done: Callable[[T], None],
        *,
        busy_text: str,
        cancellable: bool = False,
    ) -> Op[T]:
        """Run ``work(progress)`` off the GUI thread, then ``done(result)`` on it."""
        progress = Progress()
        self._progress = progress
        self._cancellable = cancellable
        self._set_busy(True)
        self.message.hide()
        self.progress_bar.setFormat(busy_text + "  %p%" if cancellable else busy_text)
        self.progress_bar.setRange(0, 0)
        progress.changed.connect(self._on_progress)

        def finished(result: T) -> None:
            self._set_busy(False)
            if not self._abandoned:
                done(result)

        return Op(lambda: work(progress), self).success(finished).failure(self._failed).run()

    # --- running ----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress_bar.setVisible(busy)
        for child in self.findChildren(QWidget):
            if child in (self.cancel_button, self.progress_bar, self.message):
                continue
            if isinstance(child, QLineEdit | QPushButton) or child.property("task_input"):
                child.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy or self._cancellable)
        self.cancel_button.setText(translate("TaskDialog", "Cancel"))
        self.refresh()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to the height the wrapped text now needs at this width (a dialog does not
        grow by itself for text that wraps, and the message's lines were cut off)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if self._abandoned:
            return
        if isinstance(error, Cancelled):
            self.say(translate("TaskDialog", "Cancelled. Nothing was written or changed."))
            return
        report(self, error, self._error_title)

    def mark_input(self, *widgets: Any) -> None:
        """Widgets (besides line edits and buttons) that are disabled while the work runs."""
        for widget in widgets:
            widget.setProperty("task_input", True)

    # --- closing ----------------------------------------------------------------------------

    def reject(self) -> None:
        if self._busy:
            if self._cancellable and self._progress is not None:
                self._progress.cancel()
                self.cancel_button.setEnabled(False)
                self.cancel_button.setText(translate("TaskDialog", "Cancelling…"))
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def abandon(self) -> None:
        """Close now (the vault is being locked): stop the work if it can stop, drop its
        result either way."""
        self._abandoned = True
        if self._progress is not None:
            self._progress.cancel()
        self._busy = False
        self.hide()
        self.deleteLater()


class FolderTaskDialog(TaskDialog):
    """A task dialog whose one required choice is a folder to write into (a USB stick)."""

    def add_folder(self, name: str, label: str, choose_title: str) -> None:
        """The folder row: ``name`` for screen readers, ``label`` beside it, and the title
        of the folder chooser its button opens."""
        self._choose_title = choose_title
        self.folder = PathField(name, self._choose)
        self.add_row(label, self.folder)
        self.folder.changed.connect(self.refresh)

    def _choose(self) -> Path | None:
        return prompts.choose_folder(self, self._choose_title)

    def can_run(self) -> bool:
        return self.folder.path() is not None
