"""The quotes of one interview: each a text, its tags and its citation with a Copy button."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.core.clip import Clip
from fieldkit.gui.base import prompts
from fieldkit.gui.widgets.fields import GrowingTextEdit, TagsEdit, problem_label, show_problem


class QuoteEditor(QFrame):
    """One quote. Moving and removing are asked of the :class:`QuoteList` by signals."""

    changed = Signal()
    move_requested = Signal(object, int)  # self, -1 up / +1 down
    remove_requested = Signal(object)
    copy_requested = Signal(object)
    play_requested = Signal(object)  # the quote's Clip
    link_requested = Signal(object)  # self: choose where in a recording it was said

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        #: Where in a recording the quote was said (kept through edits; None: nowhere given).
        self.clip: Clip | None = None
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.up_button = self._tool("↑", self.tr("Move this quote up"))
        self.down_button = self._tool("↓", self.tr("Move this quote down"))
        self.remove_button = self._tool(self.tr("Remove"), self.tr("Remove this quote"))

        self.text = GrowingTextEdit(min_lines=4, max_lines=14)
        self.text.setPlaceholderText(self.tr("The anonymised words of the interviewee…"))
        self.problem = problem_label()
        self.tags = TagsEdit()
        self.tags.setAccessibleName(self.tr("Tags of this quote"))
        self.tags.setPlaceholderText(self.tr("optional, separated by commas"))
        tags_label = QLabel(self.tr("Quote tags:"))
        tags_label.setBuddy(self.tags)
        self.tags_problem = problem_label()

        self.citation = QLabel()
        self.citation.setWordWrap(True)
        self.citation.setTextFormat(Qt.TextFormat.PlainText)
        self.citation.setAccessibleName(self.tr("Citation"))
        italic = self.citation.font()
        italic.setItalic(True)
        self.citation.setFont(italic)  # derived, not typed: set apart without losing contrast
        cite_label = QLabel(self.tr("Citation:"))
        cite_label.setEnabled(False)
        self.copy_button = QPushButton(self.tr("Copy citation"))
        self.copy_button.setAccessibleName(self.tr("Copy the citation to the clipboard"))
        self.clip_label = QLabel()
        self.clip_label.setTextFormat(Qt.TextFormat.PlainText)
        self.play_button = QPushButton(self.tr("Play this stretch"))
        self.play_button.setAccessibleName(self.tr("Play the stretch of the recording"))
        self.link_button = QPushButton(self.tr("Where in the recording…"))
        self.link_button.setAccessibleName(
            self.tr("Point this quote to where it was said in a recording")
        )

        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        for button in (self.up_button, self.down_button, self.remove_button):
            head.addWidget(button)
        tag_row = QHBoxLayout()
        tag_row.addWidget(tags_label)
        tag_row.addWidget(self.tags, 1)
        cite_row = QHBoxLayout()
        cite_row.addWidget(cite_label, 0, Qt.AlignmentFlag.AlignTop)
        cite_row.addWidget(self.citation, 1)
        cite_row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.text)
        layout.addWidget(self.problem)
        layout.addLayout(tag_row)
        layout.addWidget(self.tags_problem)
        layout.addLayout(cite_row)
        clip_row = QHBoxLayout()
        clip_row.addWidget(self.clip_label, 1)
        clip_row.addWidget(self.play_button)
        clip_row.addWidget(self.link_button)
        layout.addLayout(clip_row)
        self._show_clip()

        order = [self.text, self.tags, self.copy_button, self.play_button, self.link_button]
        order += [self.up_button, self.down_button, self.remove_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self.text.textChanged.connect(self.changed)
        self.tags.textChanged.connect(lambda _t: self.changed.emit())
        self.up_button.clicked.connect(lambda: self.move_requested.emit(self, -1))
        self.down_button.clicked.connect(lambda: self.move_requested.emit(self, 1))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self.copy_button.clicked.connect(lambda: self.copy_requested.emit(self))
        self.play_button.clicked.connect(lambda: self.play_requested.emit(self.clip))
        self.link_button.clicked.connect(lambda: self.link_requested.emit(self))

    def _tool(self, text: str, name: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(name)
        button.setAccessibleName(name)
        return button

    def set_number(self, number: int, count: int) -> None:
        self.title.setText(self.tr("Quote {number}").format(number=number))
        self.text.setAccessibleName(self.tr("Quote {number} text").format(number=number))
        self.up_button.setEnabled(number > 1)
        self.down_button.setEnabled(number < count)

    def value(self) -> dict[str, Any]:
        value: dict[str, Any] = {"text": self.text.toPlainText(), "tags": self.tags.text()}
        if self.clip is not None:
            value["clip"] = self.clip.to_dict()
        return value

    def set_value(self, text: str, tags: tuple[str, ...], clip: Clip | None = None) -> None:
        self.text.setPlainText(text)
        self.tags.setText(", ".join(tags))
        self.clip = clip
        self._show_clip()

    def set_clip(self, clip: Clip | None) -> None:
        """Point the quote to ``clip`` (None: to no recording), as an edit."""
        self.clip = clip
        self._show_clip()
        self.changed.emit()

    def _show_clip(self) -> None:
        """The stretch of the recording the quote points to, with a button to play it."""
        shown = self.clip is not None
        self.clip_label.setVisible(shown)
        self.play_button.setVisible(shown)
        if self.clip is not None:
            self.clip_label.setText(
                self.tr("From the recording: {stretch}").format(stretch=self.clip.text())
            )

    def show_problems(self, text: str, tags: str) -> None:
        for label, message in ((self.problem, text), (self.tags_problem, tags)):
            show_problem(label, message)


class QuoteList(QWidget):
    """Several quotes that can be added, removed and reordered."""

    changed = Signal()
    copy_requested = Signal(int)
    added = Signal(object)  # the new QuoteEditor
    play_requested = Signal(object)  # a quote's Clip
    link_requested = Signal(object)  # a QuoteEditor

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: list[QuoteEditor] = []
        # The widgets Tab reaches just before and after the quotes (set by the editor).
        self._tab_neighbours: tuple[QWidget, QWidget] | None = None
        self._known_tags: list[str] = []
        # How the citation under a quote reads, from that quote's text ("" until the role is
        # filled in): each quote is cited in its own language (fieldkit.core.citation).
        self._cite: Callable[[str], str] | None = None
        self._box = QVBoxLayout()
        self._box.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(self.tr("Add a &quote"))
        self.add_button.setAccessibleName(self.tr("Add a quote"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._box)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_button.clicked.connect(self._add_clicked)

    def _add_clicked(self) -> None:
        editor = self.add()
        editor.text.setFocus()
        self.changed.emit()

    def add(
        self, text: str = "", tags: tuple[str, ...] = (), clip: Clip | None = None
    ) -> QuoteEditor:
        editor = QuoteEditor()
        editor.tags.set_known(self._known_tags)
        editor.set_value(text, tags, clip)
        editor.play_requested.connect(self.play_requested)
        editor.link_requested.connect(self.link_requested)
        editor.changed.connect(self.changed)
        editor.move_requested.connect(self._move)
        editor.remove_requested.connect(self._remove)
        editor.copy_requested.connect(lambda e: self.copy_requested.emit(self.editors.index(e)))
        self.editors.append(editor)
        self._show_citation(editor)
        self._box.addWidget(editor)
        self._renumber()
        self.added.emit(editor)
        return editor

    def set_quotes(self, quotes: list[tuple[Any, ...]]) -> None:
        """Each quote as (text, tags) or (text, tags, clip)."""
        self.clear()
        for quote in quotes:
            self.add(*quote)

    def clear(self) -> None:
        for editor in self.editors:
            editor.text.setPlainText("")  # also drops the undo history
            editor.tags.setText("")
            editor.setParent(None)
            editor.deleteLater()
        self.editors = []

    def values(self) -> list[dict[str, Any]]:
        return [editor.value() for editor in self.editors]

    def set_known_tags(self, tags: list[str]) -> None:
        self._known_tags = list(tags)
        for editor in self.editors:
            editor.tags.set_known(self._known_tags)

    def set_citation(self, cite: Callable[[str], str] | None) -> None:
        """How a quote's citation reads from its text; None until the role is filled in."""
        self._cite = cite
        for editor in self.editors:
            self._show_citation(editor)

    def citation_of(self, index: int) -> str:
        """The citation under quote ``index`` ("" while there is none to copy)."""
        if self._cite is None or not 0 <= index < len(self.editors):
            return ""
        return self._cite(self.editors[index].value()["text"])

    def _show_citation(self, editor: QuoteEditor) -> None:
        text = self.citation_of(self.editors.index(editor)) if editor in self.editors else ""
        editor.citation.setText(text or self.tr("(appears once the role is filled in)"))
        editor.copy_button.setEnabled(bool(text))

    def _move(self, editor: QuoteEditor, step: int) -> None:
        old = self.editors.index(editor)
        new = old + step
        if not 0 <= new < len(self.editors):
            return
        self.editors.insert(new, self.editors.pop(old))
        self._box.removeWidget(editor)
        self._box.insertWidget(new, editor)
        self._renumber()
        (editor.up_button if step < 0 and new > 0 else editor.text).setFocus()
        self.changed.emit()

    def _remove(self, editor: QuoteEditor) -> None:
        if editor.text.toPlainText().strip() and not prompts.confirm(
            self,
            self.tr("Remove quote"),
            self.tr("Remove this quote from the interview? Its text will be gone."),
            destructive=True,
        ):
            return
        index = self.editors.index(editor)
        self.editors.pop(index)
        editor.text.setPlainText("")
        editor.setParent(None)
        editor.deleteLater()
        self._renumber()
        if self.editors:
            self.editors[min(index, len(self.editors) - 1)].text.setFocus()
        else:
            self.add_button.setFocus()
        self.changed.emit()

    def set_tab_neighbours(self, before: QWidget, after: QWidget) -> None:
        """Tab goes from ``before`` through every quote and "Add a quote" to ``after``."""
        self._tab_neighbours = (before, after)
        self._link_tab_order()

    def _link_tab_order(self) -> None:
        # A quote made after the window's tab order was set sits at the end of it: without
        # this, Tab from the tags skipped every quote and went back to the date.
        if self._tab_neighbours is None:
            return
        before, after = self._tab_neighbours
        chain: list[QWidget] = [before]
        for editor in self.editors:
            chain += [editor.text, editor.tags, editor.copy_button, editor.play_button]
            chain.append(editor.link_button)
            chain += [editor.up_button, editor.down_button, editor.remove_button]
        chain += [self.add_button, after]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _renumber(self) -> None:
        for number, editor in enumerate(self.editors, start=1):
            editor.set_number(number, len(self.editors))
        self._link_tab_order()
