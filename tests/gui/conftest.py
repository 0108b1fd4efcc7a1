"""GUI fixtures: cheap vaults, short timers, and a prompt seam that never opens a dialog."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from fieldkit.core.jsonl import read_jsonl
from fieldkit.gui.app import Controller
from fieldkit.gui.base import prompts
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.base.work import Op
from fieldkit.vault import repository as repo
from fieldkit.vault.store import Vault
from tests.helpers import FAST_KDF, FIXTURES, PASSPHRASE

# The QApplication is session-wide and made before any function fixture runs, so the
# headless platform must be chosen here, not by the autouse environment fixture.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@dataclass
class FakePrompts:
    """Records every prompt; answers come from ``answers`` (confirm → bool, ask_text → str)."""

    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.calls]

    def texts(self) -> str:
        return "\n".join(str(a) for _, args in self.calls for a in args[1:])

    def queue(self, kind: str, *values: Any) -> None:
        """Answer the next calls of ``kind`` with ``values``, in order."""
        self.answers[kind] = deque(values)

    def make(self, kind: str) -> Callable[..., Any]:
        def fake(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((kind, args))
            answer = self.answers.get(kind)
            if isinstance(answer, deque):
                return answer.popleft() if answer else None
            return answer

        return fake

    def of(self, kind: str) -> list[tuple[Any, ...]]:
        """The arguments of every call of ``kind``."""
        return [args for called, args in self.calls if called == kind]


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
        repo.import_records(vault, read_jsonl(FIXTURES))
    return closed_vault


def unlock(qtbot: Any, controller: Controller, passphrase: str = PASSPHRASE) -> None:
    """Start the session and unlock it through the dialog, as a person would."""
    if not controller.unlock_dialog.isVisible():
        controller.start()
    dialog = controller.unlock_dialog
    assert dialog.isVisible()
    dialog.passphrase.setText(passphrase)
    with qtbot.waitSignal(controller.opened, timeout=10_000):
        dialog.unlock_button.click()


@dataclass
class HqSetup:
    """A closed HQ dataset (passphrase: PASSPHRASE) and its card."""

    path: Path
    card: Path
    fingerprint: str


def make_hq(folder: Path, organisation: str = "ADC Memorial") -> HqSetup:
    from fieldkit import hq

    vault, _recovery, identity = hq.hq_init(folder / "hq", PASSPHRASE, organisation, kdf=FAST_KDF)
    vault.close()
    card = folder / "hq.fkcard"
    identity.write_card(card)
    return HqSetup(folder / "hq", card, identity.card.fingerprint)


@pytest.fixture
def hq_a(tmp_path: Path) -> HqSetup:
    (tmp_path / "hq-a").mkdir()
    return make_hq(tmp_path / "hq-a")


@pytest.fixture
def hq_b(tmp_path: Path) -> HqSetup:
    (tmp_path / "hq-b").mkdir()
    return make_hq(tmp_path / "hq-b", "Other HQ")
