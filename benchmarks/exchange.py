"""The exchange workloads: a kit exporting a bundle to HQ, HQ importing bundles (and again).

Baselines, run in the same process: pyrage encrypting the same canonical payloads to the same
HQ recipient (for the export), and pyrage decrypting the same bundles plus checking their
manifest signature (for HQ's import). See ``benchmarks/README.md``.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyrage
from nacl.signing import VerifyKey

from benchmarks.common import (
    FAST_KDF,
    ORGANISATION,
    PASSPHRASE,
    Report,
    child,
    make_vault,
    median,
    ms,
    p95,
    ratio,
    rss_kib,
    timed,
)
from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.keys import Card, Identity
from fieldkit.exchange.receipt import RECEIPT_SUFFIX
from fieldkit.hq import revocation
from fieldkit.kit import export as kit_export
from fieldkit.vault import records
from fieldkit.vault.store import Vault

TARGET_EXPORT_RATIO = 2.0  # export time / pyrage encrypting the same payloads
TARGET_EXPORT_PEAK_MB = 300
TARGET_HQ_IMPORT_RATE = 10_000  # interviews/s
TARGET_HQ_REPLAY_RATE = 50_000  # interviews/s
BASELINE_RUNS = 3

_LEN = struct.Struct(">I")


@dataclass
class Network:
    """One HQ and one enrolled kit that pins it (both open)."""

    folder: Path
    hq: Vault
    hq_identity: Identity
    kit: Vault
    kit_card: Card
    n: int


def setup(report: Report, work: Path, jsonl: Path) -> Network:
    """HQ's dataset and a kit holding the JSONL file's interviews, enrolled both ways, as
    tests/hq/conftest.py does (cheap key derivation)."""
    folder = work / "exchange"
    folder.mkdir()
    hq_vault, _, identity = hq.hq_init(folder / "hq", PASSPHRASE, ORGANISATION, kdf=FAST_KDF)
    identity.write_card(folder / "hq.fkcard")
    kit, import_s, n = make_vault(folder / "kit", jsonl)
    kitx.enroll_hq(kit, folder / "hq.fkcard")
    kitx.kit_card(kit).write_card(folder / "kit.fkcard")
    card = hq.enroll_kit(hq_vault, folder / "kit.fkcard")
    report.line(
        f"  setup: HQ dataset + one kit; the kit imported the JSONL file ({n:,} interviews) in "
        f"{import_s:.1f} s; cards enrolled both ways"
    )
    return Network(folder, hq_vault, identity, kit, card, n)


def _export_order(kit: Vault) -> list[str]:
    """The ids in the order export_bundle writes them (kit.py ``_candidates``)."""
    rows = kit.read("SELECT id FROM interviews ORDER BY interview_date, created_at, rowid")
    return [r[0] for r in rows]


def _payloads(kit: Vault, ids: list[str]) -> Iterator[bytes]:
    for start in range(0, len(ids), kit_export.CHUNK):
        for interview in records.get_many(kit, ids[start : start + kit_export.CHUNK]):
            yield fmt.payload_of(interview)


def export_slices(net: Network, bundles: int, size: int) -> tuple[list[Path], float]:
    """``bundles`` bundles of ``size`` interviews each, oldest rows first (sequences 1, 2, …).

    ``export_bundle(ids=…)`` with the next ``size`` ids: what a kit sends when it collected
    ``size`` interviews between exports and applied every receipt in between.
    """
    usb = net.folder / "usb"
    usb.mkdir()
    ids = [r[0] for r in net.kit.read("SELECT id FROM interviews ORDER BY rowid")]
    paths: list[Path] = []
    seconds = 0.0
    for number in range(bundles):
        part = ids[number * size : (number + 1) * size]
        took, summary = timed(
            lambda part=part: kitx.export_bundle(net.kit, usb, ids=part, allow_unreviewed=True)
        )
        seconds += took
        if summary.path is None or len(summary.included) != size:
            raise RuntimeError(f"slice {number + 1}: exported {len(summary.included)} of {size}")
        paths.append(summary.path)
    return paths, seconds


def _encrypt_to_file(data: bytes, path: Path, recipient: pyrage.x25519.Recipient) -> None:
    with open(path, "xb") as handle:
        pyrage.encrypt_io(io.BytesIO(data), handle, [recipient])
        handle.flush()
        os.fsync(handle.fileno())


def _import_log_rows(vault: Vault) -> int:
    return int(vault.read("SELECT count(*) FROM hq_imports")[0][0])


def bench_export(report: Report, net: Network) -> Path:
    """E1; returns the baseline's plaintext file (the canonical payloads) for E2's baseline."""
    n = net.n
    report.section(f"E1. Export of {n:,} interviews to one bundle (in this process)")
    out = net.folder / "export"
    out.mkdir()
    recipient = net.hq_identity.card.recipient()
    ids = _export_order(net.kit)

    # The baseline's input, built before its clock: every payload, as the bundle carries it.
    once_s, payloads = timed(lambda: list(_payloads(net.kit, ids)))
    stored_order = [r[0] for r in net.kit.read("SELECT id FROM interviews ORDER BY rowid")]
    storage_s, _ = timed(lambda: sum(1 for _ in _payloads(net.kit, stored_order)))
    data = b"\n".join(payloads)
    hash_s, _ = timed(lambda: [hashlib.sha256(p).hexdigest() for p in payloads])
    payloads.clear()

    # Synthetic quotes hold names and places the review would flag: send them all, as
    # 'fieldkit export --allow-unreviewed' does, so every run exports the same interviews.
    export_s, summary = timed(lambda: kitx.export_bundle(net.kit, out, allow_unreviewed=True))
    if summary.path is None or len(summary.included) != n:
        raise RuntimeError(f"export included {len(summary.included)} of {n}")
    bundle_size = summary.path.stat().st_size

    # The baseline is short and disk-bound (fsync): the median of three runs.
    base_runs, memory_runs = [], []
    for run in range(BASELINE_RUNS):
        target = out / f"baseline-{run}.age"
        base_runs.append(timed(lambda target=target: _encrypt_to_file(data, target, recipient))[0])
        base_size = target.stat().st_size
        target.unlink()
        memory_runs.append(timed(lambda: pyrage.encrypt(data, [recipient]))[0])
    base_s, memory_s = median(base_runs), median(memory_runs)
    plain_file = net.folder / "payloads.jsonl"
    plain_file.write_bytes(data)

    report.line(
        f"  fieldkit: export_bundle(kit, folder): every interview not confirmed by HQ, "
        f"manifest + signature + {n:,} payload frames, age-encrypted to HQ, fsync"
    )
    report.line(
        f"    {export_s:8.2f} s  {n / export_s:10,.0f} interviews/s   "
        f"bundle {bundle_size / 2**20:.1f} MiB"
    )
    report.line(
        "  baseline: pyrage.encrypt_io of the same payloads (payload_of for each interview, "
        "joined by newlines) to the same HQ recipient, into a file, fsync"
    )
    report.line(
        f"    {base_s:8.3f} s  {n / base_s:10,.0f} interviews/s   "
        f"plaintext {len(data) / 2**20:.1f} MiB, file {base_size / 2**20:.1f} MiB   "
        f"(median of {BASELINE_RUNS}: {', '.join(f'{x:.3f}' for x in base_runs)})"
    )
    report.line(f"  ratio fieldkit/baseline time: {ratio(export_s, base_s).strip()}")
    report.line(
        f"  info: pyrage.encrypt of the same bytes in memory: {memory_s:.3f} s (median) "
        f"({len(data) / 2**20 / memory_s:,.0f} MiB/s)"
    )
    report.line(
        f"  info: one pass reading every interview and building its payload (repository."
        f"get_many in chunks of {kit_export.CHUNK} + payload_of): {once_s:.2f} s, "
        f"{once_s / n * 1e6:.1f} us/interview; sha256 of every payload: {hash_s:.2f} s"
    )
    report.line(
        f"  info: the same pass in storage order (ORDER BY rowid): {storage_s:.2f} s, "
        f"{storage_s / n * 1e6:.1f} us/interview: the least any export reading the vault pays "
        f"({ratio(storage_s, base_s).strip()} the baseline)"
    )
    report.figures["export"] = {
        "n": n,
        "fieldkit_s": export_s,
        "baseline_s": base_s,
        "baseline_runs_s": base_runs,
        "ratio": export_s / base_s,
        "encrypt_in_memory_s": memory_s,
        "one_pass_s": once_s,
        "one_pass_storage_order_s": storage_s,
        "sha256_s": hash_s,
        "bundle_bytes": bundle_size,
        "plaintext_bytes": len(data),
    }
    report.target(
        f"export time <= {TARGET_EXPORT_RATIO:g}x pyrage baseline",
        f"{export_s / base_s:.2f}x ({export_s:.2f} s against {base_s:.3f} s)",
        export_s / base_s <= TARGET_EXPORT_RATIO,
    )
    return plain_file


def bench_export_memory(report: Report, net: Network, plain_file: Path) -> None:
    n = net.n
    report.section(f"E2. Peak memory of exporting {n:,} interviews (fresh child process)")
    out = net.folder / "export-child"
    out.mkdir()
    parent_kib = rss_kib()
    net.kit.close()  # the child opens the kit as 'fieldkit export' would
    fk = child("export", "fieldkit", str(net.folder / "kit"), "--out", str(out))
    recipient = str(net.hq_identity.card.recipient())
    base = child("export", "plain", str(plain_file), "--out", str(out), "--recipient", recipient)
    net.kit = Vault.open(net.folder / "kit", PASSPHRASE)
    if fk["count"] != n:
        raise RuntimeError(f"the child exported {fk['count']} of {n}")
    fk_mb, base_mb = fk["hwm_kib"] / 1024, base["hwm_kib"] / 1024
    report.line("  fieldkit: Vault.open + export_bundle(kit, folder), as 'fieldkit export' runs it")
    report.line(
        f"    peak RSS {fk_mb:7.1f} MB (VmHWM; RSS after opening the vault "
        f"{fk['before_kib'] / 1024:.1f} MB; ru_maxrss {fk['maxrss_kib'] / 1024:.1f} MB)   "
        f"export {fk['seconds']:.2f} s"
    )
    report.line("  baseline: pyrage.encrypt_io streaming the same payloads from a file into a file")
    report.line(
        f"    peak RSS {base_mb:7.1f} MB (VmHWM; before {base['before_kib'] / 1024:.1f} MB)   "
        f"{base['seconds']:.2f} s"
    )
    report.line(f"  ratio fieldkit/baseline peak RSS: {ratio(fk_mb, base_mb).strip()}")
    report.line(
        "  info: VmHWM is the child's own high-water mark; ru_maxrss may carry the parent's "
        f"across exec (this process's RSS: {parent_kib / 1024:.1f} MB)"
    )
    report.figures["export_memory"] = {"fieldkit": fk, "baseline": base, "parent_kib": parent_kib}
    report.target(
        f"export peak RSS < {TARGET_EXPORT_PEAK_MB} MB",
        f"{fk_mb:.1f} MB",
        fk_mb < TARGET_EXPORT_PEAK_MB,
    )


def _frames(plain: bytes, count: int) -> list[bytes]:
    """The first ``count`` frames after the magic (the baseline's own minimal parsing)."""
    pos = len(fmt.MAGIC)
    out = []
    for _ in range(count):
        (size,) = _LEN.unpack_from(plain, pos)
        out.append(plain[pos + 4 : pos + 4 + size])
        pos += 4 + size
    return out


def _decrypt_and_verify(paths: list[Path], identity: Identity, key: VerifyKey) -> int:
    checked = 0
    for path in paths:
        plain = pyrage.decrypt(path.read_bytes(), [identity.age])
        manifest, signature = _frames(plain, 2)
        key.verify(fmt.MANIFEST_CONTEXT + manifest, signature)
        checked += 1
    return checked


def _receipts(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob(f"*{RECEIPT_SUFFIX}"))}


