"""Shared set-up for the exchange tests: an HQ and two enrolled kits with interviews.

The expensive part (vaults, keys, enrollment, data) is built once per test module as a
*template* on disk; each test that changes anything gets its own copy (:func:`open_world`),
so tests never see each other's imports or receipts.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import pytest
from nacl.signing import SigningKey

from fieldkit import hq, kit
from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.core.jsonl import read_jsonl
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.keys import Identity, Role, load_identity
from fieldkit.vault import repository
from fieldkit.vault.store import Vault
from tests.helpers import FAST_KDF, FIXTURES, PASSPHRASE

ORG = "ADC Memorial"

#: Every table of HQ's central dataset that an import may touch.
HQ_TABLES = (
    "interviews",
    "quotes",
    "revisions",
    "interview_tags",
    "provenance",
    "bundles_in",
    "quarantine",
    "aliases",
    "kits",
    "settings",
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
)

_WORDS = (
    "river field witness village market road winter morning council school bridge garden "
    "document letter evening station harvest mountain window kitchen"
).split()


def synthetic_rows(prefix: str, count: int) -> list[tuple[int, dict[str, Any]]]:
    """``count`` distinct, valid, ready interviews as (line, record) pairs for import_records."""
    rows = []
    for n in range(count):
        digest = hashlib.sha256(f"{prefix}/{n}".encode()).digest()
        body = " ".join(_WORDS[b % len(_WORDS)] for b in digest * 3)
        rows.append(
            (
                n + 1,
                {
                    "interview_date": f"2020-0{1 + n % 9}-{10 + n % 18}",
                    "place": ["Masanchi", "Sortobe", "Aukhatty", "Bulak"][n % 4],
                    "role": f"{prefix} resident number {n}",
                    "organisation": ORG,
                    "language": "en",
                    "country": "KZ",
                    "tags": ["pogrom", prefix],
                    "notes": f"private note {n} of {prefix}: never leaves the kit",
                    "quotes": [
                        {"text": f"{prefix} testimony {n}. {body}.", "tags": ["village"]},
                        {"text": f"Second quote {n} of {prefix}.", "tags": []},
                    ],
                },
            )
        )
    return rows


# --- building and copying a set of vaults ----------------------------------------------------


def build_template(
    root: Path,
    *,
    kit_a_rows: Sequence[tuple[int, Any]] | None = None,
    kit_b_rows: Sequence[tuple[int, Any]] | None = None,
) -> Path:
    """HQ plus kits A and B (both enrolled both ways) with data, all closed, under ``root``.

    Kit A holds the published Korday testimonies unless ``kit_a_rows`` says otherwise.
    """
    root.mkdir(parents=True, exist_ok=True)
    cards = root / "cards"
    cards.mkdir()
    hq_vault, _, identity = hq.hq_init(root / "hq", PASSPHRASE, ORG, kdf=FAST_KDF)
    identity.write_card(cards / "hq.card")
    with hq_vault:
        for name, rows in (
            ("kit_a", list(kit_a_rows) if kit_a_rows is not None else list(read_jsonl(FIXTURES))),
            ("kit_b", list(kit_b_rows) if kit_b_rows is not None else synthetic_rows("B", 3)),
        ):
            kit_vault, _ = Vault.create(root / name, PASSPHRASE, organisation=ORG, kdf=FAST_KDF)
            with kit_vault:
                kit.enroll_hq(kit_vault, cards / "hq.card")
                kit.kit_card(kit_vault).write_card(cards / f"{name}.card")
                hq.enroll_kit(hq_vault, cards / f"{name}.card")
                repository.import_records(kit_vault, rows)
    return root


@dataclass
class World:
    """Open copies of HQ and kits A and B, and a folder for bundles and receipts."""

    root: Path
    hq: Vault
    kit_a: Vault
    kit_b: Vault
    out: Path

    @property
    def hq_identity(self) -> Identity:
        return hq.hq_identity(self.hq)

    def kit_identity(self, vault: Vault) -> Identity:
        identity = load_identity(vault, Role.KIT)
        assert identity is not None
        return identity

    def card(self, name: str) -> Path:
        return self.root / "cards" / f"{name}.card"

    def ids(self, vault: Vault) -> list[str]:
        return [r[0] for r in vault.read("SELECT id FROM interviews ORDER BY rowid")]

    def export(self, vault: Vault, ids: Sequence[str] | None = None) -> Path:
        summary = kit.export_bundle(vault, self.out, ids=ids)
        assert summary.path is not None
        return summary.path

    def close(self) -> None:
        for vault in (self.hq, self.kit_a, self.kit_b):
            vault.close()


def open_world(template: Path, dest: Path) -> World:
    """A private copy of ``template`` with every vault open."""
    shutil.copytree(template, dest)
    out = dest / "usb"
    out.mkdir()
    return World(
        dest,
        Vault.open(dest / "hq", PASSPHRASE),
        Vault.open(dest / "kit_a", PASSPHRASE),
        Vault.open(dest / "kit_b", PASSPHRASE),
        out,
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per test module; copy it (``world``) before changing anything."""
    return build_template(tmp_path_factory.mktemp("template") / "world")


@pytest.fixture
def world(template: Path, tmp_path: Path) -> Iterator[World]:
    opened = open_world(template, tmp_path / "world")
    yield opened
    opened.close()


# --- looking at state ------------------------------------------------------------------------


def table_digest(vault: Vault, tables: Sequence[str]) -> dict[str, tuple[int, str]]:
    """(row count, SHA-256 of every row) per table: equal digests mean equal contents."""
    digest = {}
    for table in tables:
        rows = sorted(repr(tuple(r)) for r in vault.read(f"SELECT * FROM {table}"))
        digest[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return digest


# --- taking bundles apart and putting them together ------------------------------------------


@dataclass(frozen=True)
class Inner:
    """A decrypted bundle, split into its parts (nothing checked)."""

    manifest_raw: bytes
    signature: bytes
    records: tuple[bytes, ...]

    @property
    def manifest(self) -> dict[str, Any]:
        import json

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
