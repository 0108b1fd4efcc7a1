"""Crash safety: a SIGKILL never loses an acknowledged save nor damages the vault.

A child process (tests/crash_child.py) saves interviews one by one and acknowledges each on
stdout only after the commit has returned. The parent kills it at random moments, then
reopens the vault: every acknowledged interview must be there with its exact content, and
``check`` must be clean. The same for a passphrase change killed at its worst moments.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fieldkit.core.errors import DiskFull, WrongPassphrase
from fieldkit.core.record import validate
from fieldkit.vault import fsutil, importing, integrity, records, search
from fieldkit.vault.store import Vault
from tests.helpers import PASSPHRASE, run_cli
from tests.system.crash_child import SaverRun, Step, text_for

CHILD = Path(__file__).with_name("crash_child.py")
NEW_PASSPHRASE = "violet tundra harmonica 93 quietly"


def _seed() -> int:
    """A fresh seed each run (timing is random anyway); FIELDKIT_CRASH_SEED replays one."""
    return int(os.environ.get("FIELDKIT_CRASH_SEED") or random.SystemRandom().randrange(2**32))


def _verify_after_kill(
    vault_dir: Path,
    expected: dict[str, tuple[str, int]],
    acked: list[Step],
    inflight: Step | None,
    prefix: str,
    context: str,
) -> None:
    """Reopen; every acknowledged save is there, intact; ``check`` is clean.

    ``expected`` (id -> (quote text, revision)) is updated with what this round committed.
    """
    for step in acked:
        expected[step.id] = (text_for(prefix, step.n), step.revision)
    with Vault.open(vault_dir, PASSPHRASE) as vault:
        ids = [row[0] for row in vault.read("SELECT id FROM interviews")]
        stored = {i.id: i for i in records.get_many(vault, ids)}
        if inflight is not None and inflight.id in stored:
            # Killed after the commit but before the acknowledgement: the save may have
            # landed. If so it must be whole, as a new revision of what was there before.
            interview = stored[inflight.id]
            text = interview.quotes[0].text
            if text == text_for(prefix, inflight.n):
                before = expected.get(inflight.id, ("", 0))[1]
                assert interview.revision == before + 1, context
                expected[inflight.id] = (text, interview.revision)
        assert set(stored) == set(expected), f"{context}: interviews lost or invented"
        for interview_id, (text, revision) in expected.items():
            interview = stored[interview_id]
            assert [q.text for q in interview.quotes] == [text], f"{context}: {interview_id}"
            assert interview.revision == revision, f"{context}: {interview_id}"
        report = integrity.check(vault)
    assert report.ok, f"{context}: {report.problems}"
    assert report.interviews == len(expected), context


def _kill_many(vault_dir: Path, kills: int, seed: int) -> tuple[int, int]:
    """Kill a saving child ``kills`` times; returns (acknowledged saves, interviews)."""
    rng = random.Random(seed)
    expected: dict[str, tuple[str, int]] = {}
    next_n = 0
    acknowledged = 0
    for round_ in range(kills):
        run = SaverRun(vault_dir, passphrase=PASSPHRASE, start=next_n, seed=rng.randrange(2**32))
        run.wait_ready()
        run.wait_acks(rng.randint(0, 6))
        # Vary the moment of the kill inside the next save (random jitter, not a wait).
        time.sleep(rng.uniform(0, 0.004))
        run.kill()
        acked, inflight, n = run.outcome()
        next_n = max(next_n, n)
        acknowledged += len(acked)
        context = f"seed {seed}, kill {round_ + 1}"
        _verify_after_kill(vault_dir, expected, acked, inflight, run.prefix, context)
    return acknowledged, len(expected)


def test_sigkill_while_saving_loses_nothing_acknowledged(closed_vault: Path) -> None:
    acknowledged, interviews = _kill_many(closed_vault, kills=8, seed=_seed())
    # The child did get to save between kills: the test exercised real writes.
    assert acknowledged > 0 and interviews > 0


@pytest.mark.slow
def test_sigkill_while_saving_many_times(closed_vault: Path) -> None:
    seed = _seed()
    acknowledged, interviews = _kill_many(closed_vault, kills=200, seed=seed)
    print(f"\n200 kills (seed {seed}): {acknowledged} acknowledged saves, {interviews} interviews")
    assert acknowledged > 200


# --- passphrase change interrupted ----------------------------------------------------------


def _saved_ids(vault_dir: Path, passphrase: str) -> list[str]:
    with Vault.open(vault_dir, passphrase) as vault:
        return sorted(r.id for r in search.search(vault))


@pytest.fixture
def filled_vault(vault: Vault, fixture_rows: list[dict[str, object]]) -> Path:
    importing.import_records(vault, enumerate(fixture_rows, start=1))
    vault.close()
    return vault.path


def _kill_passwd(vault_dir: Path, when: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, FIELDKIT_PASSPHRASE=PASSPHRASE, FIELDKIT_NEW_PASSPHRASE=NEW_PASSPHRASE)
    result = subprocess.run(
        [sys.executable, str(CHILD), str(vault_dir), f"passwd-kill-{when}-replace"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stdout + result.stderr
    return result


def test_passwd_killed_before_the_slot_file_is_replaced_keeps_the_old_passphrase(
    filled_vault: Path,
) -> None:
    before = _saved_ids(filled_vault, PASSPHRASE)
    slots_before = (filled_vault / "vault.keys").read_bytes()

    _kill_passwd(filled_vault, "before")

    assert (filled_vault / "vault.keys").read_bytes() == slots_before
    # Killed at the worst moment: the new slot file was complete, just not yet in place.
    assert len(list(filled_vault.glob(".vault.keys.*.tmp"))) == 1
    assert _saved_ids(filled_vault, PASSPHRASE) == before
    with pytest.raises(WrongPassphrase):
        Vault.open(filled_vault, NEW_PASSPHRASE)
    listed = run_cli("list", "--vault", str(filled_vault))
    assert listed.returncode == 0, listed.stderr
    assert f"{len(before)} interviews" in listed.stderr


def test_passwd_killed_after_the_slot_file_is_replaced_takes_the_new_passphrase(
    filled_vault: Path, new_vault: tuple[Vault, str]
) -> None:
    before = _saved_ids(filled_vault, PASSPHRASE)

    _kill_passwd(filled_vault, "after")

    assert _saved_ids(filled_vault, NEW_PASSPHRASE) == before
    with pytest.raises(WrongPassphrase):
        Vault.open(filled_vault, PASSPHRASE)
    assert not list(filled_vault.glob(".vault.keys.*.tmp"))
    # The recovery slot was carried over into the new file.
    with Vault.open_with_recovery(filled_vault, new_vault[1]) as vault:
        assert sorted(r.id for r in search.search(vault)) == before


def test_passwd_whose_slot_write_fails_keeps_the_old_passphrase(
    filled_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _saved_ids(filled_vault, PASSPHRASE)
    files_before = sorted(p.name for p in filled_vault.iterdir())
    slots_before = (filled_vault / "vault.keys").read_bytes()

    def no_space(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    vault = Vault.open(filled_vault, PASSPHRASE)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(fsutil.os, "replace", no_space)
            with pytest.raises(DiskFull, match="passphrase was not changed"):
                vault.change_passphrase(NEW_PASSPHRASE)
        # The open vault still works and still knows its old slots.
        assert sorted(r.id for r in search.search(vault)) == before
        records.save(
            vault,
            validate(
                {
                    "interview_date": "2020-02-16",
                    "place": "Tokmok",
                    "role": "resident of Tokmok",
                    "quote": "We stood like that for nine hours until the evening.",
                }
            ),
        )
    finally:
        vault.close()

    assert (filled_vault / "vault.keys").read_bytes() == slots_before
    assert sorted(p.name for p in filled_vault.iterdir()) == files_before  # no temp file left
    assert len(_saved_ids(filled_vault, PASSPHRASE)) == len(before) + 1
    with pytest.raises(WrongPassphrase):
        Vault.open(filled_vault, NEW_PASSPHRASE)


def test_cli_passwd_whose_slot_write_fails_says_so_in_one_line(
    filled_vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fieldkit import cli

    def refused(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("FIELDKIT_NEW_PASSPHRASE", NEW_PASSPHRASE)
    with monkeypatch.context() as patch:
        patch.setattr(fsutil.os, "replace", refused)
        with pytest.raises(SystemExit) as exited:
            cli.main(["passwd", "--vault", str(filled_vault)])

    assert exited.value.code not in (0, None)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("fieldkit: "), err
    assert "passphrase was not changed" in err
    assert _saved_ids(filled_vault, PASSPHRASE)
