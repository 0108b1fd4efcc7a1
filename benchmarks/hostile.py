"""The hostile group: what refusing files made to hurt HQ costs (issue 10's import gate).

Figures, printed beside the targets but not asserted: peak RSS (VmHWM, in a fresh child) of
HQ importing a 1 GiB bundle of garbage encrypted to its real recipient, and a 1 GiB bundle
validly signed by the enrolled kit (1 MiB records that are not interviews: HQ's whole-bundle
read refuses it, its records exceeding fmt.MAX_HELD_BYTES) and read through by the streaming
reader alone, and HQ importing such a bundle at MAX_HELD_BYTES; the time to refuse a
10,000-stanza age header, with the old path (``pyrage.decrypt`` of 800 stanzas, in a child
with a timeout) beside it. Valid-bundle import throughput is the exchange group's figure.
``--quick`` scales the bundles down to 64 MiB.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pyrage

from benchmarks.common import FAST_KDF, ORGANISATION, PASSPHRASE, Report, child, median, ms
from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.keys import Identity, Role, load_identity
from fieldkit.vault.store import Vault

TARGET_PEAK_MB = 300
TARGET_REFUSE_MS = 50
OLD_STANZAS = 800
OLD_TIMEOUT_S = 60
RECORD = 1 << 20  # bytes of one record of the valid bundle


def _encrypt(path: Path, blocks: Iterator[bytes], identity: Identity) -> None:
    with path.open("wb") as out:
        pyrage.encrypt_io(fmt.stream_of(blocks), out, [identity.card.recipient()])


def _setup(folder: Path) -> tuple[Identity, Identity, str]:
    """HQ's dataset and one enrolled kit (closed again): HQ's and the kit's keys, kit id."""
    hq_vault, _, hq_keys = hq.hq_init(folder / "hq", PASSPHRASE, ORGANISATION, kdf=FAST_KDF)
    hq_keys.write_card(folder / "hq.fkcard")
    with Vault.create(folder / "kit", PASSPHRASE, organisation=ORGANISATION, kdf=FAST_KDF)[
        0
    ] as kit:
        kitx.enroll_hq(kit, folder / "hq.fkcard")
        kitx.kit_card(kit).write_card(folder / "kit.fkcard")
        kit_keys = load_identity(kit, Role.KIT)
        assert kit_keys is not None
    hq.enroll_kit(hq_vault, folder / "kit.fkcard")
    hq_vault.close()
    return hq_keys, kit_keys, kit_keys.ident


def _valid(path: Path, hq_keys: Identity, kit_keys: Identity, size: int) -> None:
    """A bundle of ``size`` bytes of records that the kit signed (records of RECORD bytes)."""
    count = max(1, size // RECORD)
    ids = [str(uuid.UUID(int=n + 1)) for n in range(count)]

    def record(entry_id: str) -> bytes:
        pad = "x" * (RECORD - 67)  # the record is RECORD bytes exactly
        return canonical_json({"id": entry_id, "pad": pad, "revision": 1})

    entries = [fmt.Entry(i, 1, sha256_hex(record(i)), len(record(i))) for i in ids]
    manifest = fmt.manifest_bytes(
        bundle_id=str(uuid.uuid4()),
        kit_id=kit_keys.ident,
        kit_fingerprint=kit_keys.card.fingerprint,
        kit_signing_key=base64.b64encode(bytes(kit_keys.signing.verify_key)).decode(),
        sequence=1,
        prev_manifest_sha256=None,
        hq_id=hq_keys.ident,
        hq_fingerprint=hq_keys.card.fingerprint,
        created_at="2026-01-01T00:00:00Z",
        entries=entries,
    )
    signature = fmt.sign_manifest(manifest, kit_keys.signing)
    with path.open("wb") as out:
        payloads = (record(i) for i in ids)
        fmt.write_encrypted(out, manifest, signature, payloads, [hq_keys.card.recipient()])


def _header(stanzas: int) -> bytes:
    """An age header of ``stanzas`` X25519 stanzas, none for HQ."""

    def b64() -> bytes:
        return base64.b64encode(os.urandom(32)).rstrip(b"=")

    body = b"".join(b"-> X25519 " + b64() + b"\n" + b64() + b"\n" for _ in range(stanzas))
    return b"age-encryption.org/v1\n" + body + b"--- " + b"A" * 43 + b"\n"


_OLD = """
import sys, time, pyrage
data = open(sys.argv[1], "rb").read()
identity = pyrage.x25519.Identity.generate()
start = time.perf_counter()
try:
    pyrage.decrypt(data, [identity])
except Exception:
    pass
print(time.perf_counter() - start)
"""


def _old_stanza_time(path: Path) -> str:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _OLD, str(path)],
            capture_output=True,
            text=True,
            timeout=OLD_TIMEOUT_S,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return f"more than {OLD_TIMEOUT_S} s"
    return f"{float(done.stdout):.1f} s"


