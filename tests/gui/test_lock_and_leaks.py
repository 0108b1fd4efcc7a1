"""Locking forgets every record shown; nothing typed leaks to disk, settings or clipboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
)

from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.base.settings import ALLOWED_KEYS, settings_path, ui_settings
from fieldkit.vault import records, search
from fieldkit.vault.store import Vault
from tests.gui.helpers import every_text_in_the_app, unlock
from tests.helpers import PASSPHRASE

CANARY = "Qwzkanary"


def _type_canary(qtbot: Any, controller: Controller) -> str:
    window = controller.window
    window.actions_[Act.NEW].trigger()
    editor = window.editor
    qtbot.keyClicks(editor.place, f"{CANARY}ville")
    qtbot.keyClicks(editor.role, f"Witness {CANARY}role")
    qtbot.keyClicks(editor.tags, f"{CANARY}tag")
    qtbot.keyClicks(editor.quotes.editors[0].text, f"They said {CANARY}quote")
    qtbot.keyClicks(editor.notes, f"Phone of {CANARY}notes")
    qtbot.waitUntil(lambda: not editor.is_dirty, timeout=5000)
    editor.revalidate()
    editor.quotes.editors[0].copy_button.click()  # the citation holds the canary role
    assert CANARY in QApplication.clipboard().text()
    qtbot.keyClicks(window.filter_bar.search, f"{CANARY}")
    qtbot.waitUntil(lambda: window.model.query.text == CANARY, timeout=5000)
    assert window.model.rowCount() == 1
    return str(editor.current_id)


def test_lock_saves_then_forgets_every_record_text(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    unlock(qtbot, controller)
    interview_id = _type_canary(qtbot, controller)
    qtbot.keyClicks(controller.window.editor.quotes.editors[0].text, " unsaved tail")
    assert any(CANARY in text for text in every_text_in_the_app())

    with qtbot.waitSignal(controller.locked):
        qtbot.keyClick(controller.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert not controller.window.isVisible()
    assert controller.unlock_dialog.isVisible()
    leftovers = [text for text in every_text_in_the_app() if CANARY in text]
    assert leftovers == []
    # The draft was saved first, with the text typed just before locking.
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        stored = records.get(vault, interview_id)
    assert stored.quotes[0].text.endswith("unsaved tail")
    # Unlocking again shows the vault as it was.
    unlock(qtbot, controller)
    assert controller.window.model.counts() == (1, 1)


def test_idle_timer_locks(qtbot: Any, vault_dir: Path, config: AppConfig, closed_vault: Path):
    config.idle_lock_ms = 300
    controller = Controller(config)
    qtbot.addWidget(controller.window)
    qtbot.addWidget(controller.unlock_dialog)
    try:
        unlock(qtbot, controller)
        controller.window.new_interview()
        controller.window.editor.role.setText("typed just before leaving")
        with qtbot.waitSignal(controller.locked, timeout=5000):
            pass
        assert controller.unlock_dialog.isVisible()
        assert controller.window.vault is None
        with Vault.open(closed_vault, PASSPHRASE) as vault:
            assert search.count(vault) == 1
    finally:
        controller.shutdown()


def test_idle_setting_in_the_vault_overrides_the_default(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        vault.set_setting("idle_lock_minutes", 2)
    unlock(qtbot, controller)
    assert controller.idle.interval_ms == 120_000
    assert controller.idle.is_active()


def test_no_canary_in_any_file_after_the_session(
    qtbot: Any, controller: Controller, closed_vault: Path, tmp_path: Path
) -> None:
    unlock(qtbot, controller)
    _type_canary(qtbot, controller)
    with qtbot.waitSignal(controller.finished):
        controller.quit()
    QApplication.clipboard().clear()

    needles = [CANARY.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le")]
    scanned = 0
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            scanned += 1
            assert not any(needle in data for needle in needles), f"canary in {path}"
    assert scanned >= 3  # at least the vault, its key slots and the layout settings
    assert settings_path().exists()
    assert set(ui_settings().allKeys()) <= ALLOWED_KEYS
    assert str(settings_path()).startswith(str(tmp_path))


def test_suspend_and_screen_lock_lock_the_vault(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    unlock(qtbot, controller)
    watcher = controller.session
    watcher.application_state(Qt.ApplicationState.ApplicationInactive)  # another window: no
    assert controller.is_open
    for signal in (
        lambda: watcher.application_state(Qt.ApplicationState.ApplicationSuspended),
        lambda: watcher.prepare_for_sleep(True),
        lambda: watcher.screensaver_active(True),
        watcher.session_locked,
    ):
        with qtbot.waitSignal(controller.locked):
            signal()
        assert not controller.is_open
        unlock(qtbot, controller)
    watcher.prepare_for_sleep(False)  # waking up does not lock
    watcher.screensaver_active(False)
    assert controller.is_open


_DBUS_CHILD = """
import subprocess
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from fieldkit.gui.base.session_watch import SessionWatcher
app = QApplication([])
watcher = SessionWatcher(use_dbus=True)
watcher.lock_now.connect(lambda: app.exit(7))
QTimer.singleShot(50, lambda: subprocess.run(["dbus-send", "--session", "--type=signal",
    "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged",
    "boolean:true"], check=True))
QTimer.singleShot(5000, lambda: app.exit(1))
raise SystemExit(app.exec())
"""


def test_a_screen_locker_signal_on_dbus_locks(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    import pytest

    from tests.helpers import REPO

    if not (shutil.which("dbus-run-session") and shutil.which("dbus-send")):
        pytest.skip("no D-Bus tools here")
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-c", _DBUS_CHILD],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 7, done.stderr[-2000:]


def test_session_watcher_without_a_bus_watches_nothing_quietly(qtbot: Any) -> None:
    from fieldkit.gui.base.session_watch import SessionWatcher

    watcher = SessionWatcher(use_dbus=True)  # no bus in the test environment: no error
    assert isinstance(watcher.watching, list)
