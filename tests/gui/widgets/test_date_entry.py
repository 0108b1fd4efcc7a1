"""Typing an interview date: ISO, the language's order or a month's name, echoed in words."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from fieldkit.gui.app import Controller
from fieldkit.gui.widgets.date_entry import (
    DateField,
    DateProblem,
    in_words,
    numeric_order,
    read_date,
)
from fieldkit.vault import records
from tests.gui.helpers import new_interview_editor

DATES = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


def _in_locale(language: QLocale.Language, country: QLocale.Country) -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(language, country))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def russian() -> Iterator[None]:
    yield from _in_locale(QLocale.Language.Russian, QLocale.Country.Russia)


@pytest.fixture
def british() -> Iterator[None]:
    yield from _in_locale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def test_orders_of_the_languages() -> None:
    assert numeric_order("dd/MM/yyyy") == "dmy"
    assert numeric_order("M/d/yyyy") == "mdy"
    assert numeric_order("yyyy-MM-dd") == "ymd"


@given(DATES)
def test_iso_and_numeric_forms_read_back_as_the_same_date(value: date) -> None:
    assert read_date(value.isoformat(), "dmy") == read_date(value.isoformat(), "mdy")
    assert read_date(value.isoformat(), "dmy").value == value  # type: ignore[union-attr]
    day_first = f"{value.day:02d}/{value.month:02d}/{value.year}"
    assert read_date(day_first, "dmy").value == value  # type: ignore[union-attr]
    assert read_date(value.strftime("%d.%m.%Y"), "dmy").value == value  # type: ignore[union-attr]
    month_first = f"{value.month}/{value.day}/{value.year}"
    assert read_date(month_first, "mdy").value == value  # type: ignore[union-attr]


@given(DATES)
def test_a_date_in_words_reads_back_in_english_and_russian(value: date) -> None:
    for language, country in (
        (QLocale.Language.English, QLocale.Country.UnitedKingdom),
        (QLocale.Language.Russian, QLocale.Country.Russia),
    ):
        locale = QLocale(language, country)
        for pattern in ("d MMMM yyyy", "d MMM yyyy", "MMMM d, yyyy"):
            words = locale.toString(value, pattern)
            assert read_date(words, "dmy").value == value, words  # type: ignore[union-attr]


def test_an_entry_is_never_read_as_another_date() -> None:
    wrong_order = read_date("02/16/2020", "dmy")
    assert wrong_order is not None and wrong_order.value is None
    assert wrong_order.problem is DateProblem.OTHER_ORDER
    assert wrong_order.maybe == date(2020, 2, 16)
    for text, problem in (
        ("31/02/2020", DateProblem.NO_SUCH_DAY),
        ("16/02/20", DateProblem.SHORT_YEAR),
        ("Not set020-02-16", DateProblem.NOT_A_DATE),
        ("16 Febr 2020 10", DateProblem.NOT_A_DATE),
        ("16 Ju 2020", DateProblem.NOT_A_DATE),  # June or July: not guessed
        ("tomorrow", DateProblem.NOT_A_DATE),
    ):
        read = read_date(text, "dmy")
        assert read is not None and read.value is None and read.problem is problem, text
    assert read_date("  ", "dmy") is None


def test_russian_month_names_and_echo(qtbot: Any, russian: None) -> None:
    assert read_date("16 февраля 2020", "dmy").value == date(2020, 2, 16)  # type: ignore[union-attr]
    assert read_date("16 фев 2020", "dmy").value == date(2020, 2, 16)  # type: ignore[union-attr]
    assert in_words(date(2020, 2, 16)) == "16 февраля 2020"
    field = DateField()
    qtbot.addWidget(field)
    QTest.keyClicks(field.edit, "16.02.2020")
    assert field.value() == date(2020, 2, 16)
    assert field.echo.text() == "16 февраля 2020"


def _typed(field: DateField, text: str) -> None:
    QTest.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(field.edit, text)


def _new_interview(qtbot: Any, controller: Controller) -> Any:
    """Unlock and start a new interview: its editor, once the focus is in its date (the first
    field)."""
    editor = new_interview_editor(qtbot, controller)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.date.edit)
    return editor


def test_typing_a_date_in_the_editor_saves_that_date(
    british: None, qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    editor = _new_interview(qtbot, controller)
    window, field = controller.window, editor.date
    assert field.edit.text() == ""  # no "Not set" to type into
    assert field.edit.placeholderText() == "e.g. 2020-02-16 or 16/02/2020"
    assert field.echo.text().startswith("Not set.")
    QTest.keyClicks(QApplication.focusWidget(), "2020-02-16")
    assert field.echo.text() == "16 February 2020"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not field.edit  # Tab leaves
    QTest.keyClicks(editor.place, "Tokmok")
    qtbot.waitUntil(lambda: not editor.is_dirty, timeout=5_000)
    stored = records.get(window.vault, editor.current_id)
    assert stored.interview_date == date(2020, 2, 16)

    # The language's order, after Today and select-all: the date typed, not another.
    field.today_button.click()
    field.edit.setFocus()
    _typed(field, "16/02/2020")
    assert field.value() == date(2020, 2, 16) and field.echo.text() == "16 February 2020"

    # Month and day swapped: refused in words and never saved as another date.
    _typed(field, "02/16/2020")
    assert field.value() is None
    assert "Did you mean 16 February 2020?" in field.echo.text()
    QTest.keyClick(field.edit, Qt.Key.Key_Tab)
    editor.save_now()
    qtbot.waitUntil(lambda: editor.missing.text() == "Fix the fields marked in red to save.")
    # Said once: in words under the field, not again by the record check below it.
    assert editor.problems["interview_date"].text() == ""
    assert records.get(window.vault, editor.current_id).interview_date == date(2020, 2, 16)
    assert editor.state.text() == "Not saved yet."

    # Clear, then typing is taken again.
    field.clear_button.click()
    assert field.edit.text() == "" and field.value() is None
    field.edit.setFocus()
    QTest.keyClicks(field.edit, "3 March 2021")
    assert field.value() == date(2021, 3, 3) and field.echo.text() == "3 March 2021"


def test_the_calendar_offers_no_future_day(qtbot: Any, british: None) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field._open_calendar()
    today = date.today()
    assert field.calendar.maximumDate().toPython() == today
    tomorrow = today + timedelta(days=1)
    if tomorrow.month == today.month:  # shown on this page: drawn as disabled
        shown = field.calendar.dateTextFormat(tomorrow)
        assert shown.foreground().color() == field.palette().color(
            field.palette().ColorGroup.Disabled, field.palette().ColorRole.Text
        )
    field._picked(field.calendar.maximumDate().addDays(1))
    assert field.value() is None


def test_a_refused_date_and_the_footer_say_it_once_and_keep_still(
    british: None, qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    editor = _new_interview(qtbot, controller)
    window, field = controller.window, editor.date
    QTest.keyClicks(QApplication.focusWidget(), "2020-02-16")
    QTest.keyClick(field.edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not editor.is_dirty, timeout=5_000)
    footer = (editor.state.geometry(), editor.missing.geometry(), editor.ready_button.geometry())

    field.edit.setFocus()
    _typed(field, "16/02/20")  # a two-digit year: refused
    QTest.keyClick(field.edit, Qt.Key.Key_Tab)
    editor.save_now()
    qtbot.waitUntil(lambda: editor.state.text() == "Not saved yet.")
    shown = [
        label.text()
        for label in editor.findChildren(QLabel)
        if label.isVisibleTo(editor) and label.text()
    ]
    said = "\n".join(shown)
    assert said.count("four digits") == 1, shown  # the date's problem, once
    assert said.lower().count("fix the fields") == 1, shown  # what to do, once
    assert (editor.state.geometry(), editor.missing.geometry(), editor.ready_button.geometry()) == (
        footer
    )
    if folder := os.environ.get("FIELDKIT_SCREENSHOTS"):
        editor.grab().save(str(Path(folder) / "editor-refused-date.png"))
    assert records.get(window.vault, editor.current_id).interview_date == date(2020, 2, 16)