def _peak(report: Report, what: str, engine: str, folder: Path, path: Path, key: str) -> None:
    found = child("bundle", engine, str(folder / "hq"), "--out", str(path), "--recipient", key)
    peak = found["hwm_kib"] / 1024
    size = path.stat().st_size / 2**20
    report.figures[f"hostile_{what.replace(' ', '_')}"] = found
    report.line(
        f"  {what} ({size:,.0f} MiB): {found['outcome']} in {found['seconds']:.2f} s, "
        f"peak {peak:.0f} MB ({found['detail'][:90]})"
    )
    report.target(f"peak RSS, {what}", f"{peak:.0f} MB (< {TARGET_PEAK_MB})", peak < TARGET_PEAK_MB)


def run(report: Report, work: Path, quick: bool) -> None:
    folder = work / "hostile"
    folder.mkdir()
    size = (64 if quick else 1024) << 20
    hq_keys, kit_keys, _ = _setup(folder)
    key = bytes(kit_keys.signing.verify_key).hex()

    garbage = folder / "garbage.fkbundle"
    block = os.urandom(1 << 20)
    _encrypt(garbage, iter([block] * (size >> 20)), hq_keys)
    _peak(report, "HQ import of garbage", "hq", folder, garbage, key)
    garbage.unlink()

    valid = folder / "valid.fkbundle"
    _valid(valid, hq_keys, kit_keys, size)
    _peak(report, "HQ import of a signed bundle", "hq", folder, valid, key)
    _peak(report, "streaming reader over a signed bundle", "stream", folder, valid, key)
    # The largest bundle HQ's whole-bundle path reads into memory (its records are not
    # interviews, so it stops at validation: a real one merges too).
    _valid(valid, hq_keys, kit_keys, fmt.MAX_HELD_BYTES)
    _peak(report, "HQ import of a signed bundle at the held cap", "hq", folder, valid, key)
    valid.unlink()

    stanzas = folder / "stanzas.fkbundle"
    stanzas.write_bytes(_header(10_000))
    with Vault.open(folder / "hq", PASSPHRASE) as vault:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            [result] = hq.import_bundles(vault, [stanzas])
            times.append(time.perf_counter() - start)
            assert isinstance(result, fmt.BundleRejected)
    refuse = median(times)
    old = folder / "old.age"
    old.write_bytes(_header(OLD_STANZAS))
    before = _old_stanza_time(old)
    report.figures["hostile_refuse_10000_stanzas_s"] = refuse
    report.figures["hostile_old_800_stanzas"] = before
    report.line(
        f"  10,000-stanza header (1 MB): refused in {ms(refuse)} (median of 5, hq.import_bundles);"
        f" old path, pyrage.decrypt of {OLD_STANZAS} stanzas: {before}"
    )
    report.target(
        "refusing a 10,000-stanza header",
        f"{ms(refuse)} (< {TARGET_REFUSE_MS} ms)",
        refuse * 1000 < TARGET_REFUSE_MS,
    )
    report.line("  valid-bundle import throughput: see the exchange group (target 10,000/s)")
