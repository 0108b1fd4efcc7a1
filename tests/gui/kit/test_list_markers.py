"""The kit's list and Exchange menu say where each interview stands (issue 13, item 16/18):
details to review, sent or not, the sort arrow, search in private notes, the export's plan
before the click, the Sent overview and the user guide, all from the keyboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyleOptionHeader

from fieldkit import kit as kitx
from fieldkit.gui.app import Controller
from fieldkit.gui.base.help import UserGuideDialog, guide_text
from fieldkit.gui.kit.sent_overview import SentOverviewDialog
from fieldkit.gui.widgets.list_model import DATE, REVIEW, SENT
from fieldkit.vault.store import Vault
from tests.builders import HqSetup, add_interview
from tests.gui.helpers import FakePrompts, enroll_hq, export_to_hq, open_export, unlock
from tests.helpers import PASSPHRASE

ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole


def _arrow(controller: Controller) -> QStyleOptionHeader.SortIndicator:
    header = controller.window.table.horizontalHeader()
    option = QStyleOptionHeader()
    header.initStyleOptionForIndex(option, DATE)
    return option.sortIndicator


def _add(path: Path, quote: str = "We left at night.", **fields: object) -> str:
    """One more interview (Karakol, 2 March 2020) in the closed vault at ``path``."""
    with Vault.open(path, PASSPHRASE) as vault:
        return add_interview(vault, quote, interview_date="2020-03-02", place="Karakol", **fields)


@pytest.fixture
def pinned(fixture_vault: Path, hq_a: HqSetup) -> None:
    """HQ A's card pinned in the closed Korday vault (as the command line enrolls it)."""
    with Vault.open(fixture_vault, PASSPHRASE) as vault:
        kitx.enroll_hq(vault, hq_a.card)


