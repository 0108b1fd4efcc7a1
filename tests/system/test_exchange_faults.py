"""Faults during the exchange: a kill mid-import or mid-purge, and what is left on disk.

Kill tests: a child process (kill_child.py) imports a bundle of a few hundred interviews at HQ,
or applies HQ's receipt with purge on the kit, and is SIGKILLed at chosen moments: just before
and just after the COMMIT, and at seeded random points before, inside and after the
transaction. Every time the vault must hold all of the bundle (or purge) or none of it, pass
``check``, and a second run must then finish the job.

Canary test: a quote carrying a unique string goes kit -> HQ -> receipt -> purge through the
CLI, and afterwards the string is nowhere on disk in clear text (UTF-8 or UTF-16).
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from fieldkit import hq, kit
from fieldkit.core.errors import FieldkitError
from fieldkit.hq import importing
from fieldkit.vault import integrity
from fieldkit.vault.store import Vault
from tests.builders import (
    World,
    build_template,
    enroll_at_hq,
    make_hq,
    make_kit,
    open_world,
    synthetic_rows,
)
from tests.helpers import PASSPHRASE, run_cli

CHILD = Path(__file__).with_name("kill_child.py")
N = 300  # interviews in the bundle
#: FIELDKIT_KILL_SEED=N replays another choice of kill points.
SEED = int(os.environ.get("FIELDKIT_KILL_SEED", "20200205"))


@dataclass(frozen=True)
class Stage:
    """A closed vault just before the operation, the file it works on, and its event counts."""

    vault: Path
    file: Path
    total: int  # profiler events of the whole operation
    begin: int  # first event inside the transaction
    commit: int  # last event inside it (the call of COMMIT); commit + 1 is just after it


def _env() -> dict[str, str]:
    return {**os.environ, "FIELDKIT_PASSPHRASE": PASSPHRASE, "PYTHONHASHSEED": "0"}


def run_child(mode: str, vault: Path, file: Path, stop_at: int) -> str:
    """Run the child; SIGKILL it when it reports it reached ``stop_at``. Returns its output."""
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), mode, str(vault), str(file), str(stop_at)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line.startswith("stopped"):
        proc.kill()  # SIGKILL: no handler, no clean-up, no flush
    _, err = proc.communicate(timeout=120)
    if line.startswith("stopped"):
        assert proc.returncode == -signal.SIGKILL, err
    else:
        assert proc.returncode == 0, err
    return line.strip()


def _stage(mode: str, vault: Path, file: Path, scratch: Path) -> Stage:
    """Count the operation's events on a copy of ``vault``."""
    shutil.copytree(vault.parent, scratch)
    line = run_child(mode, scratch / vault.name, scratch / file.name, -1)
    shutil.rmtree(scratch)
    word, total, begin, commit = line.split()
    assert word == "events" and 0 < int(begin) < int(commit) < int(total), line
    return Stage(vault, file, int(total), int(begin), int(commit))


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Stage]:
    """``import``: HQ before it imports kit A's bundle of N; ``purge``: kit A before it applies
    HQ's receipt for that bundle."""
    root = tmp_path_factory.mktemp("kills")
    template = build_template(root / "template", kit_a_rows=synthetic_rows("A", N))
    world = open_world(template, root / "world")
    bundle = world.export(world.kit_a)
    world.close()
    (root / "import").mkdir()
    shutil.copytree(world.root / "hq", root / "import" / "hq")
    shutil.copy(bundle, root / "import" / bundle.name)
    (root / "purge").mkdir()
    shutil.copytree(world.root / "kit_a", root / "purge" / "kit")
    with Vault.open(world.root / "hq", PASSPHRASE) as central:
        outcome = hq.import_bundle(central, bundle, receipts_dir=root / "purge")
    assert outcome.new == N and outcome.receipt_path is not None
    return {
        "import": _stage(
            "import", root / "import" / "hq", root / "import" / bundle.name, root / "count-i"
        ),
        "purge": _stage("purge", root / "purge" / "kit", outcome.receipt_path, root / "count-p"),
    }


