"""Receipts the kit must refuse: forged, foreign, for other bundles, damaged.

A receipt makes the kit mark interviews as received and, with purge, delete their quotes, so
a receipt the kit wrongly believes destroys testimony. Every receipt here is refused with a
sentence, and afterwards the kit's tables are exactly what they were: nothing marked as
received, nothing purged.
"""

from __future__ import annotations

import base64
import json
import os
import random
import re
import signal
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pyrage
import pytest
from nacl.signing import SigningKey

from fieldkit import hq, kit
from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange import receipt as rcpt
from fieldkit.exchange.bundle import frame
from fieldkit.exchange.keys import Identity
from fieldkit.exchange.receipt import Receipt, ReceiptEntry, ReceiptRejected
from fieldkit.vault import integrity, records
from fieldkit.vault.store import Vault
from tests.builders import World, open_world
from tests.helpers import PASSPHRASE
from tests.tampering import KIT_TABLES, seal, unchanged_tables

SEED = 20200208
SENT = 5


@dataclass
class Exchanged:
    """Kit A sent SENT interviews, kit B three; HQ imported both and wrote the receipts."""

    world: World
    receipt: Receipt  # HQ's real receipt for kit A's bundle
    receipt_bytes: bytes
    receipt_b: bytes  # HQ's real receipt for kit B's bundle (encrypted to kit B)
    hq: Identity
    kit_a: Identity
    drop: Path

    @property
    def vault(self) -> Vault:
        return self.world.kit_a

    @property
    def recipient(self) -> pyrage.x25519.Recipient:
        return self.kit_a.card.recipient()


def _exchange(world: World) -> tuple[bytes, bytes]:
    ids = world.ids(world.kit_a)
    first = hq.import_bundle(world.hq, world.export(world.kit_a, ids[:SENT]))
    second = hq.import_bundle(world.hq, world.export(world.kit_b))
    assert first.receipt_path is not None and second.receipt_path is not None
    return first.receipt_path.read_bytes(), second.receipt_path.read_bytes()


@pytest.fixture(scope="module")
def exchanged(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exchanged]:
    root = tmp_path_factory.mktemp("receipts")
    world = open_world(template, root / "world")
    receipt_a, receipt_b = _exchange(world)
    kit_a = world.kit_identity(world.kit_a)
    opened = rcpt.open_receipt(receipt_a, kit_a.age, lambda _: world.hq_identity.signing.verify_key)
    assert len(opened.stored) == SENT
    drop = root / "drop"
    drop.mkdir()
    yield Exchanged(world, opened, receipt_a, receipt_b, world.hq_identity, kit_a, drop)
    world.close()


@pytest.fixture
def unchanged(exchanged: Exchanged) -> Iterator[None]:
    """Nothing on the kit was marked, confirmed or purged."""
    with unchanged_tables(exchanged.vault, KIT_TABLES):
        yield
    statuses = exchanged.vault.read("SELECT DISTINCT status FROM interviews")
    assert "received" not in {s[0] for s in statuses}
    assert exchanged.vault.read("SELECT count(*) FROM confirmed")[0][0] == 0
    assert exchanged.vault.read("SELECT count(*) FROM bundles_out WHERE receipt_at IS NOT NULL")[
        0
    ] == (0,)


def refusal(ex: Exchanged, data: bytes) -> str:
    """Apply ``data`` as a receipt with purge; the sentence it was refused with."""
    path = ex.drop / f"{uuid.uuid4()}.fkreceipt"
    path.write_bytes(data)
    try:
        summary = kit.apply_receipt(ex.vault, path, purge=True)
    except FieldkitError as error:
        message = str(error)
        assert re.fullmatch(r"[a-z][^\n\x00-\x1f]{15,300}", message), message
        assert "receipt" in message, message
        return message
    except Exception as error:  # a traceback for the person, and maybe half a purge
        pytest.fail(f"unhandled {type(error).__name__}: {error}")
    finally:
        path.unlink()
    pytest.fail(f"a bad receipt was applied: {summary}")


def inner(body: bytes, key: SigningKey, *, extra: tuple[bytes, ...] = ()) -> bytes:
    signature = bytes(key.sign(rcpt.CONTEXT + body).signature)
    return rcpt.MAGIC + frame(body) + frame(signature) + b"".join(map(frame, extra))


# --- who signed it, and for whom -------------------------------------------------------------


@pytest.mark.parametrize("signer", ["stranger", "kit B", "the kit itself"])
def test_receipt_signed_by_another_key_than_the_pinned_hq(
    exchanged: Exchanged, unchanged: None, signer: str
) -> None:
    key = {
        "stranger": SigningKey.generate(),
        "kit B": exchanged.world.kit_identity(exchanged.world.kit_b).signing,
        "the kit itself": exchanged.kit_a.signing,
    }[signer]
    forged = exchanged.receipt.seal(key, exchanged.recipient)
    assert "signature does not match the enrolled HQ" in refusal(exchanged, forged)


