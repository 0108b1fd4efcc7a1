"""Bundles that are not what a kit made are refused, with a sentence, and change nothing.

Thousands of mutated bundles (a seeded RNG, so a failure names the case that reproduces it)
go through ``hq.import_bundle`` on a central dataset that already holds data; every one must
be rejected with a FieldkitError that reads as a sentence, and afterwards every table of the
dataset must hold exactly the rows it held before. The inner mutations are re-encrypted to the
real HQ, so they reach the parser and the checks behind the age layer; the spec violations are
also signed with the real kit key, so they reach the checks behind the signature.
"""

from __future__ import annotations

import base64
import json
import os
import random
import re
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.signing import SigningKey

from fieldkit import hq, kit
from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.bundle import BundleRejected
from fieldkit.exchange.keys import Identity
from fieldkit.hq import intake
from fieldkit.vault import importing
from fieldkit.vault.store import Vault
from tests.builders import ORG, World, open_world
from tests.helpers import FAST_KDF, PASSPHRASE
from tests.tampering import (
    HQ_TABLES,
    JSON_VALUES,
    PROPERTY,
    Inner,
    assemble,
    seal,
    signed,
    table_digest,
    unchanged_tables,
)

#: FIELDKIT_MUTATION_SEED=N replays another sequence of mutations.
SEED = int(os.environ.get("FIELDKIT_MUTATION_SEED", "20200207"))
OUTER_CASES = 5000
INNER_CASES = 8000

#: A file name no earlier run can have left behind.
ESCAPE = f"escaped-{uuid.uuid4().hex}"
_SENTENCE = re.compile(r"[a-z][^\n\x00-\x1f\x7f]{15,400}")


# --- the target: a dataset with data, and a valid bundle that was never imported -------------


@dataclass
class Target:
    world: World
    base: bytes  # a valid bundle of kit A (3 interviews), never imported here
    inner: Inner
    kit_key: SigningKey  # kit A's real signing key
    hq_identity: Identity
    drop: Path  # where mutated bundles are written
    receipts: Path  # where receipts would go: must stay empty

    @property
    def vault(self) -> Vault:
        return self.world.hq


