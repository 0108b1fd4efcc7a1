"""What the GUI tests share: a prompt seam that records, and steps a person takes."""

from __future__ import annotations

import re
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QEvent, QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from fieldkit.core.canonical import canonical_json
from fieldkit.core.forms.model import form_from_dict
from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.vault import forms
from fieldkit.vault.store import Vault
from tests.helpers import PASSPHRASE
from tests.xlsforms import INCIDENT_FORM


@dataclass
class FakePrompts:
    """Records every prompt; answers come from ``answers`` (confirm → bool, ask_text → str)."""

    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.calls]

    def texts(self) -> str:
        return "\n".join(str(a) for _, args in self.calls for a in args[1:])

    def queue(self, kind: str, *values: Any) -> None:
        """Answer the next calls of ``kind`` with ``values``, in order."""
        self.answers[kind] = deque(values)

    def make(self, kind: str) -> Callable[..., Any]:
        def fake(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((kind, args))
            answer = self.answers.get(kind)
            if isinstance(answer, deque):
                return answer.popleft() if answer else None
            return answer

        return fake

    def of(self, kind: str) -> list[tuple[Any, ...]]:
        """The arguments of every call of ``kind``."""
        return [args for called, args in self.calls if called == kind]


# --- steps a person takes ---------------------------------------------------------------------


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key into ``widget``; letters QTest cannot name (Cyrillic) arrive
    as a keyboard with that layout sends them: a key press carrying the letter."""
    for char in text:
        if char.isascii():
            QTest.keyClick(widget, char)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                widget,
                Qt.Key.Key_unknown,
                char,
                Qt.KeyboardModifier.NoModifier,
            )


def accelerators(root: QWidget) -> dict[str, list[str]]:
    """Each Alt letter of the labels and buttons ``root`` shows, with the texts that take it."""
    keys: dict[str, list[str]] = defaultdict(list)
    shown: list[QWidget] = [*root.findChildren(QLabel), *root.findChildren(QAbstractButton)]
    for widget in shown:
        found = re.search(r"&([^&])", widget.text()) if widget.isVisibleTo(root) else None
        if found:
            keys[found.group(1).lower()].append(widget.text())
    return keys


def unlock(qtbot: Any, controller: Controller, passphrase: str = PASSPHRASE) -> None:
    """Start the session and unlock it through the dialog, as a person would."""
    if not controller.unlock_dialog.isVisible():
        controller.start()
    dialog = controller.unlock_dialog
    assert dialog.isVisible()
    dialog.passphrase.setText(passphrase)
    with qtbot.waitSignal(controller.opened, timeout=10_000):
        dialog.unlock_button.click()


def open_first_row(qtbot: Any, controller: Controller) -> Any:
    """Unlock and select the list's first interview: the window, that interview in its editor."""
    unlock(qtbot, controller)
    window = controller.window
    window.table.selectRow(0)
    return window


def start_new_interview(qtbot: Any, controller: Controller) -> Any:
    """Unlock and choose File -> New interview: the window, the new interview in its editor."""
    unlock(qtbot, controller)
    window = controller.window
    window.actions_[Act.NEW].trigger()
    return window


def new_interview_editor(qtbot: Any, controller: Controller) -> Any:
    """Unlock, bring the kit window forward and start a new interview: its editor."""
    unlock(qtbot, controller)
    window = controller.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.actions_[Act.NEW].trigger()
    return window.editor


def first_interview_attachments(qtbot: Any, controller: Controller) -> Any:
    """Unlock, open the list's first interview: the editor's attachments panel."""
    unlock(qtbot, controller)
    window = controller.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.table.selectRow(0)
    panel = window.editor.attachments
    qtbot.waitUntil(panel.add_button.isEnabled)
    return panel


def attach_by_keyboard(qtbot: Any, panel: Any, fake: FakePrompts, paths: list[Path]) -> None:
    """Alt+C (Attach files…), ``paths`` chosen in the picker, sealed (originals kept unless
    ``confirm`` is answered otherwise)."""
    fake.answers["open_files"] = paths
    calls = len(fake.of("open_files"))
    QTest.keyClick(
        QApplication.focusWidget() or panel, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier
    )
    qtbot.waitUntil(lambda: len(fake.of("open_files")) > calls)
    settle_attachments(qtbot, panel)


def settle_attachments(qtbot: Any, panel: Any) -> None:
    """Wait until the panel's work off the GUI thread has ended."""
    from fieldkit.gui.base.work import Op

    qtbot.waitUntil(lambda: Op.pending() == 0 and panel.progress is None, timeout=10_000)


def enroll_hq(qtbot: Any, controller: Controller, fake: FakePrompts, card: Path) -> None:
    """Enroll HQ's ``card`` through the kit's Exchange menu, the fingerprint confirmed."""
    fake.answers["open_file"] = card
    fake.answers["fingerprint"] = True
    controller.window.actions_[Act.ENROLL_HQ].trigger()


def open_export(controller: Controller, fake: FakePrompts, folder: Path) -> Any:
    """Open the kit's export dialog from the Exchange menu; ``folder`` is what Choose picks."""
    fake.answers["choose_folder"] = folder
    controller.window.actions_[Act.EXPORT_HQ].trigger()
    dialog = controller.window.export_dialog
    assert dialog is not None
    return dialog


@dataclass
class RunningExport:
    """An export to HQ started from the export dialog, held until ``gate`` is set."""

    dialog: Any
    folder: Path
    gate: threading.Event


def start_export(controller: Controller, fake: FakePrompts, folder: Path) -> Any:
    """Choose ``folder`` in the export dialog and press Export: the dialog, the export running."""
    dialog = open_export(controller, fake, folder)
    dialog.folder.button.click()
    dialog.run_button.click()
    return dialog


def export_to_hq(
    qtbot: Any, controller: Controller, fake: FakePrompts, folder: Path, drafts: bool
) -> Any:
    """Export to ``folder`` through the kit's export dialog: the summary it signalled."""
    dialog = open_export(controller, fake, folder)
    assert dialog.isVisible()
    assert not dialog.run_button.isEnabled()
    dialog.folder.button.click()
    assert dialog.run_button.isEnabled()
    dialog.drafts.setChecked(drafts)
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as signal:
        dialog.run_button.click()
    return signal.args[0]


# --- what the app shows and holds --------------------------------------------------------------


def _model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> Iterator[str]:
    parent = parent or QModelIndex()
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole)
    for row in range(model.rowCount(parent)):
        for column in range(max(model.columnCount(parent), 1)):
            index = model.index(row, column, parent)
            for role in roles:
                yield str(model.data(index, role))
            if _has_children(model, index):
                yield from _model_texts(model, index)