def test_receipt_from_an_hq_the_kit_never_enrolled(exchanged: Exchanged, unchanged: None) -> None:
    forged = replace(exchanged.receipt, hq_id=str(uuid.uuid4()))
    message = refusal(exchanged, forged.seal(SigningKey.generate(), exchanged.recipient))
    assert "HQ this kit has not enrolled" in message


def test_receipt_encrypted_to_another_kit(exchanged: Exchanged, unchanged: None) -> None:
    message = refusal(exchanged, exchanged.receipt_b)
    assert "cannot be decrypted" in message and "another kit" in message


def test_receipt_for_another_kit_encrypted_to_this_one(
    exchanged: Exchanged, unchanged: None
) -> None:
    other = exchanged.world.kit_identity(exchanged.world.kit_b)
    forged = replace(exchanged.receipt, kit_id=other.ident)
    assert "for another kit" in refusal(
        exchanged, forged.seal(exchanged.hq.signing, exchanged.recipient)
    )


# --- what it claims --------------------------------------------------------------------------


def _other_entry(ex: Exchanged) -> ReceiptEntry:
    """An interview of this kit that was not in the bundle, with its true hash."""
    sent = {e.id for e in ex.receipt.stored}
    interview = next(
        i for i in records.get_many(ex.vault, ex.world.ids(ex.vault)) if i.id not in sent
    )
    return ReceiptEntry(interview.id, interview.revision, sha256_hex(fmt.payload_of(interview)))


@pytest.mark.parametrize(
    "how", ["an interview not in the bundle", "a wrong hash", "a wrong revision", "a random id"]
)
def test_receipt_listing_records_not_in_the_bundle(
    exchanged: Exchanged, unchanged: None, how: str
) -> None:
    """Signed by the real HQ: the kit still checks each entry against what it sent."""
    stored = list(exchanged.receipt.stored)
    last = stored[-1]
    if how == "an interview not in the bundle":
        stored.append(_other_entry(exchanged))
    elif how == "a wrong hash":
        stored[-1] = replace(last, sha256=_other_entry(exchanged).sha256)
    elif how == "a wrong revision":
        stored[-1] = replace(last, revision=last.revision + 1)
    else:
        stored.append(ReceiptEntry(str(uuid.uuid4()), 1, last.sha256))
    forged = replace(exchanged.receipt, stored=tuple(stored))
    message = refusal(exchanged, forged.seal(exchanged.hq.signing, exchanged.recipient))
    assert "records that were not in its bundle" in message


@pytest.mark.parametrize("how", ["unknown bundle id", "another manifest hash", "kit B's bundle"])
def test_receipt_for_a_bundle_the_kit_never_made(
    exchanged: Exchanged, unchanged: None, how: str
) -> None:
    if how == "unknown bundle id":
        forged = replace(exchanged.receipt, bundle_id=str(uuid.uuid4()))
    elif how == "another manifest hash":
        forged = replace(exchanged.receipt, manifest_sha256="0" * 64)
    else:  # kit B's real receipt, made out to kit A by HQ's own key
        world = exchanged.world
        b = rcpt.open_receipt(
            exchanged.receipt_b,
            world.kit_identity(world.kit_b).age,
            lambda _: exchanged.hq.signing.verify_key,
        )
        forged = replace(b, kit_id=exchanged.kit_a.ident)
    message = refusal(exchanged, forged.seal(exchanged.hq.signing, exchanged.recipient))
    assert "a bundle this kit did not make" in message


# --- damaged files ---------------------------------------------------------------------------


