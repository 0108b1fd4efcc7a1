"""Reading age v1 files (https://age-encryption.org/v1) with bounds, as a stream.

pyrage reads any header it is given: an X25519 identity tries every stanza, and a header of
10,000 stanzas (1 MB, anyone holding the public card can write one) holds the GIL for more
than ten minutes; ``pyrage.decrypt`` also returns the whole plaintext at once. So the header
is parsed here first, within :data:`MAX_HEADER` bytes, :data:`MAX_STANZAS` stanzas and
:data:`MAX_LINE` bytes a line, and the payload is decrypted here too, one 64 KiB chunk at a
time (X25519 with PyNaCl, HKDF-SHA-256 and the header MAC with the standard library,
ChaCha20-Poly1305 STREAM with PyNaCl): :class:`Payload` hands out plaintext as it
authenticates, and says whether the final chunk has (docs/bundle-format.md, "Outer layer").
Writing stays with pyrage.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import BinaryIO

import pyrage
from nacl.bindings import (
    crypto_aead_chacha20poly1305_ietf_decrypt,
    crypto_scalarmult,
    crypto_scalarmult_base,
)
from nacl.exceptions import CryptoError

from fieldkit.core.errors import FieldkitError

VERSION_LINE = b"age-encryption.org/v1\n"
ARMOR_LINE = b"-----BEGIN AGE ENCRYPTED FILE-----"
#: The whole header, version line to MAC line. One X25519 stanza takes ~100 bytes.
MAX_HEADER = 4096
#: Recipient stanzas: HQ's, a few escrow recipients, and the stanza age writers add as grease.
MAX_STANZAS = 8
#: Any one header line, without its line feed (an X25519 argument line is 53 bytes).
MAX_LINE = 256
CHUNK = 64 * 1024
TAG = 16
NONCE = 16
_B64 = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_X25519_INFO = b"age-encryption.org/v1/X25519"


class AgeRejected(FieldkitError):
    """An age file is malformed, over a bound, damaged, or not encrypted to this identity."""


class NotForThisKey(AgeRejected):
    """No stanza of a well-formed age header opens with this identity."""


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    """HKDF-SHA-256 (RFC 5869) with 32 bytes of output: one expand block."""
    prk = hmac.new(salt or bytes(32), ikm, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def _b64(text: bytes, what: str) -> bytes:
    """Canonical unpadded base64 (age refuses padding and non-zero trailing bits)."""
    if not set(text) <= _B64 or len(text) % 4 == 1:
        raise AgeRejected(f"the file's age header has malformed {what}")
    data = base64.b64decode(text + b"=" * (-len(text) % 4))
    if base64.b64encode(data).rstrip(b"=") != text:
        raise AgeRejected(f"the file's age header has malformed {what}")
    return data


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values: list[int]) -> int:
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for bit, gen in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            check ^= gen if (top >> bit) & 1 else 0
    return check


def identity_secret(identity: pyrage.x25519.Identity) -> bytes:
    """The 32-byte X25519 secret of an ``AGE-SECRET-KEY-1…`` identity (BIP 173 Bech32)."""
    text = str(identity).lower()
    hrp, _, data = text.rpartition("1")
    values = [_BECH32.index(c) for c in data]
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    if hrp != "age-secret-key-" or _bech32_polymod(expanded + values) != 1:
        raise ValueError("not an age X25519 identity")
    bits = "".join(f"{v:05b}" for v in values[:-6])
    return int(bits[:256], 2).to_bytes(32, "big")


class Header:
    """A parsed age header: its stanzas, its MAC and the bytes the MAC covers."""

    def __init__(self, stanzas: list[tuple[list[bytes], bytes]], mac: bytes, covered: bytes):
        self.stanzas = stanzas
        self.mac = mac
        self.covered = covered


def parse_header(head: bytes) -> tuple[Header, int]:
    """The header at the start of ``head`` (at most MAX_HEADER bytes) and where it ends."""
    if head.lstrip().startswith(ARMOR_LINE):
        raise AgeRejected("the file is ASCII-armored age; only binary age files are accepted")
    if not head.startswith(VERSION_LINE):
        raise AgeRejected("the file is not an age v1 file")
    pos = len(VERSION_LINE)
    stanzas: list[tuple[list[bytes], bytes]] = []

    def line() -> bytes:
        nonlocal pos
        end = head.find(b"\n", pos, pos + MAX_LINE + 1)
        if end < 0:
            if len(head) - pos > MAX_LINE:
                raise AgeRejected(f"the file's age header has a line over {MAX_LINE} bytes")
            raise AgeRejected(f"the file's age header is truncated or over {MAX_HEADER} bytes")
        text, pos = head[pos:end], end + 1
        return text

    while True:
        text = line()
        if text.startswith(b"--- "):
            if not stanzas:
                raise AgeRejected("the file's age header has no recipient stanza")
            mac = _b64(text[4:], "MAC")
            if len(mac) != 32:
                raise AgeRejected("the file's age header has malformed MAC")
            covered_end = pos - len(text) - 1 + 3
            return Header(stanzas, mac, head[:covered_end]), pos
        if not text.startswith(b"-> "):
            raise AgeRejected("the file's age header is malformed")
        if len(stanzas) == MAX_STANZAS:
            raise AgeRejected(f"the file's age header has more than {MAX_STANZAS} stanzas")
        args = text[3:].split(b" ")
        if any(not a or min(a) < 0x21 or max(a) > 0x7E for a in args):
            raise AgeRejected("the file's age header has a malformed stanza")
        body = b""
        while True:
            part = line()
            body += part
            if len(part) > 64:
                raise AgeRejected("the file's age header has a malformed stanza")
            if len(part) < 64:
                break
        stanzas.append((args, _b64(body, "stanza")))


def _file_key(header: Header, secret: bytes) -> bytes:
    """Unwrap the file key from the X25519 stanza made for ``secret``, and check the MAC."""
    public = crypto_scalarmult_base(secret)
    for args, body in header.stanzas:
        if args[0] != b"X25519":
            continue
        share = _b64(args[1], "stanza") if len(args) == 2 else b""
        if len(share) != 32 or len(body) != 32:
            raise AgeRejected("the file's age header has a malformed X25519 stanza")
        shared = crypto_scalarmult(secret, share)
        if not any(shared):
            raise AgeRejected("the file's age header has a malformed X25519 stanza")
        wrap = _hkdf(shared, share + public, _X25519_INFO)
        try:
            key = crypto_aead_chacha20poly1305_ietf_decrypt(body, None, bytes(12), wrap)
        except CryptoError:
            continue
        mac = hmac.new(_hkdf(key, b"", b"header"), header.covered, hashlib.sha256).digest()
        if not hmac.compare_digest(mac, header.mac):
            raise AgeRejected("the file's age header was altered (its MAC does not match)")
        return bytes(key)
    raise NotForThisKey("the file is not encrypted to this key")


class Payload:
    """The plaintext of an age file, decrypted and authenticated one chunk at a time.

    :meth:`read` returns authenticated bytes only; at the end of the plaintext it returns
    ``b""``, and only once the final chunk has authenticated. A file cut anywhere (at a chunk
    boundary included) raises AgeRejected instead. At most ``limit`` bytes are ever read
    from ``source``.
    """

    def __init__(self, source: BinaryIO, key: bytes, pending: bytes, limit: int) -> None:
        self._source = source
        self._raw = bytearray(pending)
        self._left = limit - len(pending)
        nonce = self._take(NONCE)
        if len(nonce) != NONCE:
            raise AgeRejected("the file is truncated (in its age payload nonce)")
        self._key = _hkdf(key, nonce, b"payload")
        self._counter = 0
        self._plain = b""
        self._offset = 0
        self.finished = False  # the final chunk has authenticated

    def _fill(self, size: int) -> None:
        while len(self._raw) < size:
            want = min(size - len(self._raw), self._left + 1, 1 << 20)
            data = self._source.read(want) if want > 0 else b""
            if not data:
                return
            self._left -= len(data)
            if self._left < 0:
                raise AgeRejected("the file is larger than the size accepted")
            self._raw += data

    def _take(self, size: int) -> bytes:
        self._fill(size)
        data = bytes(self._raw[:size])
        del self._raw[:size]
        return data

    def _next_chunk(self) -> None:
        self._fill(CHUNK + TAG + 1)
        last = len(self._raw) <= CHUNK + TAG
        sealed = self._take(CHUNK + TAG)
        if len(sealed) < TAG:
            raise AgeRejected("the file is truncated (in its final age chunk)")
        nonce = self._counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")
        try:
            plain = crypto_aead_chacha20poly1305_ietf_decrypt(sealed, None, nonce, self._key)
        except CryptoError as error:
            raise AgeRejected("the file is truncated or damaged (an age chunk failed)") from error
        if last and not plain and self._counter:
            raise AgeRejected("the file is damaged (an empty final age chunk)")
        self._counter += 1
        self._plain, self._offset = bytes(plain), 0
        self.finished = last

    def read(self, size: int) -> bytes:
        """Up to ``size`` authenticated bytes; ``b""`` at the authenticated end."""
        while self._offset == len(self._plain):
            if self.finished:
                return b""
            self._next_chunk()
        data = self._plain[self._offset : self._offset + size]
        self._offset += len(data)
        return data

    def read_exact(self, size: int) -> bytes | None:
        """Exactly ``size`` bytes, or None if the plaintext ends before."""
        end = self._offset + size
        if end <= len(self._plain):  # the common case: within the chunk at hand
            data = self._plain[self._offset : end]
            self._offset = end
            return data
        parts = []
        while size:
            data = self.read(min(size, CHUNK))
            if not data:
                return None
            parts.append(data)
            size -= len(data)
        return b"".join(parts)


def open_payload(source: BinaryIO, identity: pyrage.x25519.Identity, limit: int) -> Payload:
    """Parse and bound the header of the age file ``source``, then decrypt it as a stream."""
    head = source.read(min(MAX_HEADER, limit))
    header, end = parse_header(head)
    key = _file_key(header, identity_secret(identity))
    return Payload(source, key, head[end:], limit - end)
