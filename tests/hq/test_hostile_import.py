"""Hostile files given to ``fieldkit hq import``: each refused with one line naming the file and
the reason, no traceback, HQ's tables unchanged and no receipt written.

Anyone holding HQ's public card can make the unsigned ones; the signed ones stand for a kit
whose key was taken. Every input is generated here.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyrage
import pytest

from fieldkit import hq
from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange import bundle as fmt
from tests.builders import World
from tests.helpers import PASSPHRASE, REPO, run_cli
from tests.tampering import HQ_TABLES, Inner, seal, signed, table_digest

#: From the age v1 spec (kept here, not imported, so that these tests also run against readers
#: that predate fieldkit.exchange.agefile).
VERSION_LINE = b"age-encryption.org/v1\n"
NONCE, CHUNK, TAG = 16, 64 * 1024, 16


def _stanza() -> bytes:
    share = base64.b64encode(os.urandom(32)).rstrip(b"=")
    return b"-> X25519 " + share + b"\n" + base64.b64encode(os.urandom(32)).rstrip(b"=") + b"\n"


def _armor(data: bytes) -> bytes:
    text = base64.b64encode(data)
    body = b"\n".join(text[i : i + 64] for i in range(0, len(text), 64))
    return b"-----BEGIN AGE ENCRYPTED FILE-----\n" + body + b"\n-----END AGE ENCRYPTED FILE-----\n"


def _header_end(data: bytes) -> int:
    return data.index(b"\n", data.index(b"\n--- ") + 1) + 1


def _padded(world: World) -> tuple[bytes, Inner, Any]:
    """A real bundle of kit A with longer quotes, re-signed by the kit: several age chunks."""
    real = world.export(world.kit_a)
    inner = Inner.of(real.read_bytes(), world.hq_identity)
    real.unlink()
    key = world.kit_identity(world.kit_a).signing
    records = [canonical_json(_longer(json.loads(raw))) for raw in inner.records]
    plain = signed(inner.manifest, records, key, fix_entries=True)
    return seal(plain, world.hq_identity.card.recipient()), inner, key


def hostile_files(
    world: World, drop: Path, only: Sequence[str] | None = None
) -> dict[str, tuple[Path, str]]:
    """name: (file, a word the refusal must contain), for every case or those named."""
    recipient = world.hq_identity.card.recipient()
    data, inner, key = _padded(world)
    end = _header_end(data)
    first = end + NONCE
    assert len(data) > first + 2 * (CHUNK + TAG)  # three chunks at least

    def resigned(**changes: Any) -> bytes:
        return seal(signed({**inner.manifest, **changes}, inner.records, key), recipient)

    files: dict[str, tuple[Callable[[], bytes | None], str]] = {
        "many stanzas": (
            lambda: VERSION_LINE + _stanza() * 10_000 + b"--- " + b"A" * 43 + b"\n" + data[end:],
            "stanzas",
        ),
        "oversized header": (
            lambda: VERSION_LINE + b"-> x\n" + (b"A" * 64 + b"\n") * 100 + data[end:],
            "4096 bytes",
        ),
        "armored": (lambda: _armor(data), "armored"),
        "cut in header": (lambda: data[: end // 2], "age"),
        "cut in first chunk": (lambda: data[: first + 100], "truncated"),
        "cut at a chunk boundary": (lambda: data[: first + 65536 + 16], "truncated"),
        "last chunk missing": (lambda: data[: len(data) - 17], "truncated"),
        "garbage to HQ": (lambda: seal(os.urandom(200_000), recipient), "not a fieldkit bundle"),
        "huge manifest": (
            lambda: seal(fmt.MAGIC + (64 << 20).to_bytes(4, "big") + bytes(100_000), recipient),
            "manifest is over",
        ),
        "huge frame count": (
            lambda: seal(inner.plain() + fmt.frame(b"") * 300_000, recipient),
            "more than its manifest lists",
        ),
        "100,000 tiny records": (
            lambda: seal(_tiny_records(inner.manifest, key, 100_000), recipient),
            "more than 50,000 interviews",
        ),
        "bad created_at": (lambda: resigned(created_at="2026-02-30T00:00:00Z"), "creation time"),
        "bad previous hash": (
            lambda: resigned(prev_manifest_sha256="F" * 64),
            "previous manifest hash",
        ),
        "entry id in upper case": (
            lambda: seal(_upper_ids(inner, key), recipient),
            "canonical lower-case",
        ),
        "link to /dev/zero": (lambda: None, "symbolic link"),
        "named pipe": (lambda: None, "pipe"),
        "folder": (lambda: None, "folder"),
    }
    out = {}
    for number, (name, (make, reason)) in enumerate(files.items()):
        if only is not None and name not in only:
            continue
        path = drop / f"{number:02d}-{name.replace(' ', '-').replace('/', '')}.fkbundle"
        content = make()
        if content is not None:
            path.write_bytes(content)
        elif name == "link to /dev/zero":
            path.symlink_to("/dev/zero")
        elif name == "named pipe":
            os.mkfifo(path)
        else:
            path.mkdir()
        out[name] = (path, reason)
    return out


CASES = (
    "many stanzas",
    "oversized header",
    "armored",
    "cut in header",
    "cut in first chunk",
    "cut at a chunk boundary",
    "last chunk missing",
    "garbage to HQ",
    "huge manifest",
    "huge frame count",
    "100,000 tiny records",
    "bad created_at",
    "bad previous hash",
    "entry id in upper case",
    "link to /dev/zero",
    "named pipe",
    "folder",
)


def _longer(record: dict[str, Any]) -> dict[str, Any]:
    quotes = [{**q, "text": q["text"] + " and then" * 3000} for q in record["quotes"]]
    return {**record, "quotes": quotes}


def _tiny_records(manifest: dict[str, Any], key: Any, count: int) -> bytes:
    record = b"{}"
    entry = {"revision": 1, "sha256": sha256_hex(record), "length": len(record)}
    entries = [{**entry, "id": str(uuid.UUID(int=n + 1))} for n in range(count)]
    return signed({**manifest, "entries": entries}, [record] * count, key)


def _upper_ids(inner: Inner, key: Any) -> bytes:
    records = []
    for raw in inner.records:
        record = canonical_json({**json.loads(raw), "id": str(uuid.uuid4()).upper()})
        records.append(record)
    entries = [
        {"id": json.loads(r)["id"], "revision": 1, "sha256": "", "length": 0} for r in records
    ]
    return signed({**inner.manifest, "entries": entries}, records, key, fix_entries=True)


@pytest.fixture
def drop(world: World) -> Iterator[Path]:
    """A folder of bundles; HQ's tables and the folder's receipts are unchanged afterwards."""
    folder = world.root / "drop"
    folder.mkdir()
    world.hq.checkpoint()
    before = table_digest(world.hq, HQ_TABLES)
    yield folder
    assert table_digest(world.hq, HQ_TABLES) == before
    assert not [p for p in folder.iterdir() if p.suffix == ".fkreceipt"]


@pytest.mark.parametrize("name", CASES)
def test_each_hostile_file_is_refused_by_the_public_function(
    world: World, drop: Path, name: str
) -> None:
    [(path, reason)] = hostile_files(world, drop, [name]).values()
    [result] = hq.import_bundles(world.hq, [path])
    assert isinstance(result, FieldkitError), name
    message = str(result)
    assert "\n" not in message and reason in message, message


def test_hostile_files_through_the_command_line(world: World, drop: Path) -> None:
    files = hostile_files(world, drop)
    paths = [str(path) for path, _ in files.values()]
    done = run_cli("hq", "import", "--hq", str(world.root / "hq"), *paths, timeout=90)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == len(files), done.stderr
    for line, (name, (path, reason)) in zip(lines, files.items(), strict=True):
        assert line.startswith(f"fieldkit: {path}: rejected, nothing imported: "), (name, line)
        assert reason in line, (name, line)


def test_the_untouched_bundle_still_imports(world: World) -> None:
    """The control: what the hostile files were made from is a bundle HQ takes whole."""
    data, _, _ = _padded(world)
    path = world.root / "intact.fkbundle"
    path.write_bytes(data)
    outcome = hq.import_bundle(world.hq, path)
    assert outcome.new > 0 and outcome.receipt_path is not None


_PEAK = """
import sys
from pathlib import Path
from fieldkit import hq
from fieldkit.vault.store import Vault
with Vault.open(Path(sys.argv[1]), sys.argv[2]) as vault:
    [result] = hq.import_bundles(vault, [Path(sys.argv[3])])
status = Path("/proc/self/status").read_text()
peak = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
print(type(result).__name__, int(peak) // 1024)
"""


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["garbage", "zeros", "a real bundle, then zeros"])
def test_a_large_hostile_bundle_is_refused_in_bounded_memory(world: World, kind: str) -> None:
    """512 MiB encrypted to HQ's real recipient: the old reader held it several times over."""
    head = b""
    if kind.startswith("a real"):
        head = Inner.of(world.export(world.kit_a).read_bytes(), world.hq_identity).plain()
    block = os.urandom(1 << 20) if kind == "garbage" else bytes(1 << 20)
    path = world.root / "big.fkbundle"
    with path.open("wb") as out:
        source = fmt.stream_of([head, *([block] * 512)])
        pyrage.encrypt_io(source, out, [world.hq_identity.card.recipient()])
    world.hq.checkpoint()
    before = table_digest(world.hq, HQ_TABLES)
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(world.root / "hq"), PASSPHRASE, str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        timeout=300,
    )
    name, peak = done.stdout.split()
    assert name == "BundleRejected"
    assert int(peak) < 200, f"peak {peak} MB"
    assert table_digest(world.hq, HQ_TABLES) == before