def test_truncated_flipped_and_extended_receipts(exchanged: Exchanged, unchanged: None) -> None:
    rng = random.Random(SEED)
    good = exchanged.receipt_bytes
    cases = [b"", good[:1], good[: len(good) // 2], good[:-1], good + b"\x00", good * 2]
    for _ in range(300):
        data = bytearray(good)
        for pos in rng.sample(range(len(data)), rng.randint(1, 3)):
            data[pos] ^= rng.randint(1, 255)
        cases.append(bytes(data))
    cases += [good[: rng.randrange(len(good))] for _ in range(100)]
    cases += [good + rng.randbytes(rng.randint(1, 100)) for _ in range(50)]
    cases += [rng.randbytes(rng.randint(1, 2000)) for _ in range(50)]
    messages = {refusal(exchanged, data) for data in cases}
    assert messages  # every one refused (refusal fails the test otherwise)


def _body(ex: Exchanged) -> dict[str, Any]:
    value = json.loads(ex.receipt.body())
    assert isinstance(value, dict)
    return value


@pytest.mark.parametrize(
    "name",
    [
        "spaces",
        "unsorted",
        "ascii escapes",
        "missing field",
        "other format",
        "version 2",
        "stored not a list",
        "stored entry with extra field",
        "extra frame",
        "bundle magic",
        "deep nesting",
        "huge integer",
        "lone surrogate",
        "not UTF-8",
        "body is a list",
    ],
)
def test_malformed_receipt_signed_by_the_real_hq(
    exchanged: Exchanged, unchanged: None, name: str
) -> None:
    body = _body(exchanged)
    raw = canonical_json(body)
    extra: tuple[bytes, ...] = ()
    if name == "spaces":
        raw = json.dumps(body, sort_keys=True, separators=(", ", ": ")).encode()
    elif name == "unsorted":
        raw = json.dumps(dict(reversed(body.items())), separators=(",", ":")).encode()
    elif name == "ascii escapes":
        body["issued_at"] = "2020-02-20T12:00:00Z\u00e9"
        raw = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    elif name == "missing field":
        del body["quarantined"]
        raw = canonical_json(body)
    elif name == "other format":
        raw = canonical_json({**body, "format": "fieldkit-bundle"})
    elif name == "version 2":
        raw = canonical_json({**body, "version": 2})
    elif name == "stored not a list":
        raw = canonical_json({**body, "stored": {"id": "x"}})
    elif name == "stored entry with extra field":
        raw = canonical_json({**body, "stored": [{**body["stored"][0], "purge": True}]})
    elif name == "extra frame":
        extra = (b"more",)
    elif name == "deep nesting":
        raw = b'{"stored":' + b"[" * 100_000 + b"}"
    elif name == "huge integer":
        raw = b'{"version":' + b"1" * 5000 + b"}"
    elif name == "lone surrogate":
        raw = b'{"bundle_id":"\\ud800"}'
    elif name == "not UTF-8":
        raw = b'{"bundle_id":"\xff"}'
    else:
        raw = b"[1]"
    plain = inner(raw, exchanged.hq.signing, extra=extra)
    if name == "bundle magic":
        plain = b"FIELDKIT-BUNDLE\x001\n" + plain[len(rcpt.MAGIC) :]
    refusal(exchanged, seal(plain, exchanged.recipient))


# --- control: the real receipt does its job -------------------------------------------------


def test_the_real_receipt_confirms_and_purges(world: World) -> None:
    """The refusals above are not a broken set-up: HQ's receipt is applied and purges."""
    receipt, _ = _exchange(world)
    path = world.out / "real.fkreceipt"
    path.write_bytes(receipt)
    summary = kit.apply_receipt(world.kit_a, path, purge=True)
    assert (summary.confirmed, summary.purged) == (SENT, SENT)
    purged = world.kit_a.read("SELECT count(*) FROM interviews WHERE quote_count = 0")[0][0]
    assert purged == SENT
    assert world.kit_a.read("SELECT count(*) FROM confirmed WHERE purged_at IS NOT NULL")[0] == (
        SENT,
    )
    world.kit_a.close()  # one writer at a time: the kit's own handle lets go first
    with Vault.open(world.root / "kit_a", PASSPHRASE) as again:
        assert integrity.check(again).ok


# --- the bounded gate: the receipt's HQ, its age header, the file itself ----------------------


def test_receipt_from_the_pinned_hq_for_a_bundle_made_for_another_hq(
    exchanged: Exchanged, unchanged: None
) -> None:
    """The bundle went to another HQ (the kit has re-pinned since): its receipt cannot come
    from this one, though this one signed it."""
    vault, bundle_id = exchanged.vault, exchanged.receipt.bundle_id
    [(sent_to,)] = vault.read("SELECT hq_id FROM bundles_out WHERE bundle_id = ?", (bundle_id,))
    with vault.transaction("test: the bundle was made for another HQ") as conn:
        conn.execute(
            "UPDATE bundles_out SET hq_id = ? WHERE bundle_id = ?", (str(uuid.uuid4()), bundle_id)
        )
    try:
        message = refusal(exchanged, exchanged.receipt_bytes)
    finally:
        with vault.transaction("test: restored") as conn:
            conn.execute(
                "UPDATE bundles_out SET hq_id = ? WHERE bundle_id = ?", (sent_to, bundle_id)
            )
    assert "another HQ than the one its bundle was for" in message


def _stanzas(count: int) -> bytes:
    def b64() -> bytes:
        return base64.b64encode(os.urandom(32)).rstrip(b"=")

    return b"".join(b"-> X25519 " + b64() + b"\n" + b64() + b"\n" for _ in range(count))


def test_receipts_with_hostile_age_headers(exchanged: Exchanged, unchanged: None) -> None:
    real = exchanged.receipt_bytes
    version = b"age-encryption.org/v1\n"
    armored = b"-----BEGIN AGE ENCRYPTED FILE-----\n" + base64.encodebytes(real)
    armored += b"-----END AGE ENCRYPTED FILE-----\n"
    cases = {
        "stanzas": version + _stanzas(10_000) + real[len(version) :],
        "stanzas ": version + _stanzas(9) + real[len(version) :],
        "armored": armored,
    }
    for reason, data in cases.items():
        assert reason.strip() in refusal(exchanged, data)


def test_receipt_files_that_are_not_files(exchanged: Exchanged, unchanged: None) -> None:
    (exchanged.drop / "zero.fkreceipt").symlink_to("/dev/zero")
    os.mkfifo(exchanged.drop / "pipe.fkreceipt")
    signal.alarm(10)  # a blocked read fails this test, not the suite
    try:
        for name, reason in (("zero", "symbolic link"), ("pipe", "pipe")):
            with pytest.raises(ReceiptRejected, match=reason):
                kit.apply_receipt(exchanged.vault, exchanged.drop / f"{name}.fkreceipt")
    finally:
        signal.alarm(0)
