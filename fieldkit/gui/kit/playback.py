"""What Qt Multimedia plays a sealed attachment from, and how a player lets go of it.

Qt's FFmpeg backend reads the :class:`SealedDevice` on threads of its own (the loading, then
the demuxer), and each call it makes into the device, a Python subclass, needs the
interpreter. Two things follow, and :func:`let_go` does both:

* Once the player lets go, the device says it is at its end (``atEnd``) and every read ends
  at once. A read of nothing would not do: FFmpeg asks again at once after one, so a loading
  cut short that way never ends.
* Taking the source from the player waits for those threads; called from Python as PySide
  calls it, the main thread waits holding the interpreter that a thread in the middle of a
  read is waiting for, and the app freezes (closing a recording before it had loaded did).
  So that call is made with the interpreter released: the thread finishes its read, sees the
  end, and the call returns.
"""

from __future__ import annotations

import ctypes
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QIODevice, QUrl

from fieldkit.core.errors import FieldkitError
from fieldkit.vault.blobs import Reader

#: ``void QMediaPlayer::setSourceDevice(QIODevice *, const QUrl &)`` as each compiler names it
#: (Itanium: Linux and macOS; MSVC: Windows), and where PySide's Qt has it.
SET_SOURCE_DEVICE = {
    "itanium": "_ZN12QMediaPlayer15setSourceDeviceEP9QIODeviceRK4QUrl",
    "msvc": "?setSourceDevice@QMediaPlayer@@QEAAXPEAVQIODevice@@AEBVQUrl@@@Z",
}
#: Without that call (another Qt's name for it), how long letting go waits for a loading to
#: end before it takes the source away as PySide calls it.
LOADING_WAIT_S = 2.0


class SealedDevice(QIODevice):
    """A read-only, seekable ``QIODevice`` over a sealed attachment (one chunk decrypted at a
    time): what Qt Multimedia plays from, so no plaintext file is ever needed."""

    def __init__(self, reader: Reader, size: int, parent: Any = None) -> None:
        super().__init__(parent)
        self._reader = reader
        self._size = size
        self.ended = False  # set before the player lets go: at its end from then on
        self.failed = False  # the sealed file could not be read on: at its end too

    def isSequential(self) -> bool:
        return False

    def size(self) -> int:
        return self._size

    def atEnd(self) -> bool:
        # What Qt's FFmpeg reader asks before each read: at the end, it reads no further.
        return self.ended or self.failed or super().atEnd()

    def seek(self, pos: int) -> bool:
        if not 0 <= pos <= self._size:
            return False
        super().seek(pos)
        self._reader.seek(pos)
        return True

    def readData(self, maxlen: int) -> bytes:  # type: ignore[override]
        if self.ended or self.failed:
            return b""
        try:
            self._reader.seek(self.pos())
            return self._reader.read(max(0, maxlen)) or b""
        except (FieldkitError, OSError, ValueError):
            self.failed = True  # the player reads the end, then says it cannot go on
            return b""

    def writeData(self, data: bytes) -> int:  # type: ignore[override]
        return -1

    def close(self) -> None:
        super().close()
        self._reader.close()


def let_go(player: Any, device: SealedDevice) -> None:
    """Take ``device`` from ``player`` (which stops it) and close it, without a freeze: every
    read ends at once, and the player waits for its threads with the interpreter released."""
    device.ended = True
    detach = released_set_source_device()
    if not shiboken6.isValid(player):
        pass  # already deleted, and its threads with it
    elif detach is not None:
        nowhere = QUrl()
        detach(shiboken6.getCppPointer(player)[0], None, shiboken6.getCppPointer(nowhere)[0])
    else:  # another Qt, named otherwise: its loading let end first, as far as it can be
        _wait_for_loading(player)
        player.setSourceDevice(None)
    device.close()


@functools.cache
def released_set_source_device() -> Callable[..., None] | None:
    """``QMediaPlayer::setSourceDevice`` called through ctypes, which releases the
    interpreter for the call (PySide holds it); None where it is not found by that name."""
    from PySide6 import QtMultimedia

    if sys.platform == "win32":
        library, name = "Qt6Multimedia", SET_SOURCE_DEVICE["msvc"]
    else:  # PySide's module: the symbol is looked up in it and in the Qt it links
        library, name = QtMultimedia.__file__, SET_SOURCE_DEVICE["itanium"]
    try:
        function = getattr(ctypes.CDLL(library), name)
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)
    function.restype = None
    return function  # type: ignore[no-any-return]


def _wait_for_loading(player: Any) -> None:
    """Until the player's loading has ended (each read now ends it), the interpreter free
    between events; bounded."""
    loading = player.MediaStatus.LoadingMedia
    until = time.monotonic() + LOADING_WAIT_S
    while player.mediaStatus() == loading and time.monotonic() < until:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def quiet_ffmpeg() -> None:
    """FFmpeg prints a file's tags (titles, artists: what a recording may name) to stderr
    when it opens one; Qt's own copy of FFmpeg is told to print nothing."""
    import PySide6

    for library in sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libavutil.so*")):
        try:
            ctypes.CDLL(str(library)).av_log_set_level(-8)  # AV_LOG_QUIET
        except (OSError, AttributeError):
            continue
        return