def _has_children(model: QAbstractItemModel, index: QModelIndex) -> bool:
    try:
        return bool(model.hasChildren(index))
    except TypeError:  # Qt's own flat models (a calendar's days) keep hasChildren private
        return False


def _undo_texts(widget: QWidget) -> Iterator[str]:
    if isinstance(widget, QLineEdit):
        while widget.isUndoAvailable():
            widget.undo()
            yield widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        while widget.document().isUndoAvailable():
            widget.undo()
            yield widget.toPlainText()


def every_text_in_the_app() -> Iterator[str]:
    """What any widget, model, completion list or undo history still holds."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    models: set[QAbstractItemModel] = set()
    for widget in QApplication.allWidgets():
        if isinstance(widget, QLineEdit):
            yield widget.text()
            completer = widget.completer()
            if completer is not None:
                models.add(completer.model())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            yield widget.toPlainText()
        elif isinstance(widget, QLabel):
            yield widget.text()
        elif isinstance(widget, QComboBox):
            yield from (widget.itemText(i) for i in range(widget.count()))
        yield widget.windowTitle()
        yield widget.toolTip()
        models.update(widget.findChildren(QAbstractItemModel))
        yield from _undo_texts(widget)
    for model in models:
        if shiboken6.isValid(model):
            yield from _model_texts(model)
    yield QApplication.clipboard().text()


CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
)


def unnamed(root: QWidget) -> list[str]:
    """The controls under ``root`` a screen reader could not name (type and object name)."""
    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy()}
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS):
            continue
        parent = widget.parentWidget()
        inner = isinstance(parent, QAbstractSpinBox | QComboBox | QAbstractItemView)
        if inner or not widget.isVisibleTo(root):
            continue  # the inner editor of a spin box or combo box, a table header
        if type(widget).__module__.startswith("PySide6") and widget.objectName().startswith("qt_"):
            continue  # Qt's own helpers (scroll bar buttons, calendar internals)
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if widget.accessibleName() or text or widget in buddies:
            continue
        missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


@contextmanager
def another_process(path: Path) -> Iterator[Vault]:
    """A second handle on the vault the window shows: its own connection, as the CLI has."""
    with Vault.open(path, PASSPHRASE) as other:
        yield other


def come_back_to(qtbot: Any, window: QMainWindow) -> None:
    """Leave the window for another one (a terminal), then activate it again."""
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(elsewhere.isActiveWindow)
    elsewhere.hide()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


W = TypeVar("W", bound=QWidget)


def focused(qtbot: Any, kind: type[W] = QWidget) -> W:
    """The widget with the keyboard focus, once a widget of ``kind`` has it."""
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), kind))
    widget = QApplication.focusWidget()
    assert isinstance(widget, kind)
    return widget


def show_active(qtbot: Any, widget: QWidget) -> None:
    """Show ``widget`` (closed with the test) and, once it is on the screen, make it the active
    window, as a dialog is when it opens before a person."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()


