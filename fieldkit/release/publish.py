"""Checksums and signatures for the artefacts: ``SHA256SUMS`` (``sha256sum -c`` reads it) and a
minisign signature beside every artefact and beside ``SHA256SUMS``, plus ``fieldkit.pub``."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from fieldkit.release.minisign import PublicKey, SecretKey, sign_file

#: The release key: a minisign secret key file (``minisign -G``), or its text itself.
ENV_KEY = "FIELDKIT_RELEASE_KEY"
#: Its password, if it was made encrypted (without ``-W``).
ENV_KEY_PASSWORD = "FIELDKIT_RELEASE_KEY_PASSWORD"  # noqa: S105 (a variable's name)
SUMS = "SHA256SUMS"
PUBLIC_KEY = "fieldkit.pub"


@dataclass(frozen=True)
class ReleaseKey:
    key: SecretKey
    throwaway: bool


def load_key(path: Path | None, env: Mapping[str, str] = os.environ) -> ReleaseKey:
    """The release key from ``path`` or ``$FIELDKIT_RELEASE_KEY``; a throwaway key if neither
    is given (a local build: its signatures prove nothing to anyone else)."""
    given = str(path) if path is not None else env.get(ENV_KEY, "")
    if not given:
        return ReleaseKey(SecretKey.generate(), throwaway=True)
    text = given if given.lstrip().startswith("untrusted comment:") else None
    if text is None:
        text = Path(given).read_text(encoding="utf-8")
    password = env.get(ENV_KEY_PASSWORD)
    return ReleaseKey(
        SecretKey.from_text(text, password.encode() if password is not None else None),
        throwaway=False,
    )


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def publish(key: SecretKey, artefacts: Sequence[Path], out: Path, label: str) -> list[Path]:
    """Write ``SHA256SUMS``, ``<artefact>.minisig`` for each artefact and for the sums, and
    ``fieldkit.pub`` into ``out`` (where the artefacts are); returns the files written."""
    sums = out / SUMS
    sums.write_text(
        "".join(f"{sha256(path)}  {path.name}\n" for path in artefacts), encoding="utf-8"
    )
    written = [sums]
    for path in [*artefacts, sums]:
        signature = sign_file(key, path, f"{label} file:{path.name}")
        target = path.with_name(path.name + ".minisig")
        target.write_text(signature.to_text(), encoding="utf-8")
        written.append(target)
    public = out / PUBLIC_KEY
    public.write_text(key.public.to_text(), encoding="utf-8")
    written.append(public)
    return written


def public_key(out: Path) -> PublicKey:
    return PublicKey.from_text((out / PUBLIC_KEY).read_text(encoding="utf-8"))
