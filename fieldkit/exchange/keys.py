"""Identities (kept inside the vault) and their public cards (files anyone may see).

A kit has an Ed25519 key to sign bundles and an age identity to receive receipts. HQ has an age
identity to receive bundles and an Ed25519 key to sign receipts. Each side's public halves travel
as a card: canonical JSON, self-signed, with a short fingerprint to compare by phone.
"""

from __future__ import annotations

import base64
import enum
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.core.errors import FieldkitError
from fieldkit.vault import settings
from fieldkit.vault.fsutil import atomic_write
from fieldkit.vault.settings import Setting
from fieldkit.vault.store import Vault, write_setting

CARD_FORMAT = "fieldkit-card"
CARD_VERSION = 1
CARD_CONTEXT = b"fieldkit card v1\x00"
#: The file name ending cards are saved with (any name is accepted when reading).
CARD_SUFFIX = ".fkcard"


class Role(enum.StrEnum):
    KIT = "kit"
    HQ = "hq"


class CardRejected(FieldkitError):
    """A card file is not a valid, self-signed fieldkit card of the expected kind."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, size: int) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    data = base64.b64decode(text.encode("ascii"), validate=True)
    if len(data) != size:
        raise ValueError("wrong length")
    return data


#: Base64 in and out, as cards and rekey statements write keys and signatures.
b64, unb64 = _b64, _unb64


def fingerprint_of(signing_public: bytes, age_recipient: str) -> str:
    """Twenty characters in five groups, from both public keys: what people compare by phone."""
    digest = bytes.fromhex(sha256_hex(canonical_json([_b64(signing_public), age_recipient])))
    text = base64.b32encode(digest[:13]).decode("ascii")[:20]
    return "-".join(text[i : i + 4] for i in range(0, 20, 4))


@dataclass(frozen=True)
class Card:
    """The public half of a kit or HQ."""

    role: Role
    ident: str  # kit id or HQ id (a UUID)
    name: str  # kit label or organisation; shown, never trusted
    signing_key: bytes  # Ed25519 public key
    age_recipient: str  # age1...

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.signing_key, self.age_recipient)

    def body(self) -> dict[str, Any]:
        return {
            "format": CARD_FORMAT,
            "version": CARD_VERSION,
            "role": self.role.value,
            "id": self.ident,
            "name": self.name,
            "signing_key": _b64(self.signing_key),
            "age_recipient": self.age_recipient,
        }

    def verify_key(self) -> VerifyKey:
        return VerifyKey(self.signing_key)

    def recipient(self) -> pyrage.x25519.Recipient:
        return pyrage.x25519.Recipient.from_str(self.age_recipient)

    def to_json(self) -> str:
        return json.dumps(self.body(), ensure_ascii=False, sort_keys=True)

    @staticmethod
    def parse(data: bytes, expect: Role) -> Card:
        """Parse and check a card file's bytes: format, kind, keys and self-signature."""
        what = "an HQ card" if expect is Role.HQ else "a kit card"
        try:
            outer = json.loads(data.decode("utf-8"))
            body = outer["card"]
            signature = _unb64(outer["signature"], 64)
            if body.get("format") != CARD_FORMAT or body.get("version") != CARD_VERSION:
                raise ValueError("not a fieldkit card")
            card = Card(
                role=Role(body["role"]),
                ident=str(body["id"]),
                name=str(body["name"]),
                signing_key=_unb64(body["signing_key"], 32),
                age_recipient=str(body["age_recipient"]),
            )
            if card.body() != body:
                raise ValueError("unexpected fields")
            card.recipient()
            card.verify_key().verify(CARD_CONTEXT + canonical_json(body), signature)
        except (
            ValueError,
            KeyError,
            TypeError,
            UnicodeDecodeError,
            BadSignatureError,
            pyrage.RecipientError,
        ) as error:
            raise CardRejected(f"this file is not {what} (or it was altered)") from error
        if card.role is not expect:
            raise CardRejected(f"this is a {card.role.value} card, not {what}")
        return card

    @staticmethod
    def load(path: Path, expect: Role) -> Card:
        """The card in the file at ``path`` (:func:`read_card` without its bytes)."""
        return read_card(path, expect).card


