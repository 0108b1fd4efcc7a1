"""A photo shown inside the app from the vault's bytes in memory, with zoom and (on the kit)
Blur mode.

The photo is decoded by Qt's decoders (Pillow for HEIC and what Qt lacks), turned upright, with
its size bounded before any pixel is decoded. A JPEG larger than the screen is decoded straight
at a half, a quarter or an eighth of its size (libjpeg scales as it decodes, at a fraction of
the cost), whichever still fills the screen; its full size is decoded once zooming asks for
more than that. Nothing is written to a temporary file or a thumbnail cache.
"""

from __future__ import annotations

import io
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QObject,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QImageIOHandler,
    QImageReader,
    QKeySequence,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldkit.core.errors import FieldkitError
from fieldkit.gui.kit.blur_mode import BlurMode
from fieldkit.vault.attachments import Attachment
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

#: The largest photo decoded for viewing (bytes, and pixels as the decoders bound them).
MAX_PHOTO_BYTES = 256 * 1024 * 1024
MAX_PHOTO_PIXELS = 120_000_000
ZOOM_STEP = 1.25
#: The most a photo is reduced as it is decoded (libjpeg's smallest scale).
MOST_REDUCED = 8


class CannotShow(FieldkitError):
    """An attachment this computer cannot show or play inside the app."""


def screen_size(widget: QWidget | None) -> QSize:
    """The device pixels of the screen ``widget`` is on (the primary screen without one)."""
    screen = widget.screen() if widget is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1920, 1080)
    size = screen.availableSize() * screen.devicePixelRatio()
    return QSize(max(size.width(), 1), max(size.height(), 1))


class Photo:
    """A photo to show: :attr:`image` (its pixels upright, reduced where the screen needs no
    more), :attr:`size` (its whole upright size), and :meth:`full` for every pixel.
    :class:`CannotShow` if it is too large or cannot be decoded here."""

    def __init__(self, data: bytes, screen: QSize | None = None) -> None:
        self._data = data
        array, buffer, reader = _reader(data)
        stored = reader.size()
        if stored.isValid() and stored.width() * stored.height() > MAX_PHOTO_PIXELS:
            raise CannotShow(translate("AttachmentViewer", "This photo is too large to show."))
        factor = 1
        if stored.isValid() and screen is not None and _scales(reader):
            turned = bool(
                reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90
            )
            width, height = (stored.height(), stored.width()) if turned else stored.toTuple()
            needed = min(1.0, screen.width() / width, screen.height() / height)
            while factor < MOST_REDUCED and 1 / (factor * 2) >= needed:
                factor *= 2
            if factor > 1:
                reader.setScaledSize(QSize(stored.width() // factor, stored.height() // factor))
        image = reader.read()
        buffer.close()
        del array
        if image.isNull():
            image, factor = _decode_with_pillow(data), 1
        self.image = image
        self.size = QSize(width, height) if factor > 1 else image.size()
        if factor == 1:
            self._data = b""  # nothing more to decode: the bytes are let go

    @property
    def reduced(self) -> bool:
        return self.image.width() < self.size.width()

    def full(self) -> QImage:
        """Every pixel of the photo (decoded now the first time it is asked for)."""
        if self.reduced:
            array, buffer, reader = _reader(self._data)
            image = reader.read()
            buffer.close()
            del array
            if not image.isNull():
                self.image = image
            self._data = b""
        return self.image


def _reader(data: bytes) -> tuple[QByteArray, QBuffer, QImageReader]:
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    return array, buffer, reader


def _scales(reader: QImageReader) -> bool:
    """Whether the decoder itself reduces as it decodes (Qt's JPEG plugin does)."""
    return bytes(reader.format().data()) == b"jpeg" and reader.supportsOption(
        QImageIOHandler.ImageOption.ScaledSize
    )


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
        photo: Photo,
        title: str,
        parent: QWidget | None = None,
        blur: tuple[Vault, Attachment] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._photo = photo
        self._pixmap = QPixmap.fromImage(photo.image)
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
        width, height = max(self._photo.size.width(), 1), max(self._photo.size.height(), 1)
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
        width = max(1, round(self._photo.size.width() * self.zoom))
        height = max(1, round(self._photo.size.height() * self.zoom))
        if width > self._pixmap.width() and self._photo.reduced:
            self._pixmap = QPixmap.fromImage(self._photo.full())  # zoomed past what was decoded
        scaled = self._pixmap.scaled(
            width,
            height,
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