def stop_points(stage: Stage, kills: int, rng: random.Random) -> list[int]:
    """Just before and just after COMMIT, then random points, most of them in the transaction."""
    points = [stage.commit, stage.commit + 1]
    while len(points) < kills:
        where = rng.random()
        if where < 0.6:
            points.append(rng.randint(stage.begin, stage.commit))
        elif where < 0.8:
            points.append(rng.randint(stage.commit + 1, stage.total))
        else:
            points.append(rng.randint(1, stage.begin))
    return points[:kills]


def _copy(stage: Stage, dest: Path) -> tuple[Path, Path]:
    shutil.copytree(stage.vault.parent, dest)
    file = dest / stage.file.name
    if not file.exists():
        shutil.copy(stage.file, file)
    return dest / stage.vault.name, file


def kill_import(stage: Stage, round_dir: Path, stop_at: int) -> str:
    """Kill an import at ``stop_at``; check all or nothing; import again. Returns the outcome."""
    vault_dir, bundle = _copy(stage, round_dir)
    run_child("import", vault_dir, bundle, stop_at)
    receipt = bundle.with_suffix(".fkreceipt")
    with Vault.open(vault_dir, PASSPHRASE) as central:
        bundle_id = bundle.stem
        from_bundle = central.read(
            "SELECT count(*) FROM provenance WHERE bundle_id = ?", (bundle_id,)
        )[0][0]
        row = central.read("SELECT receipt FROM bundles_in WHERE bundle_id = ?", (bundle_id,))
        interviews = central.read("SELECT count(*) FROM interviews")[0][0]
        quotes = central.read("SELECT count(*) FROM quotes")[0][0]
        state = (from_bundle, len(row), interviews, quotes)
        assert state in ((0, 0, 0, 0), (N, 1, N, 2 * N)), f"killed at {stop_at}: {state}"
        if receipt.exists():  # written after the commit, atomically: whole or absent
            assert row and receipt.read_bytes() == bytes(row[0][0])
        report = integrity.check(central)
        assert report.ok, f"killed at {stop_at}: {report.problems}"
        again = hq.import_bundle(central, bundle)
        assert again.replay == bool(row)
        assert central.read("SELECT count(*) FROM interviews")[0][0] == N
        assert central.read("SELECT count(*) FROM bundles_in")[0][0] == 1
        assert receipt.read_bytes() == bytes(central.read("SELECT receipt FROM bundles_in")[0][0])
    shutil.rmtree(round_dir)
    return "all" if row else "none"


def kill_purge(stage: Stage, round_dir: Path, stop_at: int) -> str:
    """Kill a purge at ``stop_at``; check all or nothing; apply again. Returns the outcome."""
    vault_dir, receipt = _copy(stage, round_dir)
    run_child("purge", vault_dir, receipt, stop_at)
    with Vault.open(vault_dir, PASSPHRASE) as vault:
        state = (
            vault.read("SELECT count(*) FROM confirmed")[0][0],
            vault.read("SELECT count(*) FROM confirmed WHERE purged_at IS NOT NULL")[0][0],
            vault.read("SELECT count(*) FROM interviews WHERE status = 'received'")[0][0],
            vault.read("SELECT count(*) FROM interviews WHERE quote_count = 0")[0][0],
            vault.read("SELECT count(*) FROM quotes")[0][0],
            vault.read("SELECT count(*) FROM bundles_out WHERE receipt_at IS NOT NULL")[0][0],
        )
        assert state in ((0, 0, 0, 0, 2 * N, 0), (N, N, N, N, 0, 1)), f"at {stop_at}: {state}"
        report = integrity.check(vault)
        assert report.ok, f"killed at {stop_at}: {report.problems}"
        summary = kit.apply_receipt(vault, receipt, purge=True)
        assert summary.purged == (0 if state[0] else N)
        assert vault.read("SELECT count(*) FROM quotes")[0][0] == 0
        assert vault.read("SELECT count(*) FROM confirmed WHERE purged_at IS NOT NULL")[0] == (N,)
    shutil.rmtree(round_dir)
    return "all" if state[0] else "none"


