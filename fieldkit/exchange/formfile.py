"""Form files (version 1): a form HQ published, signed with HQ's Ed25519 key.

``MAGIC``, frame(HQ's 32-byte public signing key), frame(canonical JSON body),
frame(Ed25519 signature over ``CONTEXT`` + key + body); frames as in bundles (4-byte
big-endian length, then the bytes). Not encrypted: a form holds questions, not answers.
The reader caps the size before reading, checks the signature over the raw bytes and only
then parses JSON (docs/forms.md).
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from fieldkit.core.canonical import canonical_json
from fieldkit.core.errors import FormFileRejected
from fieldkit.core.forms.model import Form, FormError, form_from_dict, form_to_dict
from fieldkit.vault.fsutil import NotARegularFile, open_regular

FORM_SUFFIX = ".fkform"
MAGIC = b"FIELDKIT-FORM\x001\n"
FORMAT = "fieldkit-form"
VERSION = 1
CONTEXT = b"fieldkit form v1\x00"
#: A form file: 500 fields of 1,000 choices with labels in a few languages fit.
MAX_FORM_BYTES = 8 * 1024 * 1024
_LEN = struct.Struct(">I")


@dataclass(frozen=True)
class FormFile:
    """A form file read and verified: the form, who published it when, and its exact bytes."""

    form: Form
    hq_id: str
    published_at: str
    body: bytes  # the signed canonical JSON
    data: bytes  # the whole file


def form_body(form: Form, hq_id: str, published_at: str) -> bytes:
    """The canonical JSON a form file signs."""
    return canonical_json(
        {
            "format": FORMAT,
            "version": VERSION,
            "hq_id": hq_id,
            "published_at": published_at,
            "form": form_to_dict(form),
        }
    )


def seal(form: Form, hq_id: str, published_at: str, key: SigningKey) -> bytes:
    """The form file for ``form``, signed by HQ's ``key``."""
    body = form_body(form, hq_id, published_at)
    public = bytes(key.verify_key)
    signature = bytes(key.sign(CONTEXT + public + body).signature)
    return MAGIC + _frame(public) + _frame(body) + _frame(signature)


def _frame(data: bytes) -> bytes:
    return _LEN.pack(len(data)) + data


def read_form_file(path: Path, hq_key: VerifyKey, hq_id: str) -> FormFile:
    """Read the form file at ``path`` and check it was signed by the HQ whose key is given."""
    try:
        with open_regular(Path(path), MAX_FORM_BYTES) as handle:
            data = handle.read(MAX_FORM_BYTES + 1)
    except NotARegularFile as error:
        raise FormFileRejected(f"{Path(path).name} is not a form file: {error}") from error
    if len(data) > MAX_FORM_BYTES:
        raise FormFileRejected(f"{Path(path).name} is larger than a form file can be")
    return parse_form_file(data, hq_key, hq_id)


def _frames(data: bytes) -> list[bytes]:
    if not data.startswith(MAGIC):
        raise FormFileRejected("this file is not a fieldkit form file of version 1")
    frames: list[bytes] = []
    pos = len(MAGIC)
    while pos < len(data) and len(frames) < 3:
        if pos + 4 > len(data):
            break
        (size,) = _LEN.unpack_from(data, pos)
        pos += 4
        if pos + size > len(data):
            break
        frames.append(data[pos : pos + size])
        pos += size
    if len(frames) != 3 or pos != len(data) or len(frames[0]) != 32 or len(frames[2]) != 64:
        raise FormFileRejected("this form file was altered or damaged (its parts do not fit)")
    return frames


def parse_form_file(data: bytes, hq_key: VerifyKey, hq_id: str) -> FormFile:
    """The form in ``data``, verified against the pinned HQ (key and id); one clear
    :class:`FormFileRejected` otherwise."""
    public, body, signature = _frames(data)
    signed = CONTEXT + public + body
    if public != bytes(hq_key):
        try:
            VerifyKey(public).verify(signed, signature)
        except (BadSignatureError, ValueError):
            raise FormFileRejected("this form file was altered or damaged") from None
        raise FormFileRejected(
            "this form file was signed by another HQ, not the one this kit is enrolled with"
        )
    try:
        hq_key.verify(signed, signature)
    except (BadSignatureError, ValueError):
        raise FormFileRejected("this form file was altered or damaged") from None
    outer = _body(body)
    if outer.get("hq_id") != hq_id:
        raise FormFileRejected("this form file names another HQ than the one it was signed by")
    try:
        form = form_from_dict(outer.get("form"))
    except FormError as error:
        raise FormFileRejected(
            f"this form file holds a form fieldkit cannot use: {error}"
        ) from None
    published = outer.get("published_at")
    if not isinstance(published, str) or len(published) > 40:
        raise FormFileRejected("this form file is malformed (no time of publishing)")
    return FormFile(form, hq_id, published, body, data)


def _body(body: bytes) -> dict[str, Any]:
    try:
        outer = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        raise FormFileRejected("this form file is malformed (not JSON)") from None
    try:
        canonical = isinstance(outer, dict) and canonical_json(outer) == body
    except (TypeError, ValueError):  # a float: canonical JSON has none
        canonical = False
    if not canonical:
        raise FormFileRejected("this form file is malformed (not canonical JSON)")
    if outer.get("format") != FORMAT or outer.get("version") != VERSION:
        raise FormFileRejected("this file is not a fieldkit form of version 1")
    return dict(outer)
