"""Through the CLI: a kit restored from a backup exports, and HQ says what happened."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import make_hq, make_kit
from tests.helpers import PASSPHRASE, cli_in_process

cli = cli_in_process


def _add(capsys: pytest.CaptureFixture[str], kit: str, quote: str) -> None:
    code, _out, err = cli(
        capsys, "add", "--vault", kit, "--date", "2020-02-18", "--place", "Masanchi",
        "--role", "witness", "--quote", quote,
    )  # fmt: skip
    assert code == 0, err


def _send(capsys: pytest.CaptureFixture[str], kit: str, hq_dir: str, usb: Path) -> str:
    """Export into an empty folder and import that bundle at HQ: the import's output."""
    out_dir = usb / f"out-{len(list(usb.iterdir()))}"
    out_dir.mkdir()
    code, out, err = cli(capsys, "export", "--vault", kit, "--out", str(out_dir))
    assert code == 0, err
    [bundle] = out_dir.glob("*.fkbundle")
    code, imported, err = cli(capsys, "hq", "import", "--hq", hq_dir, str(bundle))
    assert code == 0, err
    return out + imported + err


def test_restored_kit_exports_and_hq_reports_the_new_timeline(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    make_hq(tmp_path / "hq")[0].close()
    make_kit(tmp_path / "kit").close()
    hq_dir, kit, usb = str(tmp_path / "hq"), str(tmp_path / "kit"), tmp_path / "usb"
    usb.mkdir()
    card, kit_card = str(tmp_path / "hq.card"), str(tmp_path / "kit.card")
    assert cli(capsys, "hq", "card", "--hq", hq_dir, "--out", card)[0] == 0
    assert cli(capsys, "enroll", "--vault", kit, card)[0] == 0
    assert cli(capsys, "card", "--vault", kit, "--out", kit_card)[0] == 0
    assert cli(capsys, "hq", "enroll-kit", "--hq", hq_dir, kit_card)[0] == 0

    _add(capsys, kit, "Before the backup.")
    _send(capsys, kit, hq_dir, usb)
    stick = tmp_path / "stick"
    stick.mkdir()
    assert cli(capsys, "backup", "--vault", kit, "--out", str(stick))[0] == 0
    [backup] = stick.iterdir()
    _add(capsys, kit, "After the backup, on the lost laptop.")
    _send(capsys, kit, hq_dir, usb)

    restored = str(tmp_path / "new-laptop")
    code, out, _err = cli(capsys, "restore", str(backup), "--vault", restored)
    assert code == 0 and "new timeline" in out
    _add(capsys, restored, "On the new laptop.")
    text = _send(capsys, restored, hq_dir, usb)
    assert "wrote bundle 2 with 2 interviews" in text
    assert "bundle 2 starts a new timeline after bundle 1" in text
    assert "was restored from a backup: a new timeline starts after bundle 1; bundle 2 of " in text
    assert "1 new, 0 already sent by another kit, 0 updated, 1 unchanged, 0 quarantined" in text
    assert "rejected" not in text
    code, _out, err = cli(capsys, "list", "--vault", hq_dir)
    assert "3 interviews" in err
