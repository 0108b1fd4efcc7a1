"""HQ's import of bundles that carry attachments, attacked with only a kit's stolen key: a
bundle refused after some attachment bytes were sealed leaves nothing in the dataset; a kit
cannot file its attachments under another kit's interview; a bundle whose attachments would
fill the disk is refused before a byte is stored; memory stays bounded whatever the size."""

from __future__ import annotations

import hashlib
import os
import time
import tracemalloc
import uuid
from pathlib import Path

import pyrage
import pytest

from fieldkit import hq
from fieldkit.core.canonical import sha256_hex
from fieldkit.core.errors import DiskFull
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange import carry
from fieldkit.exchange.bundle import BundleRejected, payload_of
from fieldkit.exchange.keys import ensure_kit_identity
from fieldkit.exchange.manifest import Carried, Entry
from fieldkit.hq import attachments as hq_attachments
from fieldkit.kit.enroll import pinned_hq
from fieldkit.vault import blobs, records
from fieldkit.vault.store import Vault
from tests.builders import Network, add_interview


def _forged(
    kit: Vault,
    folder: Path,
    interview_id: str,
    data: bytes,
    *,
    listed_sha256: str | None = None,
    listed_size: int | None = None,
    sequence: int = 1,
    record: bytes | None = None,
) -> Path:
    """A bundle of version 2 signed with the kit's own key (what a thief holding it can make),
    carrying ``data`` as one attachment of ``interview_id``, listed as the caller says."""
    identity = ensure_kit_identity(kit)
    target = pinned_hq(kit)
    assert target is not None
    payload = record if record is not None else payload_of(records.get(kit, interview_id))
    entry = Entry(interview_id, 1, sha256_hex(payload), len(payload))
    carried = Carried(
        str(uuid.uuid4()),
        interview_id,
        "audio/x-wav",
        len(data) if listed_size is None else listed_size,
        listed_sha256 or sha256_hex(data),
        "original",
        listed_sha256 or sha256_hex(data),
    )
    bundle_id = str(uuid.uuid4())
    raw = fmt.manifest_bytes(
        bundle_id=bundle_id,
        kit_id=identity.ident,
        kit_fingerprint=identity.card.fingerprint,
        kit_signing_key=identity.card.body()["signing_key"],
        sequence=sequence,
        prev_manifest_sha256=None,
        hq_id=target.ident,
        hq_fingerprint=target.fingerprint,
        created_at="2020-02-20T12:00:00Z",
        entries=[entry],
        attachments=[carried],
    )
    signature = carry.sign_manifest(raw, identity.signing)
    plain = fmt.MAGIC_V2 + fmt.frame(raw) + fmt.frame(signature) + fmt.frame(payload) + data
    path = folder / f"{bundle_id}.fkbundle"
    with open(path, "wb") as out:
        pyrage.encrypt_io(fmt.stream_of([plain]), out, [target.recipient()])
    return path


def _nothing_stored(network: Network) -> None:
    assert network.hq.read("SELECT count(*) FROM hq_attachments")[0][0] == 0
    assert network.hq.read("SELECT count(*) FROM bundles_in")[0][0] == 0
    folder = blobs.folder_of(network.hq.path)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_an_attachment_whose_bytes_do_not_match_leaves_nothing(network: Network) -> None:
    kit = network.kits[0]
    interview = add_interview(kit)
    data = os.urandom(3 * 1024 * 1024)
    wrong = hashlib.sha256(b"something else").hexdigest()
    path = _forged(kit, network.usb, interview, data, listed_sha256=wrong)
    with pytest.raises(BundleRejected, match="does not match its manifest entry"):
        hq.import_bundle(network.hq, path)
    _nothing_stored(network)  # its 3 MB were sealed as they came, then removed


def test_an_attachment_cut_short_leaves_nothing(network: Network) -> None:
    kit = network.kits[0]
    interview = add_interview(kit)
    data = os.urandom(1024 * 1024)
    path = _forged(kit, network.usb, interview, data, listed_size=len(data) + 1)
    with pytest.raises(BundleRejected, match="truncated"):
        hq.import_bundle(network.hq, path)
    _nothing_stored(network)


