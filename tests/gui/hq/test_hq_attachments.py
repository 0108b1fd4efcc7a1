"""HQ's window shows the attachments a kit sent: the 📎 column, the record view's list with
kit, bundle and hashes, the photo viewed and the recording played from the sealed copy by
keyboard, a plaintext copy saved on purpose, and the attachments of a quarantined record."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from fieldkit import hq
from fieldkit.core.record import Quote, Status
from fieldkit.gui.app import Controller
from fieldkit.gui.hq.attachments import HqAttachmentsPanel
from fieldkit.gui.hq.window import INTERVIEWS_TAB, QUARANTINE_TAB, HqWindow
from fieldkit.gui.kit.attachment_text import size_text
from fieldkit.gui.kit.attachment_viewer import PhotoViewer, Player
from fieldkit.gui.widgets.list_model import ATTACHED
from fieldkit.hq import attachments as hq_attachments
from fieldkit.vault import attachments, records
from tests.builders import add_interview, enroll_at_hq, export, make_hq, make_kit
from tests.canary import make_canaries, scan
from tests.gui.helpers import FakePrompts, alt_letters_taken_twice, audio_here, unlock
from tests.media_samples import jpeg, wav

AUDIO = audio_here()


@dataclass
class Sent:
    with_files: str  # the interview kit a sent a photo and a recording with
    without: str  # one it sent alone
    needles: list[str]  # the canaries the originals carried in their EXIF and WAV tags


@pytest.fixture
def sent(vault_dir: Path, tmp_path: Path) -> Sent:
    """HQ (the app's vault) holding kit a's two interviews, one with a photo carrying GPS
    and a recording (their tags a canary), and, in quarantine, kit b's other version of it
    with a photo of its own."""
    latin, cyrillic, needles = make_canaries()
    card = tmp_path / "hq.fkcard"
    central, _identity = make_hq(vault_dir, card)
    kit_a = make_kit(tmp_path / "kit-a", card)
    kit_b = make_kit(tmp_path / "kit-b", card)
    camera = tmp_path / "camera"
    camera.mkdir()
    photo, voice, other = camera / "injury.jpg", camera / "voice.wav", camera / "b.jpg"
    photo.write_bytes(jpeg(f"{latin} {cyrillic}"))
    voice.write_bytes(wav(f"{latin} {cyrillic}"))
    other.write_bytes(jpeg("kit b's photo"))
    usb = tmp_path / "usb"
    usb.mkdir()
    try:
        for kit, name in ((kit_a, "a"), (kit_b, "b")):
            enroll_at_hq(central, kit, tmp_path / f"kit-{name}.fkcard")
        with_files = add_interview(kit_a, quote="They burnt the house.")
        without = add_interview(kit_a, quote="We left at dawn.", interview_date="2019-05-01")
        attachments.attach(kit_a, with_files, [photo, voice])
        hq.import_bundle(central, export(kit_a, usb))
        theirs = records.get(kit_a, with_files)
        records.save(
            kit_b,
            replace(
                theirs, quotes=(Quote("Another kit's words."),), revision=0, status=Status.READY
            ),
        )
        attachments.attach(kit_b, with_files, [other])
        (usb / "b").mkdir()
        hq.import_bundle(central, export(kit_b, usb / "b"))
    finally:
        for vault in (kit_a, kit_b, central):
            vault.close()
    for path in (photo, voice, other):
        path.unlink()
    return Sent(with_files, without, needles)


def _outside(tmp_path: Path) -> list[Path]:
    """Home (with the XDG data, config, cache and state folders in it) and temp."""
    return [tmp_path / "home", tmp_path / "tmp"]


def _open_hq(qtbot: Any, controller: Controller) -> HqWindow:
    unlock(qtbot, controller)
    window = controller.hq_window
    assert window is not None and window.isVisible()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _tab_to(qtbot: Any, widget: QWidget, limit: int = 8) -> None:
    """Press Tab until ``widget`` has the focus (at most ``limit`` times)."""
    for _ in range(limit):
        if widget.hasFocus():
            return
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert widget.hasFocus(), QApplication.focusWidget()


def _first_interview(window: HqWindow) -> None:
    """Arrow keys in the list: down, then Ctrl+Home to the first (the newest) interview."""
    window.table.setFocus()
    QTest.keyClick(window.table, Qt.Key.Key_Down)
    QTest.keyClick(window.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)


def _go_to(panel: HqAttachmentsPanel, mime: str) -> None:
    """Up or down the attachments list by keyboard to the row of that media type."""
    want = [item.media_type for item in panel.items].index(mime)
    key = Qt.Key.Key_Down if want > panel.list.currentRow() else Qt.Key.Key_Up
    while panel.list.currentRow() != want:
        QTest.keyClick(panel.list, key)


def _opened(qtbot: Any, panel: HqAttachmentsPanel, kind: type) -> Any:
    """The viewer or player of ``kind`` that opened (the latest, shown)."""
    qtbot.waitUntil(lambda: bool(panel.viewers) and isinstance(panel.viewers[-1], kind))
    shown = panel.viewers[-1]
    qtbot.waitUntil(shown.isVisible)
    return shown


def test_the_list_counts_attachments_and_the_record_lists_where_each_came_from(
    qtbot: Any, controller: Controller, sent: Sent
) -> None:
    window = _open_hq(qtbot, controller)
    model = window.model
    # 📎 where a font here draws it (an emoji font); else the column says it in words.
    mark = model.attached_mark
    header = model.headerData(ATTACHED, Qt.Orientation.Horizontal)
    assert (mark, header) in (("📎", "📎"), ("", "Files"))
    rows = {model.id_at(r): r for r in range(model.rowCount())}
    assert model.index(rows[sent.with_files], ATTACHED).data() == f"{mark} 2".strip()
    assert model.index(rows[sent.without], ATTACHED).data() == ""
    tip = model.index(rows[sent.with_files], ATTACHED).data(Qt.ItemDataRole.AccessibleTextRole)
    assert tip == "Attachments HQ holds: 2"
    assert not window.table.isColumnHidden(ATTACHED)

    window.table.setFocus()
    _first_interview(window)
    assert window.record._interview is not None
    assert window.record._interview.id == sent.with_files  # the newest, first
    panel = window.attachments
    table = panel.list
    assert table.rowCount() == 2 and panel.isVisible()
    [kit] = [k for k in hq.kit_list(window.vault) if k.interviews]  # type: ignore[arg-type]
    held = hq_attachments.for_interview(window.vault, sent.with_files)  # type: ignore[arg-type]
    first = [table.item(0, c).text() for c in range(table.columnCount())]
    names = {"image/jpeg": "JPEG photo", "audio/x-wav": "WAV audio"}
    assert first[:2] == ["1", names[held[0].media_type]]
    assert first[2] == size_text(held[0].size)
    assert first[3:5] == ["copy without metadata", f"{kit.name} ({kit.fingerprint})"]
    assert first[5] == held[0].bundle_id[:8] and table.item(0, 5).toolTip() == held[0].bundle_id
    assert first[7] == held[0].sha256[:12] + "…" and table.item(0, 7).toolTip() == held[0].sha256
    assert table.item(0, 8).toolTip() == held[0].original_sha256 != held[0].sha256
    assert table.item(1, 3).text() == "copy without metadata"

    # The other interview came alone: the list is replaced by a line saying so.
    QTest.keyClick(window.table, Qt.Key.Key_Down)
    assert window.record._interview.id == sent.without
    assert not table.isVisible() and panel.hint.isVisible()
    assert not panel.open_button.isEnabled() and not panel.save_button.isEnabled()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_view_and_save_take_alt_letters_nothing_else_in_the_window_has(
    qtbot: Any, controller: Controller, sent: Sent, language: str
) -> None:
    assert controller.language.apply(language)
    window = _open_hq(qtbot, controller)
    _first_interview(window)
    assert window.attachments.open_button.isVisibleTo(window)
    assert alt_letters_taken_twice(window) == {}
    window.tabs.setCurrentIndex(QUARANTINE_TAB)
    assert window.quarantine.attachments.open_button.isVisibleTo(window)
    assert alt_letters_taken_twice(window) == {}


def test_the_photo_opens_and_the_recording_plays_by_keyboard_with_nothing_left_outside(
    capfd: pytest.CaptureFixture[str],
    qtbot: Any,
    controller: Controller,
    sent: Sent,
    fake_prompts: FakePrompts,
    tmp_path: Path,
) -> None:
    assert scan(_outside(tmp_path), sent.needles) == []  # the control: a clean start
    window = _open_hq(qtbot, controller)
    panel = window.attachments
    _first_interview(window)
    _tab_to(qtbot, panel.list)
    _go_to(panel, "image/jpeg")
    QTest.keyClick(panel.list, Qt.Key.Key_Return)
    photo = _opened(qtbot, panel, PhotoViewer)
    assert (photo._pixmap.width(), photo._pixmap.height()) == (64, 48)
    assert re.match(r"Attachment [12] of interview [0-9a-f]{8} \(kit ", photo.windowTitle())
    assert scan(_outside(tmp_path), sent.needles) == []
    photo.activateWindow()
    qtbot.waitUntil(photo.isActiveWindow)
    QTest.keyClick(photo.scroll, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _visible(photo))

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel.list.setFocus()
    _go_to(panel, "audio/x-wav")
    if not AUDIO:
        QTest.keyClick(panel.list, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: "warning" in fake_prompts.kinds())
        assert fake_prompts.kinds().count("warning") == 1
        assert "cannot be played on this computer" in fake_prompts.texts()
        assert not any(isinstance(v, Player) for v in panel.viewers)
    else:
        QTest.keyClick(panel.list, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
        player = _opened(qtbot, panel, Player)
        qtbot.waitUntil(lambda: player.player.duration() > 0, timeout=10_000)
        assert 150 <= player.player.duration() <= 250  # the 0.2 s tone
        QTest.keyClick(player, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: player.player.position() > 0, timeout=10_000)
        assert scan(_outside(tmp_path), sent.needles) == []
        player.close()
    assert scan(_outside(tmp_path), sent.needles) == []
    printed = capfd.readouterr()
    assert not any(n in printed.out + printed.err for n in sent.needles)


def _visible(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget) and widget.isVisible()


def test_a_copy_is_saved_on_purpose_after_the_warning(
    qtbot: Any, controller: Controller, sent: Sent, fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    window = _open_hq(qtbot, controller)
    panel = window.attachments
    _first_interview(window)
    out = tmp_path / "copy.jpg"
    # Declined: no file dialog, no file.
    fake_prompts.answers["confirm"] = False
    QTest.keyClick(panel.list, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: fake_prompts.kinds() == ["confirm"])  # the button's click
    assert "unencrypted" in fake_prompts.texts() and "wear levelling" in fake_prompts.texts()
    assert not out.exists()

    fake_prompts.answers["confirm"] = True
    fake_prompts.answers["save_file"] = out
    panel.list.setFocus()
    QTest.keyClick(panel.list, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "information" in fake_prompts.kinds())
    held = hq_attachments.for_interview(window.vault, sent.with_files)[0]  # type: ignore[arg-type]
    assert hashlib.sha256(out.read_bytes()).hexdigest() == held.sha256

    # A file that exists already is refused in one dialog, and left as it was.
    out.write_bytes(b"mine")
    QTest.keyClick(panel.list, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "warning" in fake_prompts.kinds())
    assert fake_prompts.kinds().count("warning") == 1
    assert "exists already" in fake_prompts.texts()
    assert out.read_bytes() == b"mine"


def test_the_quarantine_lists_what_came_with_the_incoming_record(
    qtbot: Any, controller: Controller, sent: Sent, fake_prompts: FakePrompts
) -> None:
    window = _open_hq(qtbot, controller)
    assert window.quarantine.count() == 1
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == QUARANTINE_TAB
    panel = window.quarantine.attachments
    assert panel.list.rowCount() == 1 and panel.isVisible()
    assert panel.list.item(0, 1).text() == "JPEG photo"
    kits = {k.kit_id: k for k in hq.kit_list(window.vault)}  # type: ignore[arg-type]
    [item] = panel.items
    assert kits[item.kit_id].name in panel.list.item(0, 4).text()
    # Not shown with the stored interview: kit b's file is not kit a's work.
    window.tabs.setCurrentIndex(INTERVIEWS_TAB)
    assert len(hq_attachments.for_interview(window.vault, sent.with_files)) == 2  # type: ignore[arg-type]
    window.tabs.setCurrentIndex(QUARANTINE_TAB)
    panel.list.setFocus()
    QTest.keyClick(panel.list, Qt.Key.Key_Return)
    shown = _opened(qtbot, panel, PhotoViewer)
    shown.close()
    # Accepted, the incoming version's kit is one HQ took the interview from: its photo is
    # shown with the interview beside kit a's two.
    fake_prompts.answers["confirm"] = True
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.quarantine.resolved):
        QTest.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert len(hq_attachments.for_interview(window.vault, sent.with_files)) == 3  # type: ignore[arg-type]
    assert window.model.index(0, ATTACHED).data() == f"{window.model.attached_mark} 3".strip()
