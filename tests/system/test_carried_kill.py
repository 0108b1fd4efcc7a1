"""SIGKILL during the export of a bundle that carries an attachment, and during HQ's import of
it: each leaves all or nothing (on the kit: nothing marked sent and no bundle under its real
name; at HQ: the attachment's row and file together or neither, once the next open swept),
the next try succeeds, and no plaintext of the file is anywhere outside the vaults."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.hq import attachments as hq_attachments
from fieldkit.vault import attachments, blobs
from fieldkit.vault.attachments import SendChoice
from fieldkit.vault.store import Vault
from tests.builders import add_interview, make_network
from tests.canary import scan
from tests.helpers import PASSPHRASE

MARKER = "PLAINTEXT-MARKER-C4A2"
MEGABYTES = 48


def _source(folder: Path) -> Path:
    """Random bytes with the marker every 64 KiB: any plaintext piece of it names itself."""
    path = folder / "recording.bin"
    block = MARKER.encode() + os.urandom(64 * 1024 - len(MARKER))
    with open(path, "wb") as out:
        for _ in range(MEGABYTES * 16):
            out.write(block)
    return path


@pytest.fixture(scope="module")
def closed_network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """A closed HQ and kit (enrolled both ways); the kit holds one interview with a 48 MB
    attachment sent as its original; its source removed."""
    root = tmp_path_factory.mktemp("carried")
    network = make_network(root / "net", names=("a",))
    kit = network.kits[0]
    interview = add_interview(kit, quote="They came at night.")
    source = _source(root)
    attachments.attach(kit, interview, [source], send=SendChoice.ORIGINAL, reviewed=True)
    source.unlink()
    network.close()
    yield {"root": root / "net", "hq": network.hq.path, "kit": kit.path, "usb": network.usb}


def _copy(closed: dict[str, Path], dest: Path) -> dict[str, Path]:
    import shutil

    shutil.copytree(closed["root"], dest)
    return {name: dest / path.relative_to(closed["root"]) for name, path in closed.items()
            if name != "root"}  # fmt: skip


def _run(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "fieldkit", *args],
        env=dict(os.environ, FIELDKIT_PASSPHRASE=PASSPHRASE),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_when(child: subprocess.Popen[bytes], ready: Callable[[], bool], delay: float) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not ready():
        if child.poll() is not None:
            pytest.fail("the command finished before it could be killed")
        time.sleep(0.002)
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)


def _growing(folder: Path, pattern: str, size: int = 4 * 1024 * 1024) -> Callable[[], bool]:
    def ready() -> bool:
        return any(p.stat().st_size > size for p in folder.glob(pattern) if p.exists())

    return ready


def test_a_kill_during_export_with_an_attachment_marks_nothing_sent(
    closed_network: dict[str, Path], tmp_path: Path
) -> None:
    paths = _copy(closed_network, tmp_path / "round")
    child = _run("export", "--vault", str(paths["kit"]), "--out", str(paths["usb"]))
    _kill_when(child, _growing(paths["usb"], ".*.partial"), 0)
    assert list(paths["usb"].glob("*.fkbundle")) == []  # never under its real name
    with Vault.open(paths["kit"], PASSPHRASE) as kit:
        assert kit.read("SELECT count(*) FROM bundles_out")[0][0] == 0
        assert kit.read("SELECT count(*) FROM sent_attachments")[0][0] == 0
        assert kit.read("SELECT status FROM interviews")[0][0] == "ready"
        summary = kitx.export_bundle(kit, paths["usb"])
        assert summary.attachments_sent == 1 and summary.path is not None
    with Vault.open(paths["hq"], PASSPHRASE) as central:
        outcome = hq.import_bundle(central, summary.path)
        assert outcome.new == 1
        [item] = hq_attachments.all_files(central)
        blobs.verify(*_blob(central, item), item.sha256)
    assert scan([tmp_path, Path(os.environ["TMPDIR"]), Path(os.environ["HOME"])], [MARKER]) == []


def _blob(central: Vault, item: hq_attachments.HqAttachment) -> tuple[Path, bytes, int]:
    name, key = central.read("SELECT blob, blob_key FROM hq_attachments WHERE id = ?", (item.id,))[
        0
    ]
    return blobs.folder_of(central.path) / name, bytes(key), item.size


def _check_hq(hq_dir: Path) -> int:
    """Row and file together or neither (the open swept what the kill left); how many."""
    with Vault.open(hq_dir, PASSPHRASE) as central:
        rows = list(hq_attachments.all_files(central))
        for item in rows:
            blobs.verify(*_blob(central, item), item.sha256)
        folder = blobs.folder_of(hq_dir)
        names = [p.name for p in folder.iterdir()] if folder.exists() else []
        assert len(names) == len(rows), names
        stored = central.read("SELECT count(*) FROM bundles_in")[0][0]
        assert stored == len(rows)  # the bundle and its attachment commit together
    return len(rows)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_kill_during_hq_import_of_an_attachment_leaves_all_or_nothing(
    closed_network: dict[str, Path], tmp_path: Path, seed: int
) -> None:
    paths = _copy(closed_network, tmp_path / "round")
    with Vault.open(paths["kit"], PASSPHRASE) as kit:
        bundle = kitx.export_bundle(kit, paths["usb"]).path
    assert bundle is not None
    outcomes = []
    for attempt in range(3):
        child = _run("hq", "import", "--hq", str(paths["hq"]), str(bundle))
        folder = blobs.folder_of(paths["hq"])
        folder.mkdir(exist_ok=True)
        delay = random.Random(seed * 10 + attempt).uniform(0, 0.3)
        _kill_when(child, _growing(folder, ".*.tmp", 1024 * 1024), delay)
        outcomes.append(_check_hq(paths["hq"]))
        if outcomes[-1]:  # committed before the kill: a replay seals nothing to kill in
            break
    with Vault.open(paths["hq"], PASSPHRASE) as central:
        outcome = hq.import_bundle(central, bundle)
        assert outcome.replay == bool(outcomes[-1])
    assert _check_hq(paths["hq"]) == 1
    assert scan([tmp_path, Path(os.environ["TMPDIR"]), Path(os.environ["HOME"])], [MARKER]) == []
