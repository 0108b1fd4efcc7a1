"""The one prompt seam: every message box, question, text prompt and file dialog goes here.

Tests replace these functions (``monkeypatch.setattr(prompts, "confirm", ...)``), so no test
ever reaches a real modal ``exec()``. Callers must use them as ``prompts.confirm(...)``, never
``from prompts import confirm``, or the patch would not reach them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.base.common import LastGroupCheck, in_red, reserve_lines

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

#: Every function of the seam that opens a dialog: what a test or benchmark replaces.
SEAM = (
    "information",
    "warning",
    "critical",
    "confirm",
    "ask_text",
    "choose",
    "fingerprint",
    "open_file",
    "open_files",
    "save_file",
    "choose_folder",
)


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    details: str = "",
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setInformativeText(details)
    return box


def information(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """A calm message with an OK button."""
    _box(parent, QMessageBox.Icon.Information, title, text, details).exec()


def warning(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """Something did not work, but nothing is lost."""
    _box(parent, QMessageBox.Icon.Warning, title, text, details).exec()


def critical(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """Something failed; ``text`` must never contain record text."""
    _box(parent, QMessageBox.Icon.Critical, title, text, details).exec()


def confirm(parent: QWidget | None, title: str, text: str, *, destructive: bool = False) -> bool:
    """Yes or no; the safe answer (No) is the default."""
    box = QMessageBox(
        QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


# The narrowest a question's dialog is: sized to a short label ("Replace “Akhmedov” with:")
# it was cramped, and a window manager cut its title.
TEXT_DIALOG_MIN_WIDTH = 440


def text_dialog(parent: QWidget | None, title: str, label: str) -> QInputDialog:
    """The dialog :func:`ask_text` shows (built apart so tests can look at it): wide enough
    for its title in the title bar, with room around the line to type in."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    # The title bar also holds the window manager's buttons: leave room for them. The
    # dialog's own layout fixes its size to its contents, so the line to type in is widened.
    width = max(TEXT_DIALOG_MIN_WIDTH, dialog.fontMetrics().horizontalAdvance(title) + 240)
    dialog.setTextValue("")  # makes the line edit
    line = dialog.findChild(QLineEdit)
    if line is not None:
        style = dialog.style()
        margins = style.pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin) + style.pixelMetric(
            QStyle.PixelMetric.PM_LayoutRightMargin
        )
        line.setMinimumWidth(width - margins)
    return dialog


def ask_text(parent: QWidget | None, title: str, label: str, *, secret: bool = False) -> str | None:
    """One line of text, or None when cancelled."""
    dialog = text_dialog(parent, title, label)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal)
    if dialog.exec() != QInputDialog.DialogCode.Accepted:
        return None
    return dialog.textValue()