@pytest.fixture(scope="module")
def target(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    root = tmp_path_factory.mktemp("mutations")
    world = open_world(template, root / "world")
    ids = world.ids(world.kit_a)
    # HQ already holds bundles from both kits (and their receipts went back).
    for vault, chosen in ((world.kit_a, ids[:4]), (world.kit_b, None)):
        outcome = hq.import_bundle(world.hq, world.export(vault, chosen))
        assert outcome.receipt_path is not None
        kit.apply_receipt(vault, outcome.receipt_path)
    base_path = world.export(world.kit_a, ids[4:7])
    base = base_path.read_bytes()
    base_path.unlink()
    inner = Inner.of(base, world.hq_identity)
    assert inner.plain() == fmt.decrypt(base, world.hq_identity.age)
    kit_key = world.kit_identity(world.kit_a).signing

    # Control: the untouched bundle, re-encrypted and re-signed the way the mutations are,
    # imports into a copy of this dataset. Rejections below are the mutations' doing.
    world.hq.checkpoint()
    shutil.copytree(world.root / "hq", root / "control")
    control_bundle = root / "control.fkbundle"
    control_bundle.write_bytes(
        seal(signed(inner.manifest, inner.records, kit_key), world.hq_identity.card.recipient())
    )
    with Vault.open(root / "control", PASSPHRASE) as control:
        assert hq.import_bundle(control, control_bundle).new == 3

    drop = root / "drop"
    drop.mkdir()
    receipts = root / "receipts"
    receipts.mkdir()
    yield Target(world, base, inner, kit_key, world.hq_identity, drop, receipts)
    world.close()


@pytest.fixture
def unchanged(target: Target) -> Iterator[None]:
    """The dataset is exactly as before the test, and no receipt was written."""
    with unchanged_tables(target.vault, HQ_TABLES):
        yield
    assert list(target.receipts.iterdir()) == []


def attempt(target: Target, data: bytes) -> str | None:
    """Import ``data``: None if it was rejected with a clear sentence, else what went wrong."""
    path = target.drop / f"{uuid.uuid4()}.fkbundle"
    path.write_bytes(data)
    try:
        outcome = hq.import_bundle(target.vault, path, receipts_dir=target.receipts)
    except FieldkitError as error:
        message = str(error)
        if not _SENTENCE.fullmatch(message) or len(message.split()) < 4:
            return f"unclear message {message!r}"
        if "bundle" not in message and "record" not in message:
            return f"message does not say what was wrong: {message!r}"
        return None
    except Exception as error:  # anything else reaches the person as a traceback
        return f"unhandled {type(error).__name__}: {error}"
    finally:
        path.unlink()
    return f"accepted: {outcome}"


def message_of(target: Target, data: bytes) -> str:
    path = target.drop / "one.fkbundle"
    path.write_bytes(data)
    with pytest.raises(BundleRejected) as caught:
        hq.import_bundle(target.vault, path, receipts_dir=target.receipts)
    path.unlink()
    return str(caught.value)


def run_cases(target: Target, cases: Iterator[tuple[str, bytes]]) -> Counter[str]:
    failures: list[str] = []
    kinds: Counter[str] = Counter()
    for label, data in cases:
        kinds[label.split(":")[0]] += 1
        problem = attempt(target, data)
        if problem is not None:
            failures.append(f"{label}: {problem}")
    assert not failures, f"{len(failures)} of {sum(kinds.values())} mutations:\n" + "\n".join(
        failures[:20]
    )
    return kinds


# --- (a) the outer file ----------------------------------------------------------------------


def outer_mutations(base: bytes, count: int, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    yield "empty:", b""
    yield "header only:", base[: base.index(b"\n---")]
    for n in range(count):
        kind = rng.choice(("flip", "flip", "truncate", "extend", "garbage", "age-garbage"))
        data = bytearray(base)
        if kind == "flip":
            for pos in rng.sample(range(len(data)), rng.randint(1, 4)):
                data[pos] ^= rng.randint(1, 255)
        elif kind == "truncate":
            del data[rng.randrange(len(data)) :]
        elif kind == "extend":
            data += rng.randbytes(rng.randint(1, 200))
        elif kind == "garbage":
            data = bytearray(rng.randbytes(rng.randint(1, 3 * len(base))))
        else:
            data = bytearray(b"age-encryption.org/v1\n" + rng.randbytes(rng.randint(0, 600)))
        assert bytes(data) != base
        yield f"{kind}:{n}", bytes(data)


def test_outer_mutations_are_rejected(target: Target, unchanged: None) -> None:
    rng = random.Random(SEED)
    kinds = run_cases(target, outer_mutations(target.base, OUTER_CASES, rng))
    assert sum(kinds.values()) == OUTER_CASES + 2
    assert min(kinds.values()) >= 1


# --- (b) the inner plaintext, re-encrypted to the real HQ ------------------------------------


def _spans(plain: bytes) -> list[tuple[int, int]]:
    """(start of length prefix, end of frame) for every frame of ``plain``."""
    spans, pos = [], len(fmt.MAGIC)
    while pos < len(plain):
        size = int.from_bytes(plain[pos : pos + 4], "big")
        spans.append((pos, pos + 4 + size))
        pos += 4 + size
    return spans


def _random_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _changed_manifest(manifest: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The manifest with one field given another plausible value."""
    changed = dict(manifest)
    field = rng.choice(
        (
            "bundle_id",
            "sequence",
            "created_at",
            "prev_manifest_sha256",
            "entries",
            "kit_fingerprint",
            "kit_id",
            "hq_id",
            "hq_fingerprint",
            "kit_signing_key",
        )
    )
    if field in ("bundle_id", "kit_id", "hq_id"):
        changed[field] = _random_uuid(rng)
    elif field == "sequence":
        changed[field] = manifest["sequence"] + rng.randint(1, 50)
    elif field == "created_at":
        changed[field] = f"2021-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T10:00:00Z"
    elif field == "prev_manifest_sha256":
        changed[field] = rng.randbytes(32).hex()
    elif field == "entries":
        changed[field] = manifest["entries"][: rng.randint(0, len(manifest["entries"]) - 1)]
    elif field == "kit_signing_key":
        changed[field] = base64.b64encode(rng.randbytes(32)).decode()
    else:
        changed[field] = "-".join(
            "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(4))
            for _ in range(5)
        )
    assert changed != manifest
    return changed


def _noncanonical(value: Any, rng: random.Random) -> bytes:
    style = rng.choice(("spaces", "indent", "ascii", "unsorted"))
    if style == "spaces":
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))
    elif style == "indent":
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, indent=rng.randint(0, 2))
    elif style == "ascii":
        text = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        text = text if text.encode() != canonical_json(value) else text + " "
    else:
        items = list(value.items())
        rng.shuffle(items)
        if [k for k, _ in items] == sorted(value):
            items.reverse()
        text = json.dumps(dict(items), ensure_ascii=False, separators=(",", ":"))
    data = text.encode("utf-8")
    assert data != canonical_json(value)
    return data


def inner_mutations(target: Target, count: int, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    inner = target.inner
    plain = inner.plain()
    spans = _spans(plain)
    manifest = inner.manifest
    records = list(inner.records)
    recipient = target.hq_identity.card.recipient()
    stranger = SigningKey(rng.randbytes(32))
    kinds = (
        "flip-manifest",
        "flip-signature",
        "flip-record",
        "flip-length",
        "set-length",
        "drop-frame",
        "duplicate-frame",
        "swap-frames",
        "trailing-bytes",
        "magic",
        "resigned-by-stranger",
        "changed-unsigned",
        "entry-hash-or-length",
        "record-text",
        "noncanonical-manifest",
        "noncanonical-record",
    )
    for n in range(count):
        kind = kinds[n % len(kinds)]
        data = bytearray(plain)
        if kind.startswith("flip-"):
            index = {"flip-manifest": 0, "flip-signature": 1}.get(kind)
            if index is None:
                index = rng.randrange(2, len(spans)) if kind == "flip-record" else None
            if kind == "flip-length":
                start = spans[rng.randrange(len(spans))][0]
                lo, hi = start, start + 4
            else:
                assert index is not None
                lo, hi = spans[index][0] + 4, spans[index][1]
            for bit in rng.sample(range(lo * 8, hi * 8), rng.randint(1, 3)):
                data[bit // 8] ^= 1 << (bit % 8)
        elif kind == "set-length":
            start, end = spans[rng.randrange(len(spans))]
            old = end - start - 4
            new = rng.choice(
                (0, 1, old - 1, old + 1, old + rng.randint(2, 9999), 0xFFFFFFFF, 64 << 20)
            )
            new = new if new != old else old + 7
            data[start : start + 4] = max(new, 0).to_bytes(4, "big")
        elif kind in ("drop-frame", "duplicate-frame", "swap-frames"):
            frames = [plain[a:b] for a, b in spans]
            i = rng.randrange(len(frames))
            if kind == "drop-frame":
                del frames[i]
            elif kind == "duplicate-frame":
                frames.insert(rng.randrange(len(frames) + 1), frames[i])
            else:
                j = rng.choice([k for k in range(len(frames)) if k != i])
                frames[i], frames[j] = frames[j], frames[i]
            data = bytearray(fmt.MAGIC + b"".join(frames))
        elif kind == "trailing-bytes":
            data += rng.randbytes(rng.randint(1, 40))
        elif kind == "magic":
            choice = rng.randrange(3)
            if choice == 0:
                data[rng.randrange(len(fmt.MAGIC))] ^= 1 << rng.randrange(8)
            elif choice == 1:
                data = bytearray(b"FIELDKIT-RECEIPT\x001\n" + plain[len(fmt.MAGIC) :])
            else:
                data = bytearray(b"FIELDKIT-BUNDLE\x002\n" + plain[len(fmt.MAGIC) :])
        elif kind == "resigned-by-stranger":
            changed = _changed_manifest(manifest, rng) if rng.random() < 0.8 else manifest
            if rng.random() < 0.5:  # an impostor that names its own key
                changed = {
                    **changed,
                    "kit_signing_key": base64.b64encode(bytes(stranger.verify_key)).decode(),
                }
            data = bytearray(signed(changed, records, stranger))
        elif kind == "changed-unsigned":
            raw = canonical_json(_changed_manifest(manifest, rng))
            data = bytearray(assemble(raw, inner.signature, records))
        elif kind == "entry-hash-or-length":
            changed = json.loads(json.dumps(manifest))
            entry = rng.choice(changed["entries"])
            if rng.random() < 0.5:
                entry["sha256"] = rng.choice(
                    (rng.randbytes(32).hex(), entry["sha256"].upper(), sha256_hex(b""))
                )
            else:
                entry["length"] += rng.choice((-1, 1, -entry["length"], 1000))
            data = bytearray(signed(changed, records, target.kit_key))
        elif kind == "record-text":
            k = rng.randrange(len(records))
            record = json.loads(records[k])
            quote = record["quotes"][rng.randrange(len(record["quotes"]))]
            quote["text"] = quote["text"] + rng.choice((" (edited)", ".", " also"))
            changed_records = [*records[:k], canonical_json(record), *records[k + 1 :]]
            if rng.random() < 0.5:
                data = bytearray(assemble(inner.manifest_raw, inner.signature, changed_records))
            else:  # the entry updated too, but the manifest not signed again
                fixed = dict(manifest)
                fixed["entries"] = [
                    {**e, "sha256": sha256_hex(r), "length": len(r)}
                    for e, r in zip(manifest["entries"], changed_records, strict=True)
                ]
                data = bytearray(assemble(canonical_json(fixed), inner.signature, changed_records))
        elif kind == "noncanonical-manifest":
            raw = _noncanonical(manifest, rng)
            data = bytearray(assemble(raw, fmt.sign_manifest(raw, target.kit_key), records))
        else:  # noncanonical-record, with the entry and signature made to fit it
            k = rng.randrange(len(records))
            changed_records = list(records)
            changed_records[k] = _noncanonical(json.loads(records[k]), rng)
            data = bytearray(signed(manifest, changed_records, target.kit_key, fix_entries=True))
        assert bytes(data) != plain, kind
        yield f"{kind}:{n}", seal(bytes(data), recipient)


def test_inner_mutations_are_rejected(target: Target, unchanged: None) -> None:
    rng = random.Random(SEED + 1)
    kinds = run_cases(target, inner_mutations(target, INNER_CASES, rng))
    assert sum(kinds.values()) == INNER_CASES
    assert len(kinds) == 16


# --- spec violations, signed by the real kit -------------------------------------------------

Mutator = Callable[[dict[str, Any], list[dict[str, Any]]], Any]


def _future(records: list[dict[str, Any]]) -> None:
    records[0]["interview_date"] = "2999-01-01"


SIGNED_VIOLATIONS: dict[str, tuple[Mutator, str]] = {
    "extra manifest field": (lambda m, r: m.update(comment="hello"), "fields of version 1"),
    "missing manifest field": (lambda m, r: m.pop("created_at"), "fields of version 1"),
    "other format": (lambda m, r: m.update(format="fieldkit-receipt"), "version 1"),
    "version 2": (lambda m, r: m.update(version=2), "version 1"),
    "version as text": (lambda m, r: m.update(version="1"), "fields of version 1"),
    "version as true": (lambda m, r: m.update(version=True), "fields of version 1"),
    "sequence as text": (lambda m, r: m.update(sequence="2"), "fields of version 1"),
    "sequence 0": (lambda m, r: m.update(sequence=0), "sequence"),
    "sequence negative": (lambda m, r: m.update(sequence=-3), "sequence"),
    "sequence beyond 64 bits": (lambda m, r: m.update(sequence=2**63), "sequence"),
    "hq_id null": (lambda m, r: m.update(hq_id=None), "fields of version 1"),
    "prev hash as number": (lambda m, r: m.update(prev_manifest_sha256=7), "fields"),
    "entries as object": (lambda m, r: m.update(entries={}), "fields of version 1"),
    "bundle id is a path": (lambda m, r: m.update(bundle_id=f"../../../{ESCAPE}"), "bundle id"),
    "bundle id not a uuid": (lambda m, r: m.update(bundle_id="bundle-1"), "bundle id"),
    "entry with extra field": (
        lambda m, r: m["entries"][0].update(kind="interview"),
        "malformed entries",
    ),
    "entry without length": (lambda m, r: m["entries"][1].pop("length"), "malformed entries"),
    "entry revision true": (
        lambda m, r: (m["entries"][0].update(revision=True), r[0].update(revision=True)),
        "malformed entries",
    ),
    "entry revision 0": (
        lambda m, r: (m["entries"][0].update(revision=0), r[0].update(revision=0)),
        "",
    ),
    "entry revision beyond 64 bits": (
        lambda m, r: (m["entries"][0].update(revision=2**64), r[0].update(revision=2**64)),
        "",
    ),
    "entry listed twice": (
        lambda m, r: (m["entries"].append(dict(m["entries"][0])), r.append(dict(r[0]))),
        "same interview twice",
    ),
    "record revision differs": (lambda m, r: r[1].update(revision=5), "manifest entry"),
    "record id differs": (lambda m, r: r[1].update(id=str(uuid.uuid4())), "manifest entry"),
    "record with notes": (lambda m, r: r[0].update(notes="private"), "unexpected fields"),
    "record with status": (lambda m, r: r[0].update(status="ready"), "unexpected fields"),
    "record with an extra quote field": (
        lambda m, r: r[0].update(quote="smuggled text"),
        "unexpected fields",
    ),
    "record with an unknown field": (lambda m, r: r[2].update(source="x"), "unexpected fields"),
    "record without quotes": (lambda m, r: r[0].update(quotes=[]), "not valid"),
    "record dated in the future": (lambda m, r: _future(r), "not valid"),
    "record with a bad date": (lambda m, r: r[0].update(interview_date="16/02/2020"), "not valid"),
    "record with a bad country": (lambda m, r: r[0].update(country="Atlantis"), "not valid"),
    "record id not a uuid": (
        lambda m, r: (r[0].update(id="abc"), m["entries"][0].update(id="abc")),
        "not valid",
    ),
    "record is a list": (lambda m, r: r.__setitem__(0, [r[0]]), "not a JSON object"),
    "record with a float": (lambda m, r: r[0].update(revision=1.5), ""),
    "hq of another fingerprint": (
        lambda m, r: m.update(hq_fingerprint="AAAA-BBBB-CCCC-DDDD-EEEE"),
        "another HQ",
    ),
    "kit signing key not the enrolled one": (
        lambda m, r: m.update(kit_signing_key="A" * 43 + "="),
        "kit's key",
    ),
}


@pytest.mark.parametrize("name", list(SIGNED_VIOLATIONS))
def test_spec_violations_signed_by_the_real_kit_are_rejected(
    target: Target, unchanged: None, name: str
) -> None:
    mutate, expected = SIGNED_VIOLATIONS[name]
    manifest = json.loads(json.dumps(target.inner.manifest))
    records: list[Any] = [json.loads(r) for r in target.inner.records]
    mutate(manifest, records)
    payloads = [
        json.dumps(r, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        for r in records
    ]
    if isinstance(manifest.get("entries"), list):  # the entries describe the records sent
        for entry, payload in zip(manifest["entries"], payloads, strict=False):
            for key, value in (("sha256", sha256_hex(payload)), ("length", len(payload))):
                if isinstance(entry, dict) and key in entry:
                    entry[key] = value
    plain = signed(manifest, payloads, target.kit_key)
    data = seal(plain, target.hq_identity.card.recipient())
    problem = attempt(target, data)
    assert problem is None, f"{name}: {problem}"
    assert expected in message_of(target, data)
    # No receipt anywhere, not even where a bundle id made of dots and slashes points.
    assert not (target.receipts / f"../../../{ESCAPE}.fkreceipt").resolve().exists()


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000,
        b'{"entries":' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"sequence":' + b"9" * 5000 + b"}",
        b'{"created_at":"\\ud800"}',
        b'{"format":"fieldkit-bundle","version":1e400}',
        b'{"a":NaN}',
        b"\xff\xfe{}",
        b"{}" + b" " * 3,
    ],
    ids=[
        "deep nesting",
        "deep entries",
        "huge integer",
        "lone surrogate",
        "float overflow",
        "NaN",
        "not UTF-8",
        "trailing space",
    ],
)
def test_hostile_manifest_json_is_rejected(target: Target, unchanged: None, raw: bytes) -> None:
    """What a JSON parser chokes on, signed by the real kit: still a sentence, never a crash."""
    plain = assemble(raw, fmt.sign_manifest(raw, target.kit_key), target.inner.records)
    problem = attempt(target, seal(plain, target.hq_identity.card.recipient()))
    assert problem is None, problem


def test_a_hostile_record_is_rejected(target: Target, unchanged: None) -> None:
    manifest = json.loads(json.dumps(target.inner.manifest))
    for raw in (b"[" * 50_000, b'{"revision":' + b"1" * 5000 + b"}", b'{"place":"\\udfff"}'):
        records = [raw, *target.inner.records[1:]]
        plain = signed(manifest, records, target.kit_key, fix_entries=True)
        problem = attempt(target, seal(plain, target.hq_identity.card.recipient()))
        assert problem is None, f"{raw[:20]!r}: {problem}"


# --- properties of HQ's record parser -------------------------------------------------------


@PROPERTY
@given(
    st.dictionaries(
        st.sampled_from(
            (
                "consent",
                "country",
                "id",
                "interview_date",
                "interviewer",
                "language",
                "organisation",
                "place",
                "quotes",
                "revision",
                "role",
                "tags",
                "quote",
            )
        ),
        JSON_VALUES,
    )
)
def test_any_record_is_an_interview_or_rejected(changes: dict[str, Any]) -> None:
    record = {
        "consent": {"kind": "oral", "quote_anonymously": True, "share_with_partners": False},
        "country": "KZ",
        "id": "0b6f5f0e-5d3a-4c55-9d0e-0d6a3c0f8e11",
        "interview_date": "2020-02-14",
        "interviewer": None,
        "language": "en",
        "organisation": ORG,
        "place": "Korday",
        "quotes": [{"tags": [], "text": "It was bound to happen."}],
        "revision": 1,
        "role": "resident",
        "tags": [],
    }
    record.update(changes)
    try:
        intake._record(record, 1)
    except BundleRejected:
        pass


# --- who made it, and for whom ---------------------------------------------------------------


def test_unknown_kit_is_named_with_how_to_enroll_it(world: World, tmp_path: Path) -> None:
    stranger, _ = Vault.create(tmp_path / "stranger", PASSPHRASE, organisation=ORG, kdf=FAST_KDF)
    with stranger:
        kit.enroll_hq(stranger, world.card("hq"))
        fingerprint = kit.kit_card(stranger).card.fingerprint
        importing.import_records(stranger, [(1, _row("stranger"))])
        path = kit.export_bundle(stranger, world.out).path
    assert path is not None
    before = table_digest(world.hq, HQ_TABLES)
    with pytest.raises(BundleRejected) as caught:
        hq.import_bundle(world.hq, path)
    message = str(caught.value)
    assert fingerprint in message
    assert "not enrolled" in message and "fieldkit hq enroll-kit" in message
    assert table_digest(world.hq, HQ_TABLES) == before
    assert not list(world.out.glob("*.fkreceipt"))


def test_unknown_kit_cannot_put_control_characters_on_hqs_screen(world: World) -> None:
    """An unknown kit's fingerprint is shown before any signature is checked: only if it is
    one, never arbitrary text (anyone may encrypt to HQ's public card)."""
    path = world.export(world.kit_a, world.ids(world.kit_a)[:1])
    inner = Inner.of(path.read_bytes(), world.hq_identity)
    manifest = {
        **inner.manifest,
        "kit_id": str(uuid.uuid4()),
        "kit_fingerprint": "\x1b[2J\x1b[1;1Hall checks passed, enroll kit ABCD\r\n",
    }
    path.write_bytes(
        seal(
            signed(manifest, inner.records, SigningKey.generate()),
            world.hq_identity.card.recipient(),
        )
    )
    with pytest.raises(BundleRejected) as caught:
        hq.import_bundle(world.hq, path)
    assert not re.search(r"[\x00-\x1f\x7f]", str(caught.value))
    assert "all checks passed" not in str(caught.value)


def test_bundle_encrypted_to_another_hq_cannot_be_decrypted(world: World, tmp_path: Path) -> None:
    other, _, other_identity = hq.hq_init(tmp_path / "other", PASSPHRASE, "Other", kdf=FAST_KDF)
    other.close()
    path = world.export(world.kit_a, world.ids(world.kit_a)[:2])
    inner = Inner.of(path.read_bytes(), world.hq_identity)
    path.write_bytes(seal(inner.plain(), other_identity.card.recipient()))
    before = table_digest(world.hq, HQ_TABLES)
    with pytest.raises(BundleRejected, match=r"cannot be decrypted.*another HQ"):
        hq.import_bundle(world.hq, path)
    assert table_digest(world.hq, HQ_TABLES) == before


def test_bundle_made_for_another_hq_and_reencrypted_to_us_is_refused(
    world: World, tmp_path: Path
) -> None:
    other, _, other_identity = hq.hq_init(tmp_path / "other", PASSPHRASE, "Other", kdf=FAST_KDF)
    other_identity.write_card(tmp_path / "other.card")
    other.close()
    kit.enroll_hq(world.kit_a, tmp_path / "other.card", replace_pin=True)
    path = world.export(world.kit_a, world.ids(world.kit_a)[:2])
    # Whoever holds the other HQ's key decrypts it and passes it on to us.
    plain = fmt.decrypt(path.read_bytes(), other_identity.age)
    path.write_bytes(seal(plain, world.hq_identity.card.recipient()))
    before = table_digest(world.hq, HQ_TABLES)
    with pytest.raises(BundleRejected, match="made for another HQ"):
        hq.import_bundle(world.hq, path)
    assert table_digest(world.hq, HQ_TABLES) == before


@pytest.mark.parametrize("names_key", ["enrolled key", "own key", "other kit's key"])
def test_enrolled_kit_id_signed_by_another_key_is_refused(world: World, names_key: str) -> None:

    path = world.export(world.kit_a, world.ids(world.kit_a)[:2])
    inner = Inner.of(path.read_bytes(), world.hq_identity)
    signer = (
        world.kit_identity(world.kit_b).signing
        if names_key == "other kit's key"
        else SigningKey.generate()
    )
    manifest = dict(inner.manifest)
    if names_key != "enrolled key":
        manifest["kit_signing_key"] = base64.b64encode(bytes(signer.verify_key)).decode()
    path.write_bytes(
        seal(signed(manifest, inner.records, signer), world.hq_identity.card.recipient())
    )
    before = table_digest(world.hq, HQ_TABLES)
    with pytest.raises(BundleRejected, match="signature does not match its kit's key"):
        hq.import_bundle(world.hq, path)
    assert table_digest(world.hq, HQ_TABLES) == before


# --- replays and sequence numbers ------------------------------------------------------------


def test_importing_the_same_bundle_twice_changes_nothing_the_second_time(world: World) -> None:
    path = world.export(world.kit_a)
    first = hq.import_bundle(world.hq, path)
    assert first.new == 11 and not first.replay
    assert first.receipt_path is not None
    receipt = first.receipt_path.read_bytes()
    after_first = table_digest(world.hq, HQ_TABLES)
    first.receipt_path.unlink()

    second = hq.import_bundle(world.hq, path)
    assert second.replay and second.new == 0
    assert second.receipt_path == first.receipt_path
    assert second.receipt_path.read_bytes() == receipt
    assert table_digest(world.hq, HQ_TABLES) == after_first
    # And the kit can use the receipt written the second time.
    assert kit.apply_receipt(world.kit_a, second.receipt_path).confirmed == 11


def test_another_bundle_with_a_used_sequence_number_is_refused(world: World) -> None:
    """The kit was restored from a backup and numbers its next bundle 1 again."""
    world.kit_a.checkpoint()
    shutil.copytree(world.root / "kit_a", world.root / "kit_a_backup")
    ids = world.ids(world.kit_a)
    hq.import_bundle(world.hq, world.export(world.kit_a, ids[:5]))
    before = table_digest(world.hq, HQ_TABLES)
    with Vault.open(world.root / "kit_a_backup", PASSPHRASE) as restored:
        summary = kit.export_bundle(restored, world.out, ids=ids[5:])
    assert summary.sequence == 1 and summary.path is not None
    with pytest.raises(BundleRejected, match="already sent a different bundle number 1"):
        hq.import_bundle(world.hq, summary.path)
    assert table_digest(world.hq, HQ_TABLES) == before
    assert not summary.path.with_suffix(".fkreceipt").exists()


def test_same_bundle_id_with_another_manifest_is_refused(world: World) -> None:
    ids = world.ids(world.kit_a)
    path = world.export(world.kit_a, ids[:3])
    hq.import_bundle(world.hq, path)
    before = table_digest(world.hq, HQ_TABLES)
    inner = Inner.of(path.read_bytes(), world.hq_identity)
    manifest = {**inner.manifest, "sequence": 2, "created_at": "2020-03-01T00:00:00Z"}
    key = world.kit_identity(world.kit_a).signing
    path.write_bytes(seal(signed(manifest, inner.records, key), world.hq_identity.card.recipient()))
    with pytest.raises(BundleRejected, match="different bundle with the same id"):
        hq.import_bundle(world.hq, path)
    assert table_digest(world.hq, HQ_TABLES) == before


def test_the_largest_sequence_number_is_a_warning_not_a_hang(world: World) -> None:
    """Valid, if odd: the gap is reported in a few lines, not by counting to 2**63."""
    path = world.export(world.kit_a, world.ids(world.kit_a)[:2])
    inner = Inner.of(path.read_bytes(), world.hq_identity)
    kit_a = world.kit_identity(world.kit_a)
    manifest = {**inner.manifest, "sequence": 2**63 - 1}
    path.write_bytes(
        seal(signed(manifest, inner.records, kit_a.signing), world.hq_identity.card.recipient())
    )
    outcome = hq.import_bundle(world.hq, path)
    assert outcome.new == 2
    fingerprint = kit_a.card.fingerprint
    assert outcome.warnings[0] == f"bundle 1 of kit {fingerprint} is missing"
    assert outcome.warnings[19] == f"bundle 20 of kit {fingerprint} is missing"
    assert outcome.warnings[20] == f"… and {2**63 - 22} more bundles of kit {fingerprint}"
    assert len(outcome.warnings) == 21


def _row(prefix: str) -> dict[str, Any]:
    return {
        "interview_date": "2020-02-16",
        "place": "Masanchi",
        "role": f"{prefix} witness",
        "organisation": ORG,
        "quote": f"What the {prefix} witness saw.",
    }
