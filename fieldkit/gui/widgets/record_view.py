"""A read-only view of one interview at HQ, with where it came from (provenance).

HQ keeps every revision it accepted: opening a row of the provenance table (Enter or a
double click) shows that revision as its kit sent it, read only, until "Current version".
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldkit.core.citation import citation, citation_language
from fieldkit.core.record import Interview
from fieldkit.core.script import quoted
from fieldkit.gui.base.common import read_only_table
from fieldkit.gui.base.i18n import consent_label, format_date, format_timestamp
from fieldkit.gui.base.plurals import Counted
from fieldkit.gui.widgets.fields import country_name
from fieldkit.hq.history import Revision
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
        (
            translate("RecordView", "Country"),
            country_name(interview.country) if interview.country else "—",
        ),
        (translate("RecordView", "Role"), interview.role or "—"),
        (translate("RecordView", "Organisation"), interview.organisation or "—"),
        (translate("RecordView", "Language"), interview.language or "—"),
        (translate("RecordView", "Consent"), consent_label(interview.consent.kind)),
        (translate("RecordView", "Tags"), ", ".join(interview.tags) or "—"),
    ]
    parts = ["<table cellspacing='2' cellpadding='2'>"]
    parts += [f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in rows]
    parts.append("</table>")
    for number, quote in enumerate(interview.quotes, start=1):
        cited = citation(interview, citation_language(interview, number - 1))
        # Outside the f-string, where pyside6-lupdate finds it (inside, it stayed English).
        heading = translate("RecordView", "Quote {n}").format(n=number)
        parts.append(f"<h4>{e(heading)}</h4>")
        parts.append(f"<blockquote>{e(quoted(quote.text, interview.language))}</blockquote>")
        parts.append(f"<p><i>({e(cited)})</i></p>")
    if not interview.quotes:
        none = translate("RecordView", "No quotes.")
        parts.append(f"<p><i>{e(none)}</i></p>")
    return "".join(parts)


def _unreviewed_text(count: int) -> str:
    """The mark of a revision a kit sent with identifying details nobody reviewed."""
    if not count:
        return ""
    return Counted().unreviewed_sent(count)


class RecordView(QWidget):
    """Shows one interview (read only) above the table of its provenance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = QTextBrowser()
        self.details.setAccessibleName(translate("RecordView", "Interview"))
        self.details.setOpenLinks(False)
        self.provenance = read_only_table(
            translate("RecordView", "Provenance"),
            [
                translate("RecordView", "Kit fingerprint"),
                translate("RecordView", "Bundle"),
                translate("RecordView", "Kit revision"),
                translate("RecordView", "Imported at"),
                translate("RecordView", "Kit name"),
                translate("RecordView", "Sent unreviewed"),
            ],
        )
        title = QLabel(translate("RecordView", "Where it came from"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        title.setBuddy(self.provenance)
        self.provenance.setToolTip(
            translate(
                "RecordView",
                "Press Enter on a row to read that revision as it was sent, Escape to go back.",
            )
        )
        self.provenance.itemActivated.connect(self._open_revision)
        self.showing = QLabel()
        self.showing.setWordWrap(True)
        self.current = QPushButton(translate("RecordView", "&Current version"))
        self.current.clicked.connect(self._show_current)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addWidget(self.showing)
        lower_layout.addWidget(self.current)
        lower_layout.addWidget(title)
        lower_layout.addWidget(self.provenance)
        self._lower = lower_layout
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
        self._interview: Interview | None = None
        self._revisions: Sequence[Revision] = ()
        self.clear()

    def show_interview(
        self,
        interview: Interview,
        origins: Sequence[Provenance | Revision],
        revisions: Sequence[Revision] = (),
    ) -> None:
        """``interview`` as stored; the table lists ``revisions`` (each of which can be
        opened) when given, else ``origins``."""
        self._interview, self._revisions = interview, revisions
        self._show_current()
        rows: Sequence[Provenance | Revision] = revisions or origins
        self.provenance.setRowCount(len(rows))
        for row, origin in enumerate(rows):
            values = (
                origin.kit_fingerprint,
                origin.bundle_id[:8],
                str(origin.kit_revision),
                format_timestamp(origin.imported_at),
                origin.kit_name,
                _unreviewed_text(origin.unreviewed),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 1:
                    item.setToolTip(origin.bundle_id)
                self.provenance.setItem(row, column, item)
        self.empty.hide()
        self.body.show()

    def add_section(self, widget: QWidget) -> None:
        """``widget`` below the provenance, shown and hidden with the interview (HQ's
        attachments)."""
        self._lower.addWidget(widget)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape (from the table, which passes it on) goes back to the current version."""
        if event.key() == Qt.Key.Key_Escape and self.current.isVisible():
            self._show_current()
            event.accept()
            return
        super().keyPressEvent(event)

    def _show_current(self) -> None:
        if self._interview is not None:
            self.details.setHtml(interview_html(self._interview))
        self.showing.hide()
        self.current.hide()

    def _open_revision(self, item: QTableWidgetItem) -> None:
        if not 0 <= item.row() < len(self._revisions):
            return
        revision = self._revisions[item.row()]
        earlier = revision.interview()
        if earlier is None:
            self.details.setHtml(
                "<p><i>"
                + e(
                    translate(
                        "RecordView",
                        "HQ accepted this revision before it kept the content of each "
                        "revision: only its origin is known.",
                    )
                )
                + "</i></p>"
            )
        else:
            self.details.setHtml(interview_html(earlier))
        self.showing.setText(
            translate(
                "RecordView", "Showing kit revision {n} from kit {kit}, as it was sent (read only)."
            ).format(n=revision.kit_revision, kit=revision.kit_fingerprint)
        )
        self.showing.show()
        self.current.show()

    def clear(self) -> None:
        self._interview, self._revisions = None, ()
        self.showing.hide()
        self.current.hide()
        self.details.clear()
        self.provenance.setRowCount(0)
        self.body.hide()
        self.empty.show()
