"""What both windows share: one change signal, and changes made by another process (the CLI)
shown once the window is activated again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.record import Interview, Quote
from fieldkit.gui.app import Controller
from fieldkit.gui.base.changes import Changes
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.kit.main_window import MainWindow
from fieldkit.gui.widgets.list_model import STATUS
from fieldkit.vault import records
from fieldkit.vault.store import Vault
from tests.builders import HqSetup
from tests.gui.helpers import FakePrompts, another_process, come_back_to, unlock
from tests.helpers import PASSPHRASE


def open_first_interview(qtbot: Any, window: MainWindow) -> str:
    """Select the list's first row with the keyboard, as a person would."""
    come_back_to(qtbot, window)
    window.table.setFocus()
    QTest.keyClick(window.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.editor.current_id is not None)
    shown = window.editor.current_id
    assert shown == window.model.id_at(0)
    return shown


def purge_everything(kit: Vault, hq_a: HqSetup, folder: Path) -> None:
    """``fieldkit enroll``, ``export``, HQ's import, then ``fieldkit receipt --purge``."""
    kitx.enroll_hq(kit, hq_a.card)
    folder.mkdir()
    summary = kitx.export_bundle(kit, folder, include_drafts=True)
    kit_card = folder / "kit.fkcard"
    kitx.kit_card(kit).write_card(kit_card)
    with Vault.open(hq_a.path, PASSPHRASE) as central:
        hq.enroll_kit(central, kit_card)
        outcome = hq.import_bundle(central, summary.path)
    assert outcome.receipt_path is not None
    assert kitx.apply_receipt(kit, outcome.receipt_path, purge=True).purged > 0


def type_into_role(qtbot: Any, window: MainWindow, words: str) -> None:
    """Alt+R (the Role label's shortcut), then type."""
    QTest.keyClick(window.editor, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.editor.role)
    QTest.keyClick(window.editor.role, Qt.Key.Key_End)
    QTest.keyClicks(window.editor.role, words)
    assert window.editor.is_dirty


def test_changes_say_what_changed() -> None:
    assert not Changes()
    assert Changes(quarantine=True)
    both = Changes(interviews=True) | Changes(kits=True)
    assert both == Changes(interviews=True, kits=True)
    everything = Changes.everything()
    assert everything.interviews and everything.quarantine and everything.settings


