"""Identifying details underlined as the researcher types, with one-click fixes.

:class:`Review` watches the role line and every quote of the editor. After a pause in typing
it runs :func:`fieldkit.core.anonymise.detect.detect` on a worker thread (the Russian model loads
there on first use, never on the GUI thread) and underlines what it found. The context menu
of an underlined word, and the editor's review button, offer: replace with the suggestion,
replace with other words, or mark as not identifying (remembered for the interview, by the
vault). All decisions go through the same functions the command line uses.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QInputMethodEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QPlainTextEdit

from fieldkit.core.anonymise.detect import Finding, FindingKind, detect
from fieldkit.core.anonymise.review import Dismissal, dismissal
from fieldkit.gui.base.work import Op

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

# Pause after the last keystroke before the text is checked.
CHECK_DELAY_MS = 400


def kind_label(kind: FindingKind) -> str:
    """The kind of a finding in words, translated."""
    return {
        FindingKind.PERSON: translate("Review", "a person's name"),
        FindingKind.PHONE: translate("Review", "a phone number"),
        FindingKind.EMAIL: translate("Review", "an e-mail address"),
        FindingKind.ID_NUMBER: translate("Review", "an identity document number"),
        FindingKind.VEHICLE_PLATE: translate("Review", "a vehicle number plate"),
        FindingKind.ADDRESS: translate("Review", "a street address"),
        FindingKind.SOCIAL: translate("Review", "a social media profile"),
        FindingKind.BIRTH_DATE: translate("Review", "a date of birth"),
    }[kind]


def keep_label(kind: FindingKind) -> str:
    """ "Not identifying — keep as it is" for a finding of ``kind``. One English phrase, but a
    translation says what is kept (Russian's "не указывает на человека" does not fit an
    address), so each kind is its own message."""
    return {
        FindingKind.PERSON: translate("Review", "Not identifying — keep as it is", "person"),
        FindingKind.PHONE: translate("Review", "Not identifying — keep as it is", "phone"),
        FindingKind.EMAIL: translate("Review", "Not identifying — keep as it is", "email"),
        FindingKind.ID_NUMBER: translate("Review", "Not identifying — keep as it is", "id"),
        FindingKind.VEHICLE_PLATE: translate(
            "Review", "Not identifying — keep as it is", "vehicle"
        ),
        FindingKind.ADDRESS: translate("Review", "Not identifying — keep as it is", "address"),
        FindingKind.SOCIAL: translate("Review", "Not identifying — keep as it is", "social"),
        FindingKind.BIRTH_DATE: translate(
            "Review", "Not identifying — keep as it is", "birth date"
        ),
    }[kind]


def _utf16(text: str, index: int) -> int:
    """Qt counts positions in UTF-16 code units, Python in code points."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def _from_utf16(text: str, position: int) -> int:
    units = 0
    for index, ch in enumerate(text):
        if units >= position:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def _underline() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(QColor("#c2410c"))
    fmt.setBackground(QColor(255, 237, 213))  # seen without colour vision too: the wave
    return fmt


class _Highlighter(QSyntaxHighlighter):
    """Underlines the spans of a plain-text document (positions of the whole text)."""

    def __init__(self, edit: QPlainTextEdit) -> None:
        super().__init__(edit.document())
        self.spans: list[tuple[int, int]] = []  # UTF-16 positions
        self._format = _underline()

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock().position()
        length = len(text.encode("utf-16-le")) // 2
        for start, end in self.spans:
            lo, hi = max(start, block), min(end, block + length)
            if lo < hi:
                self.setFormat(lo - block, hi - lo, self._format)


@dataclass(eq=False)
class Marked:
    """One watched text widget: the role line or a quote."""

    widget: QLineEdit | QPlainTextEdit
    # (order, words) — (0, "role"), (2, "quote 2") — or None once the quote was removed.
    where: Callable[[], tuple[int, str] | None]
    found: list[Finding]
    checked_text: str | None = None
    highlighter: _Highlighter | None = None

    def text(self) -> str:
        if isinstance(self.widget, QLineEdit):
            return self.widget.text()
        return self.widget.toPlainText()


