"""Taking bundles apart and putting them together, and proving that a refusal changed nothing.

Serves the tests that attack HQ's import and the kit's receipts with bundles and receipts that
are not what a kit or HQ made.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pyrage
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey

from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.keys import Identity
from fieldkit.vault import integrity
from fieldkit.vault.store import Vault

#: Every table of HQ's central dataset that an import may touch.
HQ_TABLES = (
    "interviews",
    "quotes",
    "revisions",
    "interview_tags",
    "provenance",
    "hq_revisions",
    "bundles_in",
    "quarantine",
    "aliases",
    "kits",
    "settings",
    "hq_attachments",
)
#: Every table of a kit that applying a receipt may touch.
KIT_TABLES = (
    "interviews",
    "quotes",
    "revisions",
    "interview_tags",
    "confirmed",
    "bundles_out",
    "sent_entries",
    "hq_pins",
    "settings",
    "attachments",
    "sent_attachments",
)


#: How hard the property tests of the parsers try (fixed examples: a failure repeats).
PROPERTY = settings(
    max_examples=400,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: Any JSON value, nested a little.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


# --- looking at state ------------------------------------------------------------------------


def table_digest(vault: Vault, tables: Sequence[str]) -> dict[str, tuple[int, str]]:
    """(row count, SHA-256 of every row) per table: equal digests mean equal contents."""
    digest = {}
    for table in tables:
        rows = sorted(repr(tuple(r)) for r in vault.read(f"SELECT * FROM {table}"))
        digest[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return digest


@contextmanager
def unchanged_tables(vault: Vault, tables: Sequence[str]) -> Iterator[None]:
    """The block leaves every row of ``tables`` as it was, and the vault still checks clean."""
    before = table_digest(vault, tables)
    yield
    assert table_digest(vault, tables) == before
    assert integrity.check(vault).ok


# --- taking bundles apart and putting them together ------------------------------------------


@dataclass(frozen=True)
class Inner:
    """A decrypted bundle, split into its parts (nothing checked)."""

    manifest_raw: bytes
    signature: bytes
    records: tuple[bytes, ...]

    @property
    def manifest(self) -> dict[str, Any]:
        value = json.loads(self.manifest_raw)
        assert isinstance(value, dict)
        return value

    @classmethod
    def of(cls, bundle: bytes, identity: Identity) -> Inner:
        frames = fmt.split_frames(fmt.decrypt(bundle, identity.age))
        return cls(frames[0], frames[1], tuple(frames[2:]))

    def plain(self) -> bytes:
        return assemble(self.manifest_raw, self.signature, self.records)


def assemble(manifest: bytes, signature: bytes, records: Sequence[bytes]) -> bytes:
    """The inner plaintext of a bundle, exactly as the format lays it out."""
    return (
        fmt.MAGIC + fmt.frame(manifest) + fmt.frame(signature) + b"".join(map(fmt.frame, records))
    )


def seal(plain: bytes, recipient: pyrage.x25519.Recipient) -> bytes:
    """Encrypt an inner plaintext (age, binary) as a kit would."""
    return bytes(pyrage.encrypt(plain, [recipient]))


def signed(
    manifest: dict[str, Any],
    records: Sequence[bytes],
    key: SigningKey,
    *,
    fix_entries: bool = False,
) -> bytes:
    """A plaintext whose canonical ``manifest`` is signed by ``key``.

    With ``fix_entries`` the entries' sha256 and length are recomputed from ``records``.
    """
    manifest = dict(manifest)
    if fix_entries:
        manifest["entries"] = [
            {**entry, "sha256": sha256_hex(record), "length": len(record)}
            for entry, record in zip(manifest["entries"], records, strict=True)
        ]
    raw = canonical_json(manifest)
    return assemble(raw, fmt.sign_manifest(raw, key), records)
