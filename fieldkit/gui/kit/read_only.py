"""How the editor shows an interview it cannot edit (purged after HQ confirmed it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from fieldkit.gui.widgets.quotes import QuoteList

_PLACEHOLDER = "fieldkitPlaceholder"  # where a field's placeholder waits while it is hidden


class ReadOnlyBanner(QFrame):
    """Says, above the greyed form, why the interview cannot be edited."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet(
            "QFrame#readOnlyBanner { background: palette(alternate-base); "
            "border: 1px solid palette(mid); border-radius: 4px; }"
        )
        self.text = QLabel(
            self.tr(
                "Read only: HQ confirmed it received this interview, and its quotes and private "
                "notes were removed from this computer. HQ keeps the full interview."
            )
        )
        self.text.setObjectName("readOnlyText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAccessibleName(self.tr("Why this interview cannot be edited"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        self.hide()


def show_read_only(form: QWidget, quotes: QuoteList, read_only: bool) -> None:
    """Grey the form; its placeholders hidden (greyed, they look like real text) and the
    quote buttons (move, remove) hidden; all back when an editable interview is shown."""
    form.setEnabled(not read_only)
    for field in form.findChildren(QLineEdit) + form.findChildren(QPlainTextEdit):
        if read_only:
            if field.placeholderText():
                field.setProperty(_PLACEHOLDER, field.placeholderText())
            field.setPlaceholderText("")
        else:
            kept = field.property(_PLACEHOLDER)
            if kept:
                field.setPlaceholderText(str(kept))
    for editor in quotes.editors:
        for button in (editor.up_button, editor.down_button, editor.remove_button):
            button.setVisible(not read_only)
