"""Bundles of version 2 that are not what a kit made are refused in a sentence at HQ and
change nothing: no row in any table, and no file left in the dataset's attachments folder,
although the attachment bytes before the fault were sealed as they streamed in.

The plaintext of a real kit's bundle (two interviews, three attachments) is mutated (flips,
cuts, insertions, in the manifest, the records and the attachment bytes) and re-encrypted to
the real HQ, so each reaches the checks behind the age layer; others are re-signed with the
kit's real key after changing the manifest, as a thief holding it could.
"""

from __future__ import annotations

import json
import os
import random
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit import hq
from fieldkit.core.canonical import canonical_json
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange import carry
from fieldkit.exchange.keys import ensure_kit_identity
from fieldkit.vault import attachments, blobs
from fieldkit.vault.attachments import SendChoice
from tests import media_samples
from tests.builders import Network, add_interview, make_network
from tests.tampering import HQ_TABLES, seal, unchanged_tables

SEED = int(os.environ.get("FIELDKIT_MUTATION_SEED", "20201201"))
CASES = 300
ZERO_ID = "00000000-0000-4000-8000-000000000000"
_SENTENCE = re.compile(r"[a-zA-Z][^\n\x00-\x1f\x7f]{15,400}")


@pytest.fixture(scope="module")
def carried(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Network, bytes, bytes]]:
    """The network, the plaintext of a valid bundle of version 2 never imported, and the
    manifest's raw bytes."""
    root = tmp_path_factory.mktemp("carried-mutations")
    network = make_network(root / "net")
    kit = network.kits[0]
    add_interview(kit, quote="Sent before.")
    network.send(kit)  # HQ holds something already
    first = add_interview(kit, quote="They came at night.")
    second = add_interview(kit, quote="We walked to the border.")
    photo = root / "injury.jpg"
    photo.write_bytes(media_samples.jpeg("checkpoint"))
    recording = root / "voice.wav"
    recording.write_bytes(media_samples.wav("Interview"))
    attachments.attach(kit, first, [photo, recording])
    blob = root / "notes.bin"
    blob.write_bytes(os.urandom(200_000))
    attachments.attach(kit, second, [blob], send=SendChoice.ORIGINAL, reviewed=True)
    summary = kit_export(network)
    plain = _decrypt(network, summary)
    summary.unlink()
    yield network, plain, _frames(plain)[0]
    network.close()


def kit_export(network: Network) -> Path:
    from fieldkit import kit as kitx

    summary = kitx.export_bundle(network.kits[0], network.usb)
    assert summary.path is not None and summary.attachments_sent == 3
    return summary.path


def _decrypt(network: Network, path: Path) -> bytes:
    return fmt.decrypt(path.read_bytes(), network.hq_identity.age)


def _frames(plain: bytes) -> list[bytes]:
    """Manifest and signature (the rest is records then raw attachment bytes)."""
    pos, frames = len(fmt.MAGIC_V2), []
    for _ in range(2):
        size = int.from_bytes(plain[pos : pos + 4], "big")
        frames.append(plain[pos + 4 : pos + 4 + size])
        pos += 4 + size
    return frames


def _attempt(network: Network, plain: bytes) -> str | None:
    path = network.usb / f"{uuid.uuid4()}.fkbundle"
    path.write_bytes(seal(plain, network.hq_identity.card.recipient()))
    try:
        outcome = hq.import_bundle(network.hq, path)
    except FieldkitError as error:
        message = str(error)
        if not _SENTENCE.fullmatch(message) or len(message.split()) < 4:
            return f"unclear message {message!r}"
        return None
    except Exception as error:
        return f"unhandled {type(error).__name__}: {error}"
    finally:
        path.unlink()
    return f"accepted: {outcome}"


def _no_files(network: Network) -> None:
    folder = blobs.folder_of(network.hq.path)
    left = [p.name for p in folder.iterdir()] if folder.exists() else []
    assert left == [], left


