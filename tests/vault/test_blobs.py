"""The sealed file format: whatever the write sizes, the reader gives back the bytes, at any
position, and memory stays at a chunk or two whatever the file's size."""

from __future__ import annotations

import io
import os
import tracemalloc
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldkit.vault import blobs


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=3 * blobs.CHUNK + 99),
    cuts=st.lists(st.integers(min_value=0, max_value=3 * blobs.CHUNK + 99), max_size=8),
    seeks=st.lists(st.integers(min_value=0, max_value=3 * blobs.CHUNK + 200), max_size=5),
)
def test_any_write_pattern_reads_back_at_any_position(
    tmp_path: Path, data: bytes, cuts: list[int], seeks: list[int]
) -> None:
    sealer = blobs.Sealer(tmp_path, 1 << 30, ValueError)
    last = 0
    for cut in sorted(c for c in cuts if c <= len(data)):
        sealer.write(data[last:cut])
        last = cut
    sealer.write(data[last:])
    sealed = sealer.finish()
    sealed.release()
    assert sealed.path.stat().st_size == blobs.sealed_size(len(data))
    with blobs.Reader(sealed.path, sealed.key, len(data)) as reader:
        assert reader.read() == data
        for position in seeks:
            reader.seek(position)
            assert reader.read(1000) == data[position : position + 1000]
    sealed.path.unlink()


def test_sealing_and_reading_a_large_stream_uses_bounded_memory(tmp_path: Path) -> None:
    size = 64 * 1024 * 1024

    class Source(io.RawIOBase):
        """64 MiB made on the fly, so that only what fieldkit holds is measured."""

        left = size

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
            n = min(len(buffer), self.left)
            buffer[:n] = os.urandom(n)
            self.left -= n
            return n

    tracemalloc.start()
    try:
        sealed = blobs.write(tmp_path, io.BufferedReader(Source()), size, too_large=ValueError)
        sealed.release()
        with blobs.Reader(sealed.path, sealed.key, size) as reader:
            while reader.read(1024 * 1024):
                pass
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, peak


def test_more_than_the_limit_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    import pytest

    class TooBig(Exception):
        pass

    with pytest.raises(TooBig):
        blobs.write(tmp_path, io.BytesIO(b"x" * 1000), 999, too_large=TooBig)
    assert list(blobs.folder_of(tmp_path).iterdir()) == []
