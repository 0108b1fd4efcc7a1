"""Search as you type and filters above the interview list."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from fieldkit.core.record import Status
from fieldkit.gui.base.i18n import date_input_format, status_label
from fieldkit.vault.search import AnswerIs, Query


def _py_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class FilterBar(QWidget):
    """Emits :attr:`query_changed` (debounced while typing) with the query to show."""

    query_changed = Signal(object)

    def __init__(self, debounce_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search quotes, roles, places, tags…"))
        self.search.setAccessibleName(self.tr("Search interviews"))
        self.search.setClearButtonEnabled(True)

        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Status filter"))
        self.status.addItem(self.tr("Any status"), None)
        for status in Status:
            self.status.addItem(status_label(status), status.value)

        self.tag = QComboBox()
        self.tag.setAccessibleName(self.tr("Tag filter"))
        self.tag.setMinimumContentsLength(10)
        self.tag.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.set_tags([])

        self.use_dates = QCheckBox(self.tr("&Between"))
        self.use_dates.setAccessibleName(self.tr("Filter by interview date"))
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addMonths(-1))
        self.date_to = QDateEdit(today)
        for edit, name in (
            (self.date_from, self.tr("From date")),
            (self.date_to, self.tr("To date")),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(date_input_format())
            edit.setAccessibleName(name)
            edit.setEnabled(False)
        self.and_label = QLabel(self.tr("and"))

        # A form's select answer ("Detained?: Yes"; a select_multiple's: one of its choices);
        # shown once a loaded form has a select.
        self.answer = QComboBox()
        self.answer.setAccessibleName(self.tr("Form answer filter"))
        self.answer.setMinimumContentsLength(14)
        self.answer.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.answer_label = QLabel(self.tr("B&y answer:"))
        self.answer_label.setBuddy(self.answer)
        self.set_answers([])

        self.count = QLabel()
        self.count.setAccessibleName(self.tr("How many interviews are shown"))

        search_label = QLabel(self.tr("&Search:"))
        search_label.setBuddy(self.search)
        self.status_label = QLabel(self.tr("Stat&us:"))
        self.status_label.setBuddy(self.status)
        tag_label = QLabel(self.tr("T&ag:"))
        tag_label.setBuddy(self.tag)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(search_label, 0, 0)
        grid.addWidget(self.search, 0, 1, 1, 3)
        filters = QHBoxLayout()
        filters.addWidget(self.status_label)
        filters.addWidget(self.status)
        filters.addSpacing(8)
        filters.addWidget(tag_label)
        filters.addWidget(self.tag, 1)
        grid.addLayout(filters, 1, 1, 1, 3)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(self.and_label)
        dates.addWidget(self.date_to)
        dates.addSpacing(8)
        dates.addWidget(self.answer_label)
        dates.addWidget(self.answer, 1)
        dates.addStretch(0)
        grid.addLayout(dates, 2, 1, 1, 3)
        grid.addWidget(self.count, 3, 0, 1, 4)
        grid.setColumnStretch(1, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.emit_query)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.status.currentIndexChanged.connect(self.emit_query)
        self.tag.currentIndexChanged.connect(self.emit_query)
        self.answer.currentIndexChanged.connect(self.emit_query)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(self._dates_changed)
        self.date_to.dateChanged.connect(self._dates_changed)

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.emit_query()

    def _dates_changed(self) -> None:
        if self.use_dates.isChecked():
            self.emit_query()

    def set_tags(self, tags: list[str]) -> None:
        """The tags to filter by (the vault's known tags); keeps the choice if still there."""
        current = self.tag.currentData()
        blocked = self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem(self.tr("Any tag"), None)
        for tag in tags:
            self.tag.addItem(tag, tag)
        found = self.tag.findData(current) if current else 0
        self.tag.setCurrentIndex(max(found, 0))
        self.tag.blockSignals(blocked)

    def set_answers(self, answers: list[tuple[str, AnswerIs]]) -> None:
        """The form answers to filter by, as (what is shown, the filter); keeps the choice if
        still there. Hidden when there are none (no form loaded, or at HQ)."""
        current = self.answer.currentData()
        blocked = self.answer.blockSignals(True)
        self.answer.clear()
        self.answer.addItem(self.tr("Any answer"), None)
        for text, answer in answers:
            self.answer.addItem(text, answer)
        found = self.answer.findData(current) if current else 0
        self.answer.setCurrentIndex(max(found, 0))
        self.answer.blockSignals(blocked)
        self.answer.setVisible(bool(answers))
        self.answer_label.setVisible(bool(answers))

    def query(self) -> Query:
        status = self.status.currentData()
        dates = self.use_dates.isChecked()
        return Query(
            text=self.search.text(),
            status=Status(status) if status else None,
            tag=self.tag.currentData() or "",
            answer=self.answer.currentData() or None,
            date_from=_py_date(self.date_from.date()) if dates else None,
            date_to=_py_date(self.date_to.date()) if dates else None,
        )

    def emit_query(self) -> None:
        self._debounce.stop()
        self.query_changed.emit(self.query())

    def show_counts(self, shown: int, total: int) -> None:
        if total == 0:
            self.count.setText(self.tr("No interviews yet"))
        elif shown == total:
            self.count.setText(
                self.tr("1 interview") if total == 1 else self.tr("{n} interviews").format(n=total)
            )
        else:
            self.count.setText(
                self.tr("{shown} of {total} interviews").format(shown=shown, total=total)
            )

    def hide_status(self) -> None:
        """No status filter (at HQ every interview has the same status)."""
        self.status_label.hide()
        self.status.hide()

    def clear(self) -> None:
        """Forget searches and tags (they can be record text) — for locking."""
        self._debounce.stop()
        blocked = self.blockSignals(True)
        self.search.setText("")  # setText also drops the undo history
        self.set_tags([])
        self.set_answers([])
        self.status.setCurrentIndex(0)
        self.use_dates.setChecked(False)
        self.count.clear()
        self.blockSignals(blocked)
