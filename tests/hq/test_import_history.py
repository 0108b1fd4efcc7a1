"""HQ's history of imports: kept in the dataset, whichever imported, newest first."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.hq.import_history import Fate, history
from fieldkit.vault import database
from fieldkit.vault.database import MIGRATIONS
from fieldkit.vault.store import Vault
from tests.builders import Network, add_interview, edit_quote, export
from tests.helpers import FAST_KDF, PASSPHRASE, cli_in_process


def test_every_bundle_taken_up_is_a_line_of_the_history_newest_first(
    network: Network, tmp_path: Path
) -> None:
    kit_a = network.kits[0]
    first = add_interview(kit_a)
    one = export(kit_a, network.usb)
    edit_quote(kit_a, first, "They came at night, all of them.")
    add_interview(kit_a, place="Osh")
    two = export(kit_a, network.usb)
    garbage = tmp_path / "notes.fkbundle"
    garbage.write_text("not a bundle at all\n")
    hq.import_bundles(network.hq, [one, two, one, garbage])

    lines = history(network.hq)
    assert [line.fate for line in lines] == [
        Fate.REJECTED,
        Fate.REPLAY,
        Fate.IMPORTED,
        Fate.IMPORTED,
    ]
    rejected, replay, second, first_line = lines
    name = hq.find_kit(network.hq, kitx.kit_card(kit_a).card.fingerprint).name
    assert (first_line.file_name, first_line.sequence, first_line.kit_name) == (one.name, 1, name)
    assert (first_line.new, first_line.updated, first_line.quarantined) == (1, 0, 0)
    assert (second.sequence, second.new, second.updated, second.stored) == (2, 1, 1, 2)
    assert (replay.file_name, replay.sequence, replay.unchanged) == (one.name, 1, 1)
    assert rejected.file_name == "notes.fkbundle" and rejected.bundle_id is None
    assert "not a bundle" in rejected.reason and rejected.kit_name == ""
    assert first_line.imported_at <= second.imported_at


def test_the_command_line_s_imports_are_in_the_history(
    network: Network, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_interview(network.kits[0])
    bundle = export(network.kits[0], network.usb)
    folder = Path(network.hq.path)
    network.hq.close()
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    code, _out, _err = cli_in_process(capsys, "hq", "import", "--hq", str(folder), str(bundle))
    assert code == 0
    code, out, err = cli_in_process(capsys, "hq", "imports", "--hq", str(folder))
    assert code == 0 and bundle.name in out and "bundle 1 of kit" in out and "1 new" in out
    assert "1 import" in err
    code, _out, err = cli_in_process(capsys, "hq", "imports", "--hq", str(folder), "--last", "0")
    assert code != 0 and err.count("\n") == 1 and "--last" in err
    network.hq = Vault.open(folder, PASSPHRASE)
    [line] = history(network.hq)
    assert (line.fate, line.file_name, line.new) == (Fate.IMPORTED, bundle.name, 1)


def test_upgrading_lists_the_bundles_imported_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "hq"
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= 6])
        vault, _recovery, _identity = hq.hq_init(path, PASSPHRASE, "ADC Memorial", kdf=FAST_KDF)
        with vault.transaction("a bundle of schema 6") as conn:
            conn.execute(
                "INSERT INTO kits VALUES ('kit-1', 'ABCD-EFGH', 'Osh', '{}', '2020-01-01')"
            )
            conn.execute(
                "INSERT INTO bundles_in VALUES ('b-1', 'kit-1', 3, 'aa', NULL, "
                "'2020-01-02T10:00:00Z', 5, 1, x'00')"
            )
        vault.close()
    with Vault.open(path, PASSPHRASE) as upgraded:
        [line] = history(upgraded)
    assert (line.fate, line.file_name, line.sequence) == (Fate.IMPORTED, "", 3)
    assert line.kit_name == "Osh"
    assert (line.stored, line.quarantined, line.new) == (5, 1, None)
