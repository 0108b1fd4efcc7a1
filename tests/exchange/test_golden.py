"""The bundle format is a public contract: fixed keys and input give these exact bytes.

After an intended format change, regenerate with FIELDKIT_UPDATE_GOLDEN=1 and bump the
version in docs/bundle-format.md if an older reader would misread the new bytes.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from pathlib import Path

import pytest

from fieldkit import kit as kitx
from fieldkit.core.record import validate
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.keys import Role, load_identity
from fieldkit.kit import export as kit_export
from fieldkit.vault import records
from fieldkit.vault.store import Vault
from tests.helpers import FAST_KDF, FIXTURES, PASSPHRASE, REPO

GOLDEN = REPO / "tests" / "golden" / "bundle-v1.plain"
# Test-only keys, published here on purpose: never use them for anything real.
KIT_AGE = "AGE-SECRET-KEY-14U3AQ0GR3K7QYFVP2UGG3ZEXUZJLV0Y2WHT2F7M0S4YNN6SMGQ9S5ZL9A7"
HQ_AGE = "AGE-SECRET-KEY-1CFLE4M54U0SE7LUJ3UNWEK8GZ7U0796FPZFH7LCLVR5VUKKKLM9S65LPSP"


def _identity(vault: Vault, role: Role, ident: str, seed: bytes, age: str) -> None:
    vault.set_setting(
        f"identity.{role.value}",
        {
            "id": ident,
            "name": "ADC Memorial",
            "signing_seed": base64.b64encode(seed).decode(),
            "age_identity": age,
        },
    )


def test_golden_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hq_vault, _ = Vault.create(tmp_path / "hq", PASSPHRASE, kdf=FAST_KDF)
    _identity(hq_vault, Role.HQ, "00000000-0000-4000-8000-0000000000a1", b"\x01" * 32, HQ_AGE)
    hq = load_identity(hq_vault, Role.HQ)
    assert hq is not None
    hq.write_card(tmp_path / "hq.card")
    kit, _ = Vault.create(tmp_path / "kit", PASSPHRASE, organisation="ADC Memorial", kdf=FAST_KDF)
    _identity(kit, Role.KIT, "00000000-0000-4000-8000-0000000000b2", b"\x02" * 32, KIT_AGE)
    kitx.enroll_hq(kit, tmp_path / "hq.card")
    for number, line in enumerate(FIXTURES.read_text(encoding="utf-8").splitlines(), start=1):
        raw = json.loads(line)
        raw["id"] = str(uuid.UUID(int=number, version=4))
        raw["status"] = "ready"
        records.save(kit, validate(raw))
    monkeypatch.setattr(
        kit_export.uuid, "uuid4", lambda: uuid.UUID("00000000-0000-4000-8000-00000000b0b0")
    )
    monkeypatch.setattr(kit_export, "now_iso", lambda: "2020-02-20T12:00:00Z")
    summary = kitx.export_bundle(kit, tmp_path)
    assert summary.path is not None
    assert summary.path.name == "00000000-0000-4000-8000-00000000b0b0.fkbundle"
    plain = fmt.decrypt(summary.path.read_bytes(), hq.age)
    if os.environ.get("FIELDKIT_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(plain)
    assert plain == GOLDEN.read_bytes()
    # The golden bytes also read back as the spec says.
    frames = fmt.split_frames(plain)
    manifest = json.loads(frames[0])
    assert manifest["sequence"] == 1 and len(manifest["entries"]) == 11 == len(frames) - 2
    assert manifest["hq_fingerprint"] == hq.card.fingerprint
    kit.close()
    hq_vault.close()
