"""Small input widgets the editor is built from."""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable

import pycountry
from PySide6.QtCore import QCollator, QLocale, QStringListModel, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.base.common import in_red, reserve_lines


class TagsEdit(QLineEdit):
    """Comma-separated tags; completion offers known tags for the tag being typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag_model = QStringListModel(self)
        self._completer = QCompleter(self.tag_model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._complete)
        self.setPlaceholderText(self.tr("e.g. violence, property damage"))

    def set_known(self, tags: list[str]) -> None:
        self.tag_model.setStringList(tags)

    def _current(self) -> str:
        return self.text()[: self.cursorPosition()].rsplit(",", 1)[-1].strip()

    def _complete(self, _text: str) -> None:
        prefix = self._current()
        if not prefix:
            popup = self._completer.popup()
            if popup is not None:
                popup.hide()
            return
        self._completer.setCompletionPrefix(prefix)
        self._completer.complete()

    def _insert(self, tag: str) -> None:
        """Replace the tag being typed with the chosen one and get ready for the next."""
        before = self.text()[: self.cursorPosition()]
        after = self.text()[self.cursorPosition() :].lstrip(", ")
        head = before.rsplit(",", 1)[0] + ", " if "," in before else ""
        inserted = f"{head}{tag}, "
        self.setText(inserted + after)
        self.setCursorPosition(len(inserted))
        self.textEdited.emit(self.text())


@functools.cache
def _country_names(language: str) -> Callable[[str], str]:
    """pycountry's ISO 3166 names in ``language`` (its gettext catalogue), English if none."""
    catalogue = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )
    return catalogue.gettext


def ui_language() -> str:
    """The interface language's code (``ru``), as :class:`Language` set the default locale."""
    return QLocale().name().split("_")[0]


#: Names the region's NGOs write where pycountry's catalogue (ISO 3166's Russian names, some
#: from Soviet usage) says otherwise: (language, ISO code) -> name. Kyrgyzstan's and Moldova's
#: own Russian-language usage, which human-rights reports from the region follow, is
#: "Кыргызстан" and "Молдова" (pycountry: "Киргизия", "Молдавия"). Kazakhstan, Uzbekistan,
#: Tajikistan and Turkmenistan were checked: pycountry already writes them as they do.
COUNTRY_NAME_OVERRIDES: dict[tuple[str, str], str] = {
    ("ru", "KG"): "Кыргызстан",
    ("ru", "MD"): "Молдова",
}


def country_name(code: str, language: str | None = None) -> str:
    """A country's name in ``language`` (the interface's by default); the code if unknown."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    language = language or ui_language()
    override = COUNTRY_NAME_OVERRIDES.get((language, country.alpha_2))
    if override is not None:
        return override
    english = getattr(country, "common_name", None) or country.name
    return _country_names(language)(english)


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(name, ISO code) for every country, named and sorted in ``language`` (the
    interface's by default: "Казахстан" in Russian, sorted as Russian sorts)."""
    language = language or ui_language()
    collator = QCollator(QLocale(language))
    named = [(country_name(c.alpha_2, language), c.alpha_2) for c in pycountry.countries]
    return sorted(named, key=functools.cmp_to_key(lambda a, b: collator.compare(a[0], b[0])))


class CountryCombo(QComboBox):
    """An optional country; type the first letters to jump to it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(self.tr("— not set —"), None)
        for name, code in country_choices():
            self.addItem(f"{name} ({code})", code)
        self.setAccessibleName(self.tr("Country"))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)

    def code(self) -> str | None:
        data = self.currentData()
        return str(data) if data else None

    def set_code(self, code: str | None) -> None:
        found = self.findData(code) if code else 0
        self.setCurrentIndex(max(found, 0))


class GrowingTextEdit(QPlainTextEdit):
    """Plain text that grows with its content between two heights (inside a scroll area)."""

    def __init__(self, min_lines: int = 4, max_lines: int = 16, parent: QWidget | None = None):
        super().__init__(parent)
        self._min_lines = min_lines
        self._max_lines = max_lines
        self.setTabChangesFocus(True)
        # Lines wrap at the width, so there is never anything to scroll sideways. The
        # vertical bar is always there: when it appeared only once the text grew past
        # max_lines, the lines stayed wrapped at the wider width, hidden under the bar.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.textChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        lines = int(self.document().documentLayout().documentSize().height())
        lines = max(self._min_lines, min(lines, self._max_lines))
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        self.setFixedHeight(lines * self.fontMetrics().lineSpacing() + frame + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


def problem_label(*, reserved: bool = False) -> QLabel:
    """Where a field's problem is said in words: hidden while there is none, unless
    ``reserved`` (a field whose problem comes and goes as one types, such as the date and
    the language: its line stays, so the fields below do not jump)."""
    label = QLabel()
    label.setObjectName("problem")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    in_red(label)
    label.setProperty("reserved", reserved)
    if reserved:
        reserve_lines(label, 1)
    else:
        label.hide()
    return label


def show_problem(label: QLabel, message: str) -> None:
    """Say ``message`` (empty: nothing is wrong) in a label made by :func:`problem_label`."""
    label.setText(message)
    label.setVisible(bool(message) or bool(label.property("reserved")))


def with_problem(widget: QWidget, *, reserved: bool = False) -> tuple[QWidget, QLabel]:
    """``widget`` with a problem label under it, as one form cell."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    label = problem_label(reserved=reserved)
    layout.addWidget(label)
    box.setFocusProxy(widget)
    return box, label
