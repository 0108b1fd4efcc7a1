"""Recorded sound encoded as it comes: PCM blocks in, Ogg Opus bytes out, all in memory.

libsndfile (through soundfile) encodes; its output goes to an in-memory sink that only ever
appends, so nothing is written anywhere and the bytes can be sealed as they come (the sealer
cannot seek back, and Ogg never asks it to: each page is written once, in order). Pages are
cut every quarter of a second, so what the encoder holds back is at most that much sound.

Opus is lossy; it was chosen over FLAC for a voice because FLAC written without seeking back
leaves its length unknown in the header (libsndfile then cannot read it back) and takes about
eight times the space (measured by benchmarks/recording.py: 3.9 against 0.46 MB a
minute of 48 kHz mono).
"""

from __future__ import annotations

import io
import math
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from fieldkit.media.limits import MediaRefused

# numpy and soundfile (which imports numpy) are imported where sound is handled, not with
# this module: the app imports it at start, and they added about 17 MB to the app's memory
# before its window opens (measured) for a session that may never record.

#: The sample rates Opus encodes (others would need resampling, not done here).
RATES = (8000, 12000, 16000, 24000, 48000)
MEDIA_TYPE = "audio/ogg"
SUFFIX = ".opus"
#: libsndfile's SFC_SET_OGG_PAGE_LATENCY_MS (sndfile.h): milliseconds of sound per Ogg page.
_SET_PAGE_LATENCY_MS = 0x1302
PAGE_MS = 250.0


class RecordingRefused(MediaRefused):
    """Sound in a form this version cannot record (a rate Opus lacks, more than two channels)."""


@dataclass(frozen=True)
class PcmFormat:
    """Signed 16-bit little-endian samples, interleaved by channel."""

    rate: int = 48000
    channels: int = 1

    def check(self) -> None:
        if self.rate not in RATES:
            raise RecordingRefused(
                f"sound at {self.rate} Hz cannot be recorded; choose 8, 12, 16, 24 or 48 kHz"
            )
        if self.channels not in (1, 2):
            raise RecordingRefused("only mono or stereo sound can be recorded")

    @property
    def frame_bytes(self) -> int:
        return 2 * self.channels

    def seconds(self, nbytes: int) -> float:
        return nbytes / (self.frame_bytes * self.rate)


def level(block: bytes | bytearray | memoryview) -> float:
    """The block's peak, 0 (silence) to 1 (full scale), for a level meter."""
    import numpy as np

    samples = np.frombuffer(block, dtype="<i2")
    if samples.size == 0:
        return 0.0
    return min(1.0, float(np.abs(samples.astype(np.int32)).max()) / 32767.0)


def tone(
    pcm: PcmFormat, seconds: float, *, block: float = 0.1, hz: float = 440.0
) -> Iterator[bytes]:
    """A generated sine tone in blocks of ``block`` seconds: the source with no microphone
    (tests, the benchmark, ``fieldkit record --tone``)."""
    import numpy as np

    per = max(1, int(pcm.rate * block))
    total = int(pcm.rate * seconds)
    for start in range(0, total, per):
        t = np.arange(start, min(start + per, total)) / pcm.rate
        wave = (np.sin(2 * math.pi * hz * t) * 12000).astype("<i2")
        yield np.repeat(wave, pcm.channels).tobytes()


def wav_blocks(stream: BinaryIO, *, block: float = 0.1) -> tuple[PcmFormat, Iterator[bytes]]:
    """A 16-bit PCM WAV's format and its samples in blocks (``fieldkit record --from-wav``):
    the same seam as a microphone. Anything else is refused in one line."""
    try:
        source = wave.open(stream, "rb")
    except (wave.Error, EOFError) as error:
        raise RecordingRefused(f"this is not a WAV of plain PCM ({error})") from None
    if source.getsampwidth() != 2:
        raise RecordingRefused("only 16-bit WAV can be recorded from")
    pcm = PcmFormat(source.getframerate(), source.getnchannels())
    pcm.check()
    per = max(1, int(pcm.rate * block))

    def blocks() -> Iterator[bytes]:
        with source:
            while data := source.readframes(per):
                yield data

    return pcm, blocks()


class _Sink(io.RawIOBase):
    """What libsndfile writes to: appended to memory, taken by :meth:`OpusEncoder.encode`.

    It never raises (an error inside libsndfile's callback would only be printed): a seek
    anywhere but the end is answered with the position unchanged, which libsndfile's Ogg
    writer never asks for.
    """

    def __init__(self) -> None:
        super().__init__()
        self.data = bytearray()
        self.written = 0

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self.data += data
        self.written += len(data)
        return len(data)

    def read(self, size: int = -1) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.written

    def tell(self) -> int:
        return self.written

    def take(self) -> bytes:
        out = bytes(self.data)
        self.data.clear()
        return out


class OpusEncoder:
    """PCM blocks to Ogg Opus: :meth:`encode` returns what the encoder wrote out for a block
    (often nothing: a page is cut every :data:`PAGE_MS`), :meth:`finish` the rest."""

    def __init__(self, pcm: PcmFormat) -> None:
        import soundfile
        from soundfile import _ffi, _snd

        pcm.check()
        self.pcm = pcm
        self._sink = _Sink()
        try:
            self._file = soundfile.SoundFile(
                self._sink, "w", samplerate=pcm.rate, channels=pcm.channels,
                format="OGG", subtype="OPUS",
            )  # fmt: skip
        except (soundfile.LibsndfileError, RuntimeError) as error:
            raise RecordingRefused(f"the Opus encoder cannot start ({error})") from None
        latency = _ffi.new("double*", PAGE_MS)
        _snd.sf_command(self._file._file, _SET_PAGE_LATENCY_MS, latency, _ffi.sizeof("double"))
        self._open = True

    def encode(self, block: bytes | bytearray | memoryview) -> bytes:
        if len(block) % self.pcm.frame_bytes:
            raise RecordingRefused("a block of sound ends inside a sample")
        if block:
            import numpy as np  # loaded with soundfile in __init__: a lookup here

            frames = np.frombuffer(block, dtype="<i2").reshape(-1, self.pcm.channels)
            self._file.write(frames)
        return self._sink.take()

    def finish(self) -> bytes:
        """The last pages (the stream's end); the encoder is closed."""
        if self._open:
            self._open = False
            self._file.close()
        return self._sink.take()

    def close(self) -> None:
        if self._open:
            self._open = False
            self._file.close()
        self._sink.take()
