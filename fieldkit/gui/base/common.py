"""Small widgets shared by the dialogs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStatusBar,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate


#: The colour of words that say something is wrong (a field's problem, a refused passphrase).
PROBLEM_RED = "#b3261e"


def in_red(label: QLabel) -> QLabel:
    """Show ``label``'s text in :data:`PROBLEM_RED` (by its object name, set here if empty)."""
    if not label.objectName():
        label.setObjectName("problem")
    label.setStyleSheet(f"QLabel#{label.objectName()} {{ color: {PROBLEM_RED}; }}")
    return label


def set_buddy(label: QLabel, widget: QWidget) -> QLabel:
    """``label``'s Alt shortcut focuses ``widget``. A label's shortcut focuses only a buddy
    that takes focus itself, so a box (a path and its button, the place and country) is
    replaced by the field its focus proxy names."""
    while widget.focusProxy() is not None:
        widget = widget.focusProxy()
    label.setBuddy(widget)
    return label


def line_height(widget: QWidget, lines: int) -> int:
    """The height of ``lines`` lines of ``widget``'s text, with its margins."""
    margins = widget.contentsMargins()
    return widget.fontMetrics().lineSpacing() * lines + margins.top() + margins.bottom() + 2


def reserve_lines(label: QLabel, lines: int, *, fixed: bool = False) -> QLabel:
    """``label`` takes the room of ``lines`` lines whether it says anything or not, so text
    appearing in it moves nothing below or beside it. ``fixed``: never more (the longest
    text it shows fits); otherwise a longer text may still grow it."""
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if fixed:
        label.setFixedHeight(line_height(label, lines))
    else:
        label.setMinimumHeight(line_height(label, lines))
    return label


def keep_space(widget: QWidget) -> QWidget:
    """``widget`` keeps its place in the layout while hidden (a message that comes and goes)."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
    return widget


def permanent_status_bar(window: QMainWindow) -> QStatusBar:
    """The window's status bar, made now and one line high whether a message shows or not
    (made on first use, or sized by its message, it came and went and moved the window's
    contents)."""
    bar = window.statusBar()
    bar.setMinimumHeight(line_height(bar, 1) + 4)
    return bar


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def busy_bar(text: str, name: str | None = None) -> QProgressBar:
    """A hidden bar that moves without a known end, saying ``text`` (read out as ``name``)."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setFormat(text)
    bar.setTextVisible(True)
    bar.setAccessibleName(text if name is None else name)
    bar.hide()
    return bar


def named_button(text: str, name: str | None = None, *, default: bool = False) -> QPushButton:
    """A button labelled ``text``, read out as ``name`` (``text`` without its ``&``).

    ``default`` marks it default now; where the button's enabled state changes before the
    dialog is shown (TaskDialog), make it default once it is in the dialog instead:
    setDefault(True) on a button already default does nothing, so the dialog never learns it.
    """
    button = QPushButton(text)
    if default:
        button.setDefault(True)
    button.setAccessibleName(text.replace("&", "") if name is None else name)
    return button