def test_an_interview_added_by_the_cli_appears_when_the_window_is_activated(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    unlock(qtbot, controller)
    window = controller.window
    before = window.model.counts()
    come_back_to(qtbot, window)
    with another_process(fixture_vault) as cli:
        records.save(
            cli,
            Interview(
                id="00000000-0000-4000-8000-00000000cafe",
                interview_date=date(2030, 1, 1),  # newest: the first row
                place="Korday",
                role="Added from the command line",
                quotes=(Quote("Words typed at a terminal."),),
            ),
        )
    assert window.model.counts() == before  # nothing is read behind the user's back …
    with qtbot.waitSignal(window.changes_made) as signal:
        come_back_to(qtbot, window)  # … until the window is activated again
    assert signal.args[0] == Changes.everything()
    assert window.model.counts() == (before[0] + 1, before[1] + 1)
    assert window.model.id_at(0) == "00000000-0000-4000-8000-00000000cafe"


def test_activating_without_outside_changes_reloads_nothing(qtbot: Any, opened: Opened) -> None:
    editor = opened.window.editor
    type_into_role(qtbot, opened.window, " (edited)")
    qtbot.waitUntil(lambda: not editor.is_dirty)  # autosaved: the window's own commit …
    with qtbot.assertNotEmitted(opened.window.changes_made, wait=50):
        come_back_to(qtbot, opened.window)  # … is no outside change
        come_back_to(qtbot, opened.window)
    assert editor.role.text().endswith(" (edited)")


@dataclass
class Opened:
    """The kit window with the list's first interview open in the editor."""

    window: MainWindow
    shown: str


@pytest.fixture
def opened(qtbot: Any, controller: Controller, fixture_vault: Path) -> Opened:
    unlock(qtbot, controller)
    return Opened(controller.window, open_first_interview(qtbot, controller.window))


@pytest.fixture
def cli_purge(fixture_vault: Path, hq_a: HqSetup, tmp_path: Path) -> Callable[[str], Interview]:
    """Purge every interview through another connection; return what is left of one."""

    def purge(interview_id: str) -> Interview:
        with another_process(fixture_vault) as cli:
            purge_everything(cli, hq_a, tmp_path / "usb")
            return records.get(cli, interview_id)

    return purge


def test_opening_an_interview_is_not_editing_it(qtbot: Any, opened: Opened) -> None:
    qtbot.wait(150)  # the review highlights the quotes once the event loop runs
    assert not opened.window.editor.is_dirty
    assert opened.window.editor.state.text() != "Editing…"


def test_a_cli_purge_shows_in_the_list_and_the_open_editor(
    qtbot: Any, opened: Opened, cli_purge: Callable[[str], Interview], fake_prompts: FakePrompts
) -> None:
    window, editor = opened.window, opened.window.editor
    assert editor.quotes.values()[0]["text"] != ""
    assert editor.scroll_area.widget().isEnabled()

    cli_purge(opened.shown)
    come_back_to(qtbot, window)

    statuses = {window.model.index(r, STATUS).data() for r in range(window.model.rowCount())}
    assert statuses == {"Received by HQ"}
    assert editor.current_id == opened.shown
    assert editor.quotes.values()[0]["text"] == ""  # the purged record, read only
    assert not editor.scroll_area.widget().isEnabled()
    assert "removed from this computer" in editor.state.text()
    assert fake_prompts.calls == []


@pytest.fixture
def slow_autosave(config: AppConfig) -> AppConfig:
    """Autosave far away: the activation, not the timer, meets the purge first."""
    config.autosave_ms = 60_000
    return config


def test_typing_into_an_interview_the_cli_purged_is_dropped_without_saving(
    qtbot: Any,
    slow_autosave: AppConfig,
    opened: Opened,
    cli_purge: Callable[[str], Interview],
    fake_prompts: FakePrompts,
) -> None:
    window, editor = opened.window, opened.window.editor
    type_into_role(qtbot, window, " (typed before the purge)")
    purged = cli_purge(opened.shown)
    come_back_to(qtbot, window)

    assert not editor.is_dirty
    assert "(typed before the purge)" not in editor.role.text()
    assert not editor.scroll_area.widget().isEnabled()
    editor.save_now(force=True)  # what a lock or quit would do
    assert records.get(window.vault, opened.shown) == purged
    assert fake_prompts.calls == []


def test_an_autosave_meeting_a_cli_purge_warns_once_then_shows_the_purged_record(
    qtbot: Any, opened: Opened, cli_purge: Callable[[str], Interview], fake_prompts: FakePrompts
) -> None:
    window, editor = opened.window, opened.window.editor
    purged = cli_purge(opened.shown)
    type_into_role(qtbot, window, " (typed after the purge)")  # before any activation

    qtbot.waitUntil(lambda: not editor.is_dirty)  # the autosave ran and failed
    qtbot.wait(200)  # several autosave intervals: no second attempt
    assert fake_prompts.kinds() == ["critical"]
    assert fake_prompts.of("critical")[0][1] == "Saving failed"
    assert not editor.scroll_area.widget().isEnabled()
    assert records.get(window.vault, opened.shown) == purged


def test_the_shared_table_is_named_in_the_chosen_language(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    unlock(qtbot, controller)
    assert controller.window.table.accessibleName() == "Interviews"
    controller.switch_language("ru")
    assert controller.window.table.accessibleName() == "Интервью"
    controller.switch_language("en")


def test_a_purged_interview_says_why_it_is_read_only(
    qtbot: Any, opened: Opened, cli_purge: Callable[[str], Interview]
) -> None:
    window, editor = opened.window, opened.window.editor
    assert not editor.read_only_banner.isVisible()
    cli_purge(opened.shown)
    come_back_to(qtbot, window)
    open_first_interview(qtbot, window)
    assert editor.read_only_banner.isVisible()
    assert "HQ confirmed" in editor.read_only_banner.text.text()
    form = editor.scroll_area.widget()
    fields = form.findChildren(QLineEdit) + form.findChildren(QPlainTextEdit)
    assert [f.placeholderText() for f in fields if f.placeholderText()] == []
    quote = editor.quotes.editors[0]
    assert quote.up_button.isHidden() and quote.down_button.isHidden()

    # A new interview (Ctrl+N) is editable again: no banner, the placeholders back.
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.read_only_banner.isVisible())
    assert editor.scroll_area.widget().isEnabled()
    assert editor.place.placeholderText() and editor.quotes.editors[0].text.placeholderText()
    assert not editor.quotes.editors[0].remove_button.isHidden()
