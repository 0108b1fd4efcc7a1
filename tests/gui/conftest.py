"""GUI fixtures: cheap vaults, short timers, and a prompt seam that never opens a dialog."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from fieldkit.core.jsonl import read_jsonl
from fieldkit.gui.app import Controller
from fieldkit.gui.base import prompts
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.base.language import install_english_plurals
from fieldkit.gui.base.work import Op
from fieldkit.vault import importing
from fieldkit.vault.store import Vault
from tests.builders import HqSetup, closed_hq
from tests.gui.helpers import FakePrompts
from tests.helpers import FAST_KDF, FIXTURES, PASSPHRASE

# The QApplication is session-wide and made before any function fixture runs, so the
# headless platform must be chosen here, not by the autouse environment fixture.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def english_plurals(qapp: QApplication) -> None:
    """As the app starts: "1 interview", "2 interviews" (not "interview(s)")."""
    install_english_plurals(qapp)


@pytest.fixture(autouse=True)
def fake_prompts(monkeypatch: pytest.MonkeyPatch) -> FakePrompts:
    """Every function of the prompt seam replaced: no test can reach a real modal exec()."""
    fake = FakePrompts(answers={"confirm": False, "ask_text": None, "fingerprint": False})
    for kind in prompts.SEAM:
        if kind == "open_files":
            continue  # below: it must return a list
        monkeypatch.setattr(prompts, kind, fake.make(kind))
    open_files = fake.make("open_files")
    monkeypatch.setattr(prompts, "open_files", lambda *a, **k: open_files(*a, **k) or [])
    return fake


@pytest.fixture
def config(vault_dir: Path) -> AppConfig:
    return AppConfig(
        vault_path=vault_dir,
        kdf=FAST_KDF,
        idle_lock_ms=10 * 60 * 1000,
        autosave_ms=40,
        clipboard_clear_ms=150,
        search_debounce_ms=10,
        page_size=4,
        watch_session=False,
    )


def _settle(qtbot: Any) -> None:
    qtbot.waitUntil(lambda: Op.pending() == 0, timeout=10_000)
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def controller(qtbot: Any, config: AppConfig) -> Iterator[Controller]:
    made = Controller(config)
    yield made
    _settle(qtbot)
    made.shutdown()
    for widget in made._windows():  # the windows of now (a language switch rebuilds them)
        widget.deleteLater()
    made.language.apply("en")
    QApplication.clipboard().clear()


@pytest.fixture
def fixture_vault(closed_vault: Path) -> Path:
    """The closed test vault with the Korday testimonies imported (one line = one interview)."""
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        importing.import_records(vault, read_jsonl(FIXTURES))
    return closed_vault


@pytest.fixture
def hq_a(tmp_path: Path) -> HqSetup:
    (tmp_path / "hq-a").mkdir()
    return closed_hq(tmp_path / "hq-a")


@pytest.fixture
def hq_b(tmp_path: Path) -> HqSetup:
    (tmp_path / "hq-b").mkdir()
    return closed_hq(tmp_path / "hq-b", "Other HQ")


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    """An empty folder standing for the USB stick bundles and receipts travel on."""
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder
