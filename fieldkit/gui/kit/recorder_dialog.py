"""The recorder: sound from a microphone straight into the vault, as an attachment.

Thin: capture is Qt Multimedia's (:class:`QAudioSource`, push mode, in the GUI thread: the
encoding costs about 1 % of a core, see benchmarks/recording.py); everything else is
:class:`fieldkit.vault.recording.Recording`, the same the command line and the tests feed. The
seam is :func:`input_devices` and :func:`open_source`: a source is a QObject whose ``block``
signal carries signed 16-bit PCM, the microphone's or (in the tests) a generated tone's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from fieldkit.core.errors import FieldkitError
from fieldkit.gui.base import prompts
from fieldkit.gui.base.common import button_row, stacked
from fieldkit.gui.base.errors import report
from fieldkit.media.opus import PcmFormat, tone
from fieldkit.vault.attachments import Attachment
from fieldkit.vault.recording import Recording
from fieldkit.vault.store import Vault

translate = QCoreApplication.translate

#: What the app records: 48 kHz mono, Opus's own rate (PulseAudio resamples a device to it).
PCM = PcmFormat(48000, 1)


class Source(QObject):
    """Sound as it comes: ``block`` carries PCM; ``failed`` a sentence."""

    block = Signal(bytes)
    failed = Signal(str)

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class MicrophoneSource(Source):
    """A Qt Multimedia input device, read in push mode as its buffer fills."""

    def __init__(self, device: Any, pcm: PcmFormat, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QAudioFormat, QAudioSource

        wanted = QAudioFormat()
        wanted.setSampleRate(pcm.rate)
        wanted.setChannelCount(pcm.channels)
        wanted.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(wanted):
            raise FieldkitError(
                translate(
                    "Recorder", "This input cannot record at 48 kHz in 16 bits; choose another."
                )
            )
        self._audio = QAudioSource(device, wanted, self)
        self._audio.setBufferSize(pcm.rate * pcm.frame_bytes)  # a second: a slow save waits
        self._device: Any = None

    def start(self) -> None:
        self._device = self._audio.start()
        if self._device is None:
            self.failed.emit(translate("Recorder", "The input could not be opened."))
            return
        self._device.readyRead.connect(self._read)

    def _read(self) -> None:
        if self._device is not None:
            data = bytes(self._device.readAll().data())
            if data:
                self.block.emit(data)

    def stop(self) -> None:
        self._read()
        self._audio.stop()
        self._device = None


class ToneSource(Source):
    """A generated tone, a tenth of a second every tenth of a second: the microphone's stand-in
    where there is none (the tests)."""

    def __init__(self, pcm: PcmFormat, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._blocks = tone(pcm, 24 * 3600.0, block=0.1)
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(lambda: self.block.emit(next(self._blocks)))

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


def input_devices() -> list[tuple[str, Any]]:
    """The computer's inputs (name, device), the default first; none where Qt Multimedia
    cannot load or there is no microphone."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return []
    default = QMediaDevices.defaultAudioInput()
    devices = sorted(QMediaDevices.audioInputs(), key=lambda d: d.id() != default.id())
    return [(d.description(), d) for d in devices]


def open_source(device: Any, pcm: PcmFormat, parent: QObject | None = None) -> Source:
    return MicrophoneSource(device, pcm, parent)


