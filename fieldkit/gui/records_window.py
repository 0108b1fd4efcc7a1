"""What the kit's window and HQ's window share: one open vault shown beside a table of its
interviews, the sweep of open dialogs on lock, the passphrase change, the saved layout, and
the one signal that says what changed in the vault."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QMainWindow,
    QSplitter,
    QStyleOptionHeader,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.base import prompts
from fieldkit.gui.base.changes import Changes, OutsideWrites
from fieldkit.gui.base.common import permanent_status_bar
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.base.help import UserGuideDialog
from fieldkit.gui.base.resources import app_icon
from fieldkit.gui.base.settings import restore_layout, save_layout
from fieldkit.gui.base.task_dialog import TaskDialog
from fieldkit.gui.session.vault_dialogs import ChangePassphraseDialog
from fieldkit.gui.widgets.list_model import PLACE, ROLE, TAGS, InterviewTableModel
from fieldkit.vault.store import Vault
from fieldkit.version import version_info

#: A dialog a window opens and keeps.
D = TypeVar("D", bound=QDialog)


class SortHeader(QHeaderView):
    """A table header whose sort arrow points the way the rows go: ▼ for descending (newest
    first), ▲ for ascending. Qt's header draws the opposite (it hands the style "sort up"
    for a descending order), which read as "oldest first" above a list of the newest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logicalIndex: int) -> None:
        super().initStyleOptionForIndex(option, logicalIndex)
        arrow = option.sortIndicator
        if arrow == QStyleOptionHeader.SortIndicator.SortUp:
            option.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown
        elif arrow == QStyleOptionHeader.SortIndicator.SortDown:
            option.sortIndicator = QStyleOptionHeader.SortIndicator.SortUp


class RecordsWindow(QMainWindow):
    """The base of both main windows; the Controller decides what follows lock and quit.

    Subclasses set :attr:`layout_key` and :attr:`default_sizes`, make :attr:`splitter`, and
    connect :attr:`changes_made` to what refreshes their views.
    """

    lock_requested = Signal()
    quit_requested = Signal()
    quick_exit_requested = Signal()
    preferences_requested = Signal()
    # A Changes: emitted after an operation (here or in another process) changed the vault.
    changes_made = Signal(object)

    layout_key = "window"
    default_sizes = (640, 640)
    splitter: QSplitter

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self._config = config
        self._vault: Vault | None = None
        self._geometry_restored = False
        self._outside = OutsideWrites()
        self.setWindowIcon(app_icon())
        permanent_status_bar(self)

    def make_table(self, model: InterviewTableModel, fit: tuple[int, ...]) -> QTableView:
        """The interview table over ``model``; the ``fit`` columns are sized to their contents."""
        table = QTableView()
        table.setHorizontalHeader(SortHeader(table))
        table.setModel(model)
        table.setAccessibleName(self.tr("Interviews"))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        # Rows are chosen whole: Tab leaves the list (for the open interview) instead of
        # walking its cells into the next interview, and never back out.
        table.setTabKeyNavigation(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ROLE, QHeaderView.ResizeMode.Stretch)
        for column in fit:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(PLACE, 110)
        header.resizeSection(TAGS, 90)
        return table

    # --- the vault --------------------------------------------------------------------------

    @property
    def vault(self) -> Vault | None:
        return self._vault

    def _take_vault(self, vault: Vault) -> None:
        self._vault = vault
        self._outside.watch(vault)

    def _give_back_vault(self) -> Vault | None:
        """Close every dialog (abandoning work), keep the layout, forget the vault."""
        for dialog in self.findChildren(QDialog):  # dialogs are windows: hiding us leaves them
            if isinstance(dialog, TaskDialog):
                dialog.abandon()  # stops its work if it can; its result is dropped
            elif dialog.isVisible():
                dialog.reject()
        vault, self._vault = self._vault, None
        self._outside.watch(None)
        self.save_layout()
        return vault

    def is_busy(self) -> bool:
        """True while a dialog's work holds the vault (an export, a receipt being applied)."""
        return any(dialog.busy for dialog in self.findChildren(TaskDialog))

    # --- changes ----------------------------------------------------------------------------

    def announce(self, changes: Changes) -> None:
        """Tell every view what an operation changed."""
        if changes and self._vault is not None:
            self.changes_made.emit(changes)

    def check_outside_changes(self) -> bool:
        """Announce what another process changed since the last look; True if it did."""
        if self._vault is None or self.is_busy():
            return False  # work in progress holds the vault; its end announces itself
        if not self._outside.changed():
            return False
        self.announce(Changes.everything())
        return True

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self.check_outside_changes()
        return super().event(event)

    # --- the Vault menu ---------------------------------------------------------------------

    def split_list_and(self, right: QWidget, *, central: bool = True) -> None:
        """:attr:`splitter`: the filter bar over the table on the left, ``right`` beside it
        (the kit's editor, HQ's record view); the window's central widget if ``central``."""
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 4)
        if central:
            self.setCentralWidget(self.splitter)

    def show_about(self) -> None:
        """Help → About: the version and build, the licence, and where this vault lives."""
        info = version_info()
        where = str(self._config.vault_path)
        text = "\n\n".join(
            (
                self.tr("fieldkit, version {version} (build {build}).").format(
                    version=info.version, build=info.build_id
                ),
                self.tr(
                    "Free software under the GNU Affero General Public License, version 3 or later."
                ),
                self.tr("This vault: {folder}").format(folder=where),
                self.tr(
                    "Help → User guide (F1) explains the app. The full documentation "
                    "(installing, the vault, exchange with the central office) is in the docs "
                    "folder of the source; fieldkit --help lists the command line."
                ),
            )
        )
        prompts.information(self, self.tr("About fieldkit"), text)

    def open_dialog(self, dialog: D, *, deleted: bool = False) -> D:
        """``dialog`` opened over this window (the lock closes it with the others), returned
        to be kept as one of the window's; ``deleted``: deleted once closed."""
        if deleted:
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_own_card(self, show: Callable[[QWidget, Vault], bool], saved: str) -> None:
        """Exchange → the card of this kit or HQ: ``show`` shows its fingerprint and saves
        the card if asked, said then by ``saved`` in the status bar."""
        if self._vault is not None and show(self, self._vault):
            self.statusBar().showMessage(saved, 8000)

    def show_user_guide(self) -> None:
        """Help → User guide: the guide shipped with the app (works offline)."""
        self.guide_dialog = self.open_dialog(UserGuideDialog(self), deleted=True)

    def change_passphrase(self) -> None:
        if self._vault is None:
            return
        dialog = ChangePassphraseDialog(self._vault, self)
        dialog.changed.connect(self._passphrase_changed)
        dialog.finished.connect(dialog.deleteLater)
        self.passphrase_dialog = self.open_dialog(dialog)

    def _passphrase_changed(self) -> None:
        """What the window shows once the passphrase was changed (nothing, by default)."""

    # --- layout (the only things kept in QSettings) ------------------------------------------

    def save_layout(self) -> None:
        save_layout(self, self.splitter, self.layout_key)

    def restore_layout(self) -> None:
        if self._geometry_restored:
            return
        self._geometry_restored = True
        restore_layout(self, self.splitter, self.layout_key, list(self.default_sizes))

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()  # the controller saves, closes the vault and quits
        self.quit_requested.emit()
