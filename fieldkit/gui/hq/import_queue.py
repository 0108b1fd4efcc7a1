"""Importing bundles at HQ: one after another off the GUI thread, a result line for each.

A rejected bundle (forged, altered, from an unknown kit, for another HQ) gets its one-line
reason and never stops the bundles after it. The bundles queued go to :func:`hq.import_bundles`
together, as ``fieldkit hq import`` does (several per transaction, the records of the next ones
checked in a worker process), which writes each receipt next to its bundle and reports each
bundle as its fate is committed.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit import hq
from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import now_iso
from fieldkit.exchange.bundle import BUNDLE_SUFFIX
from fieldkit.exchange.receipt import RECEIPT_SUFFIX
from fieldkit.gui.base.common import named_button, paragraph
from fieldkit.gui.base.errors import safe_message, sentence
from fieldkit.gui.base.i18n import format_timestamp
from fieldkit.gui.base.work import Op
from fieldkit.gui.hq.revoke import held_text
from fieldkit.hq import import_history
from fieldkit.hq.import_history import Fate, ImportEntry
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

_MISSING = re.compile(r"bundle (\d+) of kit (\S+) is missing")
_MORE = re.compile(r"… and (\d+) more bundles of kit (\S+)")
_GAP = re.compile(r"bundle (\d+) of kit (\S+) does not follow the bundle before it")


_RESTORED = re.compile(
    r"kit (\S+) was restored from a backup: a new timeline starts (?:after bundle (\d+)|"
    r"before its first bundle)(?:; bundles? (\d+)(?:–(\d+))? of the earlier timeline "
    r"(?:is|are) already here)?"
)


def restored_text(match: re.Match[str]) -> str:
    """HQ's word that a kit restored from a backup started a new timeline, translated."""
    kit, after, first, last = match.groups()
    text = translate(
        "Import", "Kit {kit} was restored from a backup: a new timeline starts after bundle {n}."
    ).format(kit=kit, n=after or 0)
    if first and last:
        text += " " + translate(
            "Import", "Bundles {first}–{last} of the earlier timeline are already here."
        ).format(first=first, last=last)
    elif first:
        text += " " + translate(
            "Import", "Bundle {n} of the earlier timeline is already here."
        ).format(n=first)
    return text


def warning_text(warning: str) -> str:
    """The HQ dataset words its warnings in English; translate the ones it is known to give."""
    if match := _MISSING.fullmatch(warning):
        return translate("Import", "Bundle {n} of kit {kit} has not arrived.").format(
            n=match.group(1), kit=match.group(2)
        )
    if match := _MORE.fullmatch(warning):
        return translate("Import", "… and {n} more bundles of kit {kit}.").format(
            n=match.group(1), kit=match.group(2)
        )
    if match := _RESTORED.fullmatch(warning):
        return restored_text(match)
    if match := _GAP.match(warning):
        return translate(
            "Import",
            "Bundle {n} of kit {kit} does not follow the bundle before it (the kit may have "
            "been restored from a backup).",
        ).format(n=match.group(1), kit=match.group(2))
    return warning


def outcome_text(entry: ImportEntry) -> str:
    """What one import did, in words: the counts that are not zero."""
    if entry.fate is Fate.HELD:  # a revoked kit's, or signed with a replaced key
        return held_text(entry.reason, entry.quarantined)
    if entry.fate is Fate.REPLAY:
        return translate("Import", "Already imported before; the same receipt was written again.")
    if entry.fate is Fate.REJECTED:
        return translate("Import", "Rejected, nothing imported")
    if entry.new is None:  # imported before HQ kept its history: only these are known
        parts = [
            (entry.stored, translate("Import", "{n} stored")),
            (entry.quarantined, translate("Import", "{n} quarantined")),
        ]
    else:
        parts = [
            (entry.new, translate("Import", "{n} new")),
            (entry.duplicates or 0, translate("Import", "{n} already sent by another kit")),
            (entry.updated or 0, translate("Import", "{n} updated")),
            (entry.unchanged or 0, translate("Import", "{n} unchanged")),
            (entry.quarantined, translate("Import", "{n} quarantined")),
        ]
    said = [text.format(n=count) for count, text in parts if count]
    return ", ".join(said) if said else translate("Import", "no interviews in it")


