"""An attachment shown or played inside the app, from the vault's bytes in memory.

Photos are decoded from the decrypted bytes and shown with zoom (``photo_viewer``);
recordings and videos play through Qt Multimedia from a :class:`SealedDevice`, a ``QIODevice``
over the vault's seekable decrypting reader (``playback``). Nothing is handed to an outside
viewer, and nothing is written to a temporary file or a thumbnail cache.

The kit's and HQ's attachments panels both keep their rows in :class:`Listed` and the
viewers they opened in :class:`OpenViewers`.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QIODevice,
    Qt,
    QUrl,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.kit.photo_viewer import MAX_PHOTO_BYTES, Photo, screen_size
from fieldkit.gui.kit.photo_viewer import CannotShow as CannotShow
from fieldkit.gui.kit.photo_viewer import PhotoViewer as PhotoViewer
from fieldkit.gui.kit.playback import SealedDevice, let_go, quiet_ffmpeg
from fieldkit.media.faces import FACE_TYPES
from fieldkit.media.mediatypes import Kind, MediaType
from fieldkit.vault import attachments
from fieldkit.vault.attachments import Attachment
from fieldkit.vault.blobs import Reader
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

T = TypeVar("T")

# --- recordings and videos ------------------------------------------------------------------


def multimedia() -> Any:
    """Qt Multimedia, or :class:`CannotShow` saying why it cannot play here."""
    try:
        from PySide6 import QtMultimedia, QtMultimediaWidgets
    except ImportError as error:
        raise CannotShow(
            translate(
                "AttachmentViewer",
                "Recordings and videos cannot be played on this computer: Qt Multimedia "
                "could not be loaded (a system library, such as PulseAudio's, is missing).",
            )
        ) from error
    return QtMultimedia, QtMultimediaWidgets


def _clock(ms: int) -> str:
    seconds = max(ms, 0) // 1000
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02}:{rest % 60:02}" if hours else f"{rest // 60}:{rest % 60:02}"


class Player(QDialog):
    """A recording or a video with play/pause and a position slider (the arrow keys step
    five seconds, Space plays or pauses)."""

    def __init__(
        self, device: SealedDevice, attachment: Attachment, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        qtm, widgets = multimedia()
        self.setWindowTitle(attachment.file_name)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.device = device
        self.player = qtm.QMediaPlayer(self)
        quiet_ffmpeg()  # after Qt set FFmpeg up with the first player, which sets the level
        self.audio = qtm.QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        layout = QVBoxLayout(self)
        self.video = None
        if attachment.media_type.mime.startswith("video/"):
            self.video = widgets.QVideoWidget()
            self.video.setMinimumSize(480, 270)
            self.player.setVideoOutput(self.video)
            layout.addWidget(self.video, 1)
        self.play_button = QPushButton(translate("AttachmentViewer", "Play"))
        self.play_button.setAccessibleName(translate("AttachmentViewer", "Play or pause"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName(translate("AttachmentViewer", "Position"))
        self.slider.setSingleStep(5000)
        self.slider.setPageStep(30000)
        self.time = QLabel(_clock(0))
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.play_button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.time)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.play_button.clicked.connect(self.toggle)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.toggle)
        self.slider.sliderMoved.connect(self.player.setPosition)
        self.slider.valueChanged.connect(self._slid)
        self.player.durationChanged.connect(self._duration)
        self.player.positionChanged.connect(self._position)
        self.player.playbackStateChanged.connect(self._state)
        self.player.errorOccurred.connect(self._error)
        device.open(QIODevice.OpenModeFlag.ReadOnly)
        # The name only hints the container to the decoder; no file of that name exists.
        self.player.setSourceDevice(device, QUrl(f"vault:{attachment.file_name}"))
        self.resize(640, 420 if self.video is not None else 120)
        self.slider.setFocus()

    def play_range(self, start_ms: int, end_ms: int) -> None:
        """Play from ``start_ms`` and pause at ``end_ms`` (a quote's stretch)."""
        self._range: tuple[int, int] | None = (start_ms, end_ms)
        loaded = self.player.MediaStatus.LoadedMedia

        def start(status: Any) -> None:
            if status == loaded:
                self.player.mediaStatusChanged.disconnect(start)
                self.player.setPosition(start_ms)
                self.player.play()

        if self.player.mediaStatus() == loaded:
            start(loaded)
        else:
            self.player.mediaStatusChanged.connect(start)

    def toggle(self) -> None:
        playing = self.player.playbackState() == self.player.PlaybackState.PlayingState
        (self.player.pause if playing else self.player.play)()

    def _slid(self, value: int) -> None:
        if abs(value - self.player.position()) > 1500:  # moved by keyboard, not by playing
            self.player.setPosition(value)

    def _duration(self, duration: int) -> None:
        self.slider.setRange(0, max(duration, 0))

    def _position(self, position: int) -> None:
        stretch = getattr(self, "_range", None)
        if stretch is not None and position >= stretch[1]:
            self._range = None  # the quote's stretch is over: stop there, once
            self.player.pause()
        self.slider.blockSignals(True)
        self.slider.setValue(position)
        self.slider.blockSignals(False)
        self.time.setText(f"{_clock(position)} / {_clock(self.player.duration())}")

    def _state(self, state: Any) -> None:
        playing = state == self.player.PlaybackState.PlayingState
        self.play_button.setText(
            translate("AttachmentViewer", "Pause")
            if playing
            else translate("AttachmentViewer", "Play")
        )

    def _error(self, *_args: object) -> None:
        self.status.setText(
            translate(
                "AttachmentViewer",
                "This file cannot be played here: its format is not one this computer's "
                "player reads. It is kept in the vault as it was attached.",
            )
        )

    def done(self, result: int) -> None:
        self.hide()  # at once: letting go of the device takes a moment while it loads
        let_go(self.player, self.device)
        super().done(result)


# --- opening --------------------------------------------------------------------------------


def viewable(attachment: Attachment) -> bool:
    mime = attachment.media_type.mime
    return mime.startswith(("image/", "audio/", "video/"))


def open_viewer(
    vault: Vault, attachment: Attachment, parent: QWidget | None, *, editable: bool = False
) -> QDialog:
    """The viewer or player of the attachment, shown; :class:`CannotShow` (or the vault's
    error) if it cannot be shown here. ``editable``: a photo's viewer offers Blur mode."""
    mime = attachment.media_type.mime
    dialog: QDialog
    if mime.startswith("image/"):
        if attachment.size > MAX_PHOTO_BYTES:
            raise CannotShow(translate("AttachmentViewer", "This photo is too large to show."))
        with attachments.open_original(vault, attachment) as reader:
            data = reader.read()
        try:
            shown = Photo(data, screen_size(parent))
        finally:
            del data
        photo = attachment.media_type.mime in FACE_TYPES and editable
        target = (vault, attachment) if photo else None
        dialog = PhotoViewer(shown, attachment.file_name, parent, target)
    elif mime.startswith(("audio/", "video/")):
        multimedia()  # says why it cannot play before the vault is read
        reader = attachments.open_original(vault, attachment)
        device = SealedDevice(reader, attachment.size)
        try:
            dialog = Player(device, attachment, parent)
        except BaseException:
            reader.close()
            raise
    else:
        raise CannotShow(
            translate(
                "AttachmentViewer",
                "Only photos, recordings and videos are shown inside the app in this version.",
            )
        )
    dialog.show()
    return dialog


def open_sealed(
    open_reader: Callable[[], Reader],
    media_type: MediaType,
    size: int,
    title: str,
    parent: QWidget | None,
) -> QDialog:
    """The same viewer or player over sealed bytes that are no kit :class:`Attachment` (the
    copies HQ holds): ``open_reader`` opens the seekable decrypting reader; ``title`` names
    the window (and hints the container to the player, as a file name would)."""
    shown: Any = SimpleNamespace(file_name=title, media_type=media_type, size=size)
    if not viewable(shown):
        raise CannotShow(
            translate(
                "AttachmentViewer",
                "Only photos, recordings and videos are shown inside the app in this version.",
            )
        )
    dialog: QDialog
    if media_type.kind is Kind.IMAGE:
        if size > MAX_PHOTO_BYTES:
            raise CannotShow(translate("AttachmentViewer", "This photo is too large to show."))
        with open_reader() as reader:
            photo = Photo(reader.read(), screen_size(parent))
        dialog = PhotoViewer(photo, title, parent)
    else:
        multimedia()  # says why it cannot play before the sealed file is opened
        device = SealedDevice(open_reader(), size)
        try:
            dialog = Player(device, shown, parent)
        except BaseException:
            device.close()
            raise
    dialog.show()
    return dialog


# --- what the kit's and HQ's attachments panels share ------------------------------------------


class Listed(Generic[T]):
    """A panel's attachments in the order of its rows, and the one chosen (a mixin beside
    the panel's widget class, which says which row is current)."""

    _items: list[T]

    def _current_row(self) -> int:
        """The current row of the panel's list, -1 when there is none."""
        raise NotImplementedError

    @property
    def items(self) -> list[T]:
        return list(self._items)

    @property
    def current(self) -> T | None:
        row = self._current_row()
        return self._items[row] if 0 <= row < len(self._items) else None


class OpenViewers(list[QDialog]):
    """The viewers (and players, and the recorder) a panel opened, kept referenced so that
    they stay open; one the person closed (deleted on close) is dropped when the next opens."""

    def alive(self) -> list[QDialog]:
        return [dialog for dialog in self if shiboken6.isValid(dialog)]

    def keep(self, dialog: QDialog) -> None:
        self[:] = [*self.alive(), dialog]

    def close_all(self) -> None:
        """Close every one still open (another interview shown, or the vault locked)."""
        for dialog in self:
            if shiboken6.isValid(dialog):
                dialog.close()
        self.clear()
