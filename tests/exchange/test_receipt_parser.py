"""The receipt parser, fed any plaintext: it refuses with ReceiptRejected, never crashes."""

from __future__ import annotations

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey

from fieldkit.exchange import receipt as rcpt
from fieldkit.exchange.receipt import ReceiptRejected


@settings(
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=300), st.booleans())
def test_open_receipt_of_any_plaintext_is_rejected(data: bytes, magic: bool) -> None:
    identity = pyrage.x25519.Identity.generate()
    key = SigningKey.generate()
    plain = (rcpt.MAGIC + data) if magic else data
    with pytest.raises(ReceiptRejected):
        rcpt.open_receipt(
            bytes(pyrage.encrypt(plain, [identity.to_public()])), identity, lambda _: key.verify_key
        )