def _kill_many(stage: Stage, mode: str, kills: int, tmp_path: Path) -> Counter[str]:
    rng = random.Random(SEED + kills)
    kill = kill_import if mode == "import" else kill_purge
    outcomes: Counter[str] = Counter()
    for n, stop_at in enumerate(stop_points(stage, kills, rng)):
        outcome = kill(stage, tmp_path / f"round-{n}", stop_at)
        outcomes[outcome] += 1
        if n == 0:
            assert outcome == "none", "killed just before COMMIT, yet it was committed"
        if n == 1:
            assert outcome == "all", "killed just after COMMIT, yet nothing was committed"
    return outcomes


@pytest.mark.parametrize("mode", ["import", "purge"])
def test_a_kill_leaves_all_or_nothing(stages: dict[str, Stage], tmp_path: Path, mode: str) -> None:
    outcomes = _kill_many(stages[mode], mode, 4, tmp_path)
    assert sum(outcomes.values()) == 4


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["import", "purge"])
def test_many_kills_leave_all_or_nothing(
    stages: dict[str, Stage], tmp_path: Path, mode: str
) -> None:
    outcomes = _kill_many(stages[mode], mode, 40, tmp_path)
    assert outcomes["all"] >= 1 and outcomes["none"] >= 1


# --- a receipt that cannot be written --------------------------------------------------------


