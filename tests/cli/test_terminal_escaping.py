"""The kit's commands print record text and file names with control characters escaped."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from fieldkit.core.record import Interview, Quote, Status, new_id
from fieldkit.vault import records
from fieldkit.vault.store import Vault
from tests.helpers import FAST_KDF, PASSPHRASE, cli_in_process

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def kit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A vault holding a record stored before control characters were removed: (dir, id)."""
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    vault, _ = Vault.create(tmp_path / "kit", PASSPHRASE, organisation="ADC", kdf=FAST_KDF)
    with vault:
        stored = records.save(
            vault,
            replace(
                Interview(
                    id=new_id(),
                    interview_date=date(2020, 2, 18),
                    place="Korday\x1b[2J",
                    role="\u202ewitness",
                    quotes=(Quote("First\x9b2K line.\nSecond\tline.", ("night\x07",)),),
                    status=Status.READY,
                ),
                notes="private \x1b]0;title\x07",
            ),
        )
    return str(tmp_path / "kit"), stored.id


def test_show_and_list_escape_controls_but_keep_line_breaks(
    capsys: pytest.CaptureFixture[str], kit: tuple[str, str]
) -> None:
    folder, record_id = kit
    code, out, _ = cli_in_process(capsys, "show", "--vault", folder, record_id[:8])
    assert code == 0
    assert not RAW.search(out.replace("\n", ""))
    assert "Korday\\x1b[2J" in out and "\\u202ewitness" in out
    assert "First\\x9b2K line." in out and "[night\\x07]" in out
    assert "private \\x1b]0;title\\x07" in out
    code, out, _ = cli_in_process(capsys, "list", "--vault", folder)
    assert code == 0 and not RAW.search(out.replace("\n", ""))
    assert "Korday\\x1b[2J" in out


@pytest.mark.parametrize("command", ["list", "show"])
def test_json_output_escapes_them_and_reads_back_the_same(
    capsys: pytest.CaptureFixture[str], kit: tuple[str, str], command: str
) -> None:
    folder, record_id = kit
    args = (
        ["list", "--vault", folder] if command == "list" else ["show", "--vault", folder, record_id]
    )
    code, out, _ = cli_in_process(capsys, *args, "--json")
    assert code == 0 and not RAW.search(out.replace("\n", ""))
    data = json.loads(out)
    record = data[0] if command == "list" else data
    assert record["place"] == "Korday\x1b[2J" and record["role"] == "\u202ewitness"
    assert record["quotes"][0]["text"] == "First\x9b2K line.\nSecond\tline."


def test_an_error_naming_a_file_is_one_escaped_line(
    capsys: pytest.CaptureFixture[str], kit: tuple[str, str], tmp_path: Path
) -> None:
    folder, _ = kit
    name = tmp_path / "x\x1b[1A\x1b[2Kimported 12 interview(s)\n.jsonl"
    code, _, err = cli_in_process(capsys, "import", "--vault", folder, str(name))
    assert code != 0
    assert err.count("\n") == 1 and not RAW.search(err[:-1])
    assert "\\x1b[1A\\x1b[2Kimported 12 interview(s)\\x0a.jsonl" in err
