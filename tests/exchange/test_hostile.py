"""Hostile files at the exchange layer: the age container and the streaming bundle reader.

Anyone holding HQ's public card can make these. Every input is generated here. Each must be
refused with a BundleRejected sentence, reading no more than the bounds allow.
"""

from __future__ import annotations

import base64
import io
import os
import shutil
import signal
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey

from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.exchange import agefile
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.bundle import BundleRejected

HQ = pyrage.x25519.Identity.generate()
KIT = SigningKey.generate()
HQ_ID = str(uuid.uuid4())
KIT_ID = str(uuid.uuid4())
PRINT = "AAAA-BBBB-CCCC-DDDD-EEEE"


def key_for(fields: dict[str, Any]) -> Any:
    assert set(fields) == {
        "hq_id",
        "hq_fingerprint",
        "kit_id",
        "kit_fingerprint",
        "kit_signing_key",
    }
    return KIT.verify_key


def manifest(records: list[bytes], **changes: Any) -> bytes:
    fields: dict[str, Any] = {
        "format": fmt.FORMAT,
        "version": fmt.VERSION,
        "bundle_id": str(uuid.uuid4()),
        "kit_id": KIT_ID,
        "kit_fingerprint": PRINT,
        "kit_signing_key": base64.b64encode(bytes(KIT.verify_key)).decode(),
        "sequence": 1,
        "prev_manifest_sha256": None,
        "hq_id": HQ_ID,
        "hq_fingerprint": PRINT,
        "created_at": "2026-01-02T03:04:05Z",
        "entries": [
            {"id": str(uuid.uuid4()), "revision": 1, "sha256": sha256_hex(r), "length": len(r)}
            for r in records
        ],
    }
    fields.update(changes)
    return canonical_json(fields)


def plaintext(records: list[bytes], raw: bytes | None = None, **changes: Any) -> bytes:
    raw = manifest(records, **changes) if raw is None else raw
    frames = [raw, fmt.sign_manifest(raw, KIT), *records]
    return fmt.MAGIC + b"".join(fmt.frame(f) for f in frames)


def seal(plain: bytes) -> bytes:
    return bytes(pyrage.encrypt(plain, [HQ.to_public()]))


