"""The editor keeps where a quote points in a recording through typing and saving, shows the
stretch under the quote, and its Play button asks for exactly that stretch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from fieldkit.core.clip import Clip
from fieldkit.gui.app import Controller
from fieldkit.vault import attachments, clips, records
from tests import media_samples
from tests.builders import Network, attach_recording, recorded


def test_editing_a_quote_in_the_app_keeps_where_it_points(
    qtbot: object, network: Network, tmp_path: Path
) -> None:
    """The editor shows the stretch under the quote; typing in the quote and saving keeps it."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from fieldkit.core.record import validate
    from fieldkit.gui.widgets.quotes import QuoteList

    kit = network.kits[0]
    interview, item = recorded(network, tmp_path)
    clips.set_clip(kit, interview, 1, Clip(item.id, 80_000, 125_000))
    stored = records.get(kit, interview)
    quotes = QuoteList()
    qtbot.addWidget(quotes)  # type: ignore[attr-defined]
    quotes.set_quotes([(q.text, q.tags, q.clip) for q in stored.quotes])
    quotes.show()
    editor = quotes.editors[0]
    assert editor.clip_label.isVisible()
    assert editor.clip_label.text() == "From the recording: 1:20–2:05"
    editor.text.setFocus()
    QTest.keyClick(editor.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor.text, " Then it was quiet.")
    raw = {**stored.to_dict(), "quotes": quotes.values()}
    saved = records.save(kit, validate(raw))
    assert saved.quotes[0].text.endswith("Then it was quiet.")
    assert saved.quotes[0].clip == Clip(item.id, 80_000, 125_000)
    played: list[object] = []
    quotes.play_requested.connect(played.append)
    editor.play_button.setFocus()
    QTest.keyClick(editor.play_button, Qt.Key.Key_Space)
    assert played == [Clip(item.id, 80_000, 125_000)]


def test_a_quote_is_pointed_into_its_recording_by_keyboard(
    qtbot: Any, controller: Controller, fixture_vault: Path, tmp_path: Path
) -> None:
    """Where in the recording… asks which recording and the stretch, typed as minutes:seconds;
    a stretch that ends before it starts is said in words and cannot be taken."""
    from fieldkit.gui.kit.clip_dialog import ClipDialog
    from tests.gui.helpers import open_first_row

    window = open_first_row(qtbot, controller)
    editor = window.editor
    first = editor.current_id
    item = attach_recording(window.vault, first, tmp_path)
    editor.attachments.reload()
    quote = editor.quotes.editors[0]
    quote.link_button.setFocus()
    qtbot.waitUntil(quote.link_button.hasFocus)
    dialogs: list[ClipDialog] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ClipDialog)
        dialogs.append(dialog)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.start)
        QTest.keyClicks(dialog.start, "0:02")
        QTest.keyClick(dialog.start, Qt.Key.Key_Tab)
        QTest.keyClicks(dialog.end, "0:01")
        assert not dialog.ok.isEnabled()
        assert dialog.problem.text() == "The stretch must start before it ends, within a day"
        dialog.end.selectAll()
        QTest.keyClicks(dialog.end, "1:05")
        assert dialog.ok.isEnabled() and dialog.problem.text() == ""
        QTest.keyClick(dialog.end, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    QTest.keyClick(quote.link_button, Qt.Key.Key_Space)
    assert dialogs, "the dialog did not open"
    assert quote.clip == Clip(item.id, 2_000, 65_000)
    assert quote.clip_label.text() == "From the recording: 0:02–1:05"
    qtbot.waitUntil(lambda: records.get(controller.window.vault, first).quotes[0].clip
                    == Clip(item.id, 2_000, 65_000), timeout=10_000)  # fmt: skip


def test_play_this_stretch_plays_from_the_quotes_start(
    qtbot: Any, controller: Controller, fixture_vault: Path, tmp_path: Path
) -> None:
    """Play this stretch opens the app's player on the recording, from where the quote
    starts (or, where Qt Multimedia cannot load, the one message saying so)."""
    from fieldkit.gui.kit.attachment_viewer import Player
    from tests.gui.helpers import audio_here, open_first_row

    window = open_first_row(qtbot, controller)
    editor = window.editor
    voice = tmp_path / "voice.wav"
    voice.write_bytes(media_samples.tone(2.0))
    (item,) = attachments.attach(window.vault, editor.current_id, [voice])
    clips.set_clip(window.vault, editor.current_id, 1, Clip(item.id, 500, 1000))
    editor.load(records.get(window.vault, editor.current_id))
    editor.attachments.reload()
    button = editor.quotes.editors[0].play_button
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    if not audio_here():
        messages: list[str] = []
        from fieldkit.gui.base import prompts

        original = prompts.warning
        prompts.warning = lambda _p, _t, text, details="": messages.append(text)  # type: ignore[assignment]
        try:
            QTest.keyClick(button, Qt.Key.Key_Space)
        finally:
            prompts.warning = original  # type: ignore[assignment]
        assert messages and "cannot be played" in messages[0]
        return
    QTest.keyClick(button, Qt.Key.Key_Space)
    players = [v for v in editor.attachments.viewers if isinstance(v, Player)]
    assert players, "no player opened"
    player = players[-1]
    qtbot.waitUntil(lambda: player.player.duration() > 0, timeout=10_000)
    qtbot.waitUntil(lambda: player.player.position() >= 500, timeout=10_000)
    # It stops at the quote's end, a second before the tone's: the player tells its position
    # every 50 ms, so a stretch ending 50 ms before the end of the file could play to it.
    qtbot.waitUntil(
        lambda: player.player.playbackState() != player.player.PlaybackState.PlayingState,
        timeout=10_000,
    )
    assert 1000 <= player.player.position() < 2000
    player.close()
