"""The photo viewer's Blur mode, by keyboard (and the mouse only to draw a region): the face
found is outlined, Enter blurs it, a drawn region is added, Tab chooses and Delete removes,
the preview shows the blur, Save makes the copy that is sent; nothing it carries is left
outside the vault."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image, ImageFilter, ImageStat
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from fieldkit.gui.kit.attachment_viewer import PhotoViewer
from fieldkit.gui.kit.attachments_panel import AttachmentsPanel
from fieldkit.media import faces as finding
from fieldkit.vault import attachments
from fieldkit.vault.store import Vault
from tests.canary import make_canaries, scan
from tests.gui.helpers import (
    FakePrompts,
    attach_by_keyboard,
    enroll_hq,
    export_to_hq,
    open_viewer_by_keyboard,
    unlock,
)
from tests.helpers import PASSPHRASE
from tests.media_samples import face_jpeg


def _outside_the_vault(tmp_path: Path) -> list[Path]:
    """Home (with the XDG data, config, cache and state folders inside it) and temp."""
    return [tmp_path / "home", tmp_path / "tmp"]


def _detail(image: QImage, x: int, y: int, w: int, h: int) -> float:
    """The variance of the edges inside the box (4 pixels in, clear of the outlines drawn)."""
    x, y, w, h = x + 4, y + 4, w - 8, h - 8
    part = image.copy(x, y, w, h).convertToFormat(QImage.Format.Format_Grayscale8)
    line = part.bytesPerLine()
    data = bytes(part.constBits())
    rows = b"".join(data[r * line : r * line + w] for r in range(h))
    grey = Image.frombytes("L", (w, h), rows)
    return ImageStat.Stat(grey.filter(ImageFilter.FIND_EDGES).crop((1, 1, w - 1, h - 1))).var[0]


def _viewer(qtbot: Any, panel: AttachmentsPanel) -> PhotoViewer:
    shown = open_viewer_by_keyboard(qtbot, panel)
    assert isinstance(shown, PhotoViewer)
    return shown


def test_a_face_is_blurred_by_keyboard_previewed_and_saved_as_what_is_sent(
    qtbot: Any, panel: AttachmentsPanel, fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    latin, cyrillic, needles = make_canaries()
    assert scan(_outside_the_vault(tmp_path), needles) == []  # the control: a clean start
    camera = tmp_path / "camera"
    camera.mkdir()
    (camera / "crowd.jpg").write_bytes(face_jpeg(f"{latin} {cyrillic}"))
    attach_by_keyboard(qtbot, panel, fake_prompts, [camera / "crowd.jpg"])
    row = panel.list.currentItem()
    assert row.text(4) == "a copy without metadata — faces not blurred: held at export"
    shown = _viewer(qtbot, panel)
    QTest.keyClick(shown.scroll, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: shown.blur_mode is not None)  # a mnemonic clicks after a moment
    mode = shown.blur_mode
    assert mode is not None and mode.isVisible()
    assert mode.status.text() == "Faces found: 1. Regions to blur: 0."
    zoom = shown.zoom
    (face,) = mode.found
    fx, fy = round(face.x * zoom), round(face.y * zoom)
    fw, fh = round(face.w * zoom), round(face.h * zoom)
    sharp = _detail(shown.picture.pixmap().toImage(), fx, fy, fw, fh)
    # Enter blurs the faces found; the preview shows the face blurred.
    QTest.keyClick(shown.scroll, Qt.Key.Key_Return)
    assert len(mode.regions) == 1
    assert "Not saved yet" in mode.status.text()
    assert _detail(shown.picture.pixmap().toImage(), fx, fy, fw, fh) < sharp / 10
    # A region drawn with the mouse (the stripes at the left), then chosen by Tab and removed.
    QTest.mousePress(shown.picture, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    QTest.mouseMove(shown.picture, QPoint(40, 30))
    QTest.mouseRelease(shown.picture, Qt.MouseButton.LeftButton, pos=QPoint(60, 40))
    assert len(mode.regions) == 2 and mode.selected == 1
    drawn = mode.regions[1]
    assert drawn.x == 5 // zoom or abs(drawn.x - 5 / zoom) <= 1
    shown.scroll.setFocus()
    QTest.keyClick(shown.scroll, Qt.Key.Key_Tab)  # past the last region: focus moves on
    assert mode.selected is None
    shown.scroll.setFocus()
    QTest.keyClick(shown.scroll, Qt.Key.Key_Tab)
    QTest.keyClick(shown.scroll, Qt.Key.Key_Tab)
    assert mode.selected == 1
    QTest.keyClick(shown.scroll, Qt.Key.Key_Delete)
    assert len(mode.regions) == 1 and mode.regions[0] != drawn
    # The viewer's own keys still work.
    QTest.keyClick(shown.scroll, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert not shown.fitted
    QTest.keyClick(shown.scroll, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert shown.fitted
    # Save (Alt+S) makes the blurred copy off the GUI thread; the panel says what is sent.
    QTest.keyClick(shown.scroll, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "Saved" in mode.status.text(), timeout=20_000)
    assert not mode.busy and not mode.save_button.isEnabled()
    qtbot.waitUntil(
        lambda: panel.list.currentItem().text(4) == "a copy without metadata, faces blurred (1)"
    )
    (item,) = panel.items
    assert item.faces_open == 0 and not item.held
    with attachments.open_original(panel._vault, item, stripped=True) as reader:
        sent = reader.read()
    assert finding.detect(io.BytesIO(sent)).faces == ()
    assert latin.encode() not in sent
    assert scan(_outside_the_vault(tmp_path), needles) == []
    QTest.keyClick(shown.scroll, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shown.isVisible())
    assert scan(_outside_the_vault(tmp_path), needles) == []


def test_faces_reviewed_in_the_viewer_release_the_photo(
    qtbot: Any, panel: AttachmentsPanel, fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    (tmp_path / "crowd.jpg").write_bytes(face_jpeg())
    attach_by_keyboard(qtbot, panel, fake_prompts, [tmp_path / "crowd.jpg"])
    shown = _viewer(qtbot, panel)
    QTest.keyClick(shown.scroll, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: shown.blur_mode is not None)  # a mnemonic clicks after a moment
    mode = shown.blur_mode
    assert mode is not None
    QTest.keyClick(shown.scroll, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "Reviewed by a person" in mode.status.text(), timeout=10_000)
    qtbot.waitUntil(lambda: panel.list.currentItem().text(4) == "a copy without metadata")
    assert not panel.items[0].held


def test_the_export_summary_says_a_photo_held_it_back(
    qtbot: Any,
    controller: Any,
    fixture_vault: Path,
    fake_prompts: FakePrompts,
    hq_a: Any,
    usb: Path,
) -> None:
    (fixture_vault.parent / "crowd.jpg").write_bytes(face_jpeg())
    with Vault.open(fixture_vault, PASSPHRASE) as vault:
        first = vault.read("SELECT id FROM interviews ORDER BY id LIMIT 1")[0][0]
        attachments.attach(vault, first, [fixture_vault.parent / "crowd.jpg"])
    unlock(qtbot, controller)
    enroll_hq(qtbot, controller, fake_prompts, hq_a.card)
    summary = export_to_hq(qtbot, controller, fake_prompts, usb, drafts=False)
    assert summary.attachments_held == {first: 1}
    held = controller.window.summary_dialog.held_back
    assert held.count() == 1
    assert "a photo's faces not blurred" in held.item(0).text()
