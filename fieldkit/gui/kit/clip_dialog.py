"""Point a quote to the stretch of the interview's recording it comes from: which recording,
from when to when (typed as 1:20), checked as typed by the same rules as the command line."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from fieldkit.core.clip import Clip, clock, parse_clip
from fieldkit.core.errors import FieldProblem
from fieldkit.gui.base import prompts
from fieldkit.gui.base.common import button_box, named_button, paragraph
from fieldkit.gui.widgets.fields import problem_label, show_problem
from fieldkit.gui.widgets.quotes import QuoteEditor
from fieldkit.vault import clips
from fieldkit.vault.attachments import Attachment

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate


class ClipDialog(QDialog):
    """Choose a recording and a stretch of it; :meth:`clip` is the result once accepted."""

    def __init__(
        self, recordings: Sequence[Attachment], current: Clip | None, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("ClipDialog", "Where in the recording"))
        self._recordings = list(recordings)
        self.recording = QComboBox()
        for item in self._recordings:
            self.recording.addItem(f"{item.position}. {item.file_name}", item.id)
        self.recording.setAccessibleName(translate("ClipDialog", "Recording"))
        self.start = QLineEdit()
        self.end = QLineEdit()
        for edit, name in (
            (self.start, translate("ClipDialog", "Starts at")),
            (self.end, translate("ClipDialog", "Ends at")),
        ):
            edit.setPlaceholderText(translate("ClipDialog", "e.g. 1:20"))
            edit.setAccessibleName(name)
            edit.setMaxLength(16)
            edit.textChanged.connect(self._check)
        self.problem = problem_label(reserved=True)
        if current is not None:
            found = self.recording.findData(current.attachment)
            self.recording.setCurrentIndex(max(found, 0))
            self.start.setText(clock(current.start_ms))
            self.end.setText(clock(current.end_ms))
        self.ok = named_button(translate("ClipDialog", "&Point here"), default=True)
        cancel = named_button(translate("ClipDialog", "Cancel"))
        form = QFormLayout(self)
        form.addRow(
            paragraph(
                translate(
                    "ClipDialog",
                    "The quote will show where in the recording it was said, and play that "
                    "stretch. Type times as minutes:seconds.",
                )
            )
        )
        form.addRow(QLabel(translate("ClipDialog", "&Recording:")), self.recording)
        form.addRow(QLabel(translate("ClipDialog", "&Starts at:")), self.start)
        form.addRow(QLabel(translate("ClipDialog", "&Ends at:")), self.end)
        form.addRow(self.problem)
        form.addRow(button_box(self.ok, cancel))
        for row, widget in ((1, self.recording), (2, self.start), (3, self.end)):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            if isinstance(label, QLabel):
                label.setBuddy(widget)
        self.ok.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        self._check()
        self.start.setFocus()

    def clip(self) -> Clip | None:
        """The stretch typed, or None while it is not one."""
        return self._parsed()[0]

    def _parsed(self) -> tuple[Clip | None, list[FieldProblem]]:
        problems: list[FieldProblem] = []
        stretch = {
            "attachment": self.recording.currentData(),
            "start": self.start.text(),
            "end": self.end.text(),
        }
        return parse_clip(stretch, "clip", problems), problems

    def _check(self) -> None:
        clip, problems = self._parsed()
        self.ok.setEnabled(clip is not None)
        typed = self.start.text().strip() and self.end.text().strip()
        if clip is not None or not typed:
            show_problem(self.problem, "")
            return
        code = problems[0].code if problems else ""
        show_problem(
            self.problem,
            {
                "bad_time": translate(
                    "ClipDialog", "Type both times as minutes:seconds, e.g. 1:05"
                ),
                "bad_range": translate(
                    "ClipDialog", "The stretch must start before it ends, within a day"
                ),
            }.get(code, translate("ClipDialog", "Choose a recording")),
        )


def ask_clip(parent: QWidget, quote: QuoteEditor, attachments: Sequence[Attachment]) -> None:
    """Ask where in one of ``attachments``' recordings ``quote`` was said, and point it there."""
    recordings = [a for a in attachments if clips.playable(a)]
    if not recordings:
        prompts.information(
            parent,
            translate("ClipDialog", "No recording"),
            translate(
                "ClipDialog", "This interview has no recording or video yet: attach or record one."
            ),
        )
        return
    dialog = ClipDialog(recordings, quote.clip, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        quote.set_clip(dialog.clip())
