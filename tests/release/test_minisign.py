"""Release signatures: minisign's format, checked against the real minisign where installed."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest

from fieldkit.release.minisign import (
    ALG_LEGACY,
    ALG_PREHASHED,
    MinisignError,
    PublicKey,
    SecretKey,
    Signature,
    key_id_text,
    sign_file,
    verify_file,
)

needs_minisign = pytest.mark.skipif(
    shutil.which("minisign") is None, reason="the minisign tool is not installed"
)


@pytest.fixture
def artefact(tmp_path: Path) -> Path:
    path = tmp_path / "fieldkit_0.1.0_amd64.deb"
    path.write_bytes(b"\x00not really a package\xff" * 1000)
    return path


def test_signature_round_trip_and_tampering(artefact: Path) -> None:
    key = SecretKey.generate()
    signature = sign_file(key, artefact, "fieldkit 0.1.0 file:x.deb")
    assert signature.algorithm == ALG_PREHASHED
    parsed = Signature.from_text(signature.to_text())
    assert verify_file(key.public, artefact, parsed) == "fieldkit 0.1.0 file:x.deb"

    forged = Signature.from_text(
        signature.to_text().replace("file:x.deb", "file:other.deb")
    )  # the trusted comment is signed too
    with pytest.raises(MinisignError, match="does not verify"):
        verify_file(key.public, artefact, forged)
    artefact.write_bytes(artefact.read_bytes() + b"!")
    with pytest.raises(MinisignError, match="does not verify"):
        verify_file(key.public, artefact, parsed)
    with pytest.raises(MinisignError, match="not with"):
        verify_file(SecretKey.generate().public, artefact, parsed)


def test_public_key_text_is_minisigns() -> None:
    key = SecretKey.generate()
    text = key.public.to_text()
    comment, blob = text.splitlines()
    assert comment == f"untrusted comment: minisign public key {key_id_text(key.key_id)}"
    raw = base64.b64decode(blob)
    assert raw[:2] == ALG_LEGACY and raw[2:10] == key.key_id and len(raw) == 42
    assert PublicKey.from_text(text) == key.public
    assert PublicKey.from_text(blob) == key.public  # the `-P` form: the base64 line alone


def test_the_secret_key_never_shows_in_its_repr() -> None:
    key = SecretKey.generate()
    seed = bytes(key.signing_key)
    assert seed.hex() not in repr(key) and base64.b64encode(seed).decode() not in repr(key)
    assert key_id_text(key.key_id) in repr(key)


@pytest.mark.parametrize(
    "text", ["", "untrusted comment: x\n", "untrusted comment: x\nbm90IGEga2V5\n", "%%%"]
)
def test_malformed_keys_and_signatures_are_refused(text: str) -> None:
    for parse in (PublicKey.from_text, SecretKey.from_text, Signature.from_text):
        with pytest.raises(MinisignError):
            parse(text)


@needs_minisign
def test_minisign_verifies_our_signatures(artefact: Path, tmp_path: Path) -> None:
    key = SecretKey.generate()
    (tmp_path / "fieldkit.pub").write_text(key.public.to_text())
    signature = sign_file(key, artefact, f"fieldkit test file:{artefact.name}")
    artefact.with_name(artefact.name + ".minisig").write_text(signature.to_text())
    result = subprocess.run(
        ["minisign", "-Vm", str(artefact), "-p", str(tmp_path / "fieldkit.pub")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert f"Trusted comment: fieldkit test file:{artefact.name}" in result.stdout


@needs_minisign
@pytest.mark.parametrize(
    ("password", "legacy"),
    [
        (None, False),
        (None, True),
        # minisign derives a password's key with 1 GiB of scrypt: seconds each, so slow.
        pytest.param("tundra harmonica", False, marks=pytest.mark.slow),
    ],
)
def test_we_read_minisigns_keys_and_signatures(
    artefact: Path, tmp_path: Path, password: str | None, legacy: bool
) -> None:
    pub, sec = tmp_path / "k.pub", tmp_path / "k.key"
    make = ["minisign", "-G", "-p", str(pub), "-s", str(sec)]
    secret_input = None if password is None else f"{password}\n{password}\n"
    subprocess.run(
        make + (["-W"] if password is None else []),
        input=secret_input,
        capture_output=True,
        text=True,
        check=True,
    )
    key = SecretKey.from_text(sec.read_text(), None if password is None else password.encode())
    assert key.public == PublicKey.from_text(pub.read_text())
    if password is not None:
        with pytest.raises(MinisignError, match="password"):
            SecretKey.from_text(sec.read_text())
        with pytest.raises(MinisignError, match="wrong password"):
            SecretKey.from_text(sec.read_text(), b"not it")
    sign = ["minisign", "-S", *(["-l"] if legacy else []), "-m", str(artefact), "-s", str(sec)]
    subprocess.run(
        [*sign, "-t", "their comment"],
        input=None if password is None else f"{password}\n",
        capture_output=True,
        text=True,
        check=True,
    )
    signature = Signature.from_text(artefact.with_name(artefact.name + ".minisig").read_text())
    assert signature.algorithm == (ALG_LEGACY if legacy else ALG_PREHASHED)
    assert verify_file(key.public, artefact, signature) == "their comment"
