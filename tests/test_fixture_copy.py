"""The fixture copy in tests/ is the shared original, byte for byte."""

from __future__ import annotations

import hashlib

from tests.helpers import FIXTURES, REPO

SHARED = REPO.parent / "shared" / "fixtures" / FIXTURES.name
#: SHA-256 of the shared fixture as it was copied.
COPIED = "c6299bc336468558c088fcb204ef57418127d45526d2ef0e0844f150ea6f9ccb"


def test_the_copy_is_unchanged() -> None:
    digest = hashlib.sha256(FIXTURES.read_bytes()).hexdigest()
    assert digest == COPIED
    if SHARED.exists():  # beside a checkout that has the shared folder, as CI does
        assert hashlib.sha256(SHARED.read_bytes()).hexdigest() == digest
