"""Help → User guide: the short guide shipped inside the package, shown in the app.

The guide is Markdown in ``fieldkit.resources/guide`` (``user-guide.<language>.md``), read
through importlib.resources, so it is there offline, in a development checkout, the wheel and
the frozen app alike; nothing is opened in a browser and no link leads out of the app.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from fieldkit.gui.base.language import chosen_language

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

FALLBACK = "en"


def guide_text(language: str) -> str | None:
    """The guide in ``language`` (English if it has none); None if none was shipped."""
    folder = resources.files("fieldkit.resources") / "guide"
    for code in dict.fromkeys((language, FALLBACK)):
        entry = folder / f"user-guide.{code}.md"
        try:
            return entry.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            continue
    return None


class UserGuideDialog(QDialog):
    """The guide, read only; the arrow and page keys scroll it, Escape or Close ends it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Help", "fieldkit user guide"))
        self.resize(720, 640)
        self.text = QTextBrowser()
        self.text.setAccessibleName(translate("Help", "User guide"))
        self.text.setOpenLinks(False)  # nothing leaves the app
        self.text.setOpenExternalLinks(False)
        guide = guide_text(chosen_language())
        if guide is None:
            self.text.setPlainText(
                translate("Help", "The user guide was not installed with this copy of fieldkit.")
            )
        else:
            self.text.setMarkdown(guide)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.text.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
