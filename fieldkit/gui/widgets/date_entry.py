"""Typing a date: ISO ``2020-02-16``, the language's numeric order, or a month's name.

A date typed is read one way only, or refused in words: an entry is never taken for another
date than the one meant (``16/02/2020`` is not "corrected" to 1 February), and the date read
is echoed with the month's name ("16 February 2020", "16 февраля 2020").
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QPalette, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from fieldkit.gui.base.common import in_red
from fieldkit.gui.base.i18n import date_input_format

# The languages whose month names are understood, whichever language the app shows.
_MONTH_LOCALES = (
    (QLocale.Language.English, QLocale.Country.UnitedKingdom),
    (QLocale.Language.Russian, QLocale.Country.Russia),
)
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
#: Month names are recognised from this many letters on ("feb", "февр").
MIN_PREFIX = 3


class DateProblem(enum.Enum):
    NOT_A_DATE = "not_a_date"  # letters or numbers that do not make a date
    NO_SUCH_DAY = "no_such_day"  # 31 February, month 13
    SHORT_YEAR = "short_year"  # "16/02/20": which century is not guessed
    OTHER_ORDER = "other_order"  # a date only in another order than the language's


@dataclass(frozen=True)
class ReadDate:
    """What an entry means: a date, or a problem (with the date it may have meant)."""

    value: date | None = None
    problem: DateProblem | None = None
    maybe: date | None = None


@cache
def month_names() -> dict[str, int]:
    """Every English and Russian month name and abbreviation (any case) → its number."""
    names: dict[str, int] = {}
    forms = (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat)
    for language, country in _MONTH_LOCALES:
        locale = QLocale(language, country)
        for month in range(1, 13):
            for form in forms:
                for name in (
                    locale.monthName(month, form),
                    locale.standaloneMonthName(month, form),
                ):
                    names[name.casefold().rstrip(".")] = month
    return names


def _month(word: str) -> int | None:
    word = word.casefold()
    names = month_names()
    if word in names:
        return names[word]
    if len(word) < MIN_PREFIX:
        return None
    found = {month for name, month in names.items() if name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def numeric_order(pattern: str) -> str:
    """ "dmy", "mdy" or "ymd": the order of day, month and year in a Qt date pattern."""
    order = ""
    for char in pattern:
        letter = {"d": "d", "M": "m", "y": "y"}.get(char)
        if letter and letter not in order:
            order += letter
    return order if sorted(order) == ["d", "m", "y"] else "dmy"


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def read_date(text: str, order: str) -> ReadDate | None:
    """The date ``text`` means, read in ``order`` ("dmy"…) unless it is ISO or names its
    month; None for an empty entry."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None if not text.strip() else ReadDate(problem=DateProblem.NOT_A_DATE)
    if len(tokens) != 3:
        return ReadDate(problem=DateProblem.NOT_A_DATE)
    words = [t for t in tokens if not t.isdigit()]
    if len(words) > 1:
        return ReadDate(problem=DateProblem.NOT_A_DATE)
    if words:
        month = _month(words[0])
        numbers = [t for t in tokens if t.isdigit()]
        if month is None or len(numbers) != 2:
            return ReadDate(problem=DateProblem.NOT_A_DATE)
        longest = [n for n in numbers if len(n) >= 3]
        if len(longest) != 1:
            return ReadDate(problem=DateProblem.SHORT_YEAR)
        day = next(n for n in numbers if n is not longest[0])
        return _checked(int(longest[0]), month, int(day), None)
    if len(tokens[0]) == 4:  # ISO: year first, whatever the language
        return _checked(int(tokens[0]), int(tokens[1]), int(tokens[2]), None)
    parts = dict(zip(order, tokens, strict=True))
    if len(parts["y"]) != 4:
        return ReadDate(problem=DateProblem.SHORT_YEAR)
    year, month, day = int(parts["y"]), int(parts["m"]), int(parts["d"])
    return _checked(year, month, day, _make(year, day, month) if day != month else None)


def _checked(year: int, month: int, day: int, swapped: date | None) -> ReadDate:
    found = _make(year, month, day) if year >= 1 else None
    if found is not None:
        return ReadDate(value=found)
    if swapped is not None:
        return ReadDate(problem=DateProblem.OTHER_ORDER, maybe=swapped)
    return ReadDate(problem=DateProblem.NO_SUCH_DAY)


def date_examples() -> dict[str, str]:
    """One date as an example, in ISO form and in the language's numeric form."""
    example = QDate(2020, 2, 16)
    return {
        "iso": example.toString("yyyy-MM-dd"),
        "local": QLocale().toString(example, date_input_format()),
    }


def in_words(value: date) -> str:
    """A date with its month's name in the chosen language: "16 February 2020"."""
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMMM yyyy")


