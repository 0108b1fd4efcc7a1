"""The editor's attachments panel, by keyboard: attach (picker and drop), what each carries and
what is sent, the review mark, removal of the original and of the attachment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.gui.base.work import Op
from fieldkit.gui.kit import attachment_text
from fieldkit.gui.kit.attachments_panel import AttachmentsPanel
from fieldkit.vault import blobs
from fieldkit.vault.fsutil import FLASH
from tests.gui.helpers import (
    FakePrompts,
    attach_by_keyboard,
    new_interview_editor,
    settle_attachments,
)
from tests.media_samples import jpeg, pdf, wav, written


def _files(tmp_path: Path, **contents: bytes) -> list[Path]:
    """Each of ``contents`` written in the camera folder, named with "_" read as ".": the paths."""
    folder = tmp_path / "camera"
    return [written(folder / name.replace("_", "."), data) for name, data in contents.items()]


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """injury.jpg in the camera folder: a phone's photo, with EXIF, a GPS position and a serial."""
    (made,) = _files(tmp_path, injury_jpg=jpeg())
    return made


@pytest.fixture
def attached(qtbot: Any, panel: AttachmentsPanel, fake_prompts: FakePrompts, photo: Path) -> Path:
    """The photo attached to the panel's interview by keyboard, its original kept."""
    attach_by_keyboard(qtbot, panel, fake_prompts, [photo])
    return photo


def _rows(panel: AttachmentsPanel) -> list[list[str]]:
    tree = panel.list
    return [
        [tree.topLevelItem(r).text(c) for c in range(tree.columnCount())]
        for r in range(tree.topLevelItemCount())
    ]


def test_attached_files_are_listed_with_what_they_carry_and_what_is_sent(
    qtbot: Any,
    panel: AttachmentsPanel,
    fake_prompts: FakePrompts,
    tmp_path: Path,
) -> None:
    photo, ruling = _files(tmp_path, injury_jpg=jpeg("porch"), ruling_pdf=pdf("Ruling 12"))
    assert panel.hint.isVisible() and not panel.list.isVisible()
    fake_prompts.answers["confirm"] = False  # keep the originals
    attach_by_keyboard(qtbot, panel, fake_prompts, [photo, ruling])
    rows = _rows(panel)
    assert [r[0] for r in rows] == ["injury.jpg", "ruling.pdf"]
    assert "GPS position 43.2567 N, 76.9286 E" in rows[0][3]
    assert "SN-48151623" in rows[0][3]
    assert "Ruling 12" in rows[1][3]
    assert rows[0][4] == "a copy without metadata"
    assert photo.exists() and ruling.exists()  # asked, and answered No
    ((title, question),) = [args[1:3] for args in fake_prompts.of("confirm")]
    assert title == "Remove the originals?"
    assert FLASH in question


def test_the_originals_are_overwritten_and_removed_when_asked(
    qtbot: Any, panel: AttachmentsPanel, fake_prompts: FakePrompts, photo: Path
) -> None:
    fake_prompts.answers["confirm"] = True
    attach_by_keyboard(qtbot, panel, fake_prompts, [photo])
    assert [r[0] for r in _rows(panel)] == ["injury.jpg"]
    assert not photo.exists()


def test_dropped_files_are_attached(
    qtbot: Any,
    panel: AttachmentsPanel,
    fake_prompts: FakePrompts,
    tmp_path: Path,
) -> None:
    (voice,) = _files(tmp_path, voice_wav=wav("Testimony"))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(voice))])
    enter = QDragEnterEvent(
        QPoint(5, 5), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(panel, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(panel, drop)
    qtbot.waitUntil(lambda: Op.pending() == 0 and panel.progress is None, timeout=10_000)
    assert [r[0] for r in _rows(panel)] == ["voice.wav"]
    assert "Testimony" in _rows(panel)[0][3]


@pytest.mark.usefixtures("attached")
def test_the_original_sent_is_held_until_its_metadata_is_marked_reviewed(
    qtbot: Any, panel: AttachmentsPanel
) -> None:
    panel.list.setFocus()
    QTest.keyClick(panel.list, Qt.Key.Key_Tab)  # Attach files
    for _ in range(4):  # Take a recording, View or play, Remove, what is sent
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.send
    QTest.keyClick(panel.send, Qt.Key.Key_Down)  # the original
    settle_attachments(qtbot, panel)
    assert _rows(panel)[0][4] == "the original — not reviewed: held at export"
    panel.send.setFocus()
    QTest.keyClick(panel.send, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.reviewed_button
    QTest.keyClick(panel.reviewed_button, Qt.Key.Key_Space)
    settle_attachments(qtbot, panel)
    assert _rows(panel)[0][4] == "the original (reviewed)"
    assert not panel.reviewed_button.isEnabled()


@pytest.mark.usefixtures("attached")
def test_delete_removes_the_attachment_and_erases_its_file_after_a_confirmation(
    qtbot: Any, panel: AttachmentsPanel, fixture_vault: Path, fake_prompts: FakePrompts
) -> None:
    folder = blobs.folder_of(fixture_vault)
    assert len(list(folder.iterdir())) == 2  # the original and its stripped copy
    panel.list.setFocus()
    fake_prompts.answers["confirm"] = False
    QTest.keyClick(panel.list, Qt.Key.Key_Delete)
    assert len(_rows(panel)) == 1
    fake_prompts.answers["confirm"] = True
    QTest.keyClick(panel.list, Qt.Key.Key_Delete)
    assert _rows(panel) == []
    assert list(folder.iterdir()) == []
    assert "Its key is erased" in fake_prompts.texts()


def test_a_new_interview_not_yet_saved_says_so_instead_of_attaching(
    qtbot: Any, controller: Controller, closed_vault: Path, fake_prompts: FakePrompts, photo: Path
) -> None:
    editor = new_interview_editor(qtbot, controller)
    fake_prompts.answers["open_files"] = [photo]
    editor.attachments.add_button.click()
    assert fake_prompts.kinds()[-1] == "warning"
    assert "must be saved before files can be attached" in fake_prompts.texts()
    assert not list(blobs.folder_of(closed_vault).glob("*"))


def test_a_file_that_cannot_be_attached_gets_one_message_and_nothing_is_kept(
    qtbot: Any, panel: AttachmentsPanel, fake_prompts: FakePrompts, photo: Path, tmp_path: Path
) -> None:
    attach_by_keyboard(qtbot, panel, fake_prompts, [photo, tmp_path])  # a folder: not a file
    assert fake_prompts.kinds() == ["open_files", "warning"]
    assert "cannot be attached" in fake_prompts.texts()
    assert _rows(panel) == []
    assert photo.exists()


def test_the_flash_warning_is_the_command_lines_sentence() -> None:
    assert attachment_text.flash_warning() == FLASH


def test_the_panel_is_read_only_for_a_purged_interview(
    qtbot: Any, panel: AttachmentsPanel, controller: Controller
) -> None:
    panel.show_interview(panel._interview, read_only=True)
    assert not panel.add_button.isEnabled()
    controller.window.actions_[Act.LOCK].trigger()
    assert panel.items == []
