"""Bundles of version 2 (attachments after the records): the golden bytes, a round trip that
streams, and hostile bundles, each refused in one sentence before any attachment is trusted.

Every hostile input is generated here, signed with the kit's key as a kit gone bad would.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import random
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

import pyrage
import pytest
from nacl.signing import SigningKey

from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.exchange import agefile, carry, manifest
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.bundle import BundleRejected
from fieldkit.exchange.manifest import Carried, Entry
from tests.helpers import REPO

GOLDEN = REPO / "tests" / "golden" / "bundle-v2.plain"
HQ = pyrage.x25519.Identity.generate()
# A test-only seed, published here on purpose: the golden bytes depend on it.
KIT = SigningKey(b"\x02" * 32)
HQ_ID = "00000000-0000-4000-8000-0000000000a1"
KIT_ID = "00000000-0000-4000-8000-0000000000b2"
PRINT = "AAAA-BBBB-CCCC-DDDD-EEEE"
INTERVIEW = "00000000-0000-4000-8000-000000000001"


def key_for(fields: dict[str, Any]) -> Any:
    """The enrolled kit's key, as HQ picks it before the signature is checked."""
    if fields["kit_id"] != KIT_ID:
        raise BundleRejected("the bundle comes from a kit HQ has not enrolled")
    return KIT.verify_key


def record(interview_id: str = INTERVIEW) -> bytes:
    return canonical_json({"id": interview_id, "revision": 1, "place": "Osh"})


def listed(
    data: bytes, *, interview_id: str = INTERVIEW, number: int = 1, **change: Any
) -> Carried:
    fields: dict[str, Any] = {
        "id": str(uuid.UUID(int=0xA000 + number, version=4)),
        "interview_id": interview_id,
        "media_type": "image/jpeg",
        "size": len(data),
        "sha256": sha256_hex(data),
        "copy": "stripped",
        "original_sha256": hashlib.sha256(b"the original of " + data).hexdigest(),
    }
    fields.update(change)
    return Carried(**fields)


def manifest_of(records: list[bytes], carried: list[Any], *, version_1: bool = False) -> bytes:
    """The manifest of version 2 listing ``carried`` (Carried, or raw dicts spliced in as a
    writer never would); with ``version_1``, of version 1 (no attachments)."""
    entries = [Entry(canonical_id(r), 1, sha256_hex(r), len(r)) for r in records]
    raw = fmt.manifest_bytes(
        bundle_id="00000000-0000-4000-8000-00000000b0b0",
        kit_id=KIT_ID,
        kit_fingerprint=PRINT,
        kit_signing_key=base64.b64encode(bytes(KIT.verify_key)).decode(),
        sequence=1,
        prev_manifest_sha256=None,
        hq_id=HQ_ID,
        hq_fingerprint=PRINT,
        created_at="2020-02-20T12:00:00Z",
        entries=entries,
        attachments=None if version_1 else [c for c in carried if isinstance(c, Carried)],
    )
    raw_dicts = [c for c in carried if isinstance(c, dict)]
    if raw_dicts:  # entries a writer would never make, spliced in as signed fields
        fields = manifest.canonical_object(raw, "manifest")
        fields["attachments"] += raw_dicts
        raw = canonical_json(fields)
    return raw


def canonical_id(raw: bytes) -> str:
    return str(manifest.canonical_object(raw, "record")["id"])


def plaintext(records: list[bytes], carried: list[Any], blobs: list[bytes], **how: Any) -> bytes:
    raw = how.get("raw") or manifest_of(records, carried)
    signature = how.get("signature") or carry.sign_manifest(raw, KIT)
    frames = b"".join(fmt.frame(f) for f in [raw, signature, *records])
    return fmt.MAGIC_V2 + frames + b"".join(blobs)


def write(tmp_path: Path, plain: bytes) -> Path:
    path = tmp_path / f"{uuid.uuid4()}.fkbundle"
    path.write_bytes(bytes(pyrage.encrypt(plain, [HQ.to_public()])))
    return path


def read(path: Path) -> tuple[list[bytes], dict[str, bytes]]:
    got: dict[str, io.BytesIO] = {}
    with carry.open_file(path, HQ, key_for) as reader:
        records = [payload for _, payload in reader.records()]
        reader.attachments(lambda c: got.setdefault(c.id, io.BytesIO()))
    return records, {k: v.getvalue() for k, v in got.items()}


def refusal(tmp_path: Path, plain: bytes) -> str:
    with pytest.raises(BundleRejected) as caught:
        read(write(tmp_path, plain))
    message = str(caught.value)
    assert "\n" not in message and message.startswith(("the bundle", "an attachment")), message
    return message


PHOTO = b"\xff\xd8\xff\xe0" + b"a photo, stripped of its metadata" + b"\xff\xd9"
RULING = b"%PDF-1.7\n" + b"a court ruling, sent as the original\n" + b"%%EOF\n"


def golden_parts() -> tuple[list[bytes], list[Carried], list[bytes]]:
    ruling = listed(
        RULING,
        number=2,
        media_type="application/pdf",
        copy="original",
        original_sha256=sha256_hex(RULING),
    )
    return [record()], [listed(PHOTO), ruling], [PHOTO, RULING]


