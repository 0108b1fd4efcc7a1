"""HQ's names for its kits: given at enrolment, unique, kept by the schema-6 upgrade."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.core.errors import FieldkitError
from fieldkit.vault import database
from fieldkit.vault.database import MIGRATIONS
from fieldkit.vault.store import Vault
from tests.builders import Network, add_interview
from tests.helpers import FAST_KDF, PASSPHRASE


def test_enrolled_kits_have_distinct_default_names_and_keep_them(network: Network) -> None:
    kits = hq.kit_list(network.hq)
    assert len({k.name for k in kits}) == 2
    for kit in kits:
        assert kit.name == f"{hq.kits(network.hq)[0].name} {kit.fingerprint[:4]}"
    card = network.hq.read("SELECT card FROM kits WHERE kit_id = ?", (kits[0].kit_id,))[0][0]
    assert card  # the card itself is kept as enrolled


def test_renaming_checks_the_name_and_the_fingerprint(network: Network) -> None:
    first, second = hq.kit_list(network.hq)
    with pytest.raises(FieldkitError, match="already named"):
        hq.rename_kit(network.hq, first.fingerprint, second.name.upper())
    with pytest.raises(FieldkitError, match="cannot be empty"):
        hq.rename_kit(network.hq, first.fingerprint, "  ")
    with pytest.raises(FieldkitError, match="control characters"):
        hq.rename_kit(network.hq, first.fingerprint, "Osh\x1b[2J")
    with pytest.raises(FieldkitError, match="no enrolled kit"):
        hq.rename_kit(network.hq, "", "Osh")
    hq.rename_kit(network.hq, first.fingerprint[:4].lower(), "  Osh   north ")
    assert hq.find_kit(network.hq, first.fingerprint).name == "Osh north"


def test_the_kit_s_name_and_what_it_sent_follow_its_bundles(network: Network) -> None:
    add_interview(network.kits[0])
    outcome = network.send(network.kits[0])
    first = hq.find_kit(network.hq, kitx.kit_card(network.kits[0]).card.fingerprint)
    assert outcome.kit_name == first.name and outcome.unreviewed == 0
    assert (first.last_sequence, first.interviews) == (1, 1) and first.last_imported_at
    hq.rename_kit(network.hq, first.fingerprint, "Tokmok")
    [stored] = hq.provenance(
        network.hq, [r[0] for r in network.hq.read("SELECT id FROM interviews")]
    ).values()
    assert stored[-1].kit_name == "Tokmok"


def test_upgrading_names_the_kits_enrolled_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "hq"
    prints = ("ABCD-EFGH-IJKL-MNOP-QRST", "ABCD-ZZZZ-IJKL-MNOP-QRST", "WXYZ-EFGH-IJKL-MNOP-QRST")
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= 5])
        vault, _ = Vault.create(path, PASSPHRASE, organisation="ADC Memorial", kdf=FAST_KDF)
        with vault.transaction("kits of schema 5") as conn:
            for number, fingerprint in enumerate(prints):
                conn.execute(
                    "INSERT INTO kits VALUES (?,?,?,?,?)",
                    (f"kit-{number}", fingerprint, "ADC Memorial", "{}", f"2020-01-0{number + 1}"),
                )
        vault.close()
    with Vault.open(path, PASSPHRASE) as upgraded:
        names = [r[0] for r in upgraded.read("SELECT name FROM kits ORDER BY enrolled_at")]
        columns = {r[1] for r in upgraded.read("PRAGMA table_info(provenance)")}
    # Two kits share the first group: those are named by their whole fingerprint.
    assert names == [f"ADC Memorial {prints[0]}", f"ADC Memorial {prints[1]}", "ADC Memorial WXYZ"]
    assert "unreviewed" in columns
