"""Hostile bytes behind a real format's signature: every failure is one fieldkit error (one
line for a person), never a library's traceback, and nothing is printed."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldkit import media
from fieldkit.core.errors import FieldkitError
from tests import media_samples

SEEDS = {
    "jpeg": media_samples.jpeg("x"),
    "png": media_samples.png("x"),
    "wav": media_samples.wav("x"),
    "mp3": media_samples.mp3_tags_only("x"),
    "flac": media_samples.flac("x"),
    "pdf": media_samples.pdf("x"),
    "docx": media_samples.docx("x"),
}


@pytest.mark.parametrize("name", sorted(SEEDS))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_damaged_files_fail_as_one_fieldkit_error(
    name: str, data: st.DataObject, capfd: pytest.CaptureFixture[str]
) -> None:
    seed = bytearray(SEEDS[name])
    # Cut it short, or flip bytes past the signature, or both.
    cut = data.draw(st.integers(min_value=12, max_value=len(seed)))
    flips = data.draw(st.lists(st.integers(min_value=12, max_value=len(seed) - 1), max_size=6))
    for index in flips:
        seed[index] ^= 0xFF
    hostile = bytes(seed[:cut])
    kind = media.sniff(hostile)
    for action in (
        lambda: media.read_metadata(kind, io.BytesIO(hostile)),
        lambda: media.strip(kind, io.BytesIO(hostile), io.BytesIO()),
    ):
        try:
            action()
        except FieldkitError as error:
            assert "\n" not in str(error)
    captured = capfd.readouterr()  # the file descriptors: a C library's writes too
    assert captured.out == "" and captured.err == ""
