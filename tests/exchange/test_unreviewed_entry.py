"""A manifest entry's optional ``unreviewed``: written only when above 0, read back, checked."""

from __future__ import annotations

import pytest

from fieldkit.core.canonical import canonical_json
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange import manifest
from fieldkit.exchange.bundle import BundleRejected

ID = "6c780065-d368-4bcd-a99b-247cc62746e7"
OTHER = "0b5e3c44-2f7e-4d0c-9d1e-3f6a2b9c8d71"


def _manifest(*entries: fmt.Entry) -> bytes:
    return fmt.manifest_bytes(
        bundle_id=ID,
        kit_id=ID,
        kit_fingerprint="AAAA-BBBB-CCCC-DDDD-EEEE",
        kit_signing_key="key",
        sequence=1,
        prev_manifest_sha256=None,
        hq_id=OTHER,
        hq_fingerprint="ABCD-EFGH-IJKL-MNOP-QRST",
        created_at="2020-02-20T12:00:00Z",
        entries=list(entries),
    )


def test_an_entry_carries_unreviewed_only_when_some_were_sent() -> None:
    reviewed = fmt.Entry(ID, 1, "a" * 64, 10)
    unreviewed = fmt.Entry(OTHER, 2, "b" * 64, 20, unreviewed=3)
    raw = _manifest(reviewed, unreviewed)
    assert b'"unreviewed"' in raw and raw.count(b'"unreviewed"') == 1
    assert b'"unreviewed"' not in _manifest(reviewed)  # bundles without it are as before
    _fields, entries = manifest.check(raw)
    assert entries == (reviewed, unreviewed)


@pytest.mark.parametrize("value", [0, -1, "3", True, None, 1.5])
def test_an_unreviewed_count_that_is_no_positive_integer_is_refused(value: object) -> None:
    good = _manifest(fmt.Entry(ID, 1, "a" * 64, 10, unreviewed=1))
    data = manifest.canonical_object(good, "manifest")
    data["entries"][0]["unreviewed"] = value
    try:
        raw = canonical_json(data)
    except (TypeError, ValueError):  # a float canonical JSON cannot write
        return
    with pytest.raises(BundleRejected, match="malformed entries"):
        manifest.check(raw)
