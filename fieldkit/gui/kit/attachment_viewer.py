"""An attachment shown or played inside the app, from the vault's bytes in memory.

Photos are decoded from the decrypted bytes (Qt's decoders, Pillow for HEIC) and shown with
zoom; recordings and videos play through Qt Multimedia from a :class:`SealedDevice`, a
``QIODevice`` over the vault's seekable decrypting reader. Nothing is handed to an outside
viewer, and nothing is written to a temporary file or a thumbnail cache.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QObject,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QImage, QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from fieldkit.core.errors import FieldkitError
from fieldkit.gui.kit.blur_mode import BlurMode
from fieldkit.gui.kit.playback import SealedDevice, let_go, quiet_ffmpeg
from fieldkit.media.faces import FACE_TYPES
from fieldkit.media.mediatypes import Kind, MediaType
from fieldkit.vault import attachments
from fieldkit.vault.attachments import Attachment
from fieldkit.vault.blobs import Reader
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

#: The largest photo decoded for viewing (bytes, and pixels as the decoders bound them).
MAX_PHOTO_BYTES = 256 * 1024 * 1024
MAX_PHOTO_PIXELS = 120_000_000
ZOOM_STEP = 1.25


class CannotShow(FieldkitError):
    """An attachment this computer cannot show or play inside the app."""


# --- photos ---------------------------------------------------------------------------------


def decode_photo(data: bytes) -> QImage:
    """The photo in ``data``, turned upright, with its size bounded before any pixel is
    decoded; :class:`CannotShow` if it cannot be decoded here."""
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and size.width() * size.height() > MAX_PHOTO_PIXELS:
        raise CannotShow(translate("AttachmentViewer", "This photo is too large to show."))
    image = reader.read()
    buffer.close()
    if image.isNull():
        image = _decode_with_pillow(data)
    return image


def _decode_with_pillow(data: bytes) -> QImage:
    """HEIC and what Qt's plugins do not read: Pillow decodes, Qt shows."""
    from PIL import Image, ImageOps

    from fieldkit.media import images  # registers HEIC with Pillow

    del images
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > MAX_PHOTO_PIXELS:
                raise CannotShow(translate("AttachmentViewer", "This photo is too large to show."))
            upright = ImageOps.exif_transpose(opened).convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise CannotShow(
            translate("AttachmentViewer", "This photo cannot be shown: it cannot be decoded.")
        ) from error
    raw = upright.tobytes("raw", "RGBA")
    image = QImage(raw, upright.width, upright.height, QImage.Format.Format_RGBA8888)
    return image.copy()  # owns its pixels once `raw` is gone


