"""SHA256SUMS, signatures and the release key the build is given (or not)."""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from fieldkit.release import publish
from fieldkit.release.minisign import MinisignError, SecretKey, Signature, verify_file


def _unencrypted_minisign_key(key: SecretKey) -> str:
    """A ``minisign -G -W`` secret key file for ``key`` (checksum left zero, as 0.11 does)."""
    secret = bytes(key.signing_key) + bytes(key.signing_key.verify_key)
    blob = b"Ed\x00\x00B2" + bytes(48) + key.key_id + secret + bytes(32)
    return f"untrusted comment: minisign secret key\n{base64.b64encode(blob).decode()}\n"


def test_without_a_key_the_build_gets_a_throwaway_one() -> None:
    first, second = publish.load_key(None, env={}), publish.load_key(None, env={})
    assert first.throwaway and second.throwaway
    assert first.key.key_id != second.key.key_id


def test_the_key_comes_from_a_file_or_the_environment(tmp_path: Path) -> None:
    key = SecretKey.generate()
    path = tmp_path / "release.key"
    path.write_text(_unencrypted_minisign_key(key))
    for loaded in (
        publish.load_key(path, env={}),
        publish.load_key(None, env={publish.ENV_KEY: str(path)}),
        publish.load_key(None, env={publish.ENV_KEY: path.read_text()}),
    ):
        assert not loaded.throwaway and loaded.key.public == key.public
    path.write_text("untrusted comment: x\nbm90IGEga2V5\n")
    with pytest.raises(MinisignError):
        publish.load_key(path, env={})


def test_publish_writes_sums_signatures_and_the_public_key(tmp_path: Path) -> None:
    artefacts = []
    for name in ("fieldkit_0.1.0_amd64.deb", "fieldkit-0.1.0-linux-x86_64.tar.gz"):
        (tmp_path / name).write_bytes(name.encode() * 100)
        artefacts.append(tmp_path / name)
    key = SecretKey.generate()
    written = publish.publish(key, artefacts, tmp_path, "fieldkit 0.1.0 build X")
    assert {p.name for p in written} == {
        "SHA256SUMS",
        "SHA256SUMS.minisig",
        "fieldkit.pub",
        *(f"{p.name}.minisig" for p in artefacts),
    }
    lines = (tmp_path / "SHA256SUMS").read_text().splitlines()
    assert lines == [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}" for p in artefacts]
    public = publish.public_key(tmp_path)
    for path in [*artefacts, tmp_path / "SHA256SUMS"]:
        signature = Signature.from_text(path.with_name(path.name + ".minisig").read_text())
        assert verify_file(public, path, signature) == f"fieldkit 0.1.0 build X file:{path.name}"
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, check=False)
        assert check.returncode == 0
