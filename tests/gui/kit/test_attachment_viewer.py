"""Photos viewed and recordings played inside the app, from the vault's bytes: zoom by keyboard,
play and seek, and no file outside the vault ever holds what they carry."""

from __future__ import annotations

import io
import sys
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QIODevice, QSize, Qt
from PySide6.QtTest import QTest

from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.gui.kit.attachment_viewer import Player
from fieldkit.gui.kit.attachments_panel import AttachmentsPanel
from fieldkit.gui.kit.photo_viewer import CannotShow, Photo, PhotoViewer
from fieldkit.gui.kit.playback import SealedDevice, released_set_source_device
from fieldkit.vault import attachments
from fieldkit.vault.attachments import SendChoice
from fieldkit.vault.blobs import AttachmentDamaged
from tests.canary import make_canaries, scan
from tests.gui.helpers import (
    FakePrompts,
    another_process,
    attach_by_keyboard,
    audio_here,
    open_viewer_by_keyboard,
)
from tests.media_samples import jpeg, pdf, pixel_bomb_png, tone, wav, written

AUDIO = audio_here()


def _cannot_play_here(qtbot: Any, panel: AttachmentsPanel, fake: FakePrompts) -> None:
    """Without an audio stack, opening a recording is one warning naming the missing
    library, no player, and nothing written outside the vault."""
    before = len(panel.viewers)
    panel.list.setFocus()
    QTest.keyClick(panel.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "warning" in fake.kinds())
    assert fake.kinds().count("warning") == 1
    assert "cannot be played on this computer" in fake.texts() and "PulseAudio" in fake.texts()
    assert len(panel.viewers) == before


def _source(tmp_path: Path, name: str, data: bytes) -> Path:
    return written(tmp_path / "camera" / name, data)


@dataclass
class Canaries:
    """Canary words for a file's tags, the camera folder the file is attached from, and the
    check that no file outside the vault holds them."""

    latin: str
    cyrillic: str
    needles: list[str]
    tmp_path: Path

    @property
    def text(self) -> str:
        return f"{self.latin} {self.cyrillic}"

    @property
    def camera(self) -> Path:
        return self.tmp_path / "camera"

    def source(self, name: str, data: bytes) -> Path:
        return _source(self.tmp_path, name, data)

    def found_outside(self) -> list[str]:
        """Where a canary is found outside the vault: in home (with the XDG data, config,
        cache and state folders inside it) or temp."""
        return scan([self.tmp_path / "home", self.tmp_path / "tmp"], self.needles)


@pytest.fixture
def canaries(tmp_path: Path) -> Canaries:
    return Canaries(*make_canaries(), tmp_path)