def _clock(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02}:{rest % 60:02}" if hours else f"{rest // 60}:{rest % 60:02}"


class RecorderDialog(QDialog):
    """Input, Start, Pause/Resume, Stop and save; the level and the time recorded."""

    saved = Signal(object)  # the Attachment

    def __init__(
        self,
        vault: Vault,
        interview_id: str,
        devices: list[tuple[str, Any]],
        parent: QWidget | None = None,
        source: Callable[[Any, PcmFormat, QObject], Source] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Recorder", "Record"))
        self._vault = vault
        self._interview = interview_id
        self._open_source = source or open_source
        self._recording: Recording | None = None
        self._source: Source | None = None

        self.device = QComboBox()
        for name, device in devices:
            self.device.addItem(name, device)
        self.device.setAccessibleName(translate("Recorder", "Input device"))
        device_label = QLabel(translate("Recorder", "&Input:"))
        device_label.setBuddy(self.device)
        self.level = QProgressBar()
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.level.setAccessibleName(translate("Recorder", "Input level"))
        self.elapsed = QLabel(_clock(0))
        self.elapsed.setAccessibleName(translate("Recorder", "Time recorded"))
        self.status = QLabel(translate("Recorder", "Ready. The sound goes sealed into the vault."))
        self.status.setWordWrap(True)

        self.start_button = QPushButton(translate("Recorder", "&Start"))
        self.pause_button = QPushButton(translate("Recorder", "&Pause"))
        self.stop_button = QPushButton(translate("Recorder", "S&top and save"))
        self.close_button = QPushButton(translate("Recorder", "Close"))

        form = QFormLayout()
        form.addRow(device_label, self.device)
        form.addRow(translate("Recorder", "Level:"), self.level)
        form.addRow(translate("Recorder", "Recorded:"), self.elapsed)
        buttons = button_row(
            self.start_button, self.pause_button, self.stop_button, right=(self.close_button,)
        )
        self.start_button.setDefault(True)
        stacked(self, form, self.status, buttons)

        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.stop)
        self.close_button.clicked.connect(self.ask_to_close)
        self._show_state()
        self.start_button.setFocus()

    @property
    def recording(self) -> bool:
        return self._recording is not None

    @property
    def seconds(self) -> float:
        """The sound recorded so far (0 when not recording)."""
        return self._recording.seconds if self._recording is not None else 0.0

    def _show_state(self) -> None:
        busy = self._recording is not None
        self.start_button.setEnabled(not busy)
        self.device.setEnabled(not busy)
        self.pause_button.setEnabled(busy)
        self.stop_button.setEnabled(busy)
        paused = busy and self._recording is not None and self._recording.paused
        self.pause_button.setText(
            translate("Recorder", "&Resume") if paused else translate("Recorder", "&Pause")
        )

    def start(self) -> None:
        if self._recording is not None:
            return
        try:
            source = self._open_source(self.device.currentData(), PCM, self)
            self._recording = Recording(self._vault, self._interview, PCM)
        except FieldkitError as error:
            report(self, error, translate("Recorder", "Cannot record"))
            return
        self._source = source
        source.block.connect(self._heard)
        source.failed.connect(self._source_failed)
        source.start()
        self.status.setText(translate("Recorder", "Recording…"))
        self._show_state()
        self.pause_button.setFocus()

    def _heard(self, block: bytes) -> None:
        recording = self._recording
        if recording is None:
            return
        try:
            peak = recording.write(block)
        except FieldkitError as error:
            self._end_source()
            self._recording = None
            if not recording.stopped:  # at its longest: what it holds is saved
                with contextlib.suppress(FieldkitError):
                    recording.finish()
            self._show_state()
            self.status.setText(translate("Recorder", "Stopped."))
            self._saved_after_error()
            report(self, error, translate("Recorder", "Recording stopped"))
            return
        self.level.setValue(round(peak * 100))
        self.elapsed.setText(_clock(recording.seconds))

    def _saved_after_error(self) -> None:
        """A full disk stopped it: what was kept may be an attachment already."""
        self.saved.emit(None)

    def _source_failed(self, text: str) -> None:
        self.stop()
        prompts.warning(self, translate("Recorder", "Recording stopped"), text)

    def toggle_pause(self) -> None:
        recording = self._recording
        if recording is None:
            return
        if recording.paused:
            recording.resume()
            self.status.setText(translate("Recorder", "Recording…"))
        else:
            recording.pause()  # the meter goes on showing the input: the microphone works
            self.status.setText(translate("Recorder", "Paused: nothing is recorded."))
        self._show_state()

    def _end_source(self) -> None:
        if self._source is not None:
            self._source.stop()
            self._source.block.disconnect(self._heard)
            self._source = None

    def stop(self) -> Attachment | None:
        """Stop and save: the recording becomes an attachment (and the dialog closes)."""
        recording = self._recording
        if recording is None:
            return None
        self._end_source()
        self._recording = None
        try:
            attachment = recording.finish()
        except FieldkitError as error:
            self._show_state()
            self.saved.emit(None)
            report(self, error, translate("Recorder", "Not saved"))
            return None
        self.saved.emit(attachment)
        self.accept()
        return attachment

    def keep(self) -> None:
        """The app locks or the interview changes: save what was recorded, without asking."""
        self.stop()

    def ask_to_close(self) -> None:
        """Close, Esc or the window's close box: while recording, asked first."""
        if self._recording is not None and not prompts.confirm(
            self,
            translate("Recorder", "Stop recording?"),
            translate("Recorder", "Stop recording and save what was recorded as an attachment?"),
        ):
            return
        self.reject()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.ask_to_close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: Any) -> None:
        if event.spontaneous() and self._recording is not None:  # the window's close box
            event.ignore()
            QTimer.singleShot(0, self.ask_to_close)
            return
        self.keep()
        super().closeEvent(event)

    def reject(self) -> None:
        """Closed by the app (a lock sweeps its dialogs) or after asking: what was recorded
        is saved."""
        self.keep()
        if self.isVisible():
            super().reject()
