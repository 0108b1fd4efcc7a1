"""Attaching tells its progress in bytes, and an error the progress raises (a cancel) keeps
nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.vault import attachments, blobs
from fieldkit.vault.store import Vault
from tests.builders import add_interview


class Stop(Exception):
    pass


def test_progress_counts_every_file_s_bytes_up_to_the_whole(vault: Vault, tmp_path: Path) -> None:
    interview_id = add_interview(vault)
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    first.write_bytes(b"a" * 3_000_000)
    second.write_bytes(b"b" * 1_500_000)
    heard: list[tuple[int, int]] = []
    attachments.attach(
        vault, interview_id, [first, second], progress=lambda d, t: heard.append((d, t))
    )
    assert heard[-1] == (4_500_000, 4_500_000)
    assert [d for d, _ in heard] == sorted(d for d, _ in heard)
    assert all(t == 4_500_000 for _, t in heard)


def test_an_error_raised_by_the_progress_keeps_nothing(vault: Vault, tmp_path: Path) -> None:
    interview_id = add_interview(vault)
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    first.write_bytes(b"a" * 3_000_000)
    second.write_bytes(b"b" * 3_000_000)

    def stop_in_the_second(done: int, total: int) -> None:
        if done > 4_000_000:
            raise Stop

    with pytest.raises(Stop):
        attachments.attach(vault, interview_id, [first, second], progress=stop_in_the_second)
    assert attachments.list_for(vault, interview_id) == []
    assert list(blobs.folder_of(vault.path).iterdir()) == []
