"""The photo viewer's Blur mode: the faces found shown as boxes, regions to blur added (Enter
or "Blur faces" for the faces, the mouse for any other), chosen with Tab and removed with
Delete, previewed as they will be sent, and saved as the copy that is sent.

Thin: what is saved is made by :func:`fieldkit.vault.faces.blur`, the function the command
line's ``attachment-blur`` calls, off the GUI thread.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from fieldkit.gui.base.common import button_row, stacked
from fieldkit.gui.base.errors import report
from fieldkit.gui.base.work import Op
from fieldkit.media.faces import BLOCKS, MAX_REGIONS, Box, uncovered
from fieldkit.vault import faces
from fieldkit.vault.attachments import Attachment
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

#: A drawn rectangle smaller than this (screen pixels) is a click, not a region.
MIN_DRAWN = 6


class BlurMode(QWidget):
    """The buttons and state of Blur mode; the viewer paints what :meth:`compose` gives and
    hands it the mouse and the keys of the picture."""

    #: The picture must be painted again (a region added, removed or chosen).
    repaint = Signal()
    #: The attachment changed in the vault (blurred, reviewed, looked at for faces).
    saved = Signal(object)

    def __init__(self, vault: Vault, attachment: Attachment, parent: QWidget | None = None):
        super().__init__(parent)
        self.vault = vault
        self.attachment = attachment
        self.regions: list[Box] = list(attachment.blurred)
        self.selected: int | None = None
        self.busy = False
        self._drag: tuple[QPoint, QPoint] | None = None
        self.faces_button = QPushButton(translate("BlurMode", "Blur &faces"))
        self.faces_button.setAccessibleName(translate("BlurMode", "Blur the faces found"))
        self.remove_button = QPushButton(translate("BlurMode", "&Remove region"))
        self.save_button = QPushButton(translate("BlurMode", "&Save blurred copy"))
        self.save_button.setAccessibleName(
            translate("BlurMode", "Save the blurred copy: it is what is sent")
        )
        self.reviewed_button = QPushButton(translate("BlurMode", "Faces re&viewed"))
        self.reviewed_button.setToolTip(
            translate(
                "BlurMode",
                "You looked at the photo and its faces may go as they are: the export stops "
                "holding this interview back for them.",
            )
        )
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(translate("BlurMode", "Faces and regions"))
        hint = QLabel(
            translate(
                "BlurMode",
                "Drag over the photo to blur a region; Tab chooses a region, Delete removes it. "
                "Detection misses faces: look at the whole photo.",
            )
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        row = button_row(
            self.faces_button, self.remove_button, self.save_button, right=(self.reviewed_button,)
        )
        stacked(self, self.status, hint, row, margin=0)
        self.faces_button.clicked.connect(self.blur_faces)
        self.remove_button.clicked.connect(self.remove_selected)
        self.save_button.clicked.connect(self.save)
        self.reviewed_button.clicked.connect(self.mark_reviewed)
        self.saved_regions = list(self.regions)
        self._update()
        if attachment.faces is None:
            self._work(
                lambda: faces.find_faces(vault, attachment),
                translate("BlurMode", "Looking for faces…"),
                self._looked,
            )

    # --- what is shown ----------------------------------------------------------------------

    @property
    def found(self) -> tuple[Box, ...]:
        return self.attachment.faces or ()

    def _update(self) -> None:
        found = self.attachment.faces
        if self.busy:
            text = self.status.text()
        elif found is None:
            text = translate("BlurMode", "This photo was not looked at for faces.")
        else:
            text = translate(
                "BlurMode", "Faces found: {found}. Regions to blur: {regions}."
            ).format(found=len(found), regions=len(self.regions))
            if self.regions != self.saved_regions:
                text += " " + translate("BlurMode", "Not saved yet.")
            elif self.attachment.faces_reviewed_at:
                text += " " + translate("BlurMode", "Reviewed by a person.")
        self.status.setText(text)
        idle = not self.busy
        self.faces_button.setEnabled(idle and uncovered(self.found, self.regions) > 0)
        self.remove_button.setEnabled(idle and self.selected is not None)
        self.save_button.setEnabled(idle and self.regions != self.saved_regions)
        self.reviewed_button.setEnabled(idle and self.attachment.faces_reviewed_at is None)
        self.repaint.emit()

    def compose(self, scaled: QPixmap, zoom: float) -> QPixmap:
        """The shown picture with the regions pixelated as they will be sent, the faces
        found outlined (dashed), the regions outlined, and the chosen one thicker."""
        shown = scaled.copy()
        painter = QPainter(shown)
        for region in self.regions:
            rect = _on_screen(region, zoom).intersected(shown.rect())
            if rect.width() > 0 and rect.height() > 0:
                painter.drawPixmap(rect, _pixelated(shown.copy(rect), region, zoom))
        dashed = QPen(QColor(255, 210, 0), 2, Qt.PenStyle.DashLine)
        painter.setPen(dashed)
        for face in self.found:
            painter.drawRect(_on_screen(face, zoom))
        for n, region in enumerate(self.regions):
            painter.setPen(QPen(QColor(230, 40, 40), 4 if n == self.selected else 2))
            painter.drawRect(_on_screen(region, zoom))
        if self._drag is not None:
            painter.setPen(QPen(QColor(230, 40, 40), 1, Qt.PenStyle.DashLine))
            painter.drawRect(QRect(*self._drag).normalized())
        painter.end()
        return shown

    # --- changing the regions ---------------------------------------------------------------

    def blur_faces(self) -> None:
        """Add a region over every face found that no region covers yet."""
        if self.busy or self.attachment.faces is None:
            return
        self._set(faces.regions_with_faces(self.attachment, self.regions))

    def remove_selected(self) -> None:
        if self.busy or self.selected is None:
            return
        del self.regions[self.selected]
        self.selected = min(self.selected, len(self.regions) - 1) if self.regions else None
        self._update()

    def choose(self, step: int) -> bool:
        """Choose the next (or previous) region; False past the last (focus moves on)."""
        if not self.regions:
            return False
        at = (-1 if self.selected is None else self.selected) + step
        if self.selected is not None and not 0 <= at < len(self.regions):
            self.selected = None
            self._update()
            return False
        self.selected = at % len(self.regions)
        self._update()
        return True

    def _set(self, regions: list[Box]) -> None:
        self.regions = list(dict.fromkeys(regions))[:MAX_REGIONS]
        self.selected = len(self.regions) - 1 if self.regions else None
        self._update()

    def press(self, at: QPoint) -> None:
        if not self.busy:
            self._drag = (at, at)

    def move(self, at: QPoint) -> None:
        if self._drag is not None:
            self._drag = (self._drag[0], at)
            self.repaint.emit()

    def release(self, at: QPoint, zoom: float) -> None:
        if self._drag is None:
            return
        rect = QRect(self._drag[0], at).normalized()
        self._drag = None
        if rect.width() < MIN_DRAWN or rect.height() < MIN_DRAWN:
            self._choose_at(rect.center(), zoom)
            return
        self._set([*self.regions, _in_photo(rect, zoom)])

    def _choose_at(self, at: QPoint, zoom: float) -> None:
        """A click chooses the smallest region under it."""
        x, y = at.x() / zoom, at.y() / zoom
        under = [
            n for n, r in enumerate(self.regions) if r.x <= x < r.x + r.w and r.y <= y < r.y + r.h
        ]
        self.selected = min(under, key=lambda n: self.regions[n].area) if under else None
        self._update()

    # --- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        """Make the blurred copy (the regions as they are now) off the GUI thread."""
        if self.busy or self.regions == self.saved_regions:
            return
        vault, attachment, regions = self.vault, self.attachment, list(self.regions)
        self._work(
            lambda: faces.blur(vault, attachment, regions),
            translate("BlurMode", "Blurring… (the copy is made from the original)"),
            self._blurred,
        )

    def mark_reviewed(self) -> None:
        if self.busy or self.attachment.faces_reviewed_at is not None:
            return
        vault, attachment = self.vault, self.attachment
        self._work(
            lambda: faces.mark_faces_reviewed(vault, attachment),
            translate("BlurMode", "Saving…"),
            self._changed,
        )

    def _work(
        self, fn: Callable[[], Attachment], doing: str, then: Callable[[Attachment], None]
    ) -> None:
        self.busy = True
        self.status.setText(doing)
        self.setCursor(Qt.CursorShape.BusyCursor)
        self._update()
        Op(fn, self).success(lambda done: self._done(done, then)).failure(self._failed).run()

    def _done(self, changed: Attachment, then: Callable[[Attachment], None]) -> None:
        self.busy = False
        self.unsetCursor()
        then(changed)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.unsetCursor()
        self._update()
        report(self, error, translate("BlurMode", "Not blurred"))

    def _looked(self, changed: Attachment) -> None:
        self.attachment = changed
        self._update()
        self.saved.emit(changed)

    def _blurred(self, changed: Attachment) -> None:
        self.attachment = changed
        self.regions = list(changed.blurred)
        self.saved_regions = list(self.regions)
        self.selected = None
        self._update()
        self.status.setText(
            self.status.text()
            + " "
            + translate("BlurMode", "Saved: regions blurred in what is sent: {n}.").format(
                n=len(self.regions)
            )
        )
        self.saved.emit(changed)

    def _changed(self, changed: Attachment) -> None:
        self.attachment = changed
        self._update()
        self.saved.emit(changed)


def _on_screen(box: Box, zoom: float) -> QRect:
    return QRect(round(box.x * zoom), round(box.y * zoom), round(box.w * zoom), round(box.h * zoom))


def _in_photo(rect: QRect, zoom: float) -> Box:
    return Box(
        max(0, math.floor(rect.x() / zoom)),
        max(0, math.floor(rect.y() / zoom)),
        max(1, math.ceil(rect.width() / zoom)),
        max(1, math.ceil(rect.height() / zoom)),
    )


def _pixelated(part: QPixmap, region: Box, zoom: float) -> QPixmap:
    """The preview of a blurred region: averaged down to the blocks the saved copy uses
    (:data:`fieldkit.media.faces.BLOCKS` across its shorter side) and smoothed back up."""
    block = max(4, math.ceil(min(region.w, region.h) / BLOCKS)) * zoom
    small = part.scaled(
        max(1, math.ceil(part.width() / block)),
        max(1, math.ceil(part.height() / block)),
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    return small.scaled(
        part.size(),
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
