"""The recorder, by keyboard, with a generated tone through the same seam a microphone uses:
Alt+K (Take a recording…) opens it, Start, Pause, Resume, Stop and save; the attachment is
listed and decodes to the time recorded. Without an input, one dialog says so; locking
mid-recording keeps it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import shiboken6
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from fieldkit.gui.app import Controller
from fieldkit.gui.kit import recorder_dialog
from fieldkit.gui.kit.attachments_panel import AttachmentsPanel
from fieldkit.gui.kit.recorder_dialog import RecorderDialog, ToneSource
from fieldkit.media.opus import PcmFormat, tone
from fieldkit.vault import attachments, recording
from fieldkit.vault.attachments import SendChoice
from fieldkit.vault.recording import Recording
from fieldkit.vault.store import Vault
from tests.gui.helpers import FakePrompts, unlock
from tests.helpers import PASSPHRASE

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def tone_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """One input, a generated tone: the microphone's stand-in (this machine has none)."""
    monkeypatch.setattr(recorder_dialog, "input_devices", lambda: [("Generated tone", None)])
    monkeypatch.setattr(
        recorder_dialog, "open_source", lambda _device, pcm, parent: ToneSource(pcm, parent)
    )


def _open_recorder(qtbot: Any, panel: AttachmentsPanel) -> RecorderDialog:
    QTest.keyClick(QApplication.focusWidget() or panel, Qt.Key.Key_K, ALT)
    qtbot.waitUntil(lambda: any(isinstance(v, RecorderDialog) for v in panel.viewers))
    (dialog,) = [v for v in panel.viewers if isinstance(v, RecorderDialog)]
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _press(
    dialog: RecorderDialog, key: Qt.Key, modifier: Any = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key pressed where the focus is in the dialog, as a person presses it."""
    QTest.keyClick(QApplication.focusWidget() or dialog, key, modifier)


def _closed(dialog: RecorderDialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _decoded_seconds(panel: AttachmentsPanel, item: attachments.Attachment) -> float:
    vault = panel._vault
    assert vault is not None
    with attachments.open_original(vault, item) as reader:
        samples, rate = soundfile.read(io.BytesIO(reader.read()), dtype="int16")
    return len(samples) / rate


def test_recording_by_keyboard_becomes_a_listed_attachment(
    qtbot: Any, panel: AttachmentsPanel, tone_input: None
) -> None:
    before = len(panel.items)
    dialog = _open_recorder(qtbot, panel)
    assert dialog.device.currentText() == "Generated tone"
    _press(dialog, Qt.Key.Key_S, ALT)  # Start (a mnemonic clicks after a moment)
    qtbot.waitUntil(lambda: dialog.recording)
    qtbot.waitUntil(lambda: dialog.elapsed.text() == "0:01", timeout=10_000)
    assert dialog.level.value() > 20  # the tone's peak is a third of full scale
    _press(dialog, Qt.Key.Key_P, ALT)  # Pause
    qtbot.waitUntil(lambda: dialog.pause_button.text().replace("&", "") == "Resume")
    qtbot.wait(600)
    assert dialog.elapsed.text() == "0:01"
    _press(dialog, Qt.Key.Key_R, ALT)  # Resume
    qtbot.waitUntil(lambda: dialog.elapsed.text() == "0:02", timeout=10_000)
    seconds = recording_seconds(dialog)
    _press(dialog, Qt.Key.Key_T, ALT)  # Stop and save
    qtbot.waitUntil(lambda: _closed(dialog))
    assert len(panel.items) == before + 1
    item = panel.current
    assert item is not None and item.media_type.mime == "audio/ogg"
    assert item.file_name.startswith("Recording ")
    assert item.send is SendChoice.ORIGINAL and not item.held  # sent as it is, not held
    assert seconds - 0.05 <= _decoded_seconds(panel, item) <= seconds + 0.3


def recording_seconds(dialog: RecorderDialog) -> float:
    assert dialog._recording is not None
    return dialog._recording.seconds


def test_esc_while_recording_asks_and_no_keeps_recording(
    qtbot: Any, panel: AttachmentsPanel, tone_input: None, fake_prompts: FakePrompts
) -> None:
    before = len(panel.items)
    dialog = _open_recorder(qtbot, panel)
    _press(dialog, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: dialog.recording)
    qtbot.waitUntil(lambda: dialog.elapsed.text() == "0:01", timeout=10_000)
    fake_prompts.queue("confirm", False, True)
    _press(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.recording  # told No: it goes on
    _press(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _closed(dialog))
    assert len(fake_prompts.of("confirm")) == 2
    assert len(panel.items) == before + 1  # told Yes: saved


def test_locking_mid_recording_keeps_what_was_recorded(
    qtbot: Any,
    controller: Controller,
    panel: AttachmentsPanel,
    tone_input: None,
    fake_prompts: FakePrompts,
) -> None:
    vault = panel._vault
    assert vault is not None
    interview = panel._interview
    assert interview is not None
    before = len(attachments.list_for(vault, interview))
    dialog = _open_recorder(qtbot, panel)
    _press(dialog, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: dialog.recording)
    qtbot.waitUntil(lambda: dialog.elapsed.text() == "0:01", timeout=10_000)
    controller.lock()
    assert fake_prompts.of("confirm") == []  # a lock asks nothing
    unlock(qtbot, controller)
    reopened = controller.current.vault
    assert reopened is not None
    found = attachments.list_for(reopened, interview)
    assert len(found) == before + 1
    assert recording.unfinished(reopened) == []


def test_without_an_input_one_dialog_says_so(
    qtbot: Any,
    panel: AttachmentsPanel,
    fake_prompts: FakePrompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(recorder_dialog, "input_devices", lambda: [])
    QTest.keyClick(QApplication.focusWidget() or panel, Qt.Key.Key_K, ALT)
    qtbot.waitUntil(lambda: bool(fake_prompts.of("information")))
    (call,) = fake_prompts.of("information")
    assert "no sound input" in call[2]
    assert not any(isinstance(v, RecorderDialog) for v in panel.viewers)


def test_a_recording_a_crash_interrupted_is_kept_and_told_at_unlock(
    qtbot: Any, controller: Controller, fixture_vault: Path, fake_prompts: FakePrompts
) -> None:
    with Vault.open(fixture_vault, PASSPHRASE) as vault:
        interview = vault.read("SELECT id FROM interviews LIMIT 1")[0][0]
        rec = Recording(vault, interview, PcmFormat())
        for block in tone(PcmFormat(), 2.0):
            rec.write(block)
        rec._journal.release()  # as a kill leaves it: no Stop, no lock held
    unlock(qtbot, controller)
    qtbot.waitUntil(lambda: bool(fake_prompts.of("information")))
    (call,) = fake_prompts.of("information")
    assert "interrupted by a crash: 1" in call[2]
    reopened = controller.current.vault
    assert reopened is not None
    (item,) = [
        a for a in attachments.list_for(reopened, interview) if a.file_name.startswith("Rec")
    ]
    assert item.media_type.mime == "audio/ogg" and item.send is SendChoice.ORIGINAL
    assert recording.unfinished(reopened) == []
