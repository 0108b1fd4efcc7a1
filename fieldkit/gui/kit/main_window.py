"""The main window: the interview list and filters on the left, the editor on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldkit import kit as kitx
from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import Interview
from fieldkit.gui.base import prompts
from fieldkit.gui.base.actions import Act, Actions
from fieldkit.gui.base.clipboard import ClipboardGuard
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.base.errors import show_error
from fieldkit.gui.base.resources import app_icon
from fieldkit.gui.base.settings import restore_layout, save_layout
from fieldkit.gui.base.task_dialog import TaskDialog
from fieldkit.gui.kit.editor import InterviewEditor
from fieldkit.gui.kit.exchange import ReceiptDialog, enroll_hq, show_kit_card
from fieldkit.gui.kit.export_dialog import ExportDialog, ExportSummaryDialog
from fieldkit.gui.session.vault_dialogs import (
    ChangePassphraseDialog,
    check_integrity,
    confirm_destroy,
)
from fieldkit.gui.widgets.filter_bar import FilterBar
from fieldkit.gui.widgets.list_model import (
    DATE,
    PLACE,
    QUOTES,
    ROLE,
    SORT_KEYS,
    STATUS,
    TAGS,
    InterviewTableModel,
)
from fieldkit.vault import records, search
from fieldkit.vault.store import Vault

# Actions that need an open vault.
_VAULT_ACTS = (
    Act.NEW,
    Act.SAVE,
    Act.MARK_READY,
    Act.DELETE,
    Act.FIND,
    Act.LOCK,
    Act.CHANGE_PASSPHRASE,
    Act.CHECK,
    Act.DESTROY,
    Act.PREFERENCES,
    Act.ENROLL_HQ,
    Act.KIT_CARD,
    Act.EXPORT_HQ,
    Act.APPLY_RECEIPT,
)


class MainWindow(QMainWindow):
    """Shows one open vault. The :class:`~fieldkit.gui.app.Controller` decides what follows
    a lock, quit or destroy request."""

    lock_requested = Signal()
    quit_requested = Signal()
    destroy_requested = Signal()
    preferences_requested = Signal()

    def __init__(self, config: AppConfig, clipboard: ClipboardGuard) -> None:
        super().__init__()
        self._config = config
        self._clipboard = clipboard
        self._vault: Vault | None = None
        self._syncing = False
        self._geometry_restored = False
        self.setWindowTitle("fieldkit")  # never a record's place or role
        self.setWindowIcon(app_icon())

        self.actions_ = Actions(self)
        self.actions_.build_menus(self.menuBar())
        self.actions_.add_toolbar(self, "mainToolbar")
        self.actions_.connect(
            {
                Act.NEW: self.new_interview,
                Act.SAVE: self.save_now,
                Act.MARK_READY: lambda: self.editor.mark_ready(),
                Act.DELETE: self.delete_current,
                Act.FIND: self.focus_search,
                Act.LOCK: self.lock_requested.emit,
                Act.QUIT: self.close,
                Act.CHANGE_PASSPHRASE: self.change_passphrase,
                Act.CHECK: self.check_integrity,
                Act.DESTROY: self.destroy_vault,
                Act.PREFERENCES: self.preferences_requested.emit,
                Act.ENROLL_HQ: self.enroll_hq,
                Act.KIT_CARD: self.show_card,
                Act.EXPORT_HQ: self.export_to_hq,
                Act.APPLY_RECEIPT: self.apply_receipt,
            }
        )

        self.filter_bar = FilterBar(config.search_debounce_ms)
        self.model = InterviewTableModel(config.page_size, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Interviews"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSortIndicator(DATE, Qt.SortOrder.DescendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ROLE, QHeaderView.ResizeMode.Stretch)
        for column in (DATE, QUOTES, STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(PLACE, 110)
        header.resizeSection(TAGS, 90)
        header.sortIndicatorChanged.connect(self._sort_changed)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.table, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.editor_host = QWidget()
        self.editor_layout = QVBoxLayout(self.editor_host)
        self.editor_layout.setContentsMargins(0, 6, 6, 6)
        self.splitter.addWidget(self.editor_host)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 4)
        self.setCentralWidget(self.splitter)
        self.editor = self._make_editor()

        self.filter_bar.query_changed.connect(self._query_changed)
        self.model.counts_changed.connect(self.filter_bar.show_counts)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        QWidget.setTabOrder(self.filter_bar.date_to, self.table)
        self.actions_.set_enabled(False, *_VAULT_ACTS)
        self.resize(1280, 800)

    def _make_editor(self) -> InterviewEditor:
        editor = InterviewEditor(self._config.autosave_ms)
        editor.saved.connect(self._saved)
        editor.copy_requested.connect(self._clipboard.copy)
        editor.copy_requested.connect(
            lambda _t: self.statusBar().showMessage(
                self.tr("Citation copied; the clipboard is cleared in {s} seconds.").format(
                    s=self._clipboard.clear_after_ms // 1000
                ),
                5000,
            )
        )
        self.editor_layout.addWidget(editor)
        QWidget.setTabOrder(self.table, editor)
        return editor

    # --- the vault --------------------------------------------------------------------------

    @property
    def vault(self) -> Vault | None:
        return self._vault

    def set_vault(self, vault: Vault) -> None:
        """Show ``vault``'s interviews; the window owns it until :meth:`release_vault`."""
        self._vault = vault
        self.editor.set_vault(vault)
        self.filter_bar.set_tags(search.known_tags(vault))
        self.model.set_vault(vault)
        self.model.set_query(self.filter_bar.query())
        self.actions_.set_enabled(True, *_VAULT_ACTS)
        self.restore_layout()
        self.table.setFocus()

    def release_vault(self, *, save: bool = True) -> Vault | None:
        """Save the draft, then forget every record shown: models, fields, searches, clipboard.

        Returns the vault (still open) for the caller to close; the editor is replaced by a
        fresh one so no undo history or completion list survives.
        """
        if save:
            self.editor.save_now(force=True)
        for dialog in self.findChildren(QDialog):  # dialogs are windows: hiding us leaves them
            if isinstance(dialog, TaskDialog):
                dialog.abandon()  # stops its work if it can; its result is dropped
            elif dialog.isVisible():
                dialog.reject()
        vault, self._vault = self._vault, None
        self.save_layout()
        self._syncing = True
        try:
            self.model.clear()
            self.filter_bar.clear()
            old = self.editor
            old.clear()
            old.setParent(None)
            old.deleteLater()
            self.editor = self._make_editor()
        finally:
            self._syncing = False
        self._clipboard.clear_if_ours()
        self.statusBar().clearMessage()
        self.actions_.set_enabled(False, *_VAULT_ACTS)
        return vault

    # --- list and editor --------------------------------------------------------------------

    def _query_changed(self, query: search.Query) -> None:
        if self._vault is None:
            return
        self._syncing = True
        try:
            self.model.set_query(query)
            self._reselect()
        finally:
            self._syncing = False

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if column not in SORT_KEYS:  # tags do not sort; put the indicator back
            header = self.table.horizontalHeader()
            wanted = (
                Qt.SortOrder.AscendingOrder
                if self.model.ascending
                else Qt.SortOrder.DescendingOrder
            )
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column, wanted)
            header.blockSignals(False)
            return
        self._syncing = True
        try:
            self.model.sort(column, order)
            self._reselect()
        finally:
            self._syncing = False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or self._vault is None or not current.isValid():
            return
        interview_id = self.model.id_at(current.row())
        if interview_id is None or interview_id == self.editor.current_id:
            return
        self.editor.save_now(force=True)
        try:
            interview = records.get(self._vault, interview_id)
        except FieldkitError as error:
            show_error(self, error)
            return
        self.editor.load(interview)

    def _reselect(self) -> None:
        """Select the row of the interview being edited, if it is loaded."""
        current = self.editor.current_id
        row = self.model.row_of(current) if current else None
        selection = self.table.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        selection.setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _saved(self, interview: Interview) -> None:
        self._syncing = True
        try:
            self.model.upsert(interview)
            self._reselect()
        finally:
            self._syncing = False
        if self._vault is not None:
            self.filter_bar.set_tags(search.known_tags(self._vault))
            self.editor.refresh_completions()

    def new_interview(self) -> None:
        if self._vault is None:
            return
        self.editor.save_now(force=True)
        self._syncing = True
        try:
            self.table.selectionModel().clearSelection()
            self.table.selectionModel().setCurrentIndex(
                QModelIndex(), QItemSelectionModel.SelectionFlag.Clear
            )
        finally:
            self._syncing = False
        self.editor.new_interview()

    def save_now(self) -> None:
        if self.editor.save_now():
            self.statusBar().showMessage(self.tr("Saved."), 3000)

    def focus_search(self) -> None:
        self.filter_bar.search.setFocus()
        self.filter_bar.search.selectAll()

    def delete_current(self) -> None:
        interview_id = self.editor.current_id
        if self._vault is None or interview_id is None:
            return
        if not prompts.confirm(
            self,
            self.tr("Delete interview"),
            self.tr("Delete this interview, its quotes and its revision trail from the vault?"),
            destructive=True,
        ):
            return
        try:
            records.delete(self._vault, interview_id)
        except FieldkitError as error:
            if self.editor.is_dirty or self.model.row_of(interview_id) is not None:
                show_error(self, error)
        self._syncing = True
        try:
            self.editor.clear()
            self.editor.set_vault(self._vault)
            self.model.reload(keep_loaded=True)
            self.table.selectionModel().clearSelection()
        finally:
            self._syncing = False

    # --- the Vault menu ---------------------------------------------------------------------

    def change_passphrase(self) -> None:
        if self._vault is None:
            return
        dialog = ChangePassphraseDialog(self._vault, self)
        dialog.changed.connect(
            lambda: self.statusBar().showMessage(self.tr("Passphrase changed."), 5000)
        )
        dialog.finished.connect(dialog.deleteLater)
        self.passphrase_dialog = dialog
        dialog.open()

    def check_integrity(self) -> None:
        if self._vault is None:
            return
        self.editor.save_now(force=True)
        self.statusBar().showMessage(self.tr("Checking the vault…"))
        check_integrity(self, self._vault, lambda: self.statusBar().clearMessage())

    def destroy_vault(self) -> None:
        if self._vault is not None and confirm_destroy(self):
            self.destroy_requested.emit()

    # --- the Exchange menu ------------------------------------------------------------------

    def is_busy(self) -> bool:
        """True while an export or a receipt is being applied (the vault is in use)."""
        return any(dialog.busy for dialog in self.findChildren(TaskDialog))

    def enroll_hq(self) -> None:
        if self._vault is None:
            return
        card = enroll_hq(self, self._vault)
        if card is not None:
            self.statusBar().showMessage(
                self.tr("This kit sends its bundles to {name}.").format(name=card.name), 8000
            )

    def show_card(self) -> None:
        if self._vault is not None and show_kit_card(self, self._vault):
            self.statusBar().showMessage(self.tr("This kit's card was saved."), 8000)

    def export_to_hq(self) -> None:
        if self._vault is None:
            return
        self.editor.save_now(force=True)
        if kitx.pinned_hq(self._vault) is None:
            prompts.warning(
                self,
                self.tr("Export to HQ"),
                self.tr(
                    "This kit does not know its HQ yet. Ask HQ for its card, then choose "
                    "Exchange → Enroll HQ… and compare the fingerprint with HQ by phone."
                ),
            )
            return
        dialog = ExportDialog(self._vault, self)
        dialog.exported.connect(self._exported)
        self.export_dialog = dialog
        dialog.open()

    def _exported(self, summary: kitx.ExportSummary) -> None:
        self.refresh_records()
        if self._vault is None:
            return
        dialog = ExportSummaryDialog(summary, self._vault, self)
        dialog.interview_chosen.connect(self.show_interview)
        self.summary_dialog = dialog
        dialog.show()

    def apply_receipt(self) -> None:
        if self._vault is None:
            return
        self.editor.save_now(force=True)
        dialog = ReceiptDialog(self._vault, self)
        dialog.applied.connect(lambda _summary: self.refresh_records())
        self.receipt_dialog = dialog
        dialog.open()

    def refresh_records(self) -> None:
        """Show what an exchange changed: statuses in the list, the open interview again."""
        if self._vault is None:
            return
        self._syncing = True
        try:
            self.model.reload(keep_loaded=True)
            current = self.editor.current_id
            if current is not None and not self.editor.is_dirty:
                try:
                    self.editor.load(records.get(self._vault, current))
                except FieldkitError:
                    self.editor.clear()
                    self.editor.set_vault(self._vault)
            self._reselect()
        finally:
            self._syncing = False

    def show_interview(self, interview_id: str) -> None:
        """Select ``interview_id`` in the list (clearing the filters if they hide it)."""
        if self._vault is None:
            return
        if self.model.row_of(interview_id) is None and self.model.query != search.Query():
            self.filter_bar.clear()
            self.filter_bar.set_tags(search.known_tags(self._vault))
            self.model.set_query(search.Query())
        while self.model.row_of(interview_id) is None and self.model.canFetchMore():
            self.model.fetchMore()
        row = self.model.row_of(interview_id)
        if row is None:
            return
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))
        self.activateWindow()

    # --- layout (the only things kept in QSettings) ------------------------------------------

    def save_layout(self) -> None:
        save_layout(self, self.splitter, "window")

    def restore_layout(self) -> None:
        if self._geometry_restored:
            return
        self._geometry_restored = True
        restore_layout(self, self.splitter, "window", [620, 660])

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()  # the controller saves, closes the vault and quits
        self.quit_requested.emit()