def limited_line(name: str, limit: int, placeholder: str = "", *, text: str = "") -> QLineEdit:
    """A one-line field read out as ``name``, holding at most ``limit`` characters."""
    edit = QLineEdit(text)
    edit.setMaxLength(limit)
    edit.setAccessibleName(name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def button_box(
    accept: QPushButton, reject: QPushButton | None = None, *actions: QPushButton
) -> QDialogButtonBox:
    """A dialog's buttons, placed by the platform's order for their roles."""
    box = QDialogButtonBox()
    box.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
    for action in actions:
        box.addButton(action, QDialogButtonBox.ButtonRole.ActionRole)
    if reject is not None:
        box.addButton(reject, QDialogButtonBox.ButtonRole.RejectRole)
    return box


#: What a page holds below its heading: a widget, a layout, or a widget and its alignment.
PagePart = QWidget | QLayout | tuple[QWidget, Qt.AlignmentFlag]


def page_layout(
    page: QWidget,
    head: str,
    intro: str,
    parts: tuple[PagePart, ...],
    buttons: QWidget,
    *,
    stretch: bool = True,
) -> QVBoxLayout:
    """Lay ``page`` out as the dialogs do: a heading, an introduction (when there is one),
    ``parts`` in order, room to grow (unless ``stretch`` is false), then the buttons."""
    layout = QVBoxLayout(page)
    layout.addWidget(heading(head))
    if intro:
        layout.addWidget(paragraph(intro))
    _add_parts(layout, parts)
    if stretch:
        layout.addStretch(1)
    layout.addWidget(buttons)
    return layout


def stacked(owner: QWidget, *parts: PagePart, margin: int | None = None) -> QVBoxLayout:
    """``owner`` laid out as ``parts`` one above the other (``margin``: around them, in pixels,
    where the style's own margins are not wanted)."""
    layout = QVBoxLayout(owner)
    if margin is not None:
        layout.setContentsMargins(margin, margin, margin, margin)
    _add_parts(layout, parts)
    return layout


def _add_parts(layout: QVBoxLayout, parts: tuple[PagePart, ...]) -> None:
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        elif isinstance(part, tuple):
            layout.addWidget(part[0], 0, part[1])
        else:
            layout.addWidget(part)


def button_row(*left: QPushButton, right: tuple[QPushButton, ...] = ()) -> QHBoxLayout:
    """A panel's buttons in a row: ``left`` in order, room, then ``right``. None of them is
    pressed by Enter (auto-default off): Enter in the panel's list or field means that."""
    row = QHBoxLayout()
    for button in left:
        row.addWidget(button)
    row.addStretch(1)
    for button in right:
        row.addWidget(button)
    for button in (*left, *right):
        button.setAutoDefault(False)
    return row


class PageStack(QWidget):
    """Pages shown one at a time; unlike QStackedWidget, sized to the page shown (a
    stacked layout asks every page for its height-for-width, so the tallest page wins)."""

    currentChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: list[QWidget] = []
        self._current = -1
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def addWidget(self, page: QWidget) -> int:
        self._pages.append(page)
        self._layout.addWidget(page)
        if self._current < 0:
            self._current = 0
        page.setVisible(len(self._pages) - 1 == self._current)
        return len(self._pages) - 1

    def count(self) -> int:
        return len(self._pages)

    def fit_window(self) -> None:
        """Resize the window to the page shown, wrapping text at the window's real width
        (``adjustSize`` wraps at the narrower size hint and leaves a gap below)."""
        window = self.window()
        layout = window.layout()
        if layout is None:
            return
        layout.activate()
        width = max(window.width(), window.minimumWidth(), window.sizeHint().width())
        height = window.sizeHint().height()
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width)
        window.resize(width, max(height, window.minimumSizeHint().height()))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self.fit_window)

    def widget(self, index: int) -> QWidget:
        return self._pages[index]

    def currentIndex(self) -> int:
        return self._current

    def setCurrentIndex(self, index: int) -> None:
        if index == self._current:
            return
        self._current = index
        for number, page in enumerate(self._pages):
            page.setVisible(number == index)
        # Once the hidden pages have left the layout (after pending layout requests).
        QTimer.singleShot(0, self, self.fit_window)
        self.currentChanged.emit(index)


def read_only_table(name: str, headers: list[str]) -> QTableWidget:
    """A table of rows to read and choose, not edit: whole rows selected, columns sized to
    their contents, the last one taking the rest."""
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def paragraph(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class LastGroupCheck(QWidget):
    """ "Type its last group": proof that a key or fingerprint shown above was read.

    :attr:`confirmed` follows the typing; a full-length group that does not match says so.
    """

    confirmed = Signal(bool)

    def __init__(self, label: str, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._expected = ""
        self.edit = QLineEdit()
        self.edit.setAccessibleName(accessible_name)
        self.edit.setMaxLength(8)
        caption = QLabel(label)
        caption.setBuddy(self.edit)
        self.problem = QLabel(
            translate("LastGroupCheck", "That is not the last group shown above.")
        )
        in_red(self.problem)
        self.problem.setWordWrap(True)
        keep_space(self.problem)  # the buttons below stay where they are when it shows
        self.problem.hide()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(caption, self.edit)
        form.addRow(self.problem)
        self.edit.textChanged.connect(self._check)
        self.setFocusProxy(self.edit)

    def expect(self, text: str) -> None:
        """Ask for the last ``-``-separated group of ``text``."""
        self._expected = text.rsplit("-", 1)[-1].upper()
        self.edit.clear()
        self._check()

    def is_confirmed(self) -> bool:
        return bool(self._expected) and self.edit.text().strip().upper() == self._expected

    def _check(self) -> None:
        typed = self.edit.text().strip()
        ok = self.is_confirmed()
        self.problem.setVisible(not ok and len(typed) >= len(self._expected) > 0)
        self.confirmed.emit(ok)