def test_a_receipt_hq_cannot_write_is_reported_and_written_by_the_next_import(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The USB stick is full: the merge is committed, so HQ says so (no traceback) and a
    second import (a replay) writes the receipt."""
    path = world.export(world.kit_a, world.ids(world.kit_a)[:3])

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(importing, "atomic_write", disk_full)
    with pytest.raises(FieldkitError) as caught:
        hq.import_bundle(world.hq, path)
    message = str(caught.value)
    assert "was imported" in message and "No space left on device" in message
    assert "import the bundle again" in message
    monkeypatch.undo()
    assert not path.with_suffix(".fkreceipt").exists()
    assert world.hq.read("SELECT count(*) FROM interviews")[0][0] == 3
    again = hq.import_bundle(world.hq, path)
    assert again.replay and again.receipt_path is not None
    assert kit.apply_receipt(world.kit_a, again.receipt_path).confirmed == 3


def test_cli_import_into_an_unusable_receipts_folder(world: World) -> None:
    paths = [world.export(world.kit_a, [i]) for i in world.ids(world.kit_a)[:2]]
    world.close()
    blocker = world.root / "not-a-folder"
    blocker.write_text("a file where the receipts folder should be\n")
    hq_dir = str(world.root / "hq")
    result = run_cli("hq", "import", "--hq", hq_dir, "--receipts", str(blocker), *map(str, paths))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("import the bundle again to write the receipt") == 2
    fixed = run_cli("hq", "import", "--hq", hq_dir, "--receipts", str(world.out), *map(str, paths))
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.count("replay") == 2
    assert len(list(world.out.glob("*.fkreceipt"))) == 2


# --- canary ----------------------------------------------------------------------------------

CANARY = "Kanareyka-7Q4X-zheltaya-ptitsa"


def _needles(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def files_containing(root: Path, text: str) -> list[Path]:
    needles = _needles(text) + _needles(text.lower())
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if any(needle in data for needle in needles):
                found.append(path)
    return found


def test_canary_leaves_no_clear_text_anywhere(tmp_path: Path, isolated_home: Path) -> None:
    # The scan itself finds the canary in either encoding (else the test could not fail).
    probe = tmp_path.parent / f"{tmp_path.name}-probe"
    probe.mkdir()
    (probe / "a").write_bytes(b"x" + CANARY.encode("utf-16-le") + b"y")
    (probe / "b").write_text(f"quote: {CANARY}", encoding="utf-8")
    assert len(files_containing(probe, CANARY)) == 2
    shutil.rmtree(probe)

    hq_vault, _identity = make_hq(tmp_path / "hq", tmp_path / "hq.card")
    with make_kit(tmp_path / "kit", tmp_path / "hq.card") as kit_vault:
        enroll_at_hq(hq_vault, kit_vault, tmp_path / "kit.card")
    hq_vault.close()

    usb = tmp_path / "usb"
    usb.mkdir()
    kit_dir, hq_dir = str(tmp_path / "kit"), str(tmp_path / "hq")

    def cli(*args: str) -> str:
        result = run_cli(*args)
        assert result.returncode == 0, (args[0], result.stderr)
        assert CANARY not in result.stdout + result.stderr
        return result.stdout

    cli(
        "add", "--vault", kit_dir, "--date", "2020-02-16", "--place", "Masanchi",
        "--role", "Dungan woman, resident of Masanchi", "--status", "ready",
        "--quote", f"They came at night. {CANARY} The houses burned until morning.",
        "--notes", f"met at the market; {CANARY}",
    )  # fmt: skip
    cli("export", "--vault", kit_dir, "--out", str(usb))
    bundles = list(usb.glob("*.fkbundle"))
    assert len(bundles) == 1
    cli("hq", "import", "--hq", hq_dir, str(bundles[0]))
    receipts = list(usb.glob("*.fkreceipt"))
    assert len(receipts) == 1
    purged = cli("receipt", "--vault", kit_dir, str(receipts[0]), "--purge")
    assert "removed the quotes and notes of 1 interview" in purged

    # The canary did travel: HQ holds it, and the kit no longer does.
    with Vault.open(tmp_path / "hq", PASSPHRASE) as central:
        assert any(CANARY in q[0] for q in central.read("SELECT text FROM quotes"))
    with Vault.open(tmp_path / "kit", PASSPHRASE) as field:
        assert field.read("SELECT count(*) FROM quotes")[0][0] == 0
        assert field.read("SELECT notes FROM interviews") == [("",)]

    assert files_containing(usb, CANARY) == []  # bundle and receipt
    assert files_containing(tmp_path / "kit", CANARY) == []
    assert files_containing(isolated_home, CANARY) == []  # HOME, with the XDG folders
    assert files_containing(Path(os.environ["TMPDIR"]), CANARY) == []
    assert files_containing(tmp_path, CANARY) == []  # HQ's folder and anything else


def test_purge_leaves_no_word_of_a_quote_inside_the_kit_database(tmp_path: Path) -> None:
    """Whoever opens the kit after a purge (a border guard with the passphrase) must not find
    the purged words in it: not in a table, not in the search index."""
    rows = synthetic_rows("P", 3)
    rows[1][1]["quotes"][0]["text"] += " Zanzibarcanary said the militia came from Sortobe."
    root = build_template(tmp_path / "t", kit_a_rows=rows)
    world = open_world(root, tmp_path / "w")
    try:
        outcome = hq.import_bundle(world.hq, world.export(world.kit_a))
        assert outcome.receipt_path is not None
        assert kit.apply_receipt(world.kit_a, outcome.receipt_path, purge=True).purged == 3
        tables = [
            r[0] for r in world.kit_a.read("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        holding = []
        for table in tables:
            rows_ = world.kit_a.read(f"SELECT * FROM {table}")
            data = repr(rows_).encode() + b"".join(
                v for r in rows_ for v in r if isinstance(v, bytes)
            )
            if b"zanzibarcanary" in data.lower():
                holding.append(table)
        assert holding == []
    finally:
        world.close()
