"""Key slots: the vault's data key wrapped under keys derived from a passphrase or recovery key.

The data key (DEK) is 32 random bytes that open the SQLCipher database as a raw key. It is
never stored in the clear: each slot holds it sealed with XChaCha20-Poly1305 under a key
derived by Argon2id. The slot's parameters are bound as associated data, so editing them makes
the slot fail to open instead of weakening it.

The file also carries a checksum of its own content, so that a damaged file is told apart from
a wrong passphrase (a failed AEAD tag alone cannot say which), and, when the researcher chose
it, the count of wrong passphrases after which the slots are destroyed (see ``store``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

# argon2-cffi's own C bindings (its ``hash_secret_raw`` copies secrets into unwiped buffers).
from _argon2_cffi_bindings import ffi as argon2_ffi
from _argon2_cffi_bindings import lib as argon2_lib
from argon2.exceptions import HashingError
from argon2.low_level import ARGON2_VERSION, Type, error_to_str
from nacl._sodium import ffi as sodium_ffi
from nacl._sodium import lib as sodium_lib
from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_encrypt

from fieldkit.core.canonical import canonical_json
from fieldkit.core.errors import KeySlotDamaged, VaultDamaged, VaultError, WrongPassphrase
from fieldkit.vault.fsutil import atomic_write
from fieldkit.vault.memwipe import transient_bytes, wipe, wipe_immutable

FORMAT = "fieldkit-keyslots"
VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 24
TAG_BYTES = 16
SALT_BYTES = 16
MIN_SALT_BYTES = 8

PASSPHRASE = "passphrase"  # noqa: S105 - a slot kind, not a secret
RECOVERY = "recovery"

#: Argon2id memory for a passphrase slot: 128 MiB, twice the floor the design asks for.
MEMORY_KIB = 128 * 1024
MIN_MEMORY_KIB = 64 * 1024
PARALLELISM = 2
TARGET_SECONDS = 1.0
#: Upper bounds a slot may ask for (calibration stays far below them).
MAX_MEMORY_KIB = 1024 * 1024
MAX_TIME_COST = 200
MAX_PARALLELISM = 16
#: Memory x passes a slot may ask for: 64 times what calibration asks on a fast machine
#: (128 MiB x 30), so an edited slot cannot make opening run for hours.
MAX_WORK_KIB = MEMORY_KIB * 30 * 64


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters, stored in the slot they protect."""

    time_cost: int
    memory_kib: int
    parallelism: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": "argon2id",
            "version": 19,
            "time_cost": self.time_cost,
            "memory_kib": self.memory_kib,
            "parallelism": self.parallelism,
        }


#: For recovery keys: 160 random bits need no stretching, but the slot code stays one path.
RECOVERY_KDF = KdfParams(time_cost=1, memory_kib=MIN_MEMORY_KIB, parallelism=1)


def derive(secret: str, salt: bytes, params: KdfParams) -> bytearray:
    """Argon2id(secret, salt) with ``params``: a 32-byte wrapping key, for the caller to wipe.

    Argon2's C function writes the key straight into the returned buffer and reads the
    passphrase's bytes in place (argon2-cffi's ``hash_secret_raw`` copies both into buffers
    it frees without zeroing).
    """
    key = bytearray(KEY_BYTES)
    encoded = secret.encode("utf-8")
    try:
        result = argon2_lib.argon2_hash(
            params.time_cost,
            params.memory_kib,
            params.parallelism,
            argon2_ffi.from_buffer(encoded),
            len(encoded),
            salt,
            len(salt),
            argon2_ffi.from_buffer(key),
            KEY_BYTES,
            argon2_ffi.NULL,
            0,
            Type.ID.value,
            ARGON2_VERSION,
        )
    finally:
        wipe_immutable(encoded)
    if result != argon2_lib.ARGON2_OK:
        raise HashingError(error_to_str(result))
    return key


def calibrate(target_seconds: float = TARGET_SECONDS, memory_kib: int = MEMORY_KIB) -> KdfParams:
    """Parameters that take about ``target_seconds`` on this machine, never below the floor."""
    memory_kib = max(memory_kib, MIN_MEMORY_KIB)

    def timed(time_cost: int) -> float:
        params = KdfParams(time_cost=time_cost, memory_kib=memory_kib, parallelism=PARALLELISM)
        start = time.perf_counter()
        derive("calibration", secrets.token_bytes(SALT_BYTES), params)
        return time.perf_counter() - start

    # A first run warms the allocator; then the difference between runs is the cost of passes.
    timed(1)
    one, four = timed(1), timed(4)
    per_pass = max((four - one) / 3, 1e-3)
    fixed = max(one - per_pass, 0.0)
    time_cost = max(2, round((target_seconds - fixed) / per_pass))
    return KdfParams(time_cost=min(time_cost, 64), memory_kib=memory_kib, parallelism=PARALLELISM)


