"""The quick exit: one key, anywhere in the app (a modal dialog included), that quits at once.

Window shortcuts do not reach a window shadowed by a modal dialog, so the key is also watched
by an application-wide event filter; the toolbar's action and the filter emit the same signal.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog

#: The quick exit's key (Ctrl+Q quits with the usual saving; Shift makes it the panic one).
QUICK_EXIT_KEY = "Ctrl+Shift+Q"


class QuickExitKey(QObject):
    """Emits :attr:`pressed` when :data:`QUICK_EXIT_KEY` is pressed in any window."""

    pressed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key = QKeySequence(QUICK_EXIT_KEY)[0]
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.keyCombination() == self._key
        ):
            self.pressed.emit()
            return True
        return False

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def close_every_window() -> None:
    """End every open dialog (and its ``exec()``) and hide every window, now.

    ``done()``, not ``reject()``: a dialog's own reject or close handling may ask a question
    or refuse while it works; ``done()`` closes it without either.
    """
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.done(QDialog.DialogCode.Rejected)
        widget.hide()
