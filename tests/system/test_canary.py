"""Canary: record text never reaches the disk in readable form.

Unique canary strings (one Latin, one Cyrillic) go into the quotes and notes of interviews.
Through the real command line (init, import, search, passwd) and a process killed in the
middle of saving canary records, no file under the vault folder, HOME or TMPDIR may contain
a canary: not in UTF-8, UTF-16-LE or UTF-16-BE, not in any letter case, not even the
random part alone (which is how the full-text index would store it, as a token).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.canary import ENCODINGS, make_canaries, scan
from tests.helpers import FIXTURES, run_cli
from tests.system.crash_child import SaverRun

NEW_PASSPHRASE = "violet tundra harmonica 93 quietly"


def _ok(result: object) -> None:
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]


def test_canaries_never_reach_the_disk(tmp_path: Path) -> None:
    home, tmpdir = Path(os.environ["HOME"]), Path(os.environ["TMPDIR"])
    vault_dir = tmp_path / "vault"
    scanned = (vault_dir, home, tmpdir)
    latin, cyrillic, needles = make_canaries()

    # The import file holds the canaries in plain text, so it lives outside the scanned dirs.
    source = tmp_path / "outside" / "canary.jsonl"
    source.parent.mkdir()
    rows = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines()]
    with source.open("w", encoding="utf-8") as out:
        for n, row in enumerate(rows[:4]):
            row = dict(
                row,
                quote=f"{row['quote']} \u201c{latin}\u201d \u00ab{cyrillic}\u00bb {n}",
                notes=f"Field note {n}: {latin} / {cyrillic}",
            )
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    assert not scan(scanned, needles)

    # The real init: Argon2 calibrated to about a second, as a researcher would have it.
    _ok(run_cli("init", "--vault", str(vault_dir), "--org", "ADC Memorial"))
    imported = run_cli("import", "--vault", str(vault_dir), str(source))
    _ok(imported)
    assert "imported 4 interviews" in imported.stdout

    # Search for each canary: the records are really in the vault, and found by word.
    for word in (latin.split("-")[1], cyrillic.split("-")[1].lower()):
        found = run_cli("list", "--vault", str(vault_dir), "--search", word, "--json")
        _ok(found)
        records = json.loads(found.stdout)
        assert len(records) == 4, word
        assert all(latin in r["quotes"][0]["text"] for r in records)
        assert all(cyrillic in r["notes"] for r in records)

    _ok(
        run_cli(
            "passwd",
            "--vault",
            str(vault_dir),
            env={"FIELDKIT_NEW_PASSPHRASE": NEW_PASSPHRASE},
        )
    )
    assert scan(scanned, needles) == []

    # A crash in the middle of saving canary records: the write-ahead log is left behind.
    run = SaverRun(
        vault_dir,
        passphrase=NEW_PASSPHRASE,
        prefix=f"{latin} {cyrillic}",
        notes=f"crash note {cyrillic} {latin}",
    )
    run.wait_ready()
    run.wait_acks(3)
    run.kill()
    acked, _, _ = run.outcome()
    assert len(acked) >= 3
    assert any(p.name == "vault.db-wal" for p in vault_dir.iterdir())
    assert scan(scanned, needles) == []

    # Reopening recovers them (they were written, just not readably) — scan once more.
    found = run_cli("list", "--vault", str(vault_dir), "--search", latin, passphrase=NEW_PASSPHRASE)
    _ok(found)
    listed = int(found.stderr.split()[0])  # "N interview(s)"
    assert listed in (4 + len(acked), 4 + len(acked) + 1)  # + the save in flight, if it landed
    assert scan(scanned, needles) == []

    # Self-check: the scanner does find a canary written in plain text in each place.
    for folder in scanned:
        nested = folder / "self-check" / "deeper"
        nested.mkdir(parents=True)
        for canary in (latin, cyrillic):
            for enc in ENCODINGS:
                probe = nested / "probe.bin"
                probe.write_bytes(b"\x00junk" + f"x {canary} y".encode(enc) + b"junk")
                assert scan([folder], needles), (folder, canary, enc)
                probe.unlink()
        # The token alone, lower-cased, as a full-text index would keep it.
        probe = nested / "probe.bin"
        probe.write_bytes(latin.split("-")[1].lower().encode("utf-16-le"))
        assert scan([folder], needles)
        probe.unlink()
        assert not scan([folder], needles)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_scanner_finds_canaries_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    latin, cyrillic, needles = make_canaries()
    assert not scan([tmp_path], needles)
    for canary in (latin, cyrillic):
        (tmp_path / "leak").write_bytes(canary.encode(encoding))
        assert scan([tmp_path], needles)
