"""A file that is not a bundle is named for what it is when HQ is asked to import it."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest

from tests.builders import make_hq, make_kit
from tests.helpers import PASSPHRASE, cli_in_process

cli = cli_in_process


@pytest.fixture
def hq_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    make_hq(tmp_path / "hq")[0].close()
    return tmp_path / "hq"


def wrong_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    """An empty file, a text file, garbage, a kit card, a receipt, an age file for another HQ."""
    usb = tmp_path / "usb"
    usb.mkdir()
    files = {
        "empty": usb / "empty.fkbundle",
        "text": usb / "notes.txt",
        "garbage": usb / "garbage.fkbundle",
        "card": usb / "kit.fkcard",
        "receipt": usb / "bundle-1.fkreceipt",
        "other hq": usb / "other.fkbundle",
    }
    files["empty"].write_bytes(b"")
    files["text"].write_text("Meeting notes, 16 February 2020\n", encoding="utf-8")
    files["garbage"].write_bytes(bytes(range(256)) * 4)
    make_kit(tmp_path / "kit").close()
    kit = str(tmp_path / "kit")
    assert cli(capsys, "card", "--vault", kit, "--out", str(files["card"]))[0] == 0
    other = pyrage.x25519.Identity.generate().to_public()
    files["receipt"].write_bytes(bytes(pyrage.encrypt(b"FIELDKIT-RECEIPT\x001\n", [other])))
    files["other hq"].write_bytes(bytes(pyrage.encrypt(b"FIELDKIT-BUNDLE", [other])))
    return files


EXPECTED = {
    "empty": "is empty: this is not a bundle",
    "text": "is not age-encrypted: this is not a bundle",
    "garbage": "is not age-encrypted: this is not a bundle",
    "card": "is a kit card, not a bundle",
    "receipt": "is a receipt",
    "other hq": "made for another HQ",
}


def test_each_wrong_file_gets_one_line_saying_what_it_is(
    hq_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, path in wrong_files(tmp_path, capsys).items():
        code, _out, err = cli(capsys, "hq", "import", "--hq", str(hq_dir), str(path))
        assert code == 1, name
        assert err.count("\n") == 1, (name, err)
        assert EXPECTED[name] in err, (name, err)
        if name != "other hq":
            assert "cannot be decrypted" not in err, (name, err)
