"""Release signatures in minisign's format, made with PyNaCl, so ``minisign -V`` checks them.

The format (https://jedisct1.github.io/minisign/): a public key is ``"Ed" || key id (8 bytes,
little-endian) || Ed25519 public key``, base64 under an untrusted comment line. A signature
file has four lines: an untrusted comment; base64 of ``"ED" || key id || Ed25519 signature of
BLAKE2b-512(file)`` (the prehashed variant, minisign's default since 0.11); the trusted comment;
base64 of the global signature, Ed25519 over ``signature || trusted comment``. The legacy
variant ``"Ed"`` signs the file itself; :func:`verify` accepts both.

Secret keys are read from minisign's own secret key file (``minisign -G``; encrypted with a
password, or unencrypted with ``-W``), so a release key can be made and kept with the standard
tool. Nothing here prints or logs key material.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

import nacl.exceptions
import nacl.pwhash
import nacl.signing

ALG_LEGACY = b"Ed"
ALG_PREHASHED = b"ED"
KDF_SCRYPT = b"Sc"
KDF_NONE = b"\x00\x00"
CHECKSUM_BLAKE2B = b"B2"
UNTRUSTED = "untrusted comment: "
TRUSTED = "trusted comment: "


class MinisignError(ValueError):
    """A key or signature that is malformed, or does not verify (no key material in it)."""


def _blake2b(data: bytes, size: int) -> bytes:
    return hashlib.blake2b(data, digest_size=size).digest()


def _b64(text: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise MinisignError("not base64") from None


def _key_blob(text: str, what: str) -> bytes:
    """The decoded key line of a key file (its untrusted comment line is optional)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and lines[0].startswith(UNTRUSTED):
        lines = lines[1:]
    if not lines:
        raise MinisignError(f"empty {what}")
    return _b64(lines[0])


def key_id_text(key_id: bytes) -> str:
    """The key id as minisign prints it: the little-endian number in upper-case hex."""
    return f"{int.from_bytes(key_id, 'little'):016X}"


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes
    verify_key: nacl.signing.VerifyKey

    def to_text(self) -> str:
        """The contents of a ``.pub`` file, as ``minisign -G`` writes it."""
        blob = ALG_LEGACY + self.key_id + bytes(self.verify_key)
        return (
            f"{UNTRUSTED}minisign public key {key_id_text(self.key_id)}\n"
            f"{base64.b64encode(blob).decode()}\n"
        )

    @classmethod
    def from_text(cls, text: str) -> PublicKey:
        """A ``.pub`` file's contents, or its base64 line alone (``minisign -P``)."""
        blob = _key_blob(text, "public key")
        if len(blob) != 42 or blob[:2] != ALG_LEGACY:
            raise MinisignError("not a minisign public key")
        return cls(blob[2:10], nacl.signing.VerifyKey(blob[10:]))


@dataclass(frozen=True)
class SecretKey:
    key_id: bytes
    signing_key: nacl.signing.SigningKey

    def __repr__(self) -> str:  # never show the key in a traceback or a log
        return f"SecretKey(key_id={key_id_text(self.key_id)})"

    @classmethod
    def generate(cls) -> SecretKey:
        return cls(os.urandom(8), nacl.signing.SigningKey.generate())

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.key_id, self.signing_key.verify_key)

    @classmethod
    def from_text(cls, text: str, password: bytes | None = None) -> SecretKey:
        """A minisign secret key file (``minisign -G``); ``password`` opens an encrypted one."""
        blob = _key_blob(text, "secret key")
        if len(blob) != 158 or blob[:2] != ALG_LEGACY or blob[4:6] != CHECKSUM_BLAKE2B:
            raise MinisignError("not a minisign secret key")
        kdf, salt = blob[2:4], blob[6:38]
        keynum = blob[54:158]  # key id (8) || secret key (64) || checksum (32)
        if kdf == KDF_SCRYPT:
            if password is None:
                raise MinisignError("the secret key is encrypted: its password is needed")
            opslimit = int.from_bytes(blob[38:46], "little")
            memlimit = int.from_bytes(blob[46:54], "little")
            stream = nacl.pwhash.scrypt.kdf(len(keynum), password, salt, opslimit, memlimit)
            keynum = bytes(a ^ b for a, b in zip(keynum, stream, strict=True))
        elif kdf != KDF_NONE:
            raise MinisignError("unknown key derivation in the secret key")
        key_id, secret, checksum = keynum[:8], keynum[8:72], keynum[72:]
        expected = _blake2b(ALG_LEGACY + key_id + secret, 32)
        unset = kdf == KDF_NONE and checksum == bytes(32)  # minisign 0.11 -W leaves it zero
        if not (unset or hmac.compare_digest(expected, checksum)):
            raise MinisignError("wrong password, or a damaged secret key")
        return cls(key_id, nacl.signing.SigningKey(secret[:32]))


@dataclass(frozen=True)
class Signature:
    algorithm: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes
    untrusted_comment: str = "signature from fieldkit release key"

    def to_text(self) -> str:
        """The contents of a ``.minisig`` file."""
        blob = self.algorithm + self.key_id + self.signature
        return (
            f"{UNTRUSTED}{self.untrusted_comment}\n"
            f"{base64.b64encode(blob).decode()}\n"
            f"{TRUSTED}{self.trusted_comment}\n"
            f"{base64.b64encode(self.global_signature).decode()}\n"
        )

    @classmethod
    def from_text(cls, text: str) -> Signature:
        lines = text.splitlines()
        if len(lines) < 4 or not lines[0].startswith(UNTRUSTED) or not lines[2].startswith(TRUSTED):
            raise MinisignError("not a minisign signature")
        blob, global_signature = _b64(lines[1]), _b64(lines[3])
        if len(blob) != 74 or blob[:2] not in (ALG_LEGACY, ALG_PREHASHED):
            raise MinisignError("not a minisign signature")
        if len(global_signature) != 64:
            raise MinisignError("not a minisign signature")
        return cls(
            blob[:2],
            blob[2:10],
            blob[10:],
            lines[2][len(TRUSTED) :],
            global_signature,
            lines[0][len(UNTRUSTED) :],
        )


def _file_blake2b(path: Path) -> bytes:
    digest = hashlib.blake2b(digest_size=64)  # streamed: an artefact is hundreds of MB
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.digest()


def sign_file(key: SecretKey, path: Path, trusted_comment: str) -> Signature:
    """A prehashed (``ED``) signature of ``path``; the trusted comment is signed too."""
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise MinisignError("a trusted comment is one line")
    signature = key.signing_key.sign(_file_blake2b(path)).signature
    global_signature = key.signing_key.sign(signature + trusted_comment.encode()).signature
    return Signature(ALG_PREHASHED, key.key_id, signature, trusted_comment, global_signature)


def verify_file(public: PublicKey, path: Path, signature: Signature) -> str:
    """Check ``signature`` of ``path``; returns the trusted comment, raises MinisignError."""
    if signature.key_id != public.key_id:
        raise MinisignError(
            f"signed with key {key_id_text(signature.key_id)}, "
            f"not with {key_id_text(public.key_id)}"
        )
    message = _file_blake2b(path) if signature.algorithm == ALG_PREHASHED else path.read_bytes()
    try:
        public.verify_key.verify(message, signature.signature)
        public.verify_key.verify(
            signature.signature + signature.trusted_comment.encode(), signature.global_signature
        )
    except nacl.exceptions.BadSignatureError:
        raise MinisignError(f"the signature of {path.name} does not verify") from None
    return signature.trusted_comment
