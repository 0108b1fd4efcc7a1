"""``fieldkit rekey`` on the kit: new keys, a statement for HQ, the old keys destroyed."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from fieldkit import kit as kitx
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange.keys import Role, load_identity
from fieldkit.exchange.rekey import read_statement
from fieldkit.kit.rekey import rekey
from tests.builders import make_hq, make_kit

PAGE = 4096
#: SQLCipher 4 keeps each page's IV (16 bytes) and HMAC (64) at its end.
RESERVED = 80


def _decrypted_pages(data: bytes, key: bytes) -> bytes:
    """Every page of an SQLCipher 4 database file decrypted with its raw key (free pages and
    freed space included: what someone holding the data key could read)."""
    out = []
    for number in range(len(data) // PAGE):
        page = data[number * PAGE : (number + 1) * PAGE]
        start = 16 if number == 0 else 0  # the first page begins with the salt
        iv = page[PAGE - RESERVED : PAGE - RESERVED + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out.append(decryptor.update(page[start : PAGE - RESERVED]) + decryptor.finalize())
    return b"".join(out)


def test_the_old_keys_are_overwritten_in_the_vault_not_only_replaced(tmp_path: Path) -> None:
    vault = make_kit(tmp_path / "kit")
    try:
        kitx.kit_card(vault)
        for number in range(20):  # the keys' row among others, as in a vault in use
            vault.set_setting(f"test.{number}", "x" * 200)
        old = vault.get_setting("identity.kit")
        assert vault._dek is not None
        key = bytes(vault._dek)  # a copy: closing zeroes the vault's own
        moved = rekey(vault, tmp_path / "move.fkrekey")
        new = vault.get_setting("identity.kit")
        db = (tmp_path / "kit" / "vault.db").read_bytes()
        wal = tmp_path / "kit" / "vault.db-wal"
        assert not wal.exists() or wal.stat().st_size == 0  # no page of the old keys in it
        plain = _decrypted_pages(db, key)
        assert new["signing_seed"].encode() in plain  # the decryption reads the vault
        assert old["signing_seed"].encode() not in plain
        assert old["age_identity"].encode() not in plain
        identity = load_identity(vault, Role.KIT)
        assert identity is not None and identity.card.fingerprint == moved.new_fingerprint
        assert identity.ident == vault.vault_id  # the same kit
        statement = read_statement(moved.path)
        assert statement.new_card.fingerprint == moved.new_fingerprint
        assert statement.old_fingerprint == moved.old_fingerprint
    finally:
        vault.close()


def test_the_next_bundle_is_signed_with_the_new_key(tmp_path: Path) -> None:
    hq_vault, _identity = make_hq(tmp_path / "hq", tmp_path / "hq.card")
    hq_vault.close()
    with make_kit(tmp_path / "kit", tmp_path / "hq.card") as vault:
        moved = rekey(vault, tmp_path / "move.fkrekey")
        assert kitx.kit_card(vault).card.fingerprint == moved.new_fingerprint


def test_hq_s_keys_do_not_move_and_a_kit_without_keys_has_none_to_move(tmp_path: Path) -> None:
    hq_vault, _identity = make_hq(tmp_path / "hq")
    with hq_vault, pytest.raises(FieldkitError, match="HQ's keys do not move"):
        rekey(hq_vault, tmp_path / "x.fkrekey")
    with make_kit(tmp_path / "kit") as vault, pytest.raises(FieldkitError, match="no keys yet"):
        rekey(vault, tmp_path / "x.fkrekey")
    assert not (tmp_path / "x.fkrekey").exists()