@dataclass(frozen=True)
class CardFile:
    """A card as read from its file: parsed and checked, with the exact bytes it was parsed
    from (what enrolment pins, so the card pinned is the one whose fingerprint was shown)."""

    card: Card
    data: bytes

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


def read_card(path: Path, expect: Role) -> CardFile:
    """Read and check the card file at ``path``: the one place card files are parsed."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CardRejected(f"cannot read the card {path}: {error.strerror}") from error
    return CardFile(Card.parse(data, expect), data)


@dataclass(frozen=True)
class Identity:
    """This vault's own keys (kit or HQ). The secret halves never leave the vault."""

    role: Role
    ident: str
    name: str
    signing: SigningKey
    age: pyrage.x25519.Identity

    @property
    def card(self) -> Card:
        return Card(
            role=self.role,
            ident=self.ident,
            name=self.name,
            signing_key=bytes(self.signing.verify_key),
            age_recipient=str(self.age.to_public()),
        )

    def card_bytes(self) -> bytes:
        body = self.card.body()
        signature = self.signing.sign(CARD_CONTEXT + canonical_json(body)).signature
        return (
            json.dumps(
                {"card": body, "signature": _b64(signature)},
                ensure_ascii=False,
                indent=2,
                sort_keys=True,
            )
            + "\n"
        ).encode("utf-8")

    def write_card(self, path: Path) -> None:
        path = Path(path)
        if not path.parent.is_dir():
            raise FieldkitError(f"no such folder: {path.parent}")
        atomic_write(path, self.card_bytes(), mode=0o644)


def _setting_key(role: Role) -> Setting:
    return settings.identity(role.value)


def create_identity(vault: Vault, role: Role, name: str, ident: str) -> Identity:
    """Make and store new keys of ``role`` in the vault (refuses to replace existing ones)."""
    if vault.get_setting(_setting_key(role)) is not None:
        raise FieldkitError(f"this vault already has {role.value} keys")
    identity = Identity(role, ident, name, SigningKey.generate(), pyrage.x25519.Identity.generate())
    vault.set_setting(_setting_key(role), _stored(identity))
    return identity


def _stored(identity: Identity) -> dict[str, str]:
    return {
        "id": identity.ident,
        "name": identity.name,
        "signing_seed": _b64(bytes(identity.signing)),
        "age_identity": str(identity.age),
    }


def store_identity(conn: Any, identity: Identity) -> None:
    """Replace this vault's keys of ``identity``'s role with it, inside the caller's
    transaction: the old keys' row is overwritten, not left beside the new one."""
    write_setting(conn, _setting_key(identity.role), _stored(identity))


def load_identity(vault: Vault, role: Role) -> Identity | None:
    """This vault's keys of ``role``, or None if it has none yet."""
    data = vault.get_setting(_setting_key(role))
    if data is None:
        return None
    return Identity(
        role=role,
        ident=str(data["id"]),
        name=str(data["name"]),
        signing=SigningKey(_unb64(data["signing_seed"], 32)),
        age=pyrage.x25519.Identity.from_str(str(data["age_identity"])),
    )


def ensure_kit_identity(vault: Vault) -> Identity:
    """The kit's keys, made the first time they are needed (never in HQ's dataset)."""
    found = load_identity(vault, Role.KIT)
    if found is not None:
        return found
    if load_identity(vault, Role.HQ) is not None:
        raise FieldkitError("this is HQ's dataset, not a kit: use the 'fieldkit hq' commands")
    org = str(vault.get_setting(settings.ORGANISATION) or "")
    return create_identity(vault, Role.KIT, org, vault.vault_id)
