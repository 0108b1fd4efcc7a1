"""A read-only view of one interview at HQ, with where it came from (provenance)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldkit.core.citation import citation
from fieldkit.core.record import Interview
from fieldkit.gui.base.i18n import consent_label, format_date, format_timestamp
from fieldkit.hq.provenance import Provenance

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate


def e(text: str) -> str:
    """Record text escaped for a rich-text widget (never interpreted as markup)."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def interview_html(interview: Interview) -> str:
    """The interview as HQ reads it: where, when, who, then each quote with its citation."""
    when = format_date(interview.interview_date) if interview.interview_date else "—"
    rows = [
        (translate("RecordView", "Date"), when),
        (translate("RecordView", "Place"), interview.place or "—"),
        (translate("RecordView", "Role"), interview.role or "—"),
        (translate("RecordView", "Organisation"), interview.organisation or "—"),
        (translate("RecordView", "Language"), interview.language or "—"),
        (translate("RecordView", "Consent"), consent_label(interview.consent.kind)),
        (translate("RecordView", "Tags"), ", ".join(interview.tags) or "—"),
    ]
    parts = ["<table cellspacing='2' cellpadding='2'>"]
    parts += [f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in rows]
    parts.append("</table>")
    cited = citation(interview)
    for number, quote in enumerate(interview.quotes, start=1):
        parts.append(f"<h4>{e(translate('RecordView', 'Quote {n}').format(n=number))}</h4>")
        parts.append(f"<blockquote>“{e(quote.text)}”</blockquote>")
        parts.append(f"<p><i>({e(cited)})</i></p>")
    if not interview.quotes:
        parts.append(f"<p><i>{e(translate('RecordView', 'No quotes.'))}</i></p>")
    return "".join(parts)


class RecordView(QWidget):
    """Shows one interview (read only) above the table of its provenance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = QTextBrowser()
        self.details.setAccessibleName(translate("RecordView", "Interview"))
        self.details.setOpenLinks(False)
        self.provenance = QTableWidget(0, 4)
        self.provenance.setAccessibleName(translate("RecordView", "Provenance"))
        self.provenance.setHorizontalHeaderLabels(
            [
                translate("RecordView", "Kit fingerprint"),
                translate("RecordView", "Bundle"),
                translate("RecordView", "Kit revision"),
                translate("RecordView", "Imported at"),
            ]
        )
        self.provenance.verticalHeader().hide()
        self.provenance.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.provenance.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.provenance.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        title = QLabel(translate("RecordView", "Where it came from"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        title.setBuddy(self.provenance)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addWidget(title)
        lower_layout.addWidget(self.provenance)
        self.empty = QLabel(translate("RecordView", "Choose an interview in the list."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.details)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.body = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        self.clear()

    def show_interview(self, interview: Interview, origins: Sequence[Provenance]) -> None:
        self.details.setHtml(interview_html(interview))
        self.provenance.setRowCount(len(origins))
        for row, origin in enumerate(origins):
            values = (
                origin.kit_fingerprint,
                origin.bundle_id[:8],
                str(origin.kit_revision),
                format_timestamp(origin.imported_at),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 1:
                    item.setToolTip(origin.bundle_id)
                self.provenance.setItem(row, column, item)
        self.empty.hide()
        self.body.show()

    def clear(self) -> None:
        self.details.clear()
        self.provenance.setRowCount(0)
        self.body.hide()
        self.empty.show()