def type_and_enter(qtbot: Any, dialog: QWidget, edit: QWidget, text: str) -> None:
    """Type ``text`` into ``edit`` once the dialog has put the focus there, then Enter."""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    QTest.keyClicks(edit, text)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


# --- a form HQ published, loaded on the kit ---------------------------------------------------


def load_form(
    vault_dir: Path,
    description: dict[str, Any] = INCIDENT_FORM,
    published_at: str = "2026-01-01T00:00:00Z",
) -> None:
    """Keep ``description`` in the closed vault as a form HQ published and the kit loaded
    (its signed file is checked by the kit's own tests; here only the form matters)."""
    with Vault.open(vault_dir, PASSPHRASE) as vault:
        body = canonical_json({"form": description})
        forms.store(vault, form_from_dict(description), published_at, body, b"file")


def new_form_interview(qtbot: Any, controller: Controller, vault_dir: Path) -> Any:
    """With :data:`INCIDENT_FORM` loaded (the only form: nothing is asked), unlock and start
    a new interview: its editor."""
    load_form(vault_dir)
    return new_interview_editor(qtbot, controller)


def open_viewer_by_keyboard(qtbot: Any, panel: Any) -> Any:
    """Alt+W (View or play) on the panel's current attachment: its viewer, shown and active."""
    before = len(panel.viewers)
    QTest.keyClick(
        QApplication.focusWidget() or panel, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier
    )
    qtbot.waitUntil(lambda: len(panel.viewers) > before)
    shown = panel.viewers[-1]
    qtbot.waitUntil(shown.isVisible)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def alt_letters_taken_twice(window: QMainWindow) -> dict[str, list[str]]:
    """The Alt letters that two visible texts of ``window`` (menus, labels, buttons, tabs)
    both take, with those texts: {} when each is taken once."""
    texts = [a.text() for a in window.menuBar().actions()]
    shown: list[QWidget] = [*window.findChildren(QLabel), *window.findChildren(QAbstractButton)]
    texts += [w.text() for w in shown if w.isVisibleTo(window)]
    for bar in window.findChildren(QTabBar):
        texts += [bar.tabText(i) for i in range(bar.count())]
    keys: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        found = re.search(r"&([^&])", text)
        if found:
            keys[found.group(1).lower()].append(text)
    return {key: words for key, words in keys.items() if len(words) > 1}


def audio_here() -> bool:
    """Whether Qt Multimedia loads on this machine (it needs PulseAudio's client library,
    which a minimal system lacks; CI installs it, so there the recordings are played)."""
    from fieldkit.gui.kit.attachment_viewer import CannotShow, multimedia

    try:
        multimedia()
    except CannotShow:
        return False
    return True
