"""The main window: the interview list and filters on the left, the editor on the right."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from fieldkit import kit as kitx
from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.model import text_in
from fieldkit.core.record import Interview
from fieldkit.gui.base import prompts
from fieldkit.gui.base.actions import Act, Actions
from fieldkit.gui.base.changes import Changes
from fieldkit.gui.base.clipboard import ClipboardGuard
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.base.errors import show_error
from fieldkit.gui.kit.backup_dialog import BackupDialog, reminder_text
from fieldkit.gui.kit.editor import InterviewEditor
from fieldkit.gui.kit.exchange import ReceiptDialog, enroll_hq, show_kit_card
from fieldkit.gui.kit.export_dialog import ExportDialog, ExportSummaryDialog
from fieldkit.gui.kit.review_counts import ReviewCounter
from fieldkit.gui.kit.sent_overview import SentOverviewDialog
from fieldkit.gui.records_window import RecordsWindow
from fieldkit.gui.session.vault_dialogs import check_integrity, confirm_destroy
from fieldkit.gui.widgets.fields import ui_language
from fieldkit.gui.widgets.filter_bar import FilterBar
from fieldkit.gui.widgets.list_model import (
    DATE,
    QUOTES,
    REVIEW,
    SENT,
    SORT_KEYS,
    STATUS,
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
    Act.BACKUP,
    Act.DESTROY,
    Act.PREFERENCES,
    Act.ENROLL_HQ,
    Act.KIT_CARD,
    Act.EXPORT_HQ,
    Act.APPLY_RECEIPT,
    Act.SENT_OVERVIEW,
)


class MainWindow(RecordsWindow):
    """Shows one open vault. The :class:`~fieldkit.gui.app.Controller` decides what follows
    a lock, quit or destroy request."""

    destroy_requested = Signal()
    layout_key = "window"
    default_sizes = (700, 580)

    def __init__(self, config: AppConfig, clipboard: ClipboardGuard) -> None:
        super().__init__(config)
        self._clipboard = clipboard
        self._syncing = False
        self.setWindowTitle("fieldkit")  # never a record's place or role

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
                Act.QUICK_EXIT: self.quick_exit_requested.emit,
                Act.CHANGE_PASSPHRASE: self.change_passphrase,
                Act.CHECK: self.check_integrity,
                Act.BACKUP: self.back_up,
                Act.DESTROY: self.destroy_vault,
                Act.PREFERENCES: self.preferences_requested.emit,
                Act.ABOUT: self.show_about,
                Act.USER_GUIDE: self.show_user_guide,
                Act.ENROLL_HQ: self.enroll_hq,
                Act.KIT_CARD: self.show_card,
                Act.EXPORT_HQ: self.export_to_hq,
                Act.APPLY_RECEIPT: self.apply_receipt,
                Act.SENT_OVERVIEW: self.show_sent_overview,
            }
        )

        self.filter_bar = FilterBar(config.search_debounce_ms)
        # The kit's search covers the private notes too (they never leave this computer).
        self.filter_bar.search.setPlaceholderText(
            self.tr("Search quotes, private notes, roles, places, tags…")
        )
        self.model = InterviewTableModel(config.page_size, self, markers=True)
        self.table = self.make_table(self.model, fit=(DATE, QUOTES, STATUS))
        # The marks are a symbol and a count at most: a fixed width for the widest, rather
        # than sizing them to their contents at every page fetched (measured: with five
        # columns sized to contents, scrolling and typing in the search box cost a third
        # more than with three).
        header = self.table.horizontalHeader()
        marks = self.table.fontMetrics()
        for column, widest in ((REVIEW, "⚠ 999"), (SENT, "HQ ")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, marks.horizontalAdvance(widest) + 16)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSortIndicator(DATE, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)

        self.editor_host = QWidget()
        self.editor_layout = QVBoxLayout(self.editor_host)
        self.editor_layout.setContentsMargins(0, 6, 6, 6)
        self.split_list_and(self.editor_host)
        self.editor = self._make_editor()
        self.backup_note = QLabel()
        self.backup_note.setAccessibleName(self.tr("Backup reminder"))
        self.statusBar().addPermanentWidget(self.backup_note)
        self.backup_note.hide()  # until remind_of_backup has counted

        self.review_counter = ReviewCounter(self.model, lambda: self._vault, self)
        self.filter_bar.query_changed.connect(self._query_changed)
        self.model.counts_changed.connect(self.filter_bar.show_counts)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.changes_made.connect(self._show_changes)
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
        # Tab goes round the whole window: the filters, the list, the open interview, and from
        # its last button back to the search.
        bar = self.filter_bar
        ring = (editor.ready_button, bar.search, bar.status, bar.tag, bar.use_dates)
        ring += (bar.date_from, bar.date_to, bar.answer, self.table, editor.date.edit)
        for first, second in itertools.pairwise(ring):
            QWidget.setTabOrder(first, second)
        return editor

    @contextmanager
    def _synced(self) -> Iterator[None]:
        """Moves of the list's current row inside are the window's own: they load nothing."""
        before, self._syncing = self._syncing, True
        try:
            yield
        finally:
            self._syncing = before

    # --- the vault --------------------------------------------------------------------------

    def set_vault(self, vault: Vault) -> None:
        """Show ``vault``'s interviews; the window owns it until :meth:`release_vault`."""
        self._take_vault(vault)
        self.editor.set_vault(vault)
        self.filter_bar.set_tags(search.known_tags(vault))
        self._fill_answer_filter()
        self.model.set_vault(vault)
        self.model.set_query(self.filter_bar.query())
        self.actions_.set_enabled(True, *_VAULT_ACTS)
        self.restore_layout()
        self.table.setFocus()
        # After the list is painted: counting what no backup holds reads every interview's
        # row (a quarter of the unlock's own work with 20,000 of them, measured).
        QTimer.singleShot(0, self.remind_of_backup)
        recovered = len(vault.recovered)
        if recovered:
            QTimer.singleShot(0, lambda: self._tell_recovered(recovered))

    def _tell_recovered(self, count: int) -> None:
        """Recordings a crash interrupted were made attachments when the vault opened."""
        prompts.information(
            self,
            self.tr("Recordings kept"),
            self.tr(
                "Recordings interrupted by a crash: {n}. What was recorded until about a "
                "second before it is saved as an attachment of its interview."
            ).format(n=count),
        )

    def release_vault(self, *, save: bool = True) -> Vault | None:
        """Save the draft, then forget every record shown: models, fields, searches, clipboard.

        Returns the vault (still open) for the caller to close; the editor is replaced by a
        fresh one so no undo history or completion list survives.
        """
        if save:
            self.editor.save_now(force=True)
        vault = self._give_back_vault()
        with self._synced():
            self.review_counter.clear()
            self.model.clear()
            self.filter_bar.clear()
            old = self.editor
            old.clear()
            old.setParent(None)
            old.deleteLater()
            self.editor = self._make_editor()
        self._clipboard.clear_if_ours()
        self.statusBar().clearMessage()
        self.backup_note.clear()
        self.actions_.set_enabled(False, *_VAULT_ACTS)
        return vault

    # --- list and editor --------------------------------------------------------------------

    def _query_changed(self, query: search.Query) -> None:
        if self._vault is None:
            return
        with self._synced():
            self.model.set_query(query)
            self._reselect()

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
        with self._synced():
            self.model.sort(column, order)
            self._reselect()

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
        with self._synced():
            self.model.upsert(interview)
            self._reselect()
        if self._vault is not None:
            self.filter_bar.set_tags(search.known_tags(self._vault))
            self.editor.refresh_completions()
            self.remind_of_backup()

    def new_interview(self) -> None:
        if self._vault is None:
            return
        self.editor.save_now(force=True)
        with self._synced():
            self.table.selectionModel().clearSelection()
            self.table.selectionModel().setCurrentIndex(
                QModelIndex(), QItemSelectionModel.SelectionFlag.Clear
            )
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
        with self._synced():
            self.editor.clear()
            self.editor.set_vault(self._vault)
        self.announce(Changes(interviews=True))

    # --- the Vault menu ---------------------------------------------------------------------

    def _passphrase_changed(self) -> None:
        self.statusBar().showMessage(self.tr("Passphrase changed."), 5000)

    def _saved_vault(self) -> Vault | None:
        """The open vault once the interview being edited is saved (None: it is locked): what
        a check, a backup or an exchange reads must hold the last keystrokes."""
        if self._vault is not None:
            self.editor.save_now(force=True)
        return self._vault

    def check_integrity(self) -> None:
        if (vault := self._saved_vault()) is None:
            return
        self.statusBar().showMessage(self.tr("Checking the vault…"))
        check_integrity(self, vault, lambda: self.statusBar().clearMessage())

    def back_up(self) -> None:
        if (vault := self._saved_vault()) is None:
            return
        dialog = BackupDialog(vault, self)
        dialog.backed_up.connect(lambda _path: self.remind_of_backup())
        self.backup_dialog = self.open_dialog(dialog)

    def remind_of_backup(self) -> None:
        """Show (or clear) the status bar's note of interviews no backup holds yet."""
        try:
            text = reminder_text(self._vault) if self._vault is not None else ""
        except FieldkitError:
            text = ""
        self.backup_note.setText(text)
        self.backup_note.setVisible(bool(text))

    def destroy_vault(self) -> None:
        if self._vault is not None and confirm_destroy(self):
            self.destroy_requested.emit()

    # --- the Exchange menu ------------------------------------------------------------------

    def enroll_hq(self) -> None:
        if self._vault is None:
            return
        card = enroll_hq(self, self._vault)
        if card is not None:
            self.statusBar().showMessage(
                self.tr("This kit sends its bundles to {name}.").format(name=card.name), 8000
            )

    def show_card(self) -> None:
        self.show_own_card(show_kit_card, self.tr("This kit's card was saved."))

    def export_to_hq(self) -> None:
        if (vault := self._saved_vault()) is None:
            return
        if kitx.pinned_hq(vault) is None:
            prompts.warning(
                self,
                self.tr("Export to HQ"),
                self.tr(
                    "This kit does not know its HQ yet. Ask HQ for its card, then choose "
                    "Exchange → Enroll HQ… and compare the fingerprint with HQ by phone."
                ),
            )
            return
        dialog = ExportDialog(vault, self)
        dialog.exported.connect(self._exported)
        self.export_dialog = self.open_dialog(dialog)

    def _exported(self, summary: kitx.ExportSummary) -> None:
        self.announce(Changes(interviews=True))
        if self._vault is None:
            return
        dialog = ExportSummaryDialog(summary, self._vault, self)
        dialog.interview_chosen.connect(self.show_interview)
        self.summary_dialog = dialog
        dialog.show()

    def apply_receipt(self) -> None:
        if (vault := self._saved_vault()) is None:
            return
        dialog = ReceiptDialog(vault, self)
        dialog.applied.connect(lambda _summary: self.announce(Changes(interviews=True)))
        self.receipt_dialog = self.open_dialog(dialog)

    def show_sent_overview(self) -> None:
        if (vault := self._saved_vault()) is None:
            return
        self.sent_dialog = self.open_dialog(SentOverviewDialog(vault, self), deleted=True)

    def _show_changes(self, changes: Changes) -> None:
        """Show what an operation changed: the list, its tags, the open interview again."""
        if self._vault is None or not (changes.interviews or changes.settings):
            return
        with self._synced():
            self.model.reload(keep_loaded=True)
            self.editor.show_changes(changes)
            self._reselect()
        self.filter_bar.set_tags(search.known_tags(self._vault))
        self._fill_answer_filter()
        self.remind_of_backup()

    def _fill_answer_filter(self) -> None:
        """The loaded forms' select_one and select_multiple answers, in the app's language,
        to filter by."""
        if self._vault is None:
            return
        language = ui_language()
        choices = []
        for form, field in search.answer_filters(self._vault):
            asked = text_in(field.labels, language, form.default_language) or field.name
            for choice in field.choices:
                answer = text_in(choice.labels, language, form.default_language) or choice.name
                choices.append(
                    (f"{asked}: {answer}", search.AnswerIs(form.id, field.name, choice.name))
                )
        self.filter_bar.set_answers(choices)

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