def choose(
    parent: QWidget | None, title: str, label: str, items: list[str], current: int = 0
) -> int | None:
    """One of ``items`` (its index; they must differ), picked in a list by arrows or by
    typing its first letters, or None when cancelled. Enter takes the one shown."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    dialog.setTextValue(items[current])
    if dialog.exec() != QInputDialog.DialogCode.Accepted or dialog.textValue() not in items:
        return None
    return items.index(dialog.textValue())


@dataclass
class NameAsked:
    """A name asked for in the same dialog as a fingerprint (HQ's name for a kit it enrols).

    ``value`` is what the field starts with and, once the dialog is accepted, what was typed;
    ``check`` says what is wrong with a name ("" when nothing is), as the command line would.
    """

    label: str
    accessible_name: str
    value: str
    check: Callable[[str], str]


class NameField(QWidget):
    """A required name, checked as it is typed; the problem shows on a line kept for it."""

    def __init__(self, asked: NameAsked, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = asked.check
        self.edit = QLineEdit(asked.value)
        self.edit.setObjectName("nameEdit")
        self.edit.setAccessibleName(asked.accessible_name)
        caption = QLabel(asked.label)
        caption.setBuddy(self.edit)
        self.problem = QLabel()
        self.problem.setObjectName("nameProblem")
        in_red(self.problem)
        self.problem.setWordWrap(True)
        reserve_lines(self.problem, 2)  # the buttons below stay put as a problem comes and goes
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(caption, self.edit)
        form.addRow(self.problem)
        self.edit.textChanged.connect(lambda _text: self.problem.setText(self.problem_text()))
        self.problem.setText(self.problem_text())

    def problem_text(self) -> str:
        return self._check(self.edit.text())

    def text(self) -> str:
        return " ".join(self.edit.text().split())


def fingerprint_dialog(
    parent: QWidget | None,
    title: str,
    text: str,
    fingerprint: str,
    accept: str = "",
    *,
    trust: bool = True,
    name: NameAsked | None = None,
) -> QDialog:
    """The dialog :func:`fingerprint` shows (built apart so tests can look at it)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumWidth(480)
    intro = QLabel(text)
    intro.setWordWrap(True)
    intro.setTextFormat(Qt.TextFormat.PlainText)
    shown = QLabel(fingerprint)
    shown.setObjectName("fingerprint")
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(max(font.pointSizeF(), 10.0) * 2.0)
    font.setWeight(QFont.Weight.Bold)
    font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 2.0)
    shown.setFont(font)
    shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
    shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    shown.setAccessibleName(translate("Prompts", "Fingerprint"))
    # Screen readers spell it group by group.
    shown.setAccessibleDescription(" ".join(" ".join(group) for group in fingerprint.split("-")))
    buttons = QDialogButtonBox()
    check: LastGroupCheck | None = None
    named: NameField | None = None
    if accept and trust:
        # Trusting a key is never one keystroke away: the accept button stays disabled until
        # the fingerprint's last group is typed, so Enter alone cannot pin a card.
        check = LastGroupCheck(
            translate("Prompts", "&Type its last group once it matches:"),
            translate("Prompts", "Last group of the fingerprint"),
        )
        check.setObjectName("lastGroup")
        check.expect(fingerprint)
        yes = QPushButton(accept)
        yes.setObjectName("acceptButton")
        yes.setEnabled(False)
        yes.setDefault(True)
        buttons.addButton(yes, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        confirmed = check
        if name is not None:
            named = NameField(name)
            named.setObjectName("name")
            field = named

            def ready(*_changed: object) -> None:
                yes.setEnabled(confirmed.is_confirmed() and not field.problem_text())

            def accepted() -> None:
                name.value = field.text()

            named.edit.textChanged.connect(ready)
            dialog.accepted.connect(accepted)
            check.confirmed.connect(ready)
        else:
            check.confirmed.connect(yes.setEnabled)
    elif accept:
        # Showing or saving one's own card trusts nothing: one plain button does it.
        own = QPushButton(accept)
        own.setObjectName("acceptButton")
        own.setDefault(True)
        buttons.addButton(own, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
    else:
        buttons.addButton(QDialogButtonBox.StandardButton.Close).setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(intro)
    layout.addSpacing(8)
    layout.addWidget(shown)
    layout.addSpacing(8)
    if check is not None:
        layout.addWidget(check)
        check.setFocus()
    if named is not None:
        layout.addWidget(named)
    layout.addWidget(buttons)
    return dialog


def fingerprint(
    parent: QWidget | None,
    title: str,
    text: str,
    fingerprint: str,
    *,
    accept: str = "",
    trust: bool = True,
    name: NameAsked | None = None,
) -> bool:
    """Show a key fingerprint large enough to read out by phone.

    With ``accept`` (a button text such as "It matches"), True when that button was pressed;
    without, a Close button only, and the answer is always False. Where the button trusts
    the key (``trust``), it waits for the fingerprint's last group to be typed; ``name`` adds
    a required name to the same dialog, its :attr:`NameAsked.value` what was typed.
    """
    dialog = fingerprint_dialog(parent, title, text, fingerprint, accept, trust=trust, name=name)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    shiboken6.delete(dialog)
    return accepted and bool(accept)


def _run_file_dialog(dialog: QFileDialog) -> list[str]:
    # Qt's own dialog, not the desktop's: native dialogs add files to "recently used" lists.
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    chosen = dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []
    shiboken6.delete(dialog)
    forget_file_dialog_history()
    return chosen


def _file_dialog(
    parent: QWidget | None,
    caption: str,
    name_filter: str,
    mode: QFileDialog.AcceptMode,
    suffix: str = "",
) -> Path | None:
    dialog = QFileDialog(parent, caption, str(Path.home()), name_filter)
    dialog.setAcceptMode(mode)
    if suffix:
        dialog.setDefaultSuffix(suffix.lstrip("."))
    if mode == QFileDialog.AcceptMode.AcceptOpen:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen = _run_file_dialog(dialog)
    return Path(chosen[0]) if chosen else None


def forget_file_dialog_history() -> None:
    """Remove the folders Qt's file dialog remembers (it writes them on destruction)."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.remove("FileDialog")
    settings.sync()


def open_file(parent: QWidget | None, caption: str, name_filter: str = "") -> Path | None:
    """A file to read, or None; remembers no folder."""
    return _file_dialog(parent, caption, name_filter, QFileDialog.AcceptMode.AcceptOpen)


def save_file(
    parent: QWidget | None, caption: str, name_filter: str = "", *, suffix: str = ""
) -> Path | None:
    """A file name to write (``suffix`` added when none is typed), or None; remembers no
    folder."""
    return _file_dialog(parent, caption, name_filter, QFileDialog.AcceptMode.AcceptSave, suffix)


def open_files(parent: QWidget | None, caption: str, name_filter: str = "") -> list[Path]:
    """Files to read (several may be chosen), or an empty list; remembers no folder."""
    dialog = QFileDialog(parent, caption, str(Path.home()), name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return [Path(name) for name in _run_file_dialog(dialog)]


def choose_folder(parent: QWidget | None, caption: str) -> Path | None:
    """A folder (a USB stick, say), or None; remembers no folder."""
    dialog = QFileDialog(parent, caption, str(Path.home()))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chosen = _run_file_dialog(dialog)
    return Path(chosen[0]) if chosen else None