class Review(QObject):
    """The findings of one interview's role and quotes, kept current while typing."""

    # The set of unreviewed findings changed (the editor updates its review button).
    changed = Signal()
    # The person marked a finding as not identifying: store it (the editor does).
    dismiss_requested = Signal(object)
    # The person wants other words in place of a finding: ask for them (the editor does),
    # then call replace().
    custom_requested = Signal(object, object)  # Marked, Finding

    def __init__(self, parent: QObject | None = None, delay_ms: int = CHECK_DELAY_MS) -> None:
        super().__init__(parent)
        self._marked: list[Marked] = []
        self._dismissed: set[Dismissal] = set()
        # The interview's language as typed ("ru", "en-GB"…), read at each check.
        self.language: Callable[[], str] = lambda: ""
        self._running = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.check_now)

    # --- watching -------------------------------------------------------------------------

    def watch(
        self,
        widget: QLineEdit | QPlainTextEdit,
        where: Callable[[], tuple[int, str] | None],
    ) -> None:
        """Check ``widget`` as it changes; ``where`` says where it is while it is in use."""
        marked = Marked(widget, where, [])
        widget.textChanged.connect(self.schedule)
        widget.installEventFilter(self)
        if isinstance(widget, QPlainTextEdit):
            marked.highlighter = _Highlighter(widget)
            widget.viewport().installEventFilter(self)
        widget.destroyed.connect(lambda *_: self._forget(marked))
        self._marked.append(marked)
        self.schedule()

    def _forget(self, marked: Marked) -> None:
        if not shiboken6.isValid(self):
            return  # the whole editor is going away
        if marked in self._marked:
            self._marked.remove(marked)
            self.changed.emit()

    def _live(self) -> list[tuple[int, str, Marked]]:
        live = []
        for marked in self._marked:
            where = marked.where()
            if where is not None:
                live.append((where[0], where[1], marked))
        live.sort(key=lambda item: item[0])
        return live

    def set_dismissed(self, dismissed: set[Dismissal]) -> None:
        self._dismissed = set(dismissed)
        self._show_all()

    def reset(self) -> None:
        """Forget every finding and dismissal (a new interview is opened, or the app locks)."""
        self._timer.stop()
        self._dismissed = set()
        for marked in self._marked:
            marked.found = []
            marked.checked_text = None
        self._show_all()

    def add_dismissed(self, key: Dismissal) -> None:
        self._dismissed.add(key)
        self._show_all()

    def schedule(self) -> None:
        self._timer.start()

    @property
    def settled(self) -> bool:
        """No check is waiting or running: :meth:`pending` is current."""
        return (
            not self._timer.isActive()
            and self._running == 0
            and all(m.checked_text == m.text() for _, _, m in self._live())
        )

    def check_now(self) -> None:
        """Check every widget whose text changed since its last check, off the GUI thread."""
        self._timer.stop()
        language = self.language()
        for _, _, marked in self._live():
            text = marked.text()
            if text == marked.checked_text:
                continue
            self._running += 1

            def deliver(found: list[Finding], marked: Marked = marked, text: str = text) -> None:
                if not shiboken6.isValid(self):
                    return  # the editor went away while the check ran
                self._running -= 1
                if not shiboken6.isValid(marked.widget) or marked not in self._marked:
                    return
                if marked.text() != text:
                    return  # typed on meanwhile: the next check is already scheduled
                marked.found = found
                marked.checked_text = text
                self._show(marked)
                self.changed.emit()

            def failed(error: BaseException) -> None:
                if not shiboken6.isValid(self):
                    return
                self._running -= 1
                sys.excepthook(type(error), error, error.__traceback__)

            check = partial(detect, text, context_language=language)
            Op(check).success(deliver).failure(failed).run()

    # --- what is shown --------------------------------------------------------------------

    def _unreviewed(self, marked: Marked) -> list[Finding]:
        return [f for f in marked.found if dismissal(f.kind, f.text) not in self._dismissed]

    def pending(self) -> list[tuple[Marked, Finding]]:
        """Every finding nobody has reviewed, role first, then the quotes in order."""
        return [(m, f) for _, _, m in self._live() for f in self._unreviewed(m)]

    def _show_all(self) -> None:
        for marked in self._marked:
            self._show(marked)
        self.changed.emit()

    def _show(self, marked: Marked) -> None:
        text = marked.text()
        spans = [(_utf16(text, f.start), _utf16(text, f.end)) for f in self._unreviewed(marked)]
        widget = marked.widget
        if marked.highlighter is not None:
            marked.highlighter.spans = spans
            marked.highlighter.rehighlight()
            return
        assert isinstance(widget, QLineEdit)
        # QLineEdit has no character formats of its own; an input-method event without text
        # sets display formats (positions relative to the cursor) and changes nothing typed.
        cursor = widget.cursorPosition()
        attributes = [
            QInputMethodEvent.Attribute(
                QInputMethodEvent.AttributeType.TextFormat,
                start - cursor,
                end - start,
                _underline(),
            )
            for start, end in spans
        ]
        QApplication.sendEvent(widget, QInputMethodEvent("", attributes))

    def finding_at(self, marked: Marked, position: int) -> Finding | None:
        """The unreviewed finding at a UTF-16 position in the widget's text, if any."""
        index = _from_utf16(marked.text(), position)
        for finding in self._unreviewed(marked):
            if finding.start <= index <= finding.end:
                return finding
        return None

    # --- fixing ---------------------------------------------------------------------------

    def replace(self, marked: Marked, finding: Finding, words: str) -> bool:
        """Put ``words`` where ``finding`` is, as typing would (undo works). False if the text
        there changed since it was checked."""
        text = marked.text()
        if text[finding.start : finding.end] != finding.text:
            return False
        start, end = _utf16(text, finding.start), _utf16(text, finding.end)
        widget = marked.widget
        if isinstance(widget, QLineEdit):
            widget.setSelection(start, end - start)
            widget.insert(words)
        else:
            cursor = widget.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(words)
        self.schedule()
        return True

    def add_actions(self, menu: QMenu, marked: Marked, finding: Finding) -> None:
        """The three fixes for one finding, added to ``menu``."""
        replace = menu.addAction(
            translate("Review", "Replace with “{suggestion}”").format(suggestion=finding.suggestion)
        )
        replace.triggered.connect(lambda: self.replace(marked, finding, finding.suggestion))
        custom = menu.addAction(translate("Review", "Replace with other words…"))
        custom.triggered.connect(lambda: self.custom_requested.emit(marked, finding))
        keep = menu.addAction(keep_label(finding.kind))
        keep.triggered.connect(lambda: self.dismiss_requested.emit(finding))

    def fill_menu(self, menu: QMenu) -> None:
        """The review button's menu: every unreviewed finding with its fixes."""
        menu.clear()
        for _, where, marked in self._live():
            for finding in self._unreviewed(marked):
                sub = menu.addMenu(
                    translate("Review", "{where}: “{text}” — {kind}").format(
                        where=where, text=finding.text, kind=kind_label(finding.kind)
                    )
                )
                self.add_actions(sub, marked, finding)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ContextMenu:
            return False
        assert isinstance(event, QContextMenuEvent)
        for marked in self._marked:
            widget = marked.widget
            if watched is widget or (
                isinstance(widget, QPlainTextEdit) and watched is widget.viewport()
            ):
                return self._context_menu(marked, event.pos(), event.globalPos())
        return False

    def _context_menu(self, marked: Marked, pos: QPoint, global_pos: QPoint) -> bool:
        widget = marked.widget
        if isinstance(widget, QLineEdit):
            position = widget.cursorPositionAt(pos)
        else:
            position = widget.cursorForPosition(pos).position()
        finding = self.finding_at(marked, position)
        if finding is None:
            return False  # the widget's own menu
        menu = widget.createStandardContextMenu()
        first = menu.actions()[0] if menu.actions() else None
        fixes = QMenu(menu)
        self.add_actions(fixes, marked, finding)
        if first is None:
            menu.addActions(fixes.actions())
        else:
            menu.insertActions(first, fixes.actions())
            menu.insertSeparator(first)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(global_pos)
        return True
