"""HQ's quarantine: two versions of one interview side by side; a person decides."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldkit import hq
from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import Interview
from fieldkit.gui.base import prompts
from fieldkit.gui.base.changes import Changes
from fieldkit.gui.base.errors import report
from fieldkit.gui.base.i18n import format_date, format_timestamp, quarantine_reason_label
from fieldkit.gui.hq.attachments import HqAttachmentsPanel
from fieldkit.gui.widgets.record_view import e
from fieldkit.hq import attachments as hq_attachments
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
# A soft highlight that keeps text contrast in light and dark themes.
DIFF_STYLE = "background-color: rgba(255, 196, 0, 70);"
FIELDS = ("date", "place", "role", "quotes")


def _value(interview: Interview | None, name: str) -> str:
    if interview is None:
        return ""
    if name == "date":
        return format_date(interview.interview_date) if interview.interview_date else "—"
    if name == "place":
        return interview.place or "—"
    if name == "role":
        return interview.role or "—"
    return ""


def _quotes_html(mine: Interview | None, other: Interview | None) -> str:
    # The words are outside f-strings, where pyside6-lupdate finds them (inside, they stayed
    # English in every language).
    if mine is None:
        missing = translate("Quarantine", "Not stored at HQ.")
        return f"<p><i>{e(missing)}</i></p>"
    theirs = {q.text for q in other.quotes} if other is not None else set()
    parts = []
    for number, quote in enumerate(mine.quotes, start=1):
        differs = quote.text not in theirs
        style = f" style='{DIFF_STYLE}'" if differs else ""
        mark = "≠ " if differs else ""
        parts.append(f"<p{style}><b>{mark}{number}.</b> {e(quote.text)}</p>")
    none = translate("Quarantine", "No quotes.")
    return "".join(parts) or f"<p><i>{e(none)}</i></p>"


class QuarantineView(QWidget):
    """Open quarantine items; :attr:`resolved` after each decision."""

    resolved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault: Vault | None = None
        self._items: list[hq.QuarantineItem] = []
        self.list = QListWidget()
        self.list.setAccessibleName(translate("Quarantine", "Interviews in quarantine"))
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setSpacing(2)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.reason.setAccessibleName(translate("Quarantine", "Why it is in quarantine"))

        grid = QGridLayout()
        self.headers = [QLabel(), QLabel()]
        for column, header in enumerate(self.headers, start=1):
            header.setWordWrap(True)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            grid.addWidget(header, 0, column)
        names = {
            "date": translate("Quarantine", "Date"),
            "place": translate("Quarantine", "Place"),
            "role": translate("Quarantine", "Role"),
            "quotes": translate("Quarantine", "Quotes"),
        }
        self.row_labels: dict[str, QLabel] = {}
        self.cells: dict[str, tuple[QWidget, QWidget]] = {}
        for row, name in enumerate(FIELDS, start=1):
            label = QLabel(names[name])
            self.row_labels[name] = label
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            pair: list[QWidget] = []
            for column, side in enumerate(
                (translate("Quarantine", "incoming"), translate("Quarantine", "stored")), start=1
            ):
                cell: QWidget
                if name == "quotes":
                    browser = QTextBrowser()
                    browser.setOpenLinks(False)
                    cell = browser
                else:
                    text = QLabel()
                    text.setWordWrap(True)
                    text.setTextFormat(Qt.TextFormat.PlainText)
                    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                    cell = text
                cell.setAccessibleName(f"{names[name]} ({side})")
                grid.addWidget(cell, row, column)
                pair.append(cell)
            self.cells[name] = (pair[0], pair[1])
        grid.setRowStretch(len(FIELDS), 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)

        self.accept_button = QPushButton(translate("Quarantine", "&Accept incoming"))
        self.accept_button.setAccessibleName(translate("Quarantine", "Accept incoming version"))
        self.keep_button = QPushButton(translate("Quarantine", "Keep &stored"))
        self.keep_button.setAccessibleName(translate("Quarantine", "Keep stored version"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.accept_button)

        self.empty = QLabel(translate("Quarantine", "Nothing is waiting for a decision."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.reason)
        right_layout.addLayout(grid, 1)
        # What the incoming record's kit sent with it, to be seen before deciding.
        self.attachments = HqAttachmentsPanel()
        self.attachments.setTitle(translate("Quarantine", "Attachments sent with the incoming"))
        right_layout.addWidget(self.attachments)
        right_layout.addLayout(buttons)
        self.detail = right
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([280, 960])
        self.body = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        self.list.currentRowChanged.connect(self._show)
        self.accept_button.clicked.connect(lambda: self._resolve(accept=True))
        self.keep_button.clicked.connect(lambda: self._resolve(accept=False))
        self.clear()

    def count(self) -> int:
        return len(self._items)

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault
        self.reload()

    def show_changes(self, changes: Changes) -> None:
        """Show the quarantine as the vault now has it, if it changed."""
        if changes.quarantine:
            self.reload()

    def reload(self) -> None:
        self._items = hq.quarantine(self._vault) if self._vault is not None else []
        self.list.blockSignals(True)
        self.list.clear()
        for item in self._items:
            incoming = item.incoming
            when = format_date(incoming.interview_date) if incoming.interview_date else "—"
            entry = QListWidgetItem(f"{when} · {incoming.place}\n{incoming.role}")
            entry.setData(ITEM_ROLE, item.id)
            entry.setToolTip(quarantine_reason_label(item.reason))
            self.list.addItem(entry)
        self.list.blockSignals(False)
        has_items = bool(self._items)
        self.empty.setVisible(not has_items)
        self.body.setVisible(has_items)
        if has_items:
            self.list.setCurrentRow(0)
            self._show(0)
        else:
            self._clear_detail()

    def _clear_detail(self) -> None:
        self.attachments.clear()
        self.reason.clear()
        for header in self.headers:
            header.clear()
        for name, (left, right) in self.cells.items():
            for cell in (left, right):
                if isinstance(cell, QTextBrowser):
                    cell.clear()
                elif isinstance(cell, QLabel):
                    cell.clear()
                cell.setStyleSheet("")
            self.row_labels[name].setText(self.row_labels[name].text().removeprefix("≠ "))

    def _show(self, row: int) -> None:
        self._clear_detail()
        if not 0 <= row < len(self._items):
            return
        item = self._items[row]
        self.reason.setText(
            translate("Quarantine", "Why: {reason}. Sent by kit {kit}, received {when}.").format(
                reason=quarantine_reason_label(item.reason),
                kit=f"{item.kit_name} ({item.kit_fingerprint})"
                if item.kit_name
                else item.kit_fingerprint,
                when=format_timestamp(item.received_at),
            )
        )
        self.headers[0].setText(translate("Quarantine", "Incoming (from the kit)"))
        self.headers[1].setText(translate("Quarantine", "Stored at HQ"))
        incoming, stored = item.incoming, item.stored
        for name, (left, right) in self.cells.items():
            if name == "quotes":
                assert isinstance(left, QTextBrowser) and isinstance(right, QTextBrowser)
                left.setHtml(_quotes_html(incoming, stored))
                right.setHtml(_quotes_html(stored, incoming))
                differs = stored is None or [q.text for q in incoming.quotes] != [
                    q.text for q in stored.quotes
                ]
            else:
                assert isinstance(left, QLabel) and isinstance(right, QLabel)
                left.setText(_value(incoming, name))
                right.setText(_value(stored, name))
                differs = left.text() != right.text()
                if differs:
                    left.setStyleSheet(f"QLabel {{ {DIFF_STYLE} }}")
                    right.setStyleSheet(f"QLabel {{ {DIFF_STYLE} }}")
            if differs:  # not by colour alone
                self.row_labels[name].setText("≠ " + self.row_labels[name].text())
        if self._vault is not None:
            try:
                sent = hq_attachments.for_quarantined(self._vault, item.id)
            except FieldkitError as error:
                report(self, error, translate("Quarantine", "Quarantine"))
                return
            self.attachments.show_items(self._vault, sent, item.interview_id)

    def current_item(self) -> hq.QuarantineItem | None:
        row = self.list.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    def _resolve(self, *, accept: bool) -> None:
        item = self.current_item()
        if item is None or self._vault is None:
            return
        if accept and not prompts.confirm(
            self,
            translate("Quarantine", "Accept incoming version"),
            translate(
                "Quarantine",
                "Replace the stored interview with the incoming version? The stored text "
                "is kept only as a hash in the revision trail.",
            ),
        ):
            return
        try:
            hq.resolve(self._vault, item.id, accept=accept)
        except FieldkitError as error:
            report(self, error, translate("Quarantine", "Quarantine"))
            return
        self.resolved.emit()  # the window announces the change; show_changes reloads

    def clear(self) -> None:
        """Forget every record shown (locking)."""
        self._vault = None
        self._items = []
        self.list.clear()
        self._clear_detail()
        self.body.hide()
        self.empty.show()