def test_a_photo_is_shown_upright_with_zoom_and_no_copy_outside_the_vault(
    qtbot: Any,
    panel: AttachmentsPanel,
    fake_prompts: FakePrompts,
    canaries: Canaries,
) -> None:
    assert canaries.found_outside() == []  # the control: a clean start
    image = Image.open(canaries.source("probe.jpg", jpeg(canaries.text)))
    exif = image.getexif()
    exif[0x0112] = 6  # taken with the phone on its side: shown turned a quarter
    rotated = canaries.camera / "injury.jpg"
    image.save(rotated, "JPEG", exif=exif)
    attach_by_keyboard(qtbot, panel, fake_prompts, [rotated])
    shown = open_viewer_by_keyboard(qtbot, panel)
    assert isinstance(shown, PhotoViewer)
    assert (shown._pixmap.width(), shown._pixmap.height()) == (48, 64)
    assert shown.fitted and shown.zoom == 1.0  # small: never enlarged to fit
    QTest.keyClick(shown.scroll, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert shown.zoom == pytest.approx(1.25) and not shown.fitted
    assert shown.picture.pixmap().width() == 60
    QTest.keyClick(shown.scroll, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(shown.scroll, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert shown.zoom == pytest.approx(0.8)
    QTest.keyClick(shown.scroll, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert shown.fitted and shown.zoom == 1.0
    assert shown.zoom_label.text() == "100 %"
    assert canaries.found_outside() == []
    QTest.keyClick(shown.scroll, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not panel.viewers[-1].isVisible() if _alive(panel) else True)
    assert canaries.found_outside() == []


def test_a_photo_larger_than_the_screen_shows_at_once_and_every_pixel_once_zoomed_in(
    qtbot: Any, panel: AttachmentsPanel, fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    big = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    big.paste((250, 20, 20), (3990, 2990, 4000, 3000))  # a red corner, ten pixels wide
    photo = tmp_path / "camera" / "street.jpg"
    photo.parent.mkdir(exist_ok=True)
    big.save(photo, "JPEG", quality=95)
    attach_by_keyboard(qtbot, panel, fake_prompts, [photo])
    shown = open_viewer_by_keyboard(qtbot, panel)
    assert isinstance(shown, PhotoViewer)
    # The offscreen screen is 800 pixels wide: the photo was decoded at a quarter of its
    # size (1000 pixels still fill it), and is fitted as the whole photo would be.
    assert shown._pixmap.width() == 1000 and shown.fitted
    fitted = shown.zoom
    assert shown.picture.pixmap().width() == round(4000 * fitted)
    while shown.zoom <= 0.25:  # past a quarter: the whole photo is decoded, and shown sharp
        QTest.keyClick(shown.scroll, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert (shown._pixmap.width(), shown._pixmap.height()) == (4000, 3000)
    assert shown.picture.pixmap().width() == round(4000 * shown.zoom)
    QTest.keyClick(shown.scroll, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert shown.zoom == pytest.approx(fitted)
    whole = shown._pixmap.toImage()
    assert whole.pixelColor(3995, 2995).green() < 100 < whole.pixelColor(3980, 2980).green()
    QTest.keyClick(shown.scroll, Qt.Key.Key_Escape)


def test_a_sideways_photo_is_decoded_smaller_and_still_upright() -> None:
    image = Image.new("RGB", (4000, 1000), (10, 10, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    data = io.BytesIO()
    image.save(data, "JPEG", exif=exif)
    photo = Photo(data.getvalue(), QSize(250, 1000))  # a quarter of it fills that screen
    assert photo.size.toTuple() == (1000, 4000)  # upright: tall
    assert photo.image.size().toTuple() == (250, 1000) and photo.reduced
    assert photo.full().size().toTuple() == (1000, 4000) and not photo.reduced


def test_a_recording_plays_with_a_position_and_no_copy_outside_the_vault(
    capfd: pytest.CaptureFixture[str],
    qtbot: Any,
    panel: AttachmentsPanel,
    fake_prompts: FakePrompts,
    canaries: Canaries,
) -> None:
    voice = canaries.source("voice.wav", wav(canaries.text))
    attach_by_keyboard(qtbot, panel, fake_prompts, [voice])
    if not AUDIO:
        _cannot_play_here(qtbot, panel, fake_prompts)
        assert canaries.found_outside() == []
        return
    panel.list.setFocus()
    QTest.keyClick(panel.list, Qt.Key.Key_Return)  # Enter on the row opens it too
    qtbot.waitUntil(lambda: bool(panel.viewers))
    player = panel.viewers[-1]
    assert isinstance(player, Player)
    qtbot.waitUntil(lambda: player.player.duration() > 0, timeout=10_000)
    assert 150 <= player.player.duration() <= 250  # the 0.2 s tone
    assert player.slider.maximum() == player.player.duration()
    QTest.keyClick(player, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.player.position() > 0, timeout=10_000)
    qtbot.waitUntil(lambda: "/ 0:00" in player.time.text(), timeout=10_000)
    assert canaries.found_outside() == []
    player.close()
    assert canaries.found_outside() == []
    printed = capfd.readouterr()
    # FFmpeg prints a file's tags unless told
    assert canaries.latin not in printed.out + printed.err
    assert canaries.cyrillic not in printed.out + printed.err


def test_the_slider_moves_the_position_by_keyboard(
    qtbot: Any,
    panel: AttachmentsPanel,
    fixture_vault: Path,
    fake_prompts: FakePrompts,
    tmp_path: Path,
) -> None:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:  # twelve seconds of silence
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * 8000 * 12)
    long = _source(tmp_path, "long.wav", out.getvalue())
    # Kept on the kit: sending is not what this test is about.
    with another_process(fixture_vault) as other:
        attachments.attach(other, panel._interview, [long], send=SendChoice.KIT_ONLY)
    panel.reload()
    if not AUDIO:
        _cannot_play_here(qtbot, panel, fake_prompts)
        return
    panel.list.setFocus()
    player = open_viewer_by_keyboard(qtbot, panel)
    qtbot.waitUntil(lambda: player.player.duration() > 11_000, timeout=10_000)
    player.slider.setFocus()
    QTest.keyClick(player.slider, Qt.Key.Key_Right)  # five seconds on
    qtbot.waitUntil(lambda: player.player.position() >= 4_900, timeout=10_000)
    player.close()


def test_a_document_is_not_opened_outside_the_app(
    qtbot: Any,
    panel: AttachmentsPanel,
    fake_prompts: FakePrompts,
    tmp_path: Path,
) -> None:
    attach_by_keyboard(qtbot, panel, fake_prompts, [_source(tmp_path, "r.pdf", pdf("Ruling"))])
    assert not panel.open_button.isEnabled()
    panel.list.setFocus()
    QTest.keyClick(panel.list, Qt.Key.Key_Return)
    assert "Only photos, recordings and videos are shown" in fake_prompts.texts()
    assert panel.viewers == []


def test_a_pixel_bomb_is_refused_before_it_is_decoded() -> None:
    started = time.perf_counter()
    with pytest.raises(CannotShow, match="too large"):
        Photo(pixel_bomb_png())
    assert time.perf_counter() - started < 5  # not 30 GB of pixels; not a timing claim


def test_without_qt_multimedia_a_recording_gets_one_clear_message(
    qtbot: Any,
    panel: AttachmentsPanel,
    fake_prompts: FakePrompts,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import PySide6

    attach_by_keyboard(qtbot, panel, fake_prompts, [_source(tmp_path, "v.wav", tone())])
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.delattr(PySide6, "QtMultimedia", raising=False)
    panel.open_current()
    assert fake_prompts.kinds()[-1] == "warning"
    assert "cannot be played on this computer" in fake_prompts.texts()
    assert panel.viewers == []


def test_locking_closes_the_viewer(
    qtbot: Any,
    panel: AttachmentsPanel,
    controller: Controller,
    fake_prompts: FakePrompts,
    tmp_path: Path,
) -> None:
    attach_by_keyboard(qtbot, panel, fake_prompts, [_source(tmp_path, "a.jpg", jpeg())])
    shown = open_viewer_by_keyboard(qtbot, panel)
    controller.window.actions_[Act.LOCK].trigger()
    qtbot.waitUntil(lambda: not _alive(shown) or not shown.isVisible())
    assert panel.viewers == []


def _alive(widget: Any) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))


class _Sealed(io.BytesIO):
    """A sealed file's reader, whose chunks fail to authenticate from ``damaged_at`` on."""

    def __init__(self, data: bytes, damaged_at: int) -> None:
        super().__init__(data)
        self.damaged_at = damaged_at

    def read(self, size: int | None = -1) -> bytes:
        if self.tell() >= self.damaged_at:
            raise AttachmentDamaged("a chunk does not authenticate")
        return super().read(min(size or 0, self.damaged_at - self.tell()))


def test_the_device_ends_every_read_once_the_player_lets_go_or_the_file_fails() -> None:
    """What Qt's FFmpeg asks before each read is whether the device is at its end: once the
    player lets go, or a chunk fails, it is, so FFmpeg reads no further (a read of nothing
    would make it ask again for ever: the freeze on closing a player while it loaded)."""
    device = SealedDevice(_Sealed(b"x" * 1000, damaged_at=600), 1000)  # type: ignore[arg-type]
    device.open(QIODevice.OpenModeFlag.ReadOnly)
    assert bytes(device.read(500).data()) == b"x" * 500 and not device.atEnd()
    assert bytes(device.read(500).data()) == b"x" * 100  # up to the damaged chunk
    assert device.atEnd()  # there: the end, not an empty read to be asked again
    device.seek(0)
    assert device.atEnd()  # a damaged file stays so
    ended = SealedDevice(_Sealed(b"x" * 1000, damaged_at=1000), 1000)  # type: ignore[arg-type]
    ended.open(QIODevice.OpenModeFlag.ReadOnly)
    assert not ended.atEnd()
    ended.ended = True
    assert ended.atEnd() and bytes(ended.read(10).data()) == b""
    ended.close()
    device.close()


def test_the_player_lets_go_with_the_interpreter_released_where_it_plays() -> None:
    """Where recordings play, Qt's call that lets go of the device is found by its name, so
    it is made without holding Python's interpreter (the freeze otherwise: it waits for a
    reading thread that waits for the interpreter)."""
    if not AUDIO:
        return  # nothing is played here, so nothing is let go of
    assert released_set_source_device() is not None
