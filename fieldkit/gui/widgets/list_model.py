"""The interview list: a table model over the vault that fetches pages as the view scrolls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QTextLayout

from fieldkit.core.record import Interview
from fieldkit.gui.base.i18n import format_date, status_label
from fieldkit.gui.base.plurals import Counted
from fieldkit.vault import search
from fieldkit.vault.store import Vault

ID_ROLE = Qt.ItemDataRole.UserRole + 1
DATE_ROLE = Qt.ItemDataRole.UserRole + 2  # the interview date as ISO text (sortable)
DATE, PLACE, ROLE, QUOTES, TAGS, STATUS, REVIEW, SENT = range(8)
#: HQ's list only: how many attachments are shown with the interview (📎 and a count).
ATTACHED = 8
#: Where an interview stands with HQ: the mark shown (its words are the tooltip).
EXCHANGE_MARKS = {
    search.Exchange.NOT_SENT: "○",
    search.Exchange.CHANGED: "✎",
    search.Exchange.AWAITING: "↗",
    search.Exchange.CONFIRMED: "✓",
}
#: The columns the vault can order by (tags cannot: an interview has several).
SORT_KEYS = {
    DATE: search.SortKey.DATE,
    PLACE: search.SortKey.PLACE,
    ROLE: search.SortKey.ROLE,
    QUOTES: search.SortKey.QUOTES,
    STATUS: search.SortKey.STATUS,
}
AnyIndex = QModelIndex | QPersistentModelIndex
# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate


def renders(text: str) -> bool:
    """Whether the fonts here (with Qt's fallbacks) draw every character of ``text``: a
    system without an emoji font shows 📎 as an empty box."""
    layout = QTextLayout(text, QFont())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return all(glyph != 0 for run in layout.glyphRuns() for glyph in run.glyphIndexes())


def exchange_label(state: search.Exchange) -> str:
    """Where an interview stands with HQ, in words (the list's tooltip, the overview)."""
    return {
        search.Exchange.NOT_SENT: translate("Exchange", "Not yet sent to HQ"),
        search.Exchange.CHANGED: translate(
            "Exchange", "Edited since it was sent: the next export sends it again"
        ),
        search.Exchange.AWAITING: translate("Exchange", "Sent; HQ's receipt not applied yet"),
        search.Exchange.CONFIRMED: translate("Exchange", "Confirmed by HQ"),
    }[state]


class InterviewTableModel(QAbstractTableModel):
    """Rows of :class:`search.Summary`, loaded ``page_size`` at a time; no copy of the vault.

    Newest interview first unless :meth:`sort` asks for another column or direction; the
    vault does the ordering, so every page comes already sorted.
    """

    counts_changed = Signal(int, int)  # matching, in the whole vault
    #: Ids shown whose ⚠ count is not known for their content yet: check them (off the GUI
    #: thread: the detector is slow), then hand the counts to :meth:`set_review_counts`.
    review_wanted = Signal(list)

    def __init__(
        self,
        page_size: int = 200,
        parent: Any = None,
        *,
        markers: bool = False,
        attached: Callable[[Vault, list[str]], dict[str, int]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._page_size = page_size
        #: The kit's list: identifying details to review and whether HQ has it (REVIEW, SENT).
        self._markers = markers
        #: HQ's list: interview id → attachments shown with it, read with each page (ATTACHED).
        self._attached_counts = attached
        self._attached: dict[str, int] = {}
        #: 📎 where a font here draws it; else the column is headed in words, counts alone.
        self.attached_mark = "📎" if attached is not None and renders("📎") else ""
        self._review: dict[str, int] = {}
        self._vault: Vault | None = None
        self._query = search.Query()
        self._rows: list[search.Summary] = []
        self._matching = 0
        self._in_vault = 0
        self._order = (search.SortKey.DATE, True)  # key, descending

    # --- what is shown ---------------------------------------------------------------------

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault
        self.reload()

    def set_query(self, query: search.Query) -> None:
        key, descending = self._order
        self._query = replace(query, limit=None, offset=0, sort=key, descending=descending)
        self.reload()

    @property
    def query(self) -> search.Query:
        return self._query

    @property
    def sort_column(self) -> int:
        return next(c for c, k in SORT_KEYS.items() if k is self._order[0])

    @property
    def ascending(self) -> bool:
        return not self._order[1]

    def clear(self) -> None:
        """Forget every row (the vault is being locked)."""
        self._vault = None
        self._query = search.Query(sort=self._order[0], descending=self._order[1])
        self.reload()

    def reload(self, keep_loaded: bool = False) -> None:
        """Read the counts and the first page again (more pages to keep what was loaded)."""
        wanted = len(self._rows) if keep_loaded else 0
        self.beginResetModel()
        self._rows = []
        self._review = {}
        self._attached = {}
        if self._vault is None or not self._vault.is_open:
            self._matching = self._in_vault = 0
        else:
            self._matching = search.count(self._vault, self._query)
            self._in_vault = self._matching if not self._filtered() else search.count(self._vault)
            self._fetch_page()
            while len(self._rows) < min(wanted, self._matching):
                self._fetch_page()
        self.endResetModel()
        self.counts_changed.emit(self._matching, self._in_vault)

    def counts(self) -> tuple[int, int]:
        return self._matching, self._in_vault

    def _fetch_page(self) -> list[search.Summary]:
        if self._vault is None:
            return []
        loaded = len(self._rows)
        size = min(self._page_size, self._matching - loaded)
        if size <= 0:
            return []
        page = search.search(self._vault, replace(self._query, limit=size, offset=loaded))
        self._rows.extend(page)
        if self._attached_counts is not None:
            self._attached.update(self._attached_counts(self._vault, [r.id for r in page]))
        if self._markers:
            self._want_review([r.id for r in page])
        return page

    def _want_review(self, ids: list[str]) -> None:
        if self._vault is None:
            return
        known = search.cached_review_counts(self._vault, ids)
        self._review.update(known)
        stale = [i for i in ids if i not in known]
        for interview_id in stale:
            self._review.pop(interview_id, None)
        if stale:
            self.review_wanted.emit(stale)

    def shown_ids(self) -> set[str]:
        """The ids of the rows loaded now."""
        return {row.id for row in self._rows}

    def set_review_counts(self, counts: dict[str, int]) -> None:
        """The ⚠ counts checked for some of the rows shown."""
        self._review.update(counts)
        for number, row in enumerate(self._rows):
            if row.id in counts:
                cell = self.index(number, REVIEW)
                self.dataChanged.emit(cell, cell)

    # --- lazy fetching ---------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._matching

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._vault is None:
            return
        size = min(self._page_size, self._matching - len(self._rows))
        if size <= 0:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + size - 1)
        self._fetch_page()
        # The vault may have changed since counting; never announce rows that did not come.
        if len(self._rows) < first + size:
            self._rows = self._rows[: first + size]
        self.endInsertRows()

    # --- the table -------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return 9 if self._attached_counts is not None else 8

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                self.tr("Date"),
                self.tr("Place"),
                self.tr("Role"),
                self.tr("Quotes"),
                self.tr("Tags"),
                self.tr("Status"),
                "⚠",
                self.tr("HQ"),
                self.attached_mark or self.tr("Files"),
            ][section]
        if role == Qt.ItemDataRole.ToolTipRole and section in SORT_KEYS:
            return self.tr("Click to sort by this column")
        tips = (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)
        if role in tips and section == REVIEW:
            return self.tr("Identifying details nobody has reviewed yet")
        if role in tips and section == SENT:
            return self.tr("Whether HQ has the interview as it is now")
        if role in tips and section == ATTACHED:
            return self.tr("Attachments (photos, recordings, documents) HQ holds")
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return row.id
        if role == DATE_ROLE:
            return row.interview_date.isoformat() if row.interview_date else ""
        if role == Qt.ItemDataRole.DisplayRole:
            if column == DATE:
                return format_date(row.interview_date) if row.interview_date else "—"
            if column == PLACE:
                return row.place
            if column == ROLE:
                return row.role
            if column == QUOTES:
                return row.quote_count
            if column == TAGS:
                return ", ".join(row.tags)
            if column == STATUS:
                return status_label(row.status)
            if column == REVIEW:
                found = self._review.get(row.id)
                return "…" if found is None else f"⚠ {found}" if found else ""
            if column == SENT:
                return EXCHANGE_MARKS[row.exchange]
            if column == ATTACHED:
                count = self._attached.get(row.id, 0)
                return f"{self.attached_mark} {count}".strip() if count else ""
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == ATTACHED:
                count = self._attached.get(row.id, 0)
                if not count:
                    return self.tr("No attachments")
                return self.tr("Attachments HQ holds: {n}").format(n=count)
            if column == REVIEW:
                found = self._review.get(row.id)
                if found is None:
                    return self.tr("Being checked for identifying details…")
                return Counted().to_review(found) if found else self.tr("Nothing to review")
            if column == SENT:
                return exchange_label(row.exchange)
        if role == Qt.ItemDataRole.ToolTipRole and column in (ROLE, TAGS, PLACE):
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == QUOTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SENT, ATTACHED):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by ``column`` (not tags); the vault sorts, pages keep coming in order."""
        key = SORT_KEYS.get(column)
        if key is None:
            return
        wanted = (key, order == Qt.SortOrder.DescendingOrder)
        if wanted != self._order:
            self._order = wanted
            self._query = replace(self._query, sort=key, descending=wanted[1])
            self.reload()

    def _filtered(self) -> bool:
        return replace(self._query, sort=search.SortKey.DATE, descending=True) != search.Query()

    # --- keeping up with edits -------------------------------------------------------------

    def row_of(self, interview_id: str) -> int | None:
        for number, row in enumerate(self._rows):
            if row.id == interview_id:
                return number
        return None

    def id_at(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def upsert(self, interview: Interview) -> None:
        """Show a saved interview: in place when its position cannot change, else reload."""
        number = self.row_of(interview.id)
        in_place = not self._filtered() and self._order == (search.SortKey.DATE, True)
        if number is not None and in_place and self._vault is not None:
            old = self._rows[number]
            row = search.summary(self._vault, interview.id)
            if row is not None and old.interview_date == interview.interview_date:
                self._rows[number] = row
                if self._markers:
                    self._want_review([row.id])
                self.dataChanged.emit(self.index(number, 0), self.index(number, SENT))
                return
        self.reload(keep_loaded=True)

    def remove(self, interview_id: str) -> None:
        self.reload(keep_loaded=True)