def refusal(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / f"{uuid.uuid4()}.fkbundle"
    path.write_bytes(data)
    with pytest.raises(BundleRejected) as caught:
        fmt.read_file(path, HQ, key_for)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("the bundle"), message
    return message


def header_end(data: bytes) -> int:
    return data.index(b"\n", data.index(b"\n--- ") + 1) + 1


class Counting(io.BytesIO):
    """A file that counts what is read of it."""

    taken = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.taken += len(data)
        return data


def _stanza() -> bytes:
    share = base64.b64encode(os.urandom(32)).rstrip(b"=")
    body = base64.b64encode(os.urandom(32)).rstrip(b"=")
    return b"-> X25519 " + share + b"\n" + body + b"\n"


# --- the age container ---------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 65535, 65536, 65537, 2 * 65536, 200_001])
def test_files_pyrage_writes_decrypt_as_a_stream(size: int) -> None:
    data = os.urandom(size)
    payload = agefile.open_payload(io.BytesIO(seal(data)), HQ, 1 << 30)
    assert payload.read_exact(size) == data
    assert payload.read(1) == b"" and payload.finished


@pytest.mark.skipif(shutil.which("age") is None, reason="the age command is not installed")
def test_the_age_command_and_fieldkit_read_each_others_files(tmp_path: Path) -> None:
    key = tmp_path / "hq-identity.txt"
    key.write_text(f"{HQ}\n")
    data = os.urandom(150_000)
    (tmp_path / "plain").write_bytes(data)
    recipient = str(HQ.to_public())
    subprocess.run(
        ["age", "-e", "-r", recipient, "-o", tmp_path / "x.age", tmp_path / "plain"], check=True
    )
    payload = agefile.open_payload(io.BytesIO((tmp_path / "x.age").read_bytes()), HQ, 1 << 30)
    assert payload.read_exact(len(data)) == data and payload.read(1) == b""
    # A bundle fieldkit writes, the age command decrypts.
    plain = plaintext([b'{"a":1}'])
    out = io.BytesIO()
    fmt.write_encrypted(out, *fmt.split_frames(plain)[:2], [b'{"a":1}'], [HQ.to_public()])
    (tmp_path / "b.fkbundle").write_bytes(out.getvalue())
    done = subprocess.run(
        ["age", "-d", "-i", key, tmp_path / "b.fkbundle"], check=True, capture_output=True
    )
    assert done.stdout == plain
    # What the age command armors, fieldkit refuses.
    subprocess.run(
        ["age", "-e", "-a", "-r", recipient, "-o", tmp_path / "a.age", tmp_path / "plain"],
        check=True,
    )
    assert "armored" in refusal(tmp_path, (tmp_path / "a.age").read_bytes())


def test_ten_thousand_stanzas_are_refused_reading_one_header_at_most(tmp_path: Path) -> None:
    data = agefile.VERSION_LINE + _stanza() * 10_000 + b"--- " + b"A" * 43 + b"\n" + bytes(99)
    assert len(data) > 900_000
    source = Counting(data)
    with pytest.raises(agefile.AgeRejected, match="more than 8 stanzas"):
        agefile.open_payload(source, HQ, 1 << 30)
    assert source.taken <= agefile.MAX_HEADER
    assert "stanzas" in refusal(tmp_path, data)


def test_a_real_file_with_extra_stanzas_for_others_is_refused(tmp_path: Path) -> None:
    good = seal(b"x")
    data = good[: len(agefile.VERSION_LINE)] + _stanza() * 9 + good[len(agefile.VERSION_LINE) :]
    assert "stanzas" in refusal(tmp_path, data)


def test_oversized_headers_and_lines_are_refused(tmp_path: Path) -> None:
    body = b"A" * 64 + b"\n"
    huge = agefile.VERSION_LINE + b"-> X25519 x\n" + body * 200 + b"\n--- " + b"A" * 43 + b"\n"
    assert "4096 bytes" in refusal(tmp_path, huge)
    long_line = agefile.VERSION_LINE + b"-> " + b"x" * 1000 + b"\n"
    assert "line over 256 bytes" in refusal(tmp_path, long_line)


def test_an_armored_file_is_refused(tmp_path: Path) -> None:
    binary = seal(plaintext([]))
    text = base64.b64encode(binary)
    lines = b"\n".join(text[i : i + 64] for i in range(0, len(text), 64))
    armored = (
        b"-----BEGIN AGE ENCRYPTED FILE-----\n" + lines + b"\n-----END AGE ENCRYPTED FILE-----\n"
    )
    assert pyrage.decrypt(armored, [HQ]) == plaintext([]) or True  # pyrage would take it
    assert "armored" in refusal(tmp_path, armored)


def test_malformed_headers_are_refused(tmp_path: Path) -> None:
    good = seal(plaintext([]))
    end = header_end(good)
    header, rest = good[:end], good[end:]
    cases = {
        "not age": b"hello world\n" + rest,
        "no stanza": agefile.VERSION_LINE + header[header.index(b"--- ") :] + rest,
        "padded base64": header.replace(b"\n--- ", b"\n=\n--- ") + rest,
        "altered MAC": header[:-5]
        + (b"AAAA" if header[-5:-1] != b"AAAA" else b"BBBB")
        + b"\n"
        + rest,
        "altered stanza": header.replace(b"-> X25519 ", b"-> X25519 A", 1) + rest,
        "other version": b"age-encryption.org/v2\n" + good[len(agefile.VERSION_LINE) :],
    }
    for name, data in cases.items():
        message = refusal(tmp_path, data)
        assert "cannot be decrypted" in message or "age" in message, (name, message)


def test_a_file_for_another_key_names_the_other_hq(tmp_path: Path) -> None:
    other = pyrage.x25519.Identity.generate()
    data = bytes(pyrage.encrypt(plaintext([]), [other.to_public()]))
    assert "made for another HQ" in refusal(tmp_path, data)


def _cuts(data: bytes) -> Iterator[tuple[str, bytes]]:
    end = header_end(data)
    first = end + agefile.NONCE
    boundary = first + agefile.CHUNK + agefile.TAG
    yield "in the header", data[: end // 2]
    yield "in the nonce", data[: end + 5]
    yield "in the first chunk", data[: first + 1000]
    yield "at a chunk boundary", data[:boundary]
    yield "last chunk missing", data[: boundary * 2 - first]
    yield "one byte short", data[:-1]
    yield "one byte more", data + b"\x00"
    yield "a chunk more", data + data[first:boundary]


def test_every_kind_of_truncation_is_refused(tmp_path: Path) -> None:
    records = [os.urandom(100_000).hex().encode()[:90_000] for _ in range(3)]
    records = [canonical_json({"x": r.decode()}) for r in records]
    data = seal(plaintext(records))
    assert len(data) > 4 * agefile.CHUNK
    fmt.read_file(_write(tmp_path, data), HQ, key_for, parse=False)  # the whole file is fine
    for name, cut in _cuts(data):
        message = refusal(tmp_path, cut)
        assert "truncated" in message or "damaged" in message or "more than" in message, name


def test_records_stream_but_the_end_is_checked_before_the_iterator_finishes(
    tmp_path: Path,
) -> None:
    records = [canonical_json({"n": n, "pad": "x" * 40_000}) for n in range(4)]
    data = seal(plaintext(records))
    cut = data[: len(data) - 10]
    seen = []
    with pytest.raises(BundleRejected, match="truncated"):
        with fmt.open_file(_write(tmp_path, cut), HQ, key_for) as reader:
            for entry, payload in reader.records():
                seen.append((entry.id, payload))
    # Some records were handed out, authentic so far: the caller committed none of them.
    assert 0 < len(seen) < len(records)


def _write(folder: Path, data: bytes) -> Path:
    path = folder / f"{uuid.uuid4()}.fkbundle"
    path.write_bytes(data)
    return path


# --- the inner plaintext -------------------------------------------------------------------


def test_garbage_encrypted_to_hq_is_refused_after_one_chunk(tmp_path: Path) -> None:
    assert "not a fieldkit bundle" in refusal(tmp_path, seal(os.urandom(300_000)))
    assert "not a fieldkit bundle" in refusal(tmp_path, seal(bytes(300_000)))


def test_a_huge_manifest_frame_is_refused_by_its_length(tmp_path: Path) -> None:
    plain = fmt.MAGIC + (fmt.MAX_MANIFEST + 1).to_bytes(4, "big") + bytes(70_000)
    assert "manifest is over 16,777,216 bytes" in refusal(tmp_path, seal(plain))
    plain = fmt.MAGIC + (2**32 - 1).to_bytes(4, "big")
    assert "over" in refusal(tmp_path, seal(plain))


def test_the_signature_is_checked_before_the_manifest_is_parsed(tmp_path: Path) -> None:
    raw = manifest([])
    broken = raw.replace(b'"entries":[]', b'"entries":[{{{{')
    plain = fmt.MAGIC + fmt.frame(broken) + fmt.frame(bytes(64))
    assert "signature does not match" in refusal(tmp_path, seal(plain))


def test_a_flood_of_entries_is_refused_before_parsing(tmp_path: Path) -> None:
    raw = manifest([])
    flood = raw.replace(b'"entries":[]', b'"entries":[' + b",".join([b"{}"] * 2_000_000) + b"]")
    assert len(flood) < fmt.MAX_MANIFEST
    message = refusal(tmp_path, seal(plaintext([], raw=flood)))
    assert "more than 50,000 interviews" in message


def test_a_hundred_thousand_tiny_records_are_refused_by_the_entry_cap(tmp_path: Path) -> None:
    records = [b"{}"] * 100_000
    message = refusal(tmp_path, seal(plaintext(records)))
    assert "more than 50,000 interviews" in message


def test_frames_beyond_the_manifest_are_refused(tmp_path: Path) -> None:
    plain = plaintext([b"{}"]) + fmt.frame(b"") * 500_000
    assert "more than its manifest lists" in refusal(tmp_path, seal(plain))


def test_records_too_big_to_hold_are_refused_before_reading_them(tmp_path: Path) -> None:
    raw = manifest([])
    entries = [
        {"id": str(uuid.uuid4()), "length": fmt.MAX_FRAME, "revision": 1, "sha256": "0" * 64}
        for _ in range(2)
    ]
    raw = manifest([], entries=entries)
    message = refusal(tmp_path, seal(plaintext([], raw=raw)))
    assert "add up to more than 96 MiB" in message


BAD_FIELDS: dict[str, tuple[dict[str, Any], str]] = {
    "created_at not a time": ({"created_at": "yesterday"}, "creation time"),
    "created_at month 13": ({"created_at": "2026-13-01T00:00:00Z"}, "creation time"),
    "created_at with an offset": ({"created_at": "2026-01-01T00:00:00+00:00"}, "creation time"),
    "created_at with a fraction": ({"created_at": "2026-01-01T00:00:00.5Z"}, "creation time"),
    "prev hash upper case": ({"prev_manifest_sha256": "AB" * 32}, "previous manifest hash"),
    "prev hash short": ({"prev_manifest_sha256": "ab" * 31}, "previous manifest hash"),
    "kit id upper case": ({"kit_id": KIT_ID.upper()}, "kit or HQ id"),
    "hq id in braces": ({"hq_id": "{" + HQ_ID + "}"}, "kit or HQ id"),
    "hq id without dashes": ({"hq_id": HQ_ID.replace("-", "")}, "kit or HQ id"),
}


@pytest.mark.parametrize("name", list(BAD_FIELDS))
def test_manifest_fields_are_validated(tmp_path: Path, name: str) -> None:
    changes, expected = BAD_FIELDS[name]
    assert expected in refusal(tmp_path, seal(plaintext([], **changes)))


@pytest.mark.parametrize("form", ["upper", "braces", "urn", "no dashes"])
def test_entry_ids_must_be_canonical_exactly_as_signed(tmp_path: Path, form: str) -> None:
    real = str(uuid.uuid4())
    entry_id = {
        "upper": real.upper(),
        "braces": "{" + real.upper() + "}",
        "urn": f"urn:uuid:{real}",
        "no dashes": real.replace("-", ""),
    }[form]
    record = canonical_json({"id": entry_id, "revision": 1})
    entries = [{"id": entry_id, "length": len(record), "revision": 1, "sha256": sha256_hex(record)}]
    message = refusal(tmp_path, seal(plaintext([record], entries=entries)))
    assert "not valid (not a UUID in canonical lower-case form)" in message


# --- not a file ----------------------------------------------------------------------------


@pytest.fixture
def alarm() -> Iterator[None]:
    """A hang fails the test instead of the suite."""

    def hang(*_: Any) -> None:
        raise TimeoutError("the read blocked")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_links_pipes_devices_and_folders_are_refused(tmp_path: Path, alarm: None) -> None:
    (tmp_path / "zero.fkbundle").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.fkbundle")
    (tmp_path / "folder.fkbundle").mkdir()
    (tmp_path / "real.fkbundle").write_bytes(seal(plaintext([])))
    (tmp_path / "link.fkbundle").symlink_to(tmp_path / "real.fkbundle")
    expected = {
        "zero": "symbolic link",
        "pipe": "pipe",
        "folder": "folder",
        "link": "symbolic link",
        "missing": "cannot be read",
    }
    for name, reason in expected.items():
        with pytest.raises(BundleRejected, match=reason):
            fmt.read_file(tmp_path / f"{name}.fkbundle", HQ, key_for)
    with pytest.raises(BundleRejected, match="larger than"):
        fmt.read_file(tmp_path / "real.fkbundle", HQ, key_for, limit=100)
    fmt.read_file(tmp_path / "real.fkbundle", HQ, key_for)


def test_a_file_growing_while_read_is_read_no_further_than_the_cap(tmp_path: Path) -> None:
    data = seal(plaintext([b"{}"]))
    source = Counting(data + bytes(1_000_000))
    payload = agefile.open_payload(source, HQ, len(data) + 10)
    with pytest.raises(agefile.AgeRejected):
        while payload.read(65536):
            pass
    assert source.taken <= len(data) + 11


# --- fuzzed headers ------------------------------------------------------------------------

_GOOD = seal(plaintext([b"{}"]))
_END = header_end(_GOOD)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, _END - 1), st.integers(0, 255), st.sampled_from("sid")),
        min_size=1,
        max_size=4,
    )
)
def test_fuzzed_headers_are_refused_or_read_as_pyrage_reads_them(
    edits: list[tuple[int, int, str]],
) -> None:
    data = bytearray(_GOOD)
    for pos, value, kind in edits:
        pos = min(pos, len(data) - 1)
        if kind == "s":
            data[pos] = value
        elif kind == "i":
            data.insert(pos, value)
        else:
            del data[pos]
    try:
        payload = agefile.open_payload(io.BytesIO(bytes(data)), HQ, 1 << 20)
        plain = b"".join(iter(lambda: payload.read(65536), b""))
    except agefile.AgeRejected as error:
        assert "\n" not in str(error)
        return
    assert plain == bytes(pyrage.decrypt(bytes(data), [HQ]))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_after_the_version_line_are_refused(tail: bytes) -> None:
    with pytest.raises(agefile.AgeRejected):
        agefile.open_payload(io.BytesIO(agefile.VERSION_LINE + tail), HQ, 1 << 20)
