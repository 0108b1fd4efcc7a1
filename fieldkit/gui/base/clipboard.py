"""Copying record text without leaving it behind.

Whatever fieldkit puts on the clipboard carries the ``x-kde-passwordManagerHint: secret`` hint
(clipboard managers such as Klipper skip it) and is cleared after a delay if it is still
there. On X11 the PRIMARY selection (filled by merely selecting text) is emptied at once, so
record text never sits where a middle click could paste it elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

HINT_FORMAT = "x-kde-passwordManagerHint"
HINT_VALUE = b"secret"


def secret_mime(text: str) -> QMimeData:
    mime = QMimeData()
    mime.setText(text)
    mime.setData(HINT_FORMAT, HINT_VALUE)
    return mime


class ClipboardGuard(QObject):
    """Owns every copy fieldkit makes; install one per application."""

    def __init__(self, clear_after_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clipboard = QGuiApplication.clipboard()
        self._copied: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear_if_ours)
        self._clipboard.dataChanged.connect(self._on_clipboard_changed)
        self._clipboard.selectionChanged.connect(self._on_selection_changed)

    @property
    def clear_after_ms(self) -> int:
        return self._timer.interval()

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard (never the selection) and clear it later."""
        self._copied = text
        self._clipboard.setMimeData(secret_mime(text), QClipboard.Mode.Clipboard)
        self._timer.start()

    def clear_if_ours(self) -> None:
        """Empty the clipboard if it still holds what fieldkit copied (not someone else's)."""
        self._timer.stop()
        if self._copied is not None and self._clipboard.text() == self._copied:
            self._clipboard.clear(QClipboard.Mode.Clipboard)
        self._copied = None

    def clear_all(self) -> None:
        """Empty the clipboard and the selection whoever filled them (the quick exit)."""
        self._timer.stop()
        self._copied = None
        self._clipboard.clear(QClipboard.Mode.Clipboard)
        if self._clipboard.supportsSelection():
            self._clipboard.clear(QClipboard.Mode.Selection)

    def _owned(self, mode: QClipboard.Mode) -> bool:
        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            return True  # an in-process clipboard: everything on it came from here
        if mode == QClipboard.Mode.Selection:
            return self._clipboard.ownsSelection()
        return self._clipboard.ownsClipboard()

    def _on_clipboard_changed(self) -> None:
        # An ordinary Ctrl+C in a text field: re-wrap it with the hint and the timed clear.
        mime = self._clipboard.mimeData(QClipboard.Mode.Clipboard)
        if mime is None or mime.hasFormat(HINT_FORMAT) or not mime.hasText():
            return
        if self._owned(QClipboard.Mode.Clipboard):
            text = mime.text()
            QTimer.singleShot(0, self, lambda: self.copy(text))

    def _on_selection_changed(self) -> None:
        if not self._clipboard.supportsSelection():
            return
        mime = self._clipboard.mimeData(QClipboard.Mode.Selection)
        if mime is not None and mime.hasText() and self._owned(QClipboard.Mode.Selection):
            QTimer.singleShot(0, self, self._clear_selection)

    def _clear_selection(self) -> None:
        if self._owned(QClipboard.Mode.Selection):
            self._clipboard.clear(QClipboard.Mode.Selection)
