"""HQ importing a bundle of a kit restored from a backup (a new epoch) against the same bundle
from a kit never restored: what following the kit's timelines costs.

Both bundles carry the same ``size`` new interviews, onto an HQ that already holds two
bundles of ``size`` from that kit; the restored kit's bundle names an epoch, and the lost copy's
second bundle is on another timeline, so HQ also looks up, for every interview, whether its
latest revision came from there. Each import runs on a fresh copy of the same HQ dataset,
the two cases in turn.
"""

from __future__ import annotations

import shutil
from itertools import islice
from pathlib import Path

from benchmarks.common import FAST_KDF, ORGANISATION, PASSPHRASE, Report, median, ms, ratio, timed
from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.vault import importing
from fieldkit.vault.backup import OpenCopy, backup_vault, restore_vault
from fieldkit.vault.store import Vault

ROUNDS = 5


def _part(jsonl: Path, folder: Path, number: int, size: int) -> Path:
    """Lines ``number * size`` to ``(number + 1) * size`` of the JSONL file, as a file."""
    path = folder / f"part-{number}.jsonl"
    with open(jsonl, encoding="utf-8") as source:
        lines = list(islice(source, number * size, (number + 1) * size))
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _send(kit: Vault, central: Vault, out: Path) -> Path:
    out.mkdir(exist_ok=True)
    summary = kitx.export_bundle(kit, out, allow_unreviewed=True)
    assert summary.path is not None
    outcome = hq.import_bundle(central, summary.path)
    assert outcome.receipt_path is not None
    kitx.apply_receipt(kit, outcome.receipt_path)
    return summary.path


def _case(folder: Path, parts: list[Path], *, restored: bool) -> tuple[Path, Path]:
    """An HQ (closed) holding two bundles of a kit, and that kit's third bundle: from the kit
    restored from a backup made after the first (``restored``), or from the kit itself."""
    folder.mkdir()
    central, _, identity = hq.hq_init(folder / "hq", PASSPHRASE, ORGANISATION, kdf=FAST_KDF)
    identity.write_card(folder / "hq.fkcard")
    kit, _ = Vault.create(
        folder / "kit", PASSPHRASE, organisation=ORGANISATION, kdf=FAST_KDF, check_strength=False
    )
    kitx.enroll_hq(kit, folder / "hq.fkcard")
    kitx.kit_card(kit).write_card(folder / "kit.fkcard")
    hq.enroll_kit(central, folder / "kit.fkcard")
    importing.import_jsonl(kit, parts[0])
    _send(kit, central, folder / "usb")
    backup = backup_vault(kit, folder)
    importing.import_jsonl(kit, parts[1])
    _send(kit, central, folder / "usb")
    if restored:
        kit.close()
        kit = Vault.open(
            restore_vault(backup, folder / "restored", OpenCopy(PASSPHRASE)), PASSPHRASE
        )
    importing.import_jsonl(kit, parts[2])
    (folder / "last").mkdir()
    summary = kitx.export_bundle(kit, folder / "last", allow_unreviewed=True)
    assert summary.path is not None and (summary.new_timeline_after is not None) == restored
    kit.close()
    central.close()
    return folder / "hq", summary.path


def _import_once(hq_folder: Path, bundle: Path, size: int, number: int) -> float:
    copy = hq_folder.with_name(f"hq-copy-{number}")
    shutil.copytree(hq_folder, copy)
    with Vault.open(copy, PASSPHRASE) as central:
        took, outcome = timed(lambda: hq.import_bundle(central, bundle))
    assert outcome.new == size, (outcome.new, size)
    shutil.rmtree(copy)
    return took


def run(report: Report, work: Path, jsonl: Path, size: int) -> None:
    report.section("E5. HQ import of a restored kit's bundle (a new epoch)")
    folder = work / "timelines"
    folder.mkdir()
    parts = [_part(jsonl, folder, number, size) for number in range(3)]
    cases = {
        "plain": _case(folder / "plain", parts, restored=False),
        "restored": _case(folder / "restored", parts, restored=True),
    }
    times: dict[str, list[float]] = {"plain": [], "restored": []}
    for number in range(ROUNDS):  # interleaved, in turn first: the load of the machine varies
        order = ("plain", "restored") if number % 2 == 0 else ("restored", "plain")
        for name in order:
            times[name].append(_import_once(*cases[name], size, number))
    plain, restored = times["plain"], times["restored"]
    report.figures["timelines"] = {"plain_s": median(plain), "restored_s": median(restored)}
    report.line(
        f"  baseline: a bundle of {size:,} new interviews from a kit never restored, its third: "
        f"{ms(median(plain))} (median of {ROUNDS})"
    )
    report.line(
        f"  fieldkit: the same from the kit restored after its first bundle (epoch, the lost "
        f"copy's second bundle on another timeline): {ms(median(restored))} "
        f"{ratio(median(restored), median(plain))}"
    )
