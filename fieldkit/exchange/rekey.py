"""The rekey statement (version 1): a kit's new card, signed by the key it replaces.

A kit that moves to new keys (``fieldkit rekey``) writes one; HQ checks it against the key it
has enrolled for the kit, has the new fingerprint compared by phone, and only then takes the
new card as the same kit (:mod:`fieldkit.hq.revocation`). Specified in docs/bundle-format.md.
The file is canonical JSON and one newline, exactly: any other byte, even white space, is
refused, so a statement altered anywhere is refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from fieldkit.core.canonical import canonical_json
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange.keys import Card, CardRejected, Identity, Role, b64, unb64
from fieldkit.exchange.manifest import is_time, is_uuid
from fieldkit.vault.fsutil import NotARegularFile, read_regular

FORMAT = "fieldkit-rekey"
VERSION = 1
CONTEXT = b"fieldkit rekey v1\x00"
#: The file name ending statements are saved with (any name is accepted when reading).
SUFFIX = ".fkrekey"
#: A statement is about 1 KB; nothing longer is read.
MAX_BYTES = 16 * 1024
_FIELDS = {"format", "version", "kit_id", "old_fingerprint", "old_signing_key", "new_card"}
_FIELDS |= {"created_at"}
_FINGERPRINT = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){4}")


class RekeyRejected(FieldkitError):
    """A file is not a valid rekey statement (or it was altered)."""


@dataclass(frozen=True)
class RekeyStatement:
    """A checked statement: the kit, the key it replaces, the new card, and the file's text."""

    kit_id: str
    old_fingerprint: str
    old_signing_key: bytes
    new_card: Card
    created_at: str
    text: str  # the file as read (what HQ keeps)

    @property
    def new_card_text(self) -> str:
        """The new card as a card file holds it (what HQ pins)."""
        return canonical_json(json.loads(self.text)["rekey"]["new_card"]).decode("utf-8")


def statement_bytes(old: Identity, new: Identity, created_at: str) -> bytes:
    """The statement that ``old`` moves to ``new`` (same kit id), signed by ``old``."""
    if old.ident != new.ident or old.role is not Role.KIT or new.role is not Role.KIT:
        raise ValueError("a rekey moves one kit to new keys")
    body = {
        "format": FORMAT,
        "version": VERSION,
        "kit_id": old.ident,
        "old_fingerprint": old.card.fingerprint,
        "old_signing_key": b64(bytes(old.signing.verify_key)),
        "new_card": json.loads(new.card_bytes()),
        "created_at": created_at,
    }
    signature = old.signing.sign(CONTEXT + canonical_json(body)).signature
    return canonical_json({"rekey": body, "signature": b64(signature)}) + b"\n"


def parse_statement(data: bytes) -> RekeyStatement:
    """Check a statement's bytes: exact canonical form, fields, the new card's own signature
    and the old key's signature over the whole. Which kit and key HQ enrolled is for HQ."""
    refused = RekeyRejected("this file is not a fieldkit rekey statement (or it was altered)")
    try:
        if len(data) > MAX_BYTES:
            raise ValueError("too long")
        outer = json.loads(data.decode("utf-8"))
        if not isinstance(outer, dict) or canonical_json(outer) + b"\n" != data:
            raise ValueError("not canonical")
        if set(outer) != {"rekey", "signature"} or not isinstance(outer["rekey"], dict):
            raise ValueError("fields")
        body: dict[str, Any] = outer["rekey"]
        if set(body) != _FIELDS or body["format"] != FORMAT or body["version"] != VERSION:
            raise ValueError("not a rekey statement of version 1")
        if not is_uuid(body["kit_id"]) or not is_time(str(body["created_at"])):
            raise ValueError("values")
        if not isinstance(body["old_fingerprint"], str) or not _FINGERPRINT.fullmatch(
            body["old_fingerprint"]
        ):
            raise ValueError("values")
        old_key = unb64(body["old_signing_key"], 32)
        VerifyKey(old_key).verify(CONTEXT + canonical_json(body), unb64(outer["signature"], 64))
        new_card = Card.parse(canonical_json(body["new_card"]), Role.KIT)
    except CardRejected as error:
        raise refused from error
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, BadSignatureError) as error:
        raise refused from error
    except RecursionError as error:
        raise refused from error
    if new_card.ident != body["kit_id"]:
        raise RekeyRejected("the statement's new card is for another kit")
    if new_card.signing_key == old_key:
        raise RekeyRejected("the statement's new card has the same key as the old one")
    return RekeyStatement(
        body["kit_id"],
        str(body["old_fingerprint"]),
        old_key,
        new_card,
        body["created_at"],
        data.decode("utf-8"),
    )


def read_statement(path: Path) -> RekeyStatement:
    """The statement in the file at ``path`` (a regular file, at most MAX_BYTES read)."""
    try:
        return parse_statement(read_regular(Path(path), MAX_BYTES))
    except (NotARegularFile, OSError) as error:
        reason = error if isinstance(error, NotARegularFile) else error.strerror
        raise RekeyRejected(f"the rekey statement {path} cannot be read: {reason}") from error