def test_the_control_imports(carried: tuple[Network, bytes, bytes], tmp_path: Path) -> None:
    """The untouched plaintext, re-encrypted the way the mutations are, is accepted (on a
    copy of the dataset): the rejections below are the mutations' doing."""
    import shutil

    from fieldkit.vault.store import Vault
    from tests.helpers import PASSPHRASE

    network, plain, _raw = carried
    network.hq.checkpoint()
    shutil.copytree(network.hq.path, tmp_path / "copy")
    path = tmp_path / "control.fkbundle"
    path.write_bytes(seal(plain, network.hq_identity.card.recipient()))
    with Vault.open(tmp_path / "copy", PASSPHRASE) as copy:
        outcome = hq.import_bundle(copy, path)
        assert outcome.new == 2
        assert copy.read("SELECT count(*) FROM hq_attachments")[0][0] == 3


def _mutations(plain: bytes, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    head = len(fmt.MAGIC_V2)
    tail_start = len(plain) - 200_000  # the last attachment's bytes
    for n in range(CASES):
        data = bytearray(plain)
        kind = rng.choice(("flip", "flip-attachment", "cut", "insert", "extend"))
        if kind == "flip":
            pos = rng.randrange(len(data))
            data[pos] ^= rng.randint(1, 255)
        elif kind == "flip-attachment":
            pos = rng.randrange(tail_start, len(data))
            data[pos] ^= rng.randint(1, 255)
        elif kind == "cut":
            del data[rng.randrange(head, len(data)) :]
        elif kind == "insert":
            pos = rng.randrange(head, len(data))
            data[pos:pos] = rng.randbytes(rng.randint(1, 40))
        else:
            data += rng.randbytes(rng.randint(1, 40))
        yield f"{kind}:{n}", bytes(data)


def test_mutated_bundles_are_refused_and_change_nothing(
    carried: tuple[Network, bytes, bytes],
) -> None:
    network, plain, _raw = carried
    rng = random.Random(SEED)
    failures = []
    with unchanged_tables(network.hq, HQ_TABLES):
        for label, data in _mutations(plain, rng):
            problem = _attempt(network, data)
            if problem is not None:
                failures.append(f"{label}: {problem}")
    assert not failures, "\n".join(failures[:20])
    _no_files(network)


def _resigned(network: Network, plain: bytes, raw: bytes, change: dict[str, object]) -> bytes:
    """The plaintext with its manifest changed and signed again with the kit's real key."""
    manifest = json.loads(raw)
    for path, value in change.items():
        target = manifest
        *parents, last = path.split(".")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    new_raw = canonical_json(manifest)
    key = ensure_kit_identity(network.kits[0]).signing
    rest = plain[len(fmt.MAGIC_V2) + 4 + len(raw) + 4 + 64 :]
    signature = carry.sign_manifest(new_raw, key)
    return fmt.MAGIC_V2 + fmt.frame(new_raw) + fmt.frame(signature) + rest


@pytest.mark.parametrize(
    "change",
    [
        {"attachments.0.size": 1},  # smaller than what follows
        {"attachments.2.size": 4 * 1024**3},  # far more than what follows
        {"attachments.0.sha256": "0" * 64, "attachments.0.original_sha256": "1" * 64},
        {"attachments.1.interview_id": str(uuid.uuid4())},  # not an interview it carries
        {"attachments.1.id": "not-a-uuid"},
        {"attachments.1.copy": "thumbnail"},
        {"attachments.2.media_type": "../../etc/passwd"},
        {"attachments.0.id": ZERO_ID, "attachments.1.id": ZERO_ID},  # listed twice
        {"version": 1},
    ],
)
def test_a_thief_with_the_kits_key_cannot_make_hq_store_a_lie(
    carried: tuple[Network, bytes, bytes], change: dict[str, object]
) -> None:
    network, plain, raw = carried
    data = _resigned(network, plain, raw, change)
    with unchanged_tables(network.hq, HQ_TABLES):
        assert _attempt(network, data) is None
    _no_files(network)