def bench_hq_import(report: Report, net: Network, paths: list[Path], size: int) -> None:
    total = len(paths) * size
    report.section(
        f"E3. HQ import of {len(paths)} bundles of {size:,} interviews ({total:,}), then again"
    )
    first_dir, again_dir = net.folder / "receipts-1", net.folder / "receipts-2"

    def import_all(folder: Path) -> list[tuple[float, hq.ImportOutcome]]:
        # As 'fieldkit hq import B1 … B100' runs it: import_bundles, several bundles per
        # transaction; the per-bundle figure is each transaction's time shared by its bundles.
        out: list[tuple[float, hq.ImportOutcome]] = []
        step = hq.BUNDLES_PER_TRANSACTION
        for start in range(0, len(paths), step):
            group = paths[start : start + step]
            seconds, results = timed(
                lambda group=group: hq.import_bundles(net.hq, group, receipts_dir=folder)
            )
            for result in results:
                if not isinstance(result, hq.ImportOutcome):
                    raise RuntimeError(f"a bundle was refused: {result}")
                out.append((seconds / len(group), result))
        return out

    import_s, first = timed(lambda: import_all(first_dir))
    new = sum(o.new for _, o in first)
    problems = sum(o.quarantined + o.duplicates + o.updated + len(o.warnings) for _, o in first)
    if new != total or problems:
        raise RuntimeError(f"HQ stored {new} new of {total}; {problems} other outcomes")
    stored = int(net.hq.read("SELECT count(*) FROM interviews")[0][0])

    changes_before = net.hq.conn.total_changes
    logged_before = _import_log_rows(net.hq)
    replay_s, again = timed(lambda: import_all(again_dir))
    # HQ's import history (hq_imports) gains a line per bundle taken up, a replay included:
    # a log of the attempt, not a change to the dataset, so it is not counted here.
    logged = _import_log_rows(net.hq) - logged_before
    changed_rows = net.hq.conn.total_changes - changes_before - logged
    replays = sum(1 for _, o in again if o.replay and o.unchanged == size and not o.new)
    first_receipts, again_receipts = _receipts(first_dir), _receipts(again_dir)
    identical = sum(1 for name, data in first_receipts.items() if again_receipts.get(name) == data)

    key = net.kit_card.verify_key()
    base_s, checked = timed(lambda: _decrypt_and_verify(paths, net.hq_identity, key))
    read_s, _ = timed(lambda: [hq.read_bundle(net.hq, p) for p in paths])
    bundle_mib = sum(p.stat().st_size for p in paths) / 2**20

    rate, replay_rate, base_rate = total / import_s, total / replay_s, total / base_s
    per_first = [s for s, _ in first]
    per_again = [s for s, _ in again]
    report.line(
        f"  bundles: one kit, {len(paths)} exports of {size:,} interviews each "
        f"(export_bundle(ids=...), sequences 1-{len(paths)}, {bundle_mib:.1f} MiB in all)"
    )
    report.line(
        "  fieldkit: hq.import_bundles in sequence order, as 'fieldkit hq import' runs it: "
        f"decrypt, verify, validate, merge; {hq.BUNDLES_PER_TRANSACTION} bundles per transaction "
        "(a call each), a worker process parsing and validating the records of the bundles "
        "ahead, then a receipt file per bundle"
    )
    report.line(
        f"    first import {import_s:8.2f} s  {rate:10,.0f} interviews/s   per bundle "
        f"median {ms(median(per_first)).strip()}, p95 {ms(p95(per_first)).strip()}"
    )
    report.line(
        f"    replay       {replay_s:8.2f} s  {replay_rate:10,.0f} interviews/s   per bundle "
        f"median {ms(median(per_again)).strip()}, p95 {ms(p95(per_again)).strip()}"
    )
    report.line(
        f"    HQ holds {stored:,} interviews; replay: {replays}/{len(paths)} bundles reported as "
        f"replays with every interview unchanged, {changed_rows} rows changed, receipts "
        f"byte-identical {identical}/{len(first_receipts)}"
    )
    tenth = max(1, min(10, len(paths) // 2))
    report.line(
        f"    per bundle as HQ grows: first {tenth} bundles median "
        f"{ms(median(per_first[:tenth])).strip()}, last {tenth} median "
        f"{ms(median(per_first[-tenth:])).strip()}"
    )
    report.line(
        "  baseline: pyrage.decrypt of each bundle + Ed25519 check of its manifest signature"
    )
    report.line(f"    {base_s:8.3f} s  {base_rate:10,.0f} interviews/s   ({checked} bundles)")
    report.line(
        f"  ratio fieldkit/baseline time: first import {ratio(import_s, base_s).strip()}, "
        f"replay {ratio(replay_s, base_s).strip()}"
    )
    report.line(
        f"  info: hq.read_bundle alone (decrypt + full check: canonical JSON, signature, every "
        f"hash and length): {read_s:.2f} s, {total / read_s:,.0f} interviews/s"
    )
    report.figures["hq_import"] = {
        "bundles": len(paths),
        "bundle_size": size,
        "import_s": import_s,
        "replay_s": replay_s,
        "baseline_s": base_s,
        "read_bundle_s": read_s,
        "per_bundle_import_s": per_first,
        "per_bundle_replay_s": per_again,
        "replay_changed_rows": changed_rows,
        "identical_receipts": identical,
    }
    report.target(
        f"HQ import >= {TARGET_HQ_IMPORT_RATE:,} interviews/s",
        f"{rate:,.0f}/s",
        rate >= TARGET_HQ_IMPORT_RATE,
    )
    report.target(
        f"HQ replay >= {TARGET_HQ_REPLAY_RATE:,} interviews/s",
        f"{replay_rate:,.0f}/s",
        replay_rate >= TARGET_HQ_REPLAY_RATE,
    )
    report.target(
        "replay changes nothing, identical receipts",
        f"{changed_rows} rows changed, {identical}/{len(first_receipts)} receipts identical",
        changed_rows == 0 and identical == len(paths) == len(first_receipts) == replays,
    )


def bench_held(report: Report, net: Network, bundles: int, size: int) -> None:
    """E4: the kit revoked, its next bundles imported: checked as any bundle, then every
    record quarantined (docs/hq.md). Baseline: E3's first import, in this run."""
    count = min(bundles, 10)
    report.section(f"E4. HQ import of {count} bundles of {size:,} from a revoked kit (held)")
    usb = net.folder / "usb-held"
    usb.mkdir()
    ids = [r[0] for r in net.kit.read("SELECT id FROM interviews ORDER BY rowid")]
    paths = [
        kitx.export_bundle(
            net.kit, usb, ids=ids[n * size : (n + 1) * size], allow_unreviewed=True
        ).path
        for n in range(count)
    ]
    revocation.revoke_kit(net.hq, net.kit_card.fingerprint, by="benchmark")
    held_s, results = timed(lambda: hq.import_bundles(net.hq, [p for p in paths if p is not None]))
    held = sum(1 for r in results if isinstance(r, hq.ImportOutcome) and r.held == "revoked")
    waiting = int(net.hq.read("SELECT count(*) FROM quarantine WHERE resolved_at IS NULL")[0][0])
    first = report.figures["hq_import"]
    base_s = first["import_s"] * count / first["bundles"]  # E3's time for as many bundles
    report.line(
        f"  fieldkit: hq.import_bundles of the revoked kit's bundles: {held}/{count} held, "
        f"{waiting:,} records in the quarantine, no receipt"
    )
    report.line(
        f"    {held_s:8.2f} s  {count * size / held_s:10,.0f} interviews/s   per bundle "
        f"{ms(held_s / count).strip()}"
    )
    report.line(
        f"  baseline: E3's first import (merged, new), scaled to {count} bundles: "
        f"{base_s:.2f} s; ratio held/merged {ratio(held_s, base_s).strip()}"
    )
    report.figures["hq_import_held"] = {"bundles": count, "held_s": held_s, "baseline_s": base_s}


def run(report: Report, work: Path, jsonl: Path, bundles: int, size: int) -> None:
    report.section("Exchange: setup")
    net = setup(report, work, jsonl)
    try:
        if bundles * size > net.n:
            raise SystemExit(
                f"--bundles x --bundle-size ({bundles * size:,}) exceeds the {net.n:,} interviews"
            )
        paths, slices_s = export_slices(net, bundles, size)
        report.line(
            f"  setup: the kit exported {bundles} bundles of {size:,} for E3 in {slices_s:.1f} s "
            f"({bundles * size / slices_s:,.0f} interviews/s); E1 and E2 then export everything"
            " not confirmed (no receipt was applied: all of it)"
        )
        plain_file = bench_export(report, net)
        bench_export_memory(report, net, plain_file)
        bench_hq_import(report, net, paths, size)
        bench_held(report, net, bundles, size)
    finally:
        net.kit.close()
        net.hq.close()
    if 3 * size <= net.n:
        from benchmarks import timelines

        timelines.run(report, work, jsonl, size)
