"""Export to HQ: choose a folder, write the bundle in the background, then say what happened."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit import kit as kitx
from fieldkit.gui.base.common import heading, paragraph
from fieldkit.gui.base.errors import safe_message
from fieldkit.gui.base.i18n import format_date, hold_reason_label
from fieldkit.gui.base.plurals import Counted
from fieldkit.gui.base.task_dialog import FolderTaskDialog
from fieldkit.gui.base.work import Cancelled, Op, Progress
from fieldkit.gui.kit.attachment_text import size_text
from fieldkit.kit.timeline import restored
from fieldkit.vault import records
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ExportDialog(FolderTaskDialog):
    """Writes one bundle for HQ with :func:`kitx.export_bundle`; Cancel stops between chunks."""

    exported = Signal(object)  # kitx.ExportSummary

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        hq = kitx.pinned_hq(vault)
        super().__init__(
            translate("Export", "Export to HQ"),
            translate("Export", "Export to HQ"),
            translate(
                "Export",
                "Writes one encrypted bundle with every interview HQ has not confirmed yet. "
                "Only {name} can open it; private field notes never leave this computer.",
            ).format(name=hq.name if hq else "HQ"),
            translate("Export", "&Export"),
            parent,
        )
        self._vault = vault
        self.add_folder(
            translate("Export", "Folder for the bundle"),
            translate("Export", "&Folder:"),
            translate("Export", "Choose where to write the bundle (e.g. a USB stick)"),
        )
        self.drafts = QCheckBox(translate("Export", "Also send &drafts that are complete"))
        self.drafts.setAccessibleName(translate("Export", "Also send drafts that are complete"))
        self.mark_input(self.drafts)
        self.extra.addWidget(self.drafts)
        self.new_timeline = None
        if restored(vault):
            self.new_timeline = paragraph(
                translate(
                    "Export",
                    "This kit was restored from a backup: this bundle starts a new timeline, "
                    "which HQ keeps beside anything sent after that backup.",
                )
            )
            self.extra.addWidget(self.new_timeline)
        #: What the export will send, checked before the click (read again as drafts change).
        self.plan = paragraph("")
        self.plan.setAccessibleName(translate("Export", "What will be sent"))
        self.plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.extra.addWidget(self.plan)
        self._checking: Progress | None = None
        self._plan_round = 0
        self.drafts.toggled.connect(self.check_plan)
        self.refresh()
        self.check_plan()

    @property
    def busy(self) -> bool:
        return super().busy or self._checking is not None

    def check_plan(self) -> None:
        """Find out, off the GUI thread, what an export would send now."""
        if self._checking is not None:
            self._checking.cancel()
        self._plan_round += 1
        round_, vault, drafts = self._plan_round, self._vault, self.drafts.isChecked()
        self._checking = checking = Progress()
        self.plan.setText(translate("Export", "Checking what will be sent…"))

        def work() -> kitx.ExportSummary:
            return kitx.preview_export(vault, include_drafts=drafts, progress=checking)

        def done(plan: kitx.ExportSummary) -> None:
            if round_ == self._plan_round:
                self._checking = None
                self.plan.setText(plan_text(plan))

        def failed(error: BaseException) -> None:
            if round_ == self._plan_round:
                self._checking = None
                self.plan.setText("" if isinstance(error, Cancelled) else safe_message(error))

        Op(work, self).success(done).failure(failed).run()

    def done(self, result: int) -> None:
        """Closed (Cancel, Escape, or the export done): stop the check if it still runs."""
        if self._checking is not None:
            self._checking.cancel()
        super().done(result)

    def abandon(self) -> None:
        if self._checking is not None:
            self._checking.cancel()
        super().abandon()

    def run(self) -> None:
        folder = self.folder.path()
        if folder is None or super().busy:
            return
        vault, drafts = self._vault, self.drafts.isChecked()

        def work(progress: Progress) -> kitx.ExportSummary:
            return kitx.export_bundle(vault, folder, include_drafts=drafts, progress=progress)

        self.start(
            work,
            self._done,
            busy_text=translate("Export", "Writing the bundle…"),
            cancellable=True,
        )

    def _done(self, summary: kitx.ExportSummary) -> None:
        self.exported.emit(summary)
        self.accept()


def plan_text(plan: kitx.ExportSummary) -> str:
    """What an export will send, in words: how many go, what is held back and why, and
    whether some are left for the next bundle."""
    lines = [
        Counted().will_go(len(plan.included))
        if plan.included
        else translate("Export", "Nothing new to send: HQ has every interview that is ready.")
    ]
    lines.extend(attachments_lines(plan))
    if plan.left_for_next:
        lines.append(Counted().left_for_next(plan.left_for_next))
    for reason, count in Counter(reason for _, reason in plan.held_back).items():
        lines.append(
            translate("Export", "Held back ({n}): {reason}").format(
                n=count, reason=hold_reason_label(reason)
            )
        )
    return "\n".join(lines)


def attachments_lines(summary: kitx.ExportSummary) -> list[str]:
    """The attachments that go with the interviews, and those that stay by choice."""
    lines = []
    if summary.attachments_sent:
        lines.append(
            Counted()
            .attachments_go(summary.attachments_sent)
            .format(size=size_text(summary.attachments_bytes))
        )
    if summary.attachments_staying:
        lines.append(Counted().attachments_stay(summary.attachments_staying))
    return lines


class ExportSummaryDialog(QDialog):
    """What went into the bundle and what stayed behind; a click on a held-back interview
    emits :attr:`interview_chosen` so the window can select it."""

    interview_chosen = Signal(str)

    def __init__(
        self, summary: kitx.ExportSummary, vault: Vault, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(translate("Export", "Export to HQ"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        if summary.path is not None:
            layout.addWidget(heading(translate("Export", "The bundle is written")))
            written = paragraph(
                Counted()
                .in_bundle(len(summary.included))
                .format(
                    sequence=summary.sequence,
                    folder=summary.path.parent,
                )
            )
            written.setToolTip(summary.path.name)
            layout.addWidget(written)
            for line in attachments_lines(summary):
                layout.addWidget(paragraph(line))
        else:
            layout.addWidget(heading(translate("Export", "Nothing new to send")))
            layout.addWidget(
                paragraph(
                    translate(
                        "Export",
                        "No bundle was written: HQ has every interview that is ready.",
                    )
                )
            )
        if summary.already_confirmed:
            layout.addWidget(paragraph(Counted().already_confirmed(summary.already_confirmed)))
        self.held_back = QListWidget()
        self.held_back.setAccessibleName(translate("Export", "Interviews held back"))
        self.held_back.setWordWrap(True)
        self.held_back.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.held_back.setResizeMode(QListWidget.ResizeMode.Adjust)
        if summary.held_back:
            layout.addWidget(paragraph(Counted().held_back(len(summary.held_back))))
            self._fill(summary, vault)
            layout.addWidget(self.held_back, 1)
        else:
            self.held_back.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.held_back.itemActivated.connect(self._chosen)
        self.held_back.itemClicked.connect(self._chosen)

    def _fill(self, summary: kitx.ExportSummary, vault: Vault) -> None:
        reasons = dict(summary.held_back)
        ids = [interview_id for interview_id, _ in summary.held_back]
        for interview in records.get_many(vault, ids):
            when = format_date(interview.interview_date) if interview.interview_date else "—"
            what = " · ".join(p for p in (when, interview.place, interview.role) if p)
            reason = hold_reason_label(reasons[interview.id])
            if summary.attachments_held.get(interview.id):
                reason = translate(
                    "Export",
                    "an attachment nobody reviewed (a photo's faces not blurred, or an "
                    "original's metadata): open it and see its attachments",
                )
            item = QListWidgetItem(
                translate("Export", "{what}\nHeld back: {reason}").format(
                    what=what or translate("Export", "(empty draft)"), reason=reason
                )
            )
            item.setData(ID_ROLE, interview.id)
            self.held_back.addItem(item)

    def _chosen(self, item: QListWidgetItem) -> None:
        interview_id = item.data(ID_ROLE)
        if interview_id:
            self.interview_chosen.emit(str(interview_id))
