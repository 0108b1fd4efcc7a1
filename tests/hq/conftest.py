"""An HQ with two enrolled kits, built fresh for each test (cheap key derivation)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.exchange.keys import Identity
from fieldkit.vault.store import Vault
from tests.helpers import FAST_KDF, PASSPHRASE


@dataclass
class Network:
    hq: Vault
    hq_identity: Identity
    kits: list[Vault]
    usb: Path


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    hq_vault, _, identity = hq.hq_init(tmp_path / "hq", PASSPHRASE, "ADC Memorial", kdf=FAST_KDF)
    identity.write_card(tmp_path / "hq.card")
    kits = []
    for name in ("a", "b"):
        vault, _ = Vault.create(
            tmp_path / f"kit-{name}", PASSPHRASE, organisation="ADC Memorial", kdf=FAST_KDF
        )
        kitx.enroll_hq(vault, tmp_path / "hq.card")
        kitx.kit_card(vault).write_card(tmp_path / f"kit-{name}.card")
        hq.enroll_kit(hq_vault, tmp_path / f"kit-{name}.card")
        kits.append(vault)
    usb = tmp_path / "usb"
    usb.mkdir()
    yield Network(hq_vault, identity, kits, usb)
    for vault in (hq_vault, *kits):
        vault.close()