class DateLine(QLineEdit):
    """The typed date. :meth:`date` and :meth:`setDate` are what the calendar picks: a
    date after :attr:`latest` is taken as the latest day, as the calendar offers no later."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.latest = QDate.currentDate()

    def date(self) -> QDate:
        read = read_date(self.text(), numeric_order(date_input_format()))
        if read is None or read.value is None:
            return QDate()
        return QDate(read.value.year, read.value.month, read.value.day)

    def setDate(self, value: QDate) -> None:
        shown = min(value, self.latest) if value.isValid() else value
        self.setText(shown.toString("yyyy-MM-dd") if shown.isValid() else "")


class DateField(QWidget):
    """An interview date typed (ISO or the language's order) or picked, echoed in words;
    may be empty; the calendar offers no day after today."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = DateLine()
        self.edit.setAccessibleName(self.tr("Interview date"))
        self.edit.setPlaceholderText(self.tr("e.g. {iso} or {local}").format(**date_examples()))
        self.edit.setMaxLength(40)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setAccessibleName(self.tr("Calendar"))
        self._menu = QMenu(self)
        holder = QWidgetAction(self._menu)
        holder.setDefaultWidget(self.calendar)
        self._menu.addAction(holder)
        # A push button leaves room for its menu arrow (a tool button drew it over "…").
        self.calendar_button = QPushButton(self.tr("Calendar…"))
        self.calendar_button.setAutoDefault(False)
        self.calendar_button.setAccessibleName(self.tr("Pick the date in a calendar"))
        self.calendar_button.setMenu(self._menu)
        self.today_button = QToolButton()
        self.today_button.setText(self.tr("Today"))
        self.today_button.setAccessibleName(self.tr("Set the date to today"))
        self.clear_button = QToolButton()
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setAccessibleName(self.tr("Clear the date"))
        self.echo = QLabel()
        self.echo.setObjectName("dateEcho")
        self.echo.setAccessibleName(self.tr("The date as read"))
        self.echo.setTextFormat(Qt.TextFormat.PlainText)
        self.echo.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.calendar_button)
        row.addWidget(self.today_button)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.echo)
        self.refresh_limit()
        self.edit.textChanged.connect(self._typed)
        self._menu.aboutToShow.connect(self._open_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.calendar.currentPageChanged.connect(lambda _y, _m: self._grey_future())
        self.today_button.clicked.connect(lambda: self.set_value(date.today(), notify=True))
        self.clear_button.clicked.connect(lambda: self.set_value(None, notify=True))
        self.setFocusProxy(self.edit)
        self._typed()

    def refresh_limit(self) -> None:
        """Today is the latest date (called again when a record is opened after midnight)."""
        today = QDate.currentDate()
        self.edit.latest = today
        self.calendar.setMaximumDate(today)

    def read(self) -> ReadDate | None:
        return read_date(self.edit.text(), numeric_order(date_input_format()))

    def value(self) -> date | None:
        """The date typed; None when the entry is empty or does not read as one date."""
        read = self.read()
        return read.value if read is not None else None

    def raw(self) -> str | None:
        """For the record checks: the date in ISO form, the entry as typed when it is not a
        date (so that it is refused, never saved as another), or None when empty."""
        read = self.read()
        if read is None:
            return None
        return read.value.isoformat() if read.value is not None else self.edit.text().strip()

    def set_value(self, value: date | None, *, notify: bool = False) -> None:
        self.refresh_limit()
        blocked = self.edit.blockSignals(not notify)
        self.edit.setText(value.isoformat() if value is not None else "")
        self.edit.blockSignals(blocked)
        self._echo()

    def _typed(self, _text: str = "") -> None:
        self._echo()
        self.changed.emit()

    def _echo(self) -> None:
        read = self.read()
        problem = read is not None and read.problem is not None
        if problem:
            in_red(self.echo)
        else:
            self.echo.setStyleSheet("")
        self.echo.setEnabled(read is not None)  # the hint of an empty field is greyed
        self.echo.setText(self._words(read))

    def _words(self, read: ReadDate | None) -> str:
        examples = date_examples()
        if read is None:
            return self.tr(
                "Not set. Type it as {iso} or {local}, or pick it in the calendar."
            ).format(**examples)
        if read.value is not None:
            return in_words(read.value)
        if read.problem is DateProblem.SHORT_YEAR:
            return self.tr("Not read: write the year with four digits.")
        if read.problem is DateProblem.NO_SUCH_DAY:
            return self.tr("Not read: there is no such day in the calendar.")
        if read.problem is DateProblem.OTHER_ORDER and read.maybe is not None:
            return self.tr(
                "Not read: dates are typed as {local} here. Did you mean {date}? Then type {iso}."
            ).format(local=examples["local"], date=in_words(read.maybe), iso=read.maybe.isoformat())
        return self.tr("Not read as a date: type it as {iso} or {local}.").format(**examples)

    def _open_calendar(self) -> None:
        self.refresh_limit()
        chosen = self.value() or date.today()
        shown = QDate(chosen.year, chosen.month, chosen.day)
        self.calendar.setSelectedDate(min(shown, self.calendar.maximumDate()))
        self.calendar.setCurrentPage(shown.year(), shown.month())
        self._grey_future()
        self.calendar.setFocus()

    def _grey_future(self) -> None:
        """Days after today drawn as disabled (Qt only refuses them)."""
        grey = QTextCharFormat()
        grey.setForeground(
            self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        )
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # forget the last page's
        latest = self.calendar.maximumDate()
        first = QDate(self.calendar.yearShown(), self.calendar.monthShown(), 1).addDays(-7)
        for offset in range(50):
            day = first.addDays(offset)
            if day > latest:
                self.calendar.setDateTextFormat(day, grey)

    def _picked(self, picked: QDate) -> None:
        self._menu.close()
        if picked > self.calendar.maximumDate():
            return
        self.set_value(date(picked.year(), picked.month(), picked.day()), notify=True)
        self.edit.setFocus()
