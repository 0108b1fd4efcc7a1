"""The attachment commands as a person runs them: one line for every refusal, names shown
safely, and honest words about removing the original."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit.vault import blobs
from tests import media_samples
from tests.helpers import cli_interview, run_cli


@pytest.fixture
def interview(closed_vault: Path) -> str:
    return cli_interview(closed_vault)


def _cli(vault: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_cli(args[0], "--vault", str(vault), *args[1:])


def test_attach_list_save_and_detach(closed_vault: Path, interview: str, tmp_path: Path) -> None:
    photo = tmp_path / "injury.jpg"
    photo.write_bytes(media_samples.jpeg("checkpoint"))
    added = _cli(closed_vault, "attach", interview[:8], str(photo))
    assert added.returncode == 0, added.stderr
    assert "GPS position 43.2567 N, 76.9286 E" in added.stdout
    assert "a copy without its metadata" in added.stdout
    assert "wear levelling" in added.stdout and "full-disk encryption" in added.stdout
    assert photo.exists()

    listed = _cli(closed_vault, "attachments", interview[:8], "--json")
    (item,) = json.loads(listed.stdout)
    assert item["name"] == "injury.jpg" and item["media_type"] == "image/jpeg"
    assert item["send"] == "stripped" and item["held_at_export"] is False
    assert {"kind": "serial", "text": f"Camera serial number: {media_samples.SERIAL}"} in item[
        "metadata"
    ]["items"]

    shown = _cli(closed_vault, "show", interview[:8])
    assert f"Attachments: 1 ('fieldkit attachments {interview[:8]}')" in shown.stdout

    out = tmp_path / "copy.jpg"
    saved = _cli(closed_vault, "attachment-save", interview[:8], "1", "--out", str(out))
    assert saved.returncode == 0, saved.stderr
    assert out.read_bytes() == photo.read_bytes()
    assert saved.stderr.startswith("warning: that file is outside the vault, unencrypted")

    gone = _cli(closed_vault, "detach", interview[:8], "1")
    assert gone.returncode == 0, gone.stderr
    assert json.loads(_cli(closed_vault, "attachments", interview[:8], "--json").stdout) == []
    assert list(blobs.folder_of(closed_vault).iterdir()) == []


def test_remove_original_overwrites_and_says_what_it_cannot_do(
    closed_vault: Path, interview: str, tmp_path: Path
) -> None:
    recording = tmp_path / "voice.wav"
    recording.write_bytes(media_samples.wav("Interview 12"))
    result = _cli(closed_vault, "attach", interview[:8], str(recording), "--remove-original")
    assert result.returncode == 0, result.stderr
    assert not recording.exists()
    assert f"overwrote and removed {recording}" in result.stdout
    assert "wear levelling can keep the old blocks readable" in result.stdout


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.mkdir(), "it is a folder, not a file"),
        (lambda p: __import__("os").mkfifo(p), "it is a device, pipe or socket"),
        (lambda p: None, "cannot be attached: it cannot be read"),
    ],
    ids=["folder", "fifo", "missing"],
)
def test_what_is_not_a_file_is_refused_in_one_line(  # type: ignore[no-untyped-def]
    closed_vault: Path, interview: str, tmp_path: Path, make, says: str
) -> None:
    target = tmp_path / "thing"
    make(target)
    result = _cli(closed_vault, "attach", interview[:8], str(target))
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert says in line and result.stdout == ""
    assert not blobs.folder_of(closed_vault).exists() or not any(
        blobs.folder_of(closed_vault).iterdir()
    )


def test_dev_zero_is_refused(closed_vault: Path, interview: str) -> None:
    result = _cli(closed_vault, "attach", interview[:8], "/dev/zero")
    (line,) = result.stderr.splitlines()
    assert result.returncode == 1 and "device, pipe or socket" in line


def test_a_stripped_copy_of_an_avi_video_is_refused(
    closed_vault: Path, interview: str, tmp_path: Path
) -> None:
    video = tmp_path / "clip.avi"
    video.write_bytes(b"RIFF" + (1000).to_bytes(4, "little") + b"AVI LIST" + bytes(1000))
    result = _cli(closed_vault, "attach", interview[:8], str(video), "--send", "stripped")
    (line,) = result.stderr.splitlines()
    assert result.returncode == 1 and "cannot make a stripped copy of a video" in line
    kept = _cli(closed_vault, "attach", interview[:8], str(video))
    assert "nothing: it stays on this kit" in kept.stdout
    assert "not examined" in kept.stdout


def test_a_tampered_attachment_is_reported_in_one_line(
    closed_vault: Path, interview: str, tmp_path: Path
) -> None:
    data = tmp_path / "notes.bin"
    data.write_bytes(b"evidence " * 1000)
    assert _cli(closed_vault, "attach", interview[:8], str(data)).returncode == 0
    (sealed,) = blobs.folder_of(closed_vault).iterdir()
    raw = bytearray(sealed.read_bytes())
    raw[-3] ^= 0x40
    sealed.write_bytes(bytes(raw))
    result = _cli(closed_vault, "attachment-save", interview[:8], "1", "--out", str(tmp_path / "o"))
    (line,) = result.stderr.splitlines()
    assert result.returncode == 4 and "fails authentication" in line
    assert not (tmp_path / "o").exists()


def test_a_hostile_file_name_is_shown_escaped(
    closed_vault: Path, interview: str, tmp_path: Path
) -> None:
    hostile = tmp_path / "photo\x1b[2J\u202egpj.jpg"
    hostile.write_bytes(media_samples.jpeg("x"))
    result = _cli(closed_vault, "attach", interview[:8], str(hostile))
    assert result.returncode == 0, result.stderr
    listed = _cli(closed_vault, "attachments", interview[:8])
    for text in (result.stdout, listed.stdout):
        assert "\x1b" not in text and "\u202e" not in text


def test_a_pixel_bomb_is_refused_in_one_line(
    closed_vault: Path, interview: str, tmp_path: Path
) -> None:
    bomb = tmp_path / "huge.png"
    bomb.write_bytes(media_samples.pixel_bomb_png())
    result = _cli(closed_vault, "attach", interview[:8], str(bomb))
    (line,) = result.stderr.splitlines()
    assert result.returncode == 1 and "pixels" in line
    assert not any(blobs.folder_of(closed_vault).iterdir())