def new_recovery_key() -> str:
    """A recovery key to print: 160 random bits as eight groups of four letters/digits."""
    text = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise_recovery_key(text: str) -> str:
    """Accept what a person types back: any case, spaces or dashes, O/0 and I/1 mix-ups."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class Slot:
    kind: str
    params: KdfParams
    salt: bytes
    nonce: bytes
    sealed: bytes

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kdf": {**self.params.to_dict(), "salt": _b64(self.salt)},
            "aead": "xchacha20poly1305-ietf",
            "nonce": _b64(self.nonce),
            "sealed_key": _b64(self.sealed),
        }

    @staticmethod
    def from_dict(data: Any) -> Slot:
        kdf = data["kdf"]
        if kdf["name"] != "argon2id" or data["aead"] != "xchacha20poly1305-ietf":
            raise ValueError("unknown algorithm")
        params = KdfParams(int(kdf["time_cost"]), int(kdf["memory_kib"]), int(kdf["parallelism"]))
        # Bounds Argon2 accepts (and a sane machine can run): anything else is damage, and
        # must be reported as such rather than crash or exhaust memory inside Argon2.
        if not (
            1 <= params.parallelism <= MAX_PARALLELISM
            and 8 * params.parallelism <= params.memory_kib <= MAX_MEMORY_KIB
            and 1 <= params.time_cost <= MAX_TIME_COST
            and params.memory_kib * params.time_cost <= MAX_WORK_KIB
        ):
            raise ValueError("bad parameters")
        salt, nonce, sealed = (
            _unb64(kdf["salt"]),
            _unb64(data["nonce"]),
            _unb64(data["sealed_key"]),
        )
        if not MIN_SALT_BYTES <= len(salt) <= 64 or len(nonce) != NONCE_BYTES:
            raise ValueError("bad salt or nonce")
        if len(sealed) != KEY_BYTES + TAG_BYTES:
            raise ValueError("bad sealed key")
        return Slot(str(data["kind"]), params, salt, nonce, sealed)


def _aad(vault_id: str, kind: str, params: KdfParams, salt: bytes) -> bytes:
    return canonical_json(
        {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": vault_id,
            "kind": kind,
            "kdf": {**params.to_dict(), "salt": _b64(salt)},
        }
    )


def seal(vault_id: str, kind: str, secret: str, dek: bytearray, params: KdfParams) -> Slot:
    """Wrap ``dek`` under a key derived from ``secret``."""
    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    wrapping = derive(secret, salt, params)
    try:
        # PyNaCl takes only bytes: copies that are zeroed as soon as it returns.
        with transient_bytes(dek) as plain, transient_bytes(wrapping) as key:
            sealed = crypto_aead_xchacha20poly1305_ietf_encrypt(
                plain, _aad(vault_id, kind, params, salt), nonce, key
            )
    finally:
        wipe(wrapping)
    return Slot(kind, params, salt, nonce, sealed)


def unseal(vault_id: str, slot: Slot, secret: str) -> bytearray | None:
    """The data key, or None if ``secret`` does not open ``slot``.

    libsodium writes the key straight into the bytearray returned (PyNaCl's wrapper would
    return it as ``bytes`` after an intermediate buffer, two copies nobody could wipe).
    """
    if len(slot.sealed) != KEY_BYTES + TAG_BYTES:
        return None
    aad = _aad(vault_id, slot.kind, slot.params, slot.salt)
    wrapping = derive(secret, slot.salt, slot.params)
    dek = bytearray(KEY_BYTES)
    length = sodium_ffi.new("unsigned long long *")
    try:
        failed = sodium_lib.crypto_aead_xchacha20poly1305_ietf_decrypt(
            sodium_ffi.from_buffer(dek),
            length,
            sodium_ffi.NULL,
            slot.sealed,
            len(slot.sealed),
            aad,
            len(aad),
            slot.nonce,
            sodium_ffi.from_buffer(wrapping),
        )
    finally:
        wipe(wrapping)
    if failed or length[0] != KEY_BYTES:
        wipe(dek)
        return None
    return dek


def _checksum(document: dict[str, Any]) -> str:
    body = {k: v for k, v in document.items() if k != "checksum"}
    return "sha256:" + hashlib.sha256(canonical_json(body)).hexdigest()


@dataclass(frozen=True)
class KeySlots:
    """The key slot file: one slot per way of opening the vault."""

    vault_id: str
    slots: tuple[Slot, ...]
    #: Destroy the slots after this many wrong passphrases in a row (0: never).
    wipe_after: int = 0
    #: Wrong passphrases (or recovery keys) given in a row since the last opening.
    failed: int = 0
    #: The file's checksum as read: ``ok``, ``mismatch``, or ``absent`` (files before it).
    checksum: str = field(default="ok", compare=False)

    def to_bytes(self) -> bytes:
        document: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "slots": [s.to_dict() for s in self.slots],
        }
        if self.wipe_after or self.failed:
            document["wipe_after"] = self.wipe_after
            document["failed"] = self.failed
        document["checksum"] = _checksum(document)
        return json.dumps(document, indent=2).encode("utf-8") + b"\n"

    @staticmethod
    def load(path: Path) -> KeySlots:
        """Read the slot file; a damaged one raises :class:`VaultDamaged`."""
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise VaultError(
                f"the key slot file {path.name} cannot be read ({error.strerror or error})"
            ) from error
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("not a key slot file")
            if data.get("version") != VERSION:
                raise VaultDamaged(
                    f"the key slot file {path.name} has version {data.get('version')}, "
                    "which this fieldkit cannot read"
                )
            slots = tuple(Slot.from_dict(s) for s in data["slots"])
            vault_id = str(data["vault_id"])
            wipe_after, failed = int(data.get("wipe_after", 0)), int(data.get("failed", 0))
            if wipe_after < 0 or failed < 0:
                raise ValueError("negative count")
            stored = data.get("checksum")
            if stored is None:
                checksum = "absent"
            else:
                same = hmac.compare_digest(str(stored), _checksum(data))
                checksum = "ok" if same else "mismatch"
        except VaultDamaged:
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
            raise VaultDamaged(f"the key slot file {path.name} is damaged") from error
        # A mismatch alone does not refuse the file: a slot that still opens is intact (its
        # AEAD tag proves it), so only a slot that fails is reported as damaged.
        return KeySlots(vault_id, slots, wipe_after, failed, checksum=checksum)

    def save(self, path: Path) -> None:
        atomic_write(path, self.to_bytes())

    def open(self, secret: str, kinds: tuple[str, ...]) -> bytearray:
        """The data key from the first slot of one of ``kinds`` that ``secret`` opens."""
        for slot in self.slots:
            if slot.kind in kinds:
                dek = unseal(self.vault_id, slot, secret)
                if dek is not None:
                    return dek
        if not any(slot.kind in kinds for slot in self.slots):
            raise VaultDamaged("the key slot file has no slot for this kind of key")
        if self.checksum == "mismatch":
            raise KeySlotDamaged(
                "the key slot file is damaged (it does not match its checksum), so no "
                "passphrase can open it; restore the vault from a backup"
            )
        # With a checksum that matched, the slots are as written: the secret is wrong. A file
        # written before checksums cannot tell a flipped bit from a wrong passphrase.
        unsure = "" if self.checksum == "ok" else ", or the key slot file is damaged"
        if kinds == (RECOVERY,):
            raise WrongPassphrase(f"that recovery key does not open this vault{unsure}")
        raise WrongPassphrase(f"wrong passphrase{unsure}")

    def replace(self, slot: Slot) -> KeySlots:
        """These slots with ``slot`` in place of every slot of its kind."""
        kept = tuple(s for s in self.slots if s.kind != slot.kind)
        return replace(self, slots=(slot, *kept))

    def with_counts(self, *, wipe_after: int | None = None, failed: int = 0) -> KeySlots:
        """These slots with a new failure count (and, if given, a new wipe threshold)."""
        threshold = self.wipe_after if wipe_after is None else wipe_after
        return replace(self, wipe_after=threshold, failed=failed, checksum="ok")


def new_slots(
    vault_id: str, dek: bytearray, passphrase: str, params: KdfParams, recovery_key: str
) -> KeySlots:
    """A new vault's slots: ``dek`` sealed under the passphrase (with ``params``) and under
    the recovery key."""
    recovery = normalise_recovery_key(recovery_key)
    return KeySlots(
        vault_id,
        (
            seal(vault_id, PASSPHRASE, passphrase, dek, params),
            seal(vault_id, RECOVERY, recovery, dek, RECOVERY_KDF),
        ),
    )


def new_dek() -> bytearray:
    """A fresh random 256-bit data key, in a buffer that can be wiped."""
    raw = os.urandom(KEY_BYTES)
    dek = bytearray(raw)
    wipe_immutable(raw)
    return dek
