"""The bundle parser, fed any bytes and any frames: it returns frames or refuses, never crashes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.signing import SigningKey

from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.bundle import BundleRejected
from tests.tampering import JSON_VALUES, PROPERTY

_KEY = SigningKey(bytes(range(32)))


def _framed(parts: list[bytes]) -> bytes:
    return fmt.MAGIC + b"".join(fmt.frame(p) for p in parts)


@st.composite
def _manifests(draw: st.DrawFn) -> bytes:
    """Manifest frames from nearly right to nonsense."""
    kind = draw(st.sampled_from(("bytes", "json", "fields")))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "json":
        text = json.dumps(draw(JSON_VALUES), ensure_ascii=draw(st.booleans()))
        return text.encode("utf-8", "surrogatepass")
    fields: dict[str, Any] = {
        "format": "fieldkit-bundle",
        "version": 1,
        "bundle_id": "6c780065-d368-4bcd-a99b-247cc62746e7",
        "kit_id": draw(st.sampled_from(("kit", "unknown"))),
        "kit_fingerprint": "AAAA-BBBB-CCCC-DDDD-EEEE",
        "kit_signing_key": "key",
        "sequence": draw(st.integers(min_value=1, max_value=9)),
        "prev_manifest_sha256": None,
        "hq_id": "hq",
        "hq_fingerprint": "ABCD-EFGH-IJKL-MNOP-QRST",
        "created_at": "2020-02-20T12:00:00Z",
        "entries": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"id": st.text(max_size=5), "revision": st.integers(), "sha256": st.text()},
                    optional={"length": st.integers(), "x": JSON_VALUES},
                ),
                max_size=3,
            )
        ),
    }
    for name in draw(st.lists(st.sampled_from(sorted(fields)), max_size=3)):
        if draw(st.booleans()):
            fields[name] = draw(JSON_VALUES)
        else:
            fields.pop(name, None)
    if draw(st.booleans()):  # canonical, as far as the values allow
        text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return text.encode("utf-8", "surrogatepass")
    return json.dumps(fields).encode()


def _key_for(manifest: dict[str, Any]) -> Any:
    if manifest.get("kit_id") == "unknown":
        raise BundleRejected("the bundle comes from a kit HQ has not enrolled")
    return _KEY.verify_key


@PROPERTY
@given(st.binary(max_size=400))
def test_split_frames_of_any_bytes_is_frames_or_rejected(data: bytes) -> None:
    for plain in (data, fmt.MAGIC + data):
        try:
            frames = fmt.split_frames(plain)
        except BundleRejected:
            continue
        assert fmt.MAGIC + b"".join(map(fmt.frame, frames)) == plain


@PROPERTY
@given(st.binary(max_size=400))
def test_open_bundle_of_any_bytes_is_rejected(data: bytes) -> None:
    for plain in (data, fmt.MAGIC + data):
        with pytest.raises(BundleRejected):
            fmt.open_bundle(plain, _key_for)


@PROPERTY
@given(_manifests(), st.binary(max_size=80), st.lists(st.binary(max_size=60), max_size=3))
def test_open_bundle_of_any_frames_is_rejected(
    manifest: bytes, signature: bytes, records: list[bytes]
) -> None:
    with pytest.raises(BundleRejected):
        fmt.open_bundle(_framed([manifest, signature, *records]), _key_for)
    # The same manifest with a valid signature: now the entries and records are checked.
    good = fmt.sign_manifest(manifest, _KEY)
    try:
        fmt.open_bundle(_framed([manifest, good, *records]), _key_for)
    except BundleRejected:
        pass