def test_golden_bundle_of_version_2(tmp_path: Path) -> None:
    records, carried, blobs = golden_parts()
    raw = manifest_of(records, carried)
    out = io.BytesIO()
    sources = [(c, lambda b=b: io.BytesIO(b)) for c, b in zip(carried, blobs, strict=True)]
    carry.write_encrypted(
        out, raw, carry.sign_manifest(raw, KIT), records, sources, [HQ.to_public()]
    )
    plain = fmt.decrypt(out.getvalue(), HQ)
    if os.environ.get("FIELDKIT_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(plain)
    assert plain == GOLDEN.read_bytes()
    # The golden bytes read back as the spec says: records, then each attachment's bytes.
    path = tmp_path / "golden.fkbundle"
    path.write_bytes(out.getvalue())
    got_records, got = read(path)
    assert got_records == records
    assert got == {carried[0].id: PHOTO, carried[1].id: RULING}
    fields = manifest.canonical_object(raw, "manifest")
    assert fields["version"] == 2 and fields["attachments"][1]["copy"] == "original"


def test_a_large_attachment_streams_in_bounded_memory(tmp_path: Path) -> None:
    data = os.urandom(24 * 1024 * 1024)
    big = listed(data, media_type="audio/x-wav")
    raw = manifest_of([record()], [big])
    path = tmp_path / "big.fkbundle"
    with path.open("wb") as out:
        carry.write_encrypted(
            out,  # type: ignore[arg-type]
            raw,
            carry.sign_manifest(raw, KIT),
            [record()],
            [(big, lambda: io.BytesIO(data))],
            [HQ.to_public()],
        )
    digest = hashlib.sha256()

    class Hashing:
        def write(self, piece: bytes) -> None:
            assert len(piece) <= carry.PIECE
            digest.update(piece)

    tracemalloc.start()
    try:
        with carry.open_file(path, HQ, key_for) as reader:
            list(reader.records())
            reader.attachments(lambda c: Hashing())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert digest.hexdigest() == big.sha256
    assert peak < 4 * 1024 * 1024, f"reading held {peak:,} bytes at once"


def test_version_2_is_never_taken_as_complete_after_its_records(tmp_path: Path) -> None:
    records, carried, blobs = golden_parts()
    path = write(tmp_path, plaintext(records, carried, blobs))
    with carry.open_file(path, HQ, key_for) as reader, pytest.raises(TypeError):
        reader.read_all()


def test_the_writer_refuses_an_attachment_that_changed() -> None:
    photo = listed(PHOTO)
    raw = manifest_of([record()], [photo])
    for source in (PHOTO + b"x", PHOTO[:-1], PHOTO[:-1] + b"x"):
        with pytest.raises(carry.AttachmentChanged):
            carry.write_encrypted(
                io.BytesIO(),  # type: ignore[arg-type]
                raw,
                carry.sign_manifest(raw, KIT),
                [record()],
                [(photo, lambda s=source: io.BytesIO(s))],
                [HQ.to_public()],
            )


def test_a_reader_of_version_1_refuses_version_2_in_one_line(tmp_path: Path) -> None:
    records, carried, blobs = golden_parts()
    path = write(tmp_path, plaintext(records, carried, blobs))
    with pytest.raises(BundleRejected, match=r"version 2 \(it carries attachments\)"):
        fmt.read_file(path, HQ, key_for)


def test_a_bundle_of_version_1_still_reads(tmp_path: Path) -> None:
    raw = manifest_of([record()], [], version_1=True)
    assert b"attachments" not in raw and b'"version":1}' in raw
    plain = fmt.MAGIC + b"".join(fmt.frame(f) for f in [raw, fmt.sign_manifest(raw, KIT), record()])
    opened = fmt.read_file(write(tmp_path, plain), HQ, key_for)
    assert opened.payloads == (record(),)


# --- hostile bundles ---------------------------------------------------------------------


def test_truncated_in_an_attachment(tmp_path: Path) -> None:
    records, carried, blobs = golden_parts()
    plain = plaintext(records, carried, blobs)
    assert "truncated (in an attachment)" in refusal(tmp_path, plain[:-5])


def test_a_size_that_lies(tmp_path: Path) -> None:
    photo = listed(PHOTO)
    longer = listed(PHOTO, size=len(PHOTO) + 10)
    assert "truncated" in refusal(tmp_path, plaintext([record()], [longer], [PHOTO]))
    shorter = listed(PHOTO, size=len(PHOTO) - 1)
    assert "does not match" in refusal(tmp_path, plaintext([record()], [shorter], [PHOTO]))
    assert read(write(tmp_path, plaintext([record()], [photo], [PHOTO])))[1] == {photo.id: PHOTO}


def test_a_hash_that_does_not_match(tmp_path: Path) -> None:
    forged = PHOTO[:-3] + b"GPS"
    message = refusal(tmp_path, plaintext([record()], [listed(PHOTO)], [forged]))
    assert message == "an attachment in the bundle does not match its manifest entry"


def test_an_attachment_not_listed(tmp_path: Path) -> None:
    plain = plaintext([record()], [listed(PHOTO)], [PHOTO, RULING])
    assert refusal(tmp_path, plain) == "the bundle holds more than its manifest lists"
    plain = plaintext([record()], [], [PHOTO])
    assert refusal(tmp_path, plain) == "the bundle holds more than its manifest lists"


def test_an_attachment_listed_twice(tmp_path: Path) -> None:
    photo = listed(PHOTO)
    plain = plaintext([record()], [photo, photo], [PHOTO, PHOTO])
    assert refusal(tmp_path, plain) == "the bundle lists the same attachment twice"


def test_an_attachment_of_an_interview_not_carried(tmp_path: Path) -> None:
    stray = listed(PHOTO, interview_id=str(uuid.uuid4()))
    message = refusal(tmp_path, plaintext([record()], [stray], [PHOTO]))
    assert message == "the bundle lists an attachment of an interview it does not carry"


@pytest.mark.parametrize(
    "change",
    [
        {"copy": "blurred"},
        {"copy": "original"},  # an original whose hash is not the original's
        {"media_type": "image/jpeg; name=x"},
        {"sha256": "0" * 63},
        {"size": -1},
        {"size": True},
        {"id": "{00000000-0000-4000-8000-00000000a001}"},
        {"extra": 1},
    ],
)
def test_malformed_attachment_entries(tmp_path: Path, change: dict[str, Any]) -> None:
    entry = listed(PHOTO).to_dict() | change
    message = refusal(tmp_path, plaintext([record()], [entry], [PHOTO]))
    assert message == "the bundle's manifest has malformed attachments"


def test_caps_are_checked_before_any_attachment_byte(tmp_path: Path) -> None:
    """No bytes follow the records: each refusal comes from the signed manifest alone."""
    huge = listed(PHOTO, size=manifest.MAX_ATTACHMENT_BYTES + 1)
    message = refusal(tmp_path, plaintext([record()], [huge], []))
    assert message == "the bundle lists an attachment of more than 4 GiB"
    three = [listed(PHOTO, number=n, size=3 * 1024**3) for n in range(3)]
    message = refusal(tmp_path, plaintext([record()], three, []))
    assert message == "the bundle's attachments add up to more than 8 GiB"
    many = [listed(PHOTO, number=n) for n in range(manifest.MAX_ATTACHMENTS + 1)]
    message = refusal(tmp_path, plaintext([record()], many, []))
    assert message == "the bundle lists more than 10,000 attachments"


def test_a_signature_of_version_1_does_not_stand_for_version_2(tmp_path: Path) -> None:
    records, carried, blobs = golden_parts()
    raw = manifest_of(records, carried)
    plain = plaintext(records, carried, blobs, raw=raw, signature=fmt.sign_manifest(raw, KIT))
    assert refusal(tmp_path, plain) == "the bundle's signature does not match its kit's key"


def test_a_version_1_manifest_in_a_version_2_bundle(tmp_path: Path) -> None:
    raw = manifest_of([record()], [], version_1=True)
    plain = plaintext([record()], [], [], raw=raw)
    assert refusal(tmp_path, plain) == "the bundle's manifest does not have the fields of version 2"


# --- mutations ---------------------------------------------------------------------------


def _read_plain(plain: bytes) -> tuple[list[bytes], dict[str, bytes]]:
    """A plaintext read through the age layer, as HQ would read it."""
    got: dict[str, io.BytesIO] = {}
    sealed = bytes(pyrage.encrypt(plain, [HQ.to_public()]))
    payload = agefile.open_payload(io.BytesIO(sealed), HQ, len(sealed))
    reader = carry.CarriedReader(payload, key_for)
    records = [p for _, p in reader.records()]
    reader.attachments(lambda c: got.setdefault(c.id, io.BytesIO()))
    return records, {k: v.getvalue() for k, v in got.items()}


def test_every_mutated_byte_cut_or_insertion_is_refused() -> None:
    """Seeded: a failure names the case. A bundle of version 2 changed anywhere (a byte
    flipped, cut short, a byte inserted) is refused with a sentence; none reads through."""
    records, carried, blobs = golden_parts()
    plain = plaintext(records, carried, blobs)
    assert _read_plain(plain)[1] == {carried[0].id: PHOTO, carried[1].id: RULING}  # control
    rng = random.Random(20261201)
    cases: list[tuple[str, bytes]] = []
    for _ in range(600):
        at = rng.randrange(len(plain))
        flipped = plain[:at] + bytes([plain[at] ^ (1 << rng.randrange(8))]) + plain[at + 1 :]
        cases.append((f"flip at {at}", flipped))
    for at in range(0, len(plain), 7):
        cases.append((f"cut at {at}", plain[:at]))
        cases.append((f"insert at {at}", plain[:at] + b"\x00" + plain[at:]))
    for name, mutated in cases:
        with pytest.raises(BundleRejected) as caught:
            _read_plain(mutated)
        message = str(caught.value)
        assert "\n" not in message and message[:1].islower(), (name, message)
