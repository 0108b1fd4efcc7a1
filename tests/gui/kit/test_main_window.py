"""The interview list (lazy, filtered, counted) and the editor beside it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldkit.core.citation import citation
from fieldkit.core.record import Interview, Quote, Status, validate
from fieldkit.gui.app import Controller
from fieldkit.gui.base.clipboard import HINT_FORMAT
from fieldkit.gui.widgets.list_model import DATE, DATE_ROLE, ID_ROLE, InterviewTableModel
from fieldkit.vault import records
from fieldkit.vault.store import Vault
from tests.gui.helpers import open_first_row, start_new_interview, unlock
from tests.helpers import PASSPHRASE

FIXTURE_COUNT = 11


def _add(vault: Vault, n: int) -> None:
    for i in range(n):
        records.save(
            vault,
            Interview(
                id=f"00000000-0000-4000-8000-{i:012d}",
                interview_date=date(2021, 1, 1 + i % 28),
                place=f"Place {i}",
                role=f"Witness number {i}",
                quotes=(Quote(f"Quote text {i}"),),
                status=Status.READY,
            ),
        )


def test_model_loads_pages_lazily(qtbot: Any, vault: Vault) -> None:
    _add(vault, 10)
    model = InterviewTableModel(page_size=4)
    model.set_vault(vault)
    assert model.rowCount() == 4
    assert model.counts() == (10, 10)
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 10
    assert not model.canFetchMore()
    dates = [model.index(r, DATE).data(DATE_ROLE) for r in range(10)]
    assert dates == sorted(dates, reverse=True)

    model.sort(DATE, Qt.SortOrder.AscendingOrder)
    while model.canFetchMore():
        model.fetchMore()
    ascending = [model.index(r, DATE).data(DATE_ROLE) for r in range(10)]
    assert ascending == sorted(dates)
    assert len({model.index(r, 0).data(ID_ROLE) for r in range(10)}) == 10


def test_list_shows_the_fixture_newest_first(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    unlock(qtbot, controller)
    window = controller.window
    assert window.model.counts() == (FIXTURE_COUNT, FIXTURE_COUNT)
    assert window.filter_bar.count.text() == f"{FIXTURE_COUNT} interviews"
    while window.model.canFetchMore():
        window.model.fetchMore()
    dates = [window.model.index(r, DATE).data(DATE_ROLE) for r in range(FIXTURE_COUNT)]
    assert dates == sorted(dates, reverse=True)


def test_search_as_you_type_filters_and_counts(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    unlock(qtbot, controller)
    window = controller.window
    with qtbot.waitSignal(window.model.counts_changed, timeout=5000):
        window.filter_bar.search.setText("Masanc")  # a word being typed: prefix search
    shown, total = window.model.counts()
    assert 0 < shown < total == FIXTURE_COUNT
    assert window.filter_bar.count.text() == f"{shown} of {FIXTURE_COUNT} interviews"
    with qtbot.waitSignal(window.model.counts_changed, timeout=5000):
        window.filter_bar.search.setText("nosuchwordanywhere")
    assert window.model.rowCount() == 0
    assert window.filter_bar.count.text() == f"0 of {FIXTURE_COUNT} interviews"
    window.filter_bar.search.setText("")
    window.filter_bar.status.setCurrentIndex(window.filter_bar.status.findData("draft"))
    assert window.model.counts() == (0, FIXTURE_COUNT)


def test_selecting_a_row_opens_it_in_the_editor_with_citations(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    window = open_first_row(qtbot, controller)
    interview_id = window.model.index(0, 0).data(ID_ROLE)
    editor = window.editor
    assert editor.current_id == interview_id
    stored = records.get(window.vault, interview_id)
    assert editor.role.text() == stored.role
    assert editor.quotes.editors[0].text.toPlainText() == stored.quotes[0].text
    assert editor.quotes.editors[0].citation.text() == citation(stored)
    assert editor.ready_button.text() == "Marked as ready"  # imported as ready


def test_create_edit_autosave_close_reopen_shows_the_draft(
    qtbot: Any, controller: Controller, closed_vault: Path, config: Any
) -> None:
    window = start_new_interview(qtbot, controller)
    editor = window.editor
    editor.place.setText("Tokmok")
    editor.role.setText("Young Dungan woman, resident of Tokmok")
    editor.quotes.editors[0].text.setPlainText("We stood like that for nine hours.")
    qtbot.waitUntil(lambda: not editor.is_dirty, timeout=5000)  # autosaved
    interview_id = editor.current_id
    assert window.model.row_of(interview_id) is not None
    assert window.filter_bar.count.text() == "1 interview"

    controller.quit()
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        stored = records.get(vault, interview_id)
    assert stored.status is Status.DRAFT
    assert stored.place == "Tokmok"

    unlock(qtbot, controller)
    window.table.selectRow(0)
    assert window.editor.quotes.editors[0].text.toPlainText() == (
        "We stood like that for nine hours."
    )
    assert window.editor.place.text() == "Tokmok"


def test_validation_is_shown_at_the_field_and_ready_needs_everything(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    window = start_new_interview(qtbot, controller)
    editor = window.editor
    editor.revalidate()
    assert not editor.ready_button.isEnabled()
    assert "the place" in editor.missing.text()

    editor.language.setText("xx-not-a-language")
    editor.revalidate()
    assert editor.problems["language"].isVisible() or not editor.problems["language"].isHidden()
    assert "language code" in editor.problems["language"].text()
    editor.language.setText("ru")

    editor.date.set_value(date(2020, 2, 16), notify=True)
    editor.place.setText("Tokmok")
    editor.role.setText("Young Dungan woman, resident of Tokmok")
    editor.quotes.editors[0].text.setPlainText("We stood like that for nine hours.")
    editor.revalidate()
    assert editor.problems["language"].text() == ""
    assert editor.ready_button.isEnabled()
    expected = citation(
        validate(
            {
                "interview_date": "2020-02-16",
                "place": "Tokmok",
                "role": "Young Dungan woman, resident of Tokmok",
                "organisation": "ADC Memorial",
            }
        )
    )
    assert editor.quotes.editors[0].citation.text() == expected
    assert expected == (
        "Young Dungan woman, resident of Tokmok. Interview with ADC Memorial, "
        "February 16, 2020, Tokmok"
    )
    editor.ready_button.click()
    assert editor.status is Status.READY
    assert records.get(window.vault, editor.current_id).status is Status.READY


def test_future_dates_cannot_be_picked(qtbot: Any, controller: Controller, closed_vault: Path):
    unlock(qtbot, controller)
    editor = controller.window.editor
    controller.window.new_interview()
    editor.date.edit.setDate(editor.date.edit.date().currentDate().addDays(5))
    assert editor.date.value() is not None
    assert editor.date.value() <= date.today()


def test_quotes_can_be_added_reordered_and_removed(
    qtbot: Any, controller: Controller, closed_vault: Path, fake_prompts: Any
) -> None:
    unlock(qtbot, controller)
    window = controller.window
    window.new_interview()
    quotes = window.editor.quotes
    quotes.editors[0].text.setPlainText("first")
    quotes.add_button.click()
    quotes.editors[1].text.setPlainText("second")
    quotes.editors[1].up_button.click()
    assert [q["text"] for q in quotes.values()] == ["second", "first"]
    fake_prompts.answers["confirm"] = True
    quotes.editors[0].remove_button.click()
    assert [q["text"] for q in quotes.values()] == ["first"]
    assert window.editor.save_now()
    assert [q.text for q in records.get(window.vault, window.editor.current_id).quotes] == ["first"]


def test_copy_citation_uses_the_secret_hint_and_is_cleared(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    window = open_first_row(qtbot, controller)
    quote = window.editor.quotes.editors[0]
    quote.copy_button.click()
    clipboard = QApplication.clipboard()
    assert clipboard.text() == quote.citation.text()
    assert bytes(clipboard.mimeData().data(HINT_FORMAT)) == b"secret"
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=3000)


def test_clipboard_is_not_cleared_if_it_holds_something_else(
    qtbot: Any, controller: Controller, monkeypatch: Any
) -> None:
    guard = controller.clipboard
    guard.copy("a citation")
    monkeypatch.setattr(guard, "_owned", lambda _mode: False)  # another program copies
    clipboard = QApplication.clipboard()
    clipboard.setText("their text", clipboard.Mode.Clipboard)
    guard.clear_if_ours()
    assert clipboard.text() == "their text"


def test_an_ordinary_copy_from_a_field_gets_the_hint_and_the_timer(
    qtbot: Any, controller: Controller
) -> None:
    clipboard = QApplication.clipboard()
    clipboard.setText("typed in a field", clipboard.Mode.Clipboard)  # what Ctrl+C does
    qtbot.waitUntil(lambda: clipboard.mimeData().hasFormat(HINT_FORMAT))
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=3000)


def test_every_column_but_tags_sorts_through_the_vault(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    from fieldkit.gui.widgets.list_model import PLACE, QUOTES, ROLE, TAGS

    unlock(qtbot, controller)
    model = controller.window.model
    for column in (PLACE, ROLE):
        model.sort(column, Qt.SortOrder.AscendingOrder)
        values = [model.index(r, column).data() for r in range(model.rowCount())]
        assert values == sorted(values, key=str.casefold)
        model.sort(column, Qt.SortOrder.DescendingOrder)
        values = [model.index(r, column).data() for r in range(model.rowCount())]
        assert values == sorted(values, key=str.casefold, reverse=True)
    model.sort(QUOTES, Qt.SortOrder.DescendingOrder)
    counts = [model.index(r, QUOTES).data() for r in range(model.rowCount())]
    assert counts == sorted(counts, reverse=True)
    before = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
    model.sort(TAGS, Qt.SortOrder.AscendingOrder)  # ignored
    assert [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())] == before