def test_a_kit_cannot_file_attachments_under_another_kits_interview(network: Network) -> None:
    """Kit B (its key stolen) sends kit A's interview id with a photo of its own: the record
    goes to quarantine, and its attachment is shown there, never with A's interview."""
    kit_a, kit_b = network.kits
    interview = add_interview(kit_a, quote="What A recorded.")
    network.send(kit_a)
    foreign = records.get(kit_a, interview)
    forged_record = payload_of(foreign).replace(b"What A recorded.", b"What B claims.")
    path = _forged(kit_b, network.usb, interview, b"RIFF-not-really", record=forged_record)
    outcome = hq.import_bundle(network.hq, path)
    assert outcome.quarantined == 1 and outcome.new == 0
    assert hq_attachments.for_interview(network.hq, interview) == []
    b_id = ensure_kit_identity(kit_b).ident
    [held] = hq_attachments.from_kit(network.hq, b_id, interview)
    assert held.size == len(b"RIFF-not-really")


def test_attachments_that_would_fill_the_disk_are_refused_before_a_byte_is_stored(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit = network.kits[0]
    interview = add_interview(kit)
    path = _forged(kit, network.usb, interview, os.urandom(256 * 1024))
    free = blobs.folder_of(network.hq.path)
    blobs.ensure_folder(network.hq.path)
    import shutil

    # The disk HQ's dataset is on, as if nearly full: the reserve is more than is free.
    monkeypatch.setattr(hq_attachments, "DISK_RESERVE", shutil.disk_usage(free).free)
    started = time.perf_counter()
    with pytest.raises(DiskFull, match="free some space and import it again"):
        hq.import_bundle(network.hq, path)
    assert time.perf_counter() - started < 30
    _nothing_stored(network)


def test_a_bundle_listing_more_than_it_carries_is_refused_before_the_disk_fills(
    network: Network,
) -> None:
    """A 4 GiB attachment listed, 64 KiB sent: refused at the first missing byte; the sealed
    part removed. Its size alone never makes HQ allocate anything."""
    kit = network.kits[0]
    interview = add_interview(kit)
    data = os.urandom(64 * 1024)
    path = _forged(kit, network.usb, interview, data, listed_size=4 * 1024**3)
    tracemalloc.start()
    try:
        with pytest.raises((BundleRejected, DiskFull)):
            hq.import_bundle(network.hq, path)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024
    _nothing_stored(network)


def test_hq_import_of_a_large_attachment_streams_in_bounded_memory(network: Network) -> None:
    kit = network.kits[0]
    interview = add_interview(kit)
    data = os.urandom(64 * 1024 * 1024)
    path = _forged(kit, network.usb, interview, data)
    del data
    tracemalloc.start()
    try:
        outcome = hq.import_bundle(network.hq, path)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome.new == 1
    assert peak < 16 * 1024 * 1024, f"peak {peak >> 20} MiB for a 64 MiB attachment"
    [item] = hq_attachments.for_interview(network.hq, interview)
    assert item.size == 64 * 1024 * 1024


def test_accepting_a_quarantined_record_shows_its_attachments_with_the_interview(
    network: Network,
) -> None:
    """Kept through quarantine: once a person accepts the incoming version, the attachments
    that came with it are shown with the interview, beside those it had."""
    kit_a, kit_b = network.kits
    interview = add_interview(kit_a, quote="What A recorded.")
    network.send(kit_a)
    forged_record = payload_of(records.get(kit_a, interview)).replace(
        b"What A recorded.", b"What B recorded."
    )
    hq.import_bundle(
        network.hq, _forged(kit_b, network.usb, interview, b"B's file", record=forged_record)
    )
    assert hq_attachments.for_interview(network.hq, interview) == []
    [item] = hq.quarantine(network.hq)
    hq.resolve(network.hq, item.id, accept=True)
    [shown] = hq_attachments.for_interview(network.hq, interview)
    assert shown.kit_id == ensure_kit_identity(kit_b).ident
