"""The last backup's time kept in the vault, and the count the app's reminder shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fieldkit.core.record import Status, validate
from fieldkit.vault import records
from fieldkit.vault.backup_note import backup_and_note, not_backed_up
from fieldkit.vault.settings import LAST_BACKUP
from fieldkit.vault.store import Vault
from tests.helpers import FAST_KDF, PASSPHRASE


def test_a_backup_is_noted_and_later_saves_are_counted(tmp_path: Path) -> None:
    with Vault.create(tmp_path / "v", PASSPHRASE, kdf=FAST_KDF)[0] as vault:
        assert not_backed_up(vault) == 0
        first = records.save(vault, validate({"place": "Korday", "quote": "They came at night."}))
        assert not_backed_up(vault) == 1  # never backed up
        (tmp_path / "usb").mkdir()
        written = backup_and_note(vault, tmp_path / "usb")
        assert written.parent == tmp_path / "usb"
        assert vault.get_setting(LAST_BACKUP) is not None
        assert not_backed_up(vault) == 0
        later = datetime.now(UTC) + timedelta(seconds=5)
        records.save(vault, validate({"place": "Tokmok", "quote": "We waited."}), now=later)
        assert not_backed_up(vault) == 1
        records.set_status(vault, [first.id], Status.RECEIVED)  # confirmed by HQ: not counted
        assert not_backed_up(vault) == 1


def test_a_snapshot_backup_writes_nothing_into_the_vault(tmp_path: Path) -> None:
    Vault.create(tmp_path / "v", PASSPHRASE, kdf=FAST_KDF)[0].close()
    (tmp_path / "usb").mkdir()
    with Vault.open(tmp_path / "v", PASSPHRASE, read_only=True) as snapshot:
        backup_and_note(snapshot, tmp_path / "usb")  # as `fieldkit backup` reads the vault
    with Vault.open(tmp_path / "v", PASSPHRASE) as vault:
        assert vault.get_setting(LAST_BACKUP) is None
