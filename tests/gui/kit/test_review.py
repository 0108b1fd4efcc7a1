"""The anonymisation assistant in the editor: underlines while typing, one-click fixes, and
the export guard as a researcher meets it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent, QTextCharFormat
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.anonymise.detect import FindingKind
from fieldkit.exchange import bundle as fmt
from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.gui.kit.editor import InterviewEditor
from fieldkit.vault import review
from fieldkit.vault.store import Vault
from tests.builders import HqSetup
from tests.gui.helpers import FakePrompts, export_to_hq, new_interview_editor, type_text, unlock
from tests.helpers import PASSPHRASE

NAME = "Ruslan Akhmedov"
PHONE = "+7 701 384 2296"
QUOTE = f"My brother {NAME} called me from {PHONE} that night."


def settle(qtbot: Any, editor: InterviewEditor) -> None:
    qtbot.waitUntil(lambda: editor.review.settled, timeout=20_000)


def new_interview(qtbot: Any, controller: Controller, quote: str, role: str = "Dungan farmer"):
    window = controller.window
    window.actions_[Act.NEW].trigger()
    editor = window.editor
    editor.date.set_value(date(2021, 6, 2))
    editor.place.setText("Masanchi")
    qtbot.keyClicks(editor.role, role)
    qtbot.keyClicks(editor.quotes.editors[0].text, quote)  # typed, key by key
    settle(qtbot, editor)
    return editor


def underlined(editor: InterviewEditor) -> list[str]:
    """The words shown with the wavy underline in the first quote."""
    edit = editor.quotes.editors[0].text
    text = edit.toPlainText()
    words = []
    for span in edit.document().firstBlock().layout().formats():
        if span.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline:
            words.append(text[span.start : span.start + span.length])
    return words


def menu_entries(editor: InterviewEditor) -> list[QMenu]:
    editor.review.fill_menu(editor.review_menu)
    return [a.menu() for a in editor.review_menu.actions() if a.menu() is not None]


def fix(editor: InterviewEditor, qtbot: Any, which: int, action: int) -> None:
    """Click fix ``action`` (0 replace, 1 other words, 2 not identifying) of finding ``which``."""
    entry = menu_entries(editor)[which]
    entry.actions()[action].trigger()
    settle(qtbot, editor)


@pytest.mark.usefixtures("enrolled")
def test_typing_underlines_a_name_and_a_phone_and_one_click_fixes_each(
    qtbot: Any,
    controller: Controller,
    fake_prompts: FakePrompts,
    hq_a: HqSetup,
    usb: Path,
) -> None:
    editor = new_interview(qtbot, controller, QUOTE)
    assert underlined(editor) == [NAME, PHONE]
    assert editor.review_button.isVisible()
    assert editor.review_button.text() == "Details to review: 2"
    editor.mark_ready()
    interview_id = editor.current_id
    assert interview_id is not None

    # Export before fixing: the interview is named, held back, and nothing of it is sent.
    summary = export_to_hq(qtbot, controller, fake_prompts, usb, drafts=False)
    assert (interview_id, kitx.HoldReason.UNREVIEWED) in summary.held_back
    assert summary.path is not None and interview_id not in summary.included
    with Vault.open(hq_a.path, PASSPHRASE) as central:
        plain = fmt.decrypt(summary.path.read_bytes(), hq.hq_identity(central).age)
    assert interview_id.encode() not in plain and b"Akhmedov" not in plain
    dialog = controller.window.summary_dialog
    assert dialog is not None
    texts = [dialog.held_back.item(i).text() for i in range(dialog.held_back.count())]
    assert any("Masanchi" in t and "nobody has reviewed" in t for t in texts)
    dialog.close()

    # One click each.
    settle(qtbot, editor)
    assert editor.current_id == interview_id
    entries = menu_entries(editor)
    assert [e.title() for e in entries] == [
        f"quote 1: “{NAME}” — a person's name",
        f"quote 1: “{PHONE}” — a phone number",
    ]
    assert entries[0].actions()[0].text() == "Replace with “R.A.”"
    fix(editor, qtbot, 0, 0)
    fix(editor, qtbot, 0, 0)
    text = editor.quotes.editors[0].text.toPlainText()
    assert text == "My brother R.A. called me from [phone number] that night."
    assert underlined(editor) == []
    assert not editor.review_button.isVisible()
    qtbot.waitUntil(lambda: not editor.is_dirty, timeout=5000)  # autosaved

    again = export_to_hq(qtbot, controller, fake_prompts, usb, drafts=False)
    assert interview_id in again.included
    assert not [i for i, reason in again.held_back if reason is kitx.HoldReason.UNREVIEWED]


def test_not_identifying_is_remembered_for_the_interview(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    unlock(qtbot, controller)
    editor = new_interview(qtbot, controller, "We met Aigul at the market in Korday.")
    assert underlined(editor) == ["Aigul"]
    qtbot.waitUntil(lambda: not editor.is_dirty, timeout=5000)
    interview_id = editor.current_id
    fix(editor, qtbot, 0, 2)
    assert underlined(editor) == [] and not editor.review_button.isVisible()

    # Another interview, then back: still reviewed; the same name elsewhere is not.
    other = new_interview(qtbot, controller, "Aigul was there too.")
    assert underlined(other) == ["Aigul"]
    qtbot.waitUntil(lambda: not other.is_dirty, timeout=5000)
    window = controller.window
    window.table.selectRow(window.model.row_of(interview_id))
    settle(qtbot, editor)
    assert editor.current_id == interview_id
    assert editor.quotes.editors[0].text.toPlainText().startswith("We met Aigul")
    assert underlined(editor) == []
    controller.quit()
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        assert review.dismissed(vault, interview_id) == {("person", "aigul")}


def test_the_role_is_checked_and_fixed_with_other_words(
    qtbot: Any, controller: Controller, closed_vault: Path, fake_prompts: FakePrompts
) -> None:
    unlock(qtbot, controller)
    editor = new_interview(
        qtbot, controller, "They came at dawn.", role="brother of Nurlan Sadykov"
    )
    pending = editor.review.pending()
    assert [(m.widget is editor.role, f.kind, f.text) for m, f in pending] == [
        (True, FindingKind.PERSON, "Nurlan Sadykov")
    ]
    assert menu_entries(editor)[0].title().startswith("role: “Nurlan Sadykov”")
    fake_prompts.answers["ask_text"] = "a detained man"
    fix(editor, qtbot, 0, 1)
    assert editor.role.text() == "brother of a detained man"
    assert editor.review.pending() == []


def test_locking_forgets_the_findings(qtbot: Any, controller: Controller, closed_vault: Path):
    unlock(qtbot, controller)
    editor = new_interview(qtbot, controller, QUOTE)
    assert editor.review.pending()
    controller.lock()
    assert editor.review.pending() == []
    assert all(not m.found and m.checked_text is None for m in editor.review._marked)


def test_the_context_menu_of_an_underlined_word_offers_the_fixes(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    unlock(qtbot, controller)
    editor = new_interview(qtbot, controller, QUOTE)
    edit = editor.quotes.editors[0].text
    cursor = edit.textCursor()
    cursor.setPosition(QUOTE.index("Akhmedov") + 2)
    point = edit.cursorRect(cursor).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, edit.mapToGlobal(point))
    QApplication.sendEvent(edit.viewport(), event)
    menu = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible())
    texts = [a.text() for a in menu.actions()]
    assert texts[:3] == [
        "Replace with “R.A.”",
        "Replace with other words…",
        "Not identifying — keep as it is",
    ]
    assert any("Copy" in t for t in texts)  # the widget's own entries stay
    menu.actions()[0].trigger()
    menu.close()
    settle(qtbot, editor)
    assert edit.toPlainText() == f"My brother R.A. called me from {PHONE} that night."
    assert underlined(editor) == [PHONE]


def test_a_name_fixed_with_one_click_is_gone_from_every_page_after_locking(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    from tests.vault.pages import plaintext

    unlock(qtbot, controller)
    canary = "Zqxaverbekov"
    editor = new_interview(qtbot, controller, f"My brother Ruslan {canary} called me that night.")
    qtbot.waitUntil(lambda: not editor.is_dirty, timeout=5000)  # saved with the name
    vault = controller.window.vault
    assert vault is not None and vault._dek is not None
    key = bytes(vault._dek)  # a copy: closing zeroes the vault's own
    assert canary.encode() in plaintext(closed_vault, key)  # the control: it was stored
    fix(editor, qtbot, 0, 0)
    assert editor.quotes.editors[0].text.toPlainText() == "My brother R.Z. called me that night."
    qtbot.waitUntil(lambda: not editor.is_dirty, timeout=5000)
    controller.lock()
    everything = plaintext(closed_vault, key)
    assert canary.encode() not in everything and canary.lower().encode() not in everything


def test_an_english_quote_in_a_russian_interview_is_offered_an_english_bracket(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    """Item 11 of issue 13: the suggestion follows the quote's letters, not Language."""
    editor = new_interview_editor(qtbot, controller)

    def typed(widget: Any, text: str, alt: Qt.Key | None = None) -> None:
        if alt is None:
            widget.setFocus()
        else:  # the label's shortcut, as a person reaches the field
            QTest.keyClick(editor, alt, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
        type_text(QApplication.focusWidget(), text)

    typed(editor.language, "ru", Qt.Key.Key_L)
    typed(editor.role, "сестра задержанного, тел. +7 701 765 43 21", Qt.Key.Key_R)
    typed(editor.quotes.editors[0].text, f"Call my sister on {PHONE} after dark.")
    settle(qtbot, editor)
    entries = menu_entries(editor)
    assert [e.actions()[0].text() for e in entries] == [
        "Replace with “[номер телефона]”",  # the role, written in Russian
        "Replace with “[phone number]”",  # the quote, written in English
    ]
    entries[1].actions()[0].trigger()
    settle(qtbot, editor)
    assert (
        editor.quotes.editors[0].text.toPlainText()
        == "Call my sister on [phone number] after dark."
    )
