"""Canary: strings inside a WAV's tags, a JPEG's EXIF comment, a PDF's title and a video's
title and track name, attached, listed, saved stripped, exported (to HQ, and from HQ with its
exports) and purged, are never found outside the vault, in UTF-8 or UTF-16, nor in the
stripped copies."""

from __future__ import annotations

import os
from pathlib import Path

from fieldkit import kit as kitx
from fieldkit.hq import attachments as hq_attachments
from fieldkit.hq.export_files import export_folder, export_uwazi_zip
from fieldkit.hq.exports import ExportFormat
from tests import media_samples
from tests.builders import Network, add_interview
from tests.canary import ENCODINGS, make_canaries, scan
from tests.helpers import run_cli


def test_attachment_metadata_never_leaves_the_vault(network: Network, tmp_path: Path) -> None:
    latin, cyrillic, needles = make_canaries()
    kit = network.kits[0]
    interview = add_interview(kit, quote="They came at night.")
    kit_dir = kit.path
    kit.close()  # the command line runs as a person would; reopened for the export below
    outside = tmp_path / "outside"
    outside.mkdir()
    files = {
        "voice.wav": media_samples.wav(f"{latin} {cyrillic}"),
        "injury.jpg": media_samples.jpeg(f"{latin} {cyrillic}"),
        "ruling.pdf": media_samples.pdf(f"{latin} {cyrillic}"),
        "street.mov": media_samples.video("mov", f"{latin} {cyrillic}"),
    }
    for name, data in files.items():
        (outside / name).write_bytes(data)
    scanned = [kit_dir, network.usb, network.hq.path, Path(os.environ["HOME"]),
               Path(os.environ["TMPDIR"])]  # fmt: skip
    assert scan(scanned, needles) == []
    assert scan([outside], needles)  # the control: the originals carry them

    def cli(*args: str):  # type: ignore[no-untyped-def]
        result = run_cli(args[0], "--vault", str(kit_dir), *args[1:])
        assert result.returncode == 0, result.stderr
        return result

    cli("attach", interview[:8], *(str(outside / n) for n in files))
    listed = cli("attachments", interview[:8])
    assert latin in listed.stdout  # shown to the person, in words
    for number in ("1", "2", "3", "4"):
        copy = outside / f"stripped-{number}"
        cli("attachment-save", interview[:8], number, "--out", str(copy), "--stripped")
        assert scan([outside], needles) and not [
            hit for hit in scan([outside], needles) if copy.name in hit
        ], f"attachment {number}'s stripped copy carries the canary"
    assert scan(scanned, needles) == []

    from fieldkit.vault.store import Vault
    from tests.helpers import PASSPHRASE

    with Vault.open(kit_dir, PASSPHRASE) as reopened:
        outcome = network.send(reopened)
        # HQ received the stripped copies: read back there, none carries the canary.
        received = hq_attachments.for_interview(network.hq, interview)
        assert len(received) == 4
        for item in received:
            assert item.copy == "stripped"
            with hq_attachments.open_reader(network.hq, item) as reader:
                data = reader.read()
            hits = [n for n in needles for enc in ENCODINGS if n.encode(enc) in data]
            assert not hits, f"HQ's copy of {item.media_type} carries the canary"
        # HQ's exports of them (a folder, and the ZIP for Uwazi) carry none either.
        exports = tmp_path / "exports"
        exports.mkdir()
        assert export_folder(network.hq, ExportFormat.JSONL, exports / "dataset").files == 4
        assert export_uwazi_zip(network.hq, exports / "uwazi.zip").files == 4
        assert scan([exports, *scanned], needles) == []
        summary = kitx.apply_receipt(reopened, outcome.receipt_path, purge=True)  # type: ignore[arg-type]
        # HQ confirmed each by its hash: purged with the interview, crypto-erased.
        assert summary.attachments_erased == 4 and summary.attachments_kept == 0
    assert scan(scanned, needles) == []
    assert list((kit_dir / "attachments").iterdir()) == []
