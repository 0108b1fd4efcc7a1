"""Shared fixtures: every test runs with its own home, data, config and temp folders."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit.vault.store import Vault
from tests.helpers import FAST_KDF, FIXTURES, PASSPHRASE

# The HQ-and-kits builders (fixtures ``network``, ``template``, ``world``) serve several folders.
pytest_plugins = ["tests.builders"]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME, XDG dirs and TMPDIR at the test's own folder; no real config is touched."""
    home = tmp_path / "home"
    tmp = tmp_path / "tmp"
    for folder in (home, tmp):
        folder.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp))
    for var, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_RUNTIME_DIR", "run"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    for var in (
        "FIELDKIT_PASSPHRASE",
        "FIELDKIT_NEW_PASSPHRASE",
        "FIELDKIT_RECOVERY_KEY",
        "FIELDKIT_VAULT",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    return home


@pytest.fixture
def fixture_rows() -> list[dict[str, object]]:
    """The published Korday testimonies, one dict per line."""
    with open(FIXTURES, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def new_vault(vault_dir: Path) -> tuple[Vault, str]:
    """A fresh open vault (cheap key derivation) and its recovery key."""
    return Vault.create(vault_dir, PASSPHRASE, organisation="ADC Memorial", kdf=FAST_KDF)


@pytest.fixture
def vault(new_vault: tuple[Vault, str]) -> Iterator[Vault]:
    opened = new_vault[0]
    yield opened
    opened.close()


@pytest.fixture
def closed_vault(new_vault: tuple[Vault, str]) -> Path:
    """The folder of a created and closed vault (passphrase: PASSPHRASE)."""
    new_vault[0].close()
    return new_vault[0].path