def test_the_date_arrow_points_down_while_the_newest_come_first(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    unlock(qtbot, controller)
    window = controller.window
    assert _arrow(controller) == QStyleOptionHeader.SortIndicator.SortDown  # ▼, newest first
    header = window.table.horizontalHeader()
    middle = QPoint(header.sectionViewportPosition(DATE) + header.sectionSize(DATE) // 2, 5)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert window.model.sort_column == DATE and window.model.ascending
    assert _arrow(controller) == QStyleOptionHeader.SortIndicator.SortUp  # ▲, oldest first


def test_search_finds_private_notes_typed_into_the_search_field(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    _add(fixture_vault, notes="Met him by the pomegranate stall at six.")
    unlock(qtbot, controller)
    window = controller.window
    assert "private notes" in window.filter_bar.search.placeholderText()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.filter_bar.search
    QTest.keyClicks(window.filter_bar.search, "pomegran")  # the start of a word will do
    qtbot.waitUntil(lambda: window.model.counts()[0] == 1, timeout=5000)
    assert window.model.index(0, 1).data() == "Karakol"


def test_the_list_marks_details_to_review_and_what_hq_has(
    qtbot: Any,
    controller: Controller,
    fixture_vault: Path,
    fake_prompts: FakePrompts,
    hq_a: HqSetup,
    usb: Path,
) -> None:
    phone = _add(fixture_vault, "Call me on +996 555 123 456.")
    unlock(qtbot, controller)
    model = controller.window.model
    row = model.row_of(phone)
    assert row is not None
    review = model.index(row, REVIEW)
    # Counted off the GUI thread (the detector is slow): "…" until then.
    qtbot.waitUntil(lambda: review.data() == "⚠ 1", timeout=10_000)
    assert review.data(ACCESSIBLE) == "1 identifying detail to review"
    assert model.index(row, SENT).data() == "○"
    assert model.index(row, SENT).data(ACCESSIBLE) == "Not yet sent to HQ"
    other = model.index(next(r for r in range(model.rowCount()) if r != row), REVIEW)
    qtbot.waitUntil(lambda: other.data() == "", timeout=10_000)
    assert other.data(ACCESSIBLE) == "Nothing to review"

    enroll_hq(qtbot, controller, fake_prompts, hq_a.card)
    summary = export_to_hq(qtbot, controller, fake_prompts, usb, drafts=False)
    assert phone not in summary.included  # held back for its detail
    sent = model.row_of(summary.included[0])
    assert sent is not None
    assert model.index(sent, SENT).data() == "↗"
    assert model.index(sent, SENT).data(ACCESSIBLE) == "Sent; HQ's receipt not applied yet"
    assert model.index(model.row_of(phone) or 0, SENT).data() == "○"


@pytest.mark.usefixtures("pinned")
def test_the_export_dialog_says_what_will_go_before_the_click(
    qtbot: Any,
    controller: Controller,
    fixture_vault: Path,
    fake_prompts: FakePrompts,
    tmp_path: Path,
) -> None:
    _add(fixture_vault, "Call me on +996 555 123 456.")
    _add(fixture_vault, "Not finished.", status="draft")
    unlock(qtbot, controller)
    dialog = open_export(controller, fake_prompts, tmp_path)
    qtbot.waitUntil(lambda: "will go" in dialog.plan.text(), timeout=10_000)
    plan = dialog.plan.text().splitlines()
    assert plan[0] == "11 interviews will go in this bundle."
    assert "Held back (1): a draft, not marked as ready" in plan
    assert any(line.startswith("Held back (1): names, numbers") for line in plan)
    # Alt+D ticks "Also send drafts": the plan is read again.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.drafts.isChecked)  # a mnemonic clicks after a short animation
    qtbot.waitUntil(lambda: dialog.plan.text().startswith("12 interviews"), timeout=10_000)
    assert not any("not marked as ready" in line for line in dialog.plan.text().splitlines())
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


@pytest.mark.usefixtures("pinned")
def test_the_sent_overview_counts_what_hq_has(
    qtbot: Any, controller: Controller, fixture_vault: Path, tmp_path: Path
) -> None:
    with Vault.open(fixture_vault, PASSPHRASE) as vault:
        kitx.export_bundle(vault, tmp_path)
    _add(fixture_vault)
    unlock(qtbot, controller)
    window = controller.window
    window.activateWindow()
    QTest.keyClick(
        window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.findChild(SentOverviewDialog)
    assert dialog is not None and dialog.isVisible()
    values = {key: label.text() for key, label in dialog.values.items()}
    assert values["not_sent"] == "1"
    assert values["awaiting"] == "11" and values["confirmed"] == "0"
    assert values["last_export"].startswith("bundle 1, ")
    assert values["last_receipt"] == "none yet"
    QTest.keyClick(dialog, Qt.Key.Key_Return)  # Close is the default
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_f1_opens_the_user_guide_shipped_with_the_app(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    unlock(qtbot, controller)
    window = controller.window
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F1)
    guide = window.findChild(UserGuideDialog)
    assert guide is not None and guide.isVisible()
    text = guide.text.toPlainText()
    assert "fieldkit user guide" in text and "Sending to HQ" in text
    qtbot.waitUntil(lambda: QApplication.focusWidget() is guide.text)  # arrows scroll it
    QTest.keyClick(guide, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not guide.isVisible())
    controller.switch_language("ru")
    try:
        russian = UserGuideDialog(controller.window)
        qtbot.addWidget(russian)
        assert "Руководство fieldkit" in russian.text.toPlainText()
    finally:
        controller.switch_language("en")


def test_the_guide_is_package_data_in_both_languages() -> None:
    english, russian = guide_text("en"), guide_text("ru")
    assert english is not None and english.startswith("# fieldkit user guide")
    assert russian is not None and "центральный офис" in russian and "штаб" not in russian
    assert guide_text("xx") == english  # a language without a guide: English


def test_details_are_counted_only_once_the_list_is_still(
    qtbot: Any, controller: Controller, fixture_vault: Path, monkeypatch: Any
) -> None:
    """The detector holds Python's lock while it runs: while the person types in the search
    box (each key fetches a page), nothing is checked; once the list is still, the rows shown
    get their counts, a slice at a time."""
    from fieldkit.gui.kit import review_counts
    from fieldkit.vault import search

    phone = _add(fixture_vault, "Call me on +996 555 123 456.")
    checked: list[list[str]] = []
    real = search.check_review_counts

    def counting(vault: Vault, ids: list[str]) -> dict[str, int]:
        checked.append(list(ids))
        return real(vault, ids)

    monkeypatch.setattr(search, "check_review_counts", counting)
    unlock(qtbot, controller)
    window = controller.window
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    for letter in "+996 555":  # faster than the idle time: no check starts
        QTest.keyClicks(window.filter_bar.search, letter)
        QTest.qWait(review_counts.IDLE_MS // 4)
        assert checked == []
    model = window.model
    qtbot.waitUntil(lambda: model.counts()[0] == 1, timeout=5000)
    review = model.index(model.row_of(phone) or 0, REVIEW)
    qtbot.waitUntil(lambda: review.data() == "⚠ 1", timeout=10_000)
    assert checked and all(len(ids) <= review_counts.SLICE for ids in checked)
