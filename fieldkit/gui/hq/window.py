"""The HQ window: import bundles, the merged interviews with provenance, quarantine, exports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QHeaderView, QTabWidget, QWidget

from fieldkit import hq
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange.bundle import BUNDLE_SUFFIX
from fieldkit.gui.base import prompts
from fieldkit.gui.base.actions import Act, Actions, hq_specs
from fieldkit.gui.base.changes import Changes
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.base.errors import show_error
from fieldkit.gui.base.plurals import Counted
from fieldkit.gui.hq.attachments import HqAttachmentsPanel
from fieldkit.gui.hq.dialogs import DatasetExportDialog, enroll_kit, show_hq_card
from fieldkit.gui.hq.import_queue import ImportPanel, ImportQueue, bundle_paths
from fieldkit.gui.hq.kits import KitsView
from fieldkit.gui.hq.quarantine import QuarantineView
from fieldkit.gui.hq.revoke import HeldCount, mark_revoked
from fieldkit.gui.records_window import RecordsWindow
from fieldkit.gui.session.vault_dialogs import check_integrity
from fieldkit.gui.widgets.filter_bar import FilterBar
from fieldkit.gui.widgets.list_model import (
    ATTACHED,
    DATE,
    QUOTES,
    REVIEW,
    SENT,
    STATUS,
    InterviewTableModel,
)
from fieldkit.gui.widgets.record_view import RecordView
from fieldkit.hq import attachments as hq_attachments
from fieldkit.hq import history
from fieldkit.vault import records, search
from fieldkit.vault.store import Vault

INTERVIEWS_TAB, IMPORTS_TAB, QUARANTINE_TAB, KITS_TAB = range(4)


class HqWindow(RecordsWindow):
    """Shows the central dataset; the Controller decides what follows lock and quit."""

    layout_key = "hq"
    default_sizes = (640, 640)

    def __init__(self, config: AppConfig) -> None:
        super().__init__(config)
        self.setWindowTitle(self.tr("fieldkit HQ"))
        self.setAcceptDrops(True)

        self.actions_ = Actions(self, hq_specs())
        self.actions_.build_menus(self.menuBar())
        self.actions_.add_toolbar(self, "hqToolbar")
        self.actions_.connect(
            {
                Act.IMPORT_BUNDLES: self.choose_bundles,
                Act.EXPORT_DATASET: self.export_dataset,
                Act.LOCK: self.lock_requested.emit,
                Act.QUIT: self.close,
                Act.FIND: self.focus_search,
                Act.PREFERENCES: self.preferences_requested.emit,
                Act.ABOUT: self.show_about,
                Act.USER_GUIDE: self.show_user_guide,
                Act.ENROLL_KIT: self.enroll_kit,
                Act.HQ_CARD: self.show_card,
                Act.CHANGE_PASSPHRASE: self.change_passphrase,
                Act.CHECK: self.check_integrity,
            }
        )

        self.filter_bar = FilterBar(config.search_debounce_ms)
        self.filter_bar.hide_status()  # everything at HQ has been received
        self.model = InterviewTableModel(config.page_size, self, attached=hq_attachments.counts_for)
        self.table = self.make_table(self.model, fit=(DATE, QUOTES))
        for column in (STATUS, REVIEW, SENT):  # what HQ holds was received, reviewed or not
            self.table.setColumnHidden(column, True)
        header = self.table.horizontalHeader()  # 📎 and a count: fixed, as the kit's marks
        header.setSectionResizeMode(ATTACHED, QHeaderView.ResizeMode.Fixed)
        widest = max(
            f"{self.model.attached_mark} 999",
            self.model.headerData(ATTACHED, Qt.Orientation.Horizontal),
            key=self.table.fontMetrics().horizontalAdvance,
        )
        header.resizeSection(ATTACHED, self.table.fontMetrics().horizontalAdvance(widest) + 16)
        self.record = RecordView()
        self.attachments = HqAttachmentsPanel()
        self.record.add_section(self.attachments)
        self.split_list_and(self.record, central=False)
        # Tab leaves the list (make_table) for the interview's attachments, where Enter views one.
        QWidget.setTabOrder(self.table, self.attachments.list)
        QWidget.setTabOrder(self.attachments.list, self.attachments.open_button)
        QWidget.setTabOrder(self.attachments.open_button, self.attachments.save_button)
        QWidget.setTabOrder(self.attachments.save_button, self.record.details)

        self.imports = ImportPanel()
        self.queue = ImportQueue(self)
        self.quarantine = QuarantineView()
        self.kits = KitsView()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Views"))
        self.tabs.addTab(self.splitter, self.tr("&Interviews"))
        self.tabs.addTab(self.imports, self.tr("I&mports"))
        self.tabs.addTab(self.quarantine, self.tr("&Quarantine"))
        self.tabs.addTab(self.kits, self.tr("Ki&ts"))
        self.setCentralWidget(self.tabs)

        self.filter_bar.query_changed.connect(self._query_changed)
        self.model.counts_changed.connect(self.filter_bar.show_counts)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.queue.started.connect(self._import_started)
        self.queue.imported.connect(self.imports.show_imported)
        self.queue.rejected.connect(self.imports.show_rejected)
        self.queue.idle.connect(self._imports_done)
        self.imports.stop_button.clicked.connect(self.queue.skip_rest)
        self.quarantine.resolved.connect(
            lambda: self.announce(Changes(interviews=True, quarantine=True))
        )
        self.kits.kits_changed.connect(lambda: self.announce(Changes(interviews=True, kits=True)))
        self.held = HeldCount()
        self.imports.layout().insertWidget(1, self.held)
        self.queue.imported.connect(lambda _path, outcome: self.held.note(outcome))
        self.changes_made.connect(self._show_changes)
        self.actions_.set_enabled(False, *self._vault_acts())
        self.resize(1280, 800)

    def _vault_acts(self) -> tuple[Act, ...]:
        return tuple(act for act in Act if act in self.actions_ and act is not Act.QUIT)

    # --- the vault --------------------------------------------------------------------------

    def set_vault(self, vault: Vault) -> None:
        self._take_vault(vault)
        self.queue.set_vault(vault)
        self.filter_bar.set_tags(search.known_tags(vault))
        self.model.set_vault(vault)
        self.model.set_query(self.filter_bar.query())
        self.quarantine.set_vault(vault)
        self.kits.show_kits(vault)
        self.imports.show_history(vault)
        self._update_counts()
        self.actions_.set_enabled(True, *self._vault_acts())
        self.restore_layout()
        self.table.setFocus()

    def release_vault(self, *, save: bool = True) -> Vault | None:
        """Forget every record shown; return the (still open) vault for the caller to close."""
        self.queue.stop()
        vault = self._give_back_vault()
        self.queue.set_vault(None)
        self.model.clear()
        self.filter_bar.clear()
        self._clear_record()
        self.quarantine.clear()
        self.kits.clear()
        self.imports.clear()
        self.held.clear_count()
        self._set_importing(False)
        self.statusBar().clearMessage()
        self.actions_.set_enabled(False, *self._vault_acts())
        return vault

    def is_busy(self) -> bool:
        return self.queue.busy or super().is_busy()

    def _update_counts(self) -> None:
        waiting = self.quarantine.count()
        self.tabs.setTabText(
            QUARANTINE_TAB,
            self.tr("&Quarantine ({n})").format(n=waiting) if waiting else self.tr("&Quarantine"),
        )
        if self._vault is not None:
            kits = len(hq.kits(self._vault))
            self.statusBar().showMessage(
                self.tr("{kits} · {waiting} in quarantine").format(
                    kits=Counted().kits_enrolled(kits), waiting=waiting
                )
            )

    # --- the list and the record ------------------------------------------------------------

    def _query_changed(self, query: search.Query) -> None:
        if self._vault is not None:
            self.model.set_query(query)
            self._clear_record()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._vault is None or not current.isValid() or self.queue.busy:
            return
        interview_id = self.model.id_at(current.row())
        if interview_id is None:
            return
        try:
            interview = records.get(self._vault, interview_id)
            origins = hq.provenance(self._vault, [interview_id]).get(interview_id, [])
            kept = history.revisions(self._vault, interview_id)
            held = hq_attachments.for_interview(self._vault, interview_id)
        except FieldkitError as error:
            show_error(self, error)
            return
        self.record.show_interview(interview, origins, kept)
        mark_revoked(self.record.provenance, kept or origins, self._vault)
        self.attachments.show_items(self._vault, held, interview_id)

    def _clear_record(self) -> None:
        self.record.clear()
        self.attachments.clear()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(INTERVIEWS_TAB)
        self.filter_bar.search.setFocus()
        self.filter_bar.search.selectAll()

    # --- importing --------------------------------------------------------------------------

    def choose_bundles(self) -> None:
        if self._vault is None:
            return
        chosen = prompts.open_files(
            self,
            self.tr("Choose bundles to import"),
            self.tr("fieldkit bundles (*{suffix});;All files (*)").format(suffix=BUNDLE_SUFFIX),
        )
        self.import_bundles(chosen)

    def import_bundles(self, paths: list[Path]) -> None:
        """Queue ``paths`` (bundles, or folders holding bundles) for import."""
        bundles = bundle_paths(paths)
        if self._vault is None or not bundles:
            return
        self.tabs.setCurrentIndex(IMPORTS_TAB)
        self._set_importing(True)
        self.queue.add(bundles)

    def _import_started(self, path: Path, number: int, total: int) -> None:
        self.imports.show_started(path, number, total)

    def _set_importing(self, importing: bool) -> None:
        # The import holds the vault: reading it from here would wait, freezing the window.
        self.splitter.setEnabled(not importing)
        self.quarantine.setEnabled(not importing)
        self.kits.setEnabled(not importing)
        for act in (Act.EXPORT_DATASET, Act.CHECK, Act.ENROLL_KIT, Act.HQ_CARD):
            self.actions_.set_enabled(not importing and self._vault is not None, act)

    def _imports_done(self) -> None:
        self.imports.show_idle()
        self._set_importing(False)
        self.announce(Changes(interviews=True, quarantine=True, imports=True))

    def _show_changes(self, changes: Changes) -> None:
        """Show what an operation changed: the list, the quarantine, the counts."""
        if self._vault is None:
            return
        if changes.interviews:
            self.filter_bar.set_tags(search.known_tags(self._vault))
            self.model.reload(keep_loaded=not changes.imports)
            self._clear_record()
        if changes.quarantine:
            self.quarantine.show_changes(changes)
        if changes.kits or changes.imports:  # a kit's name is shown in the history too
            self.kits.show_kits(self._vault)
            self.imports.show_history(self._vault)
        self._update_counts()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
        if self._vault is not None and bundle_paths(paths):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
        if bundle_paths(paths):
            event.acceptProposedAction()
            self.import_bundles(paths)
        else:
            event.ignore()

    # --- kits, cards, exports, the vault ----------------------------------------------------

    def enroll_kit(self) -> None:
        if self._vault is None:
            return
        card = enroll_kit(self, self._vault)
        if card is not None:
            self.announce(Changes(kits=True))

    def show_card(self) -> None:
        self.show_own_card(show_hq_card, self.tr("HQ's card was saved."))

    def export_dataset(self) -> None:
        if self._vault is not None:
            self.export_dialog = self.open_dialog(DatasetExportDialog(self._vault, self))

    def check_integrity(self) -> None:
        if self._vault is not None:
            check_integrity(self, self._vault)
