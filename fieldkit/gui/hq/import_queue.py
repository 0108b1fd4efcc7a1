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
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit import hq
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange.bundle import BUNDLE_SUFFIX
from fieldkit.gui.base.common import paragraph
from fieldkit.gui.base.errors import safe_message
from fieldkit.gui.base.work import Op
from fieldkit.gui.hq.revoke import held_text
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


def outcome_text(outcome: hq.ImportOutcome) -> str:
    if outcome.held:  # a revoked kit's, or signed with a replaced key: fieldkit.gui.hq.revoke
        return held_text(outcome)
    if outcome.replay:
        return translate("Import", "Already imported before; the same receipt was written again.")
    parts = [
        (outcome.new, translate("Import", "{n} new")),
        (outcome.duplicates, translate("Import", "{n} already sent by another kit")),
        (outcome.updated, translate("Import", "{n} updated")),
        (outcome.unchanged, translate("Import", "{n} unchanged")),
        (outcome.quarantined, translate("Import", "{n} quarantined")),
    ]
    said = [text.format(n=count) for count, text in parts if count]
    return ", ".join(said) if said else translate("Import", "no interviews in it")


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


class ImportPanel(QWidget):
    """The Imports tab: what to do, the progress, and a line per bundle imported."""

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
        self.stop_button = QPushButton(translate("Import", "&Stop after this bundle"))
        self.stop_button.setAccessibleName(translate("Import", "Stop after this bundle"))
        self.stop_button.hide()
        self.results = QTreeWidget()
        self.results.setAccessibleName(translate("Import", "Import results"))
        self.results.setColumnCount(3)
        self.results.setHeaderLabels(
            [
                translate("Import", "Bundle"),
                translate("Import", "Kit"),
                translate("Import", "Result"),
            ]
        )
        self.results.setRootIsDecorated(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setWordWrap(True)
        header = self.results.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty = QLabel(translate("Import", "No bundles imported in this session yet."))
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

    def _row(self, path: Path, kit: str, result: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([path.name, kit, result])
        item.setToolTip(0, str(path))
        item.setToolTip(2, result)
        self.results.addTopLevelItem(item)
        self.results.show()
        self.empty.hide()
        self.results.scrollToItem(item)
        return item

    def show_started(self, path: Path, number: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(number - 1)
        self.progress.setFormat(
            translate("Import", "Importing bundle {n} of {total}…").format(n=number, total=total)
        )
        self.progress.show()
        self.stop_button.setVisible(total > 1)

    def show_imported(self, path: Path, outcome: hq.ImportOutcome) -> None:
        kit = (
            f"{outcome.kit_name} ({outcome.kit_fingerprint})"
            if outcome.kit_name
            else outcome.kit_fingerprint
        )
        item = self._row(path, kit, outcome_text(outcome))
        for warning in outcome.warnings:
            child = QTreeWidgetItem(
                ["", "", translate("Import", "Warning: {text}").format(text=warning_text(warning))]
            )
            child.setToolTip(2, child.text(2))  # a long one is elided in the column
            item.addChild(child)
        if outcome.receipt_path is not None:
            item.addChild(
                QTreeWidgetItem(
                    [
                        "",
                        "",
                        translate("Import", "Receipt for the kit: {file}").format(
                            file=outcome.receipt_path.name
                        ),
                    ]
                )
            )
        item.setExpanded(bool(outcome.warnings))

    def show_rejected(self, path: Path, reason: str) -> None:
        item = self._row(path, "—", translate("Import", "Rejected, nothing imported"))
        font = item.font(2)
        font.setBold(True)
        item.setFont(2, font)
        item.setToolTip(2, reason)
        why = QTreeWidgetItem([translate("Import", "Why: {reason}").format(reason=reason)])
        item.addChild(why)
        why.setFirstColumnSpanned(True)  # the whole width: the reason is one long line
        item.setExpanded(True)

    def show_idle(self) -> None:
        self.progress.hide()
        self.stop_button.hide()

    def clear(self) -> None:
        self.results.clear()
        self.results.hide()
        self.empty.show()
        self.show_idle()