def entry_of(path: Path, result: hq.ImportOutcome | str) -> ImportEntry:
    """A result of this session's import as the history will hold it (a str: why rejected)."""
    when = now_iso()
    if isinstance(result, str):
        return ImportEntry(0, when, path.name, Fate.REJECTED, reason=result)
    o = result
    return ImportEntry(
        0,
        when,
        path.name,
        Fate.HELD if o.held else Fate.REPLAY if o.replay else Fate.IMPORTED,
        o.bundle_id,
        o.kit_name,
        o.kit_fingerprint,
        o.sequence,
        o.new,
        o.duplicates,
        o.updated,
        o.unchanged,
        o.new + o.duplicates + o.updated + o.unchanged,
        o.quarantined,
        o.unreviewed,
        tuple(o.warnings),
        o.held,
    )


def bundle_paths(paths: list[Path]) -> list[Path]:
    """The bundle files among dropped or chosen paths (a dropped folder: its bundles)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob(f"*{BUNDLE_SUFFIX}")))
        elif path.suffix == BUNDLE_SUFFIX:
            found.append(path)
    return list(dict.fromkeys(found))


class ImportQueue(QObject):
    """Imports queued bundles off the GUI thread (they share the vault's one connection):
    those waiting when an import starts go together, those added meanwhile after them."""

    started = Signal(object, int, int)  # path, number (from 1), of how many
    imported = Signal(object, object)  # path, hq.ImportOutcome
    rejected = Signal(object, str)  # path, reason in one line
    idle = Signal()
    #: From the import's thread: a bundle's result, and the generation it belongs to.
    _result = Signal(object, object, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._vault: Vault | None = None
        self._queue: deque[Path] = deque()
        self._running = False
        self._done = 0
        self._generation = 0
        self._batch: list[Path] = []  # being imported
        self._reported = 0  # of them
        self._stop = threading.Event()
        # A slot of this object (on the GUI thread): the import thread's emit is queued here.
        self._result.connect(self._on_result)

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault

    @property
    def busy(self) -> bool:
        return self._running

    def add(self, paths: list[Path]) -> None:
        self._queue.extend(paths)
        if not self._running:
            self._done = 0
            self._next()

    def skip_rest(self) -> None:
        """Import the bundle being imported, then no more."""
        self._queue.clear()
        self._stop.set()

    def stop(self) -> None:
        """Import nothing more; the bundle being imported finishes, its result is dropped."""
        self.skip_rest()
        self._generation += 1
        self._running = False

    def _waiting(self) -> int:
        return len(self._queue) + len(self._batch) - self._reported

    def _next(self) -> None:
        vault = self._vault
        if not self._queue or vault is None:
            self._running = False
            self.idle.emit()
            return
        self._running = True
        self._batch = batch = list(self._queue)
        self._queue.clear()
        self._reported = 0
        self._stop = stop = threading.Event()
        generation = self._generation
        self._announce()

        def work() -> None:
            def report(path: Path, result: hq.ImportOutcome | FieldkitError) -> None:
                self._result.emit(path, result, generation)

            hq.import_bundles(vault, batch, on_result=report, stop=stop.is_set)

        def done(_result: None) -> None:
            if generation == self._generation:
                self._next()

        def failed(error: BaseException) -> None:
            # The whole transaction was refused (not one bundle): its bundles say why.
            if generation == self._generation:
                for path in batch[self._reported :]:
                    self.rejected.emit(path, safe_message(error))
                self._next()

        Op(work).success(done).failure(failed).run()

    def _announce(self) -> None:
        """Say which bundle is being imported now, if one still is."""
        if self._reported < len(self._batch) and not self._stop.is_set():
            self._done += 1
            path = self._batch[self._reported]
            self.started.emit(path, self._done, self._done + self._waiting() - 1)

    @Slot(object, object, int)
    def _on_result(
        self, path: Path, result: hq.ImportOutcome | FieldkitError, generation: int
    ) -> None:
        if generation != self._generation:
            return
        self._reported += 1
        if isinstance(result, FieldkitError):
            self.rejected.emit(path, safe_message(result))
        else:
            self.imported.emit(path, result)
        self._announce()


#: The Imports tab's columns (by index); shown in the order of :data:`SHOWN_ORDER`.
FILE, KIT, RESULT, WHEN, NUMBER = range(5)
SHOWN_ORDER = (WHEN, FILE, KIT, NUMBER, RESULT)


class ImportPanel(QWidget):
    """The Imports tab: what to do, the progress, and HQ's history of imports, newest first
    (those of earlier sessions and of the command line too), a line per bundle file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = paragraph(
            translate(
                "Import",
                "Drop bundle files (.fkbundle) or a folder of them anywhere on this window, or "
                "use Import bundles (Ctrl+I). Each bundle is checked completely before anything "
                "is merged, and its receipt for the kit is written next to it.",
            )
        )
        self.progress = QProgressBar()
        self.progress.setAccessibleName(translate("Import", "Import progress"))
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.stop_button = named_button(translate("Import", "&Stop after this bundle"))
        self.stop_button.hide()
        self.results = QTreeWidget()
        self.results.setAccessibleName(translate("Import", "Imports, newest first"))
        self.results.setColumnCount(5)
        self.results.setHeaderLabels(
            [
                translate("Import", "Bundle"),
                translate("Import", "Kit"),
                translate("Import", "Result"),
                translate("Import", "When"),
                translate("Import", "Number"),
            ]
        )
        self.results.setRootIsDecorated(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setWordWrap(True)
        header = self.results.header()
        for visual, column in enumerate(SHOWN_ORDER):
            header.moveSection(header.visualIndex(column), visual)
        for column in (FILE, KIT, WHEN, NUMBER):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty = QLabel(translate("Import", "No bundles imported yet."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar = QHBoxLayout()
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.results, 1)
        self.results.hide()
        #: (file name, bundle id) of what this session imported with something to read (a
        #: warning, a rejection): shown opened, also after the history is read again.
        self._opened: set[tuple[str, str | None]] = set()

    def show_history(self, vault: Vault) -> None:
        """HQ's history of imports as the dataset holds it now."""
        self.results.clear()
        for entry in import_history.history(vault):
            self._add(entry, top=False)
        self.results.setVisible(self.results.topLevelItemCount() > 0)
        self.empty.setVisible(self.results.topLevelItemCount() == 0)

    def _add(self, entry: ImportEntry, *, top: bool) -> QTreeWidgetItem:
        kit = f"{entry.kit_name} ({entry.kit_fingerprint})" if entry.kit_name else "—"
        file_name = entry.file_name or translate("Import", "(name not kept)")
        number = str(entry.sequence) if entry.sequence is not None else ""
        result = outcome_text(entry)
        when = format_timestamp(entry.imported_at)
        item = QTreeWidgetItem([file_name, kit, result, when, number])
        item.setToolTip(FILE, file_name)
        item.setToolTip(RESULT, result)
        if top:
            self.results.insertTopLevelItem(0, item)
        else:
            self.results.addTopLevelItem(item)
        key = (entry.file_name, entry.bundle_id)
        if top and (entry.warnings or entry.fate is Fate.REJECTED):
            self._opened.add(key)
        opened = key in self._opened
        if entry.fate is Fate.REJECTED:
            font = item.font(RESULT)
            font.setBold(True)
            item.setFont(RESULT, font)
            reason = sentence(entry.reason)
            item.setToolTip(RESULT, reason)
            why = QTreeWidgetItem([translate("Import", "Why: {reason}").format(reason=reason)])
            item.addChild(why)
            why.setFirstColumnSpanned(True)  # the whole width: the reason is one long line
            item.setExpanded(opened)
            return item
        for warning in entry.warnings:
            text = translate("Import", "Warning: {text}").format(text=warning_text(warning))
            child = QTreeWidgetItem(["", "", text])
            child.setToolTip(2, text)  # a long one is elided in the column
            item.addChild(child)
        if entry.bundle_id and entry.fate is not Fate.HELD:  # a held bundle gets no receipt
            receipt = f"{entry.bundle_id}{RECEIPT_SUFFIX}"
            text = translate("Import", "Receipt for the kit: {file}").format(file=receipt)
            item.addChild(QTreeWidgetItem(["", "", text]))
        item.setExpanded(opened)
        return item

    def show_started(self, path: Path, number: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(number - 1)
        self.progress.setFormat(
            translate("Import", "Importing bundle {n} of {total}…").format(n=number, total=total)
        )
        self.progress.show()
        self.stop_button.setVisible(total > 1)

    def _shown(self, item: QTreeWidgetItem) -> None:
        self.results.show()
        self.empty.hide()
        self.results.scrollToItem(item)

    def show_imported(self, path: Path, outcome: hq.ImportOutcome) -> None:
        """A bundle of this session's import (at the top, until the history is read again)."""
        self._shown(self._add(entry_of(path, outcome), top=True))

    def show_rejected(self, path: Path, reason: str) -> None:
        self._shown(self._add(entry_of(path, reason), top=True))

    def show_idle(self) -> None:
        self.progress.hide()
        self.stop_button.hide()

    def clear(self) -> None:
        self.results.clear()
        self.results.hide()
        self.empty.show()
        self.show_idle()