class PhotoViewer(QDialog):
    """A photo with zoom: Ctrl++ and Ctrl+- (or Ctrl+wheel), Ctrl+0 fits it to the window;
    given the vault and the attachment, a **Blur** mode (Alt+B) for what is sent of it."""

    #: The attachment changed in the vault (blurred, reviewed, looked at for faces).
    changed = Signal(object)

    def __init__(
        self,
        image: QImage,
        title: str,
        parent: QWidget | None = None,
        blur: tuple[Vault, Attachment] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._pixmap = QPixmap.fromImage(image)
        self._blur_target = blur
        self.blur_mode: BlurMode | None = None
        self.zoom = 1.0
        self.fitted = True
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setAccessibleName(translate("AttachmentViewer", "Photo"))
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.picture)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setWidgetResizable(False)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.zoom_label = QLabel()
        hint = QLabel(
            translate("AttachmentViewer", "Ctrl++ zoom in, Ctrl+- zoom out, Ctrl+0 fit, Esc close")
        )
        hint.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.zoom_label)
        self.blur_button = QPushButton(translate("AttachmentViewer", "&Blur…"))
        self.blur_button.setAccessibleName(
            translate("AttachmentViewer", "Blur faces and regions in what is sent")
        )
        self.blur_button.setAutoDefault(False)
        self.blur_button.setVisible(blur is not None)
        self.blur_button.clicked.connect(self.start_blur)
        row.addWidget(self.blur_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(row)
        self._layout = layout
        for keys, slot in (
            ((QKeySequence.StandardKey.ZoomIn, "Ctrl+="), self.zoom_in),
            ((QKeySequence.StandardKey.ZoomOut,), self.zoom_out),
            (("Ctrl+0",), self.fit),
        ):
            for key in keys:
                QShortcut(QKeySequence(key), self, slot)
        self.resize(900, 700)
        self.scroll.setFocus()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.fitted:
            self.fit()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.fitted:
            self.fit()

    def fit(self) -> None:
        """The whole photo in the window (never enlarged past its own size)."""
        view = self.scroll.viewport().size()
        width, height = max(self._pixmap.width(), 1), max(self._pixmap.height(), 1)
        self.fitted = True
        self._show(min(1.0, (view.width() - 2) / width, (view.height() - 2) / height))

    def zoom_in(self) -> None:
        self.fitted = False
        self._show(min(self.zoom * ZOOM_STEP, 8.0))

    def zoom_out(self) -> None:
        self.fitted = False
        self._show(max(self.zoom / ZOOM_STEP, 0.05))

    def wheelEvent(self, event: Any) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            (self.zoom_in if event.angleDelta().y() > 0 else self.zoom_out)()
            event.accept()
            return
        super().wheelEvent(event)

    def _show(self, zoom: float) -> None:
        self.zoom = max(zoom, 0.01)
        scaled = self._pixmap.scaled(
            max(1, round(self._pixmap.width() * self.zoom)),
            max(1, round(self._pixmap.height() * self.zoom)),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        if self.blur_mode is not None:
            scaled = self.blur_mode.compose(scaled, self.zoom)
        self.picture.setPixmap(scaled)
        self.picture.resize(scaled.size())
        self.zoom_label.setText(f"{round(self.zoom * 100)} %")

    # --- Blur mode --------------------------------------------------------------------------

    def start_blur(self) -> None:
        """Blur mode: the faces found outlined, regions drawn with the mouse, previewed."""
        if self._blur_target is None or self.blur_mode is not None:
            return
        mode = BlurMode(*self._blur_target, parent=self)
        self.blur_mode = mode
        self._layout.addWidget(mode)
        mode.show()
        mode.repaint.connect(lambda: self._show(self.zoom))
        mode.saved.connect(self.changed.emit)
        self.blur_button.setEnabled(False)
        self.picture.installEventFilter(self)
        self.scroll.installEventFilter(self)
        self.scroll.viewport().installEventFilter(self)  # smaller now: fitted again
        self.picture.setCursor(Qt.CursorShape.CrossCursor)
        self._show(self.zoom)
        self.scroll.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        mode = self.blur_mode
        if mode is None:
            return False
        kind = event.type()
        if watched is self.scroll.viewport() and kind == QEvent.Type.Resize and self.fitted:
            self.fit()
            return False
        if watched is self.picture and kind in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.MouseButtonRelease,
        ):
            at = event.position().toPoint()  # type: ignore[attr-defined]
            if kind == QEvent.Type.MouseButtonPress:
                mode.press(at)
            elif kind == QEvent.Type.MouseMove:
                mode.move(at)
            else:
                mode.release(at, self.zoom)
            return True
        if watched is self.scroll and kind == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                mode.blur_faces()
                return True
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                return mode.choose(-1 if key == Qt.Key.Key_Backtab else 1)
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                mode.remove_selected()
                return True
        return False


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
            image = decode_photo(data)
        finally:
            del data
        photo = attachment.media_type.mime in FACE_TYPES and editable
        target = (vault, attachment) if photo else None
        dialog = PhotoViewer(image, attachment.file_name, parent, target)
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
            image = decode_photo(reader.read())
        dialog = PhotoViewer(image, title, parent)
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
