"""Starting the desktop app and moving between its states: first run, locked, open."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QWidget

from fieldkit.core.errors import FieldkitError, VaultNotFound
from fieldkit.gui import prompts
from fieldkit.gui.clipboard import ClipboardGuard
from fieldkit.gui.config import AppConfig
from fieldkit.gui.errors import ExceptHook, show_error
from fieldkit.gui.first_run import FirstRunDialog
from fieldkit.gui.i18n import install_pseudo_translation_if_asked
from fieldkit.gui.idle import IdleWatcher
from fieldkit.gui.main_window import MainWindow
from fieldkit.gui.resources import app_icon
from fieldkit.gui.unlock import UnlockDialog
from fieldkit.gui.work import Op
from fieldkit.vault.store import Vault, destroy_vault

APP_NAME = "fieldkit"
# A vault setting (inside the vault) that overrides the idle lock, in minutes.
IDLE_SETTING = "idle_lock_minutes"


class Controller(QObject):
    """Owns the windows of one session and the open vault; emits :attr:`finished` at the end.

    States: first run (no vault yet) → open; locked (unlock dialog) → open; open → locked
    (Ctrl+L or idle), → destroyed, → finished.
    """

    finished = Signal(int)
    opened = Signal()
    locked = Signal()

    def __init__(self, config: AppConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
        self.clipboard = ClipboardGuard(config.clipboard_clear_ms, self)
        self.window = MainWindow(config, self.clipboard)
        self.idle = IdleWatcher(config.idle_lock_ms, self)
        self.unlock_dialog = UnlockDialog(config)
        self.first_run: FirstRunDialog | None = None
        self.idle.idle.connect(self.lock)
        self.window.lock_requested.connect(self.lock)
        self.window.quit_requested.connect(self.quit)
        self.window.destroy_requested.connect(self.destroy)
        self.unlock_dialog.unlocked.connect(self._opened)
        self.unlock_dialog.quit_requested.connect(lambda: self.finished.emit(0))

    def active_window(self) -> QWidget | None:
        for widget in (self.window, self.unlock_dialog, self.first_run):
            if widget is not None and widget.isVisible():
                return widget
        return None

    def start(self) -> None:
        """Show the first-run dialog or the unlock dialog."""
        path = self.config.vault_path
        if Vault.exists(path):
            self.show_unlock()
            return
        db_path, slots_path = Vault.paths(path)
        if db_path.exists() or slots_path.exists():
            try:  # half a vault: let the vault layer name the problem exactly
                Vault.open(path, "")
            except (FieldkitError, OSError) as error:
                show_error(None, error, self.tr("The vault cannot be opened"))
            self.finished.emit(1)
            return
        self.first_run = FirstRunDialog(self.config)
        self.first_run.created.connect(self._opened)
        self.first_run.cancelled.connect(lambda: self.finished.emit(0))
        self.first_run.show()

    def show_unlock(self) -> None:
        self.unlock_dialog.reset()
        self.unlock_dialog.show()
        self.unlock_dialog.raise_()
        self.unlock_dialog.activateWindow()

    def _opened(self, vault: Vault) -> None:
        minutes = vault.get_setting(IDLE_SETTING)
        if isinstance(minutes, int | float) and minutes > 0:
            self.idle.set_interval(int(minutes * 60_000))
        self.window.set_vault(vault)
        self.window.show()
        self.window.raise_()
        self.idle.start()
        self.opened.emit()

    @property
    def is_open(self) -> bool:
        return self.window.vault is not None

    def lock(self) -> None:
        """Save the draft, close the vault, forget every record shown, ask for the passphrase."""
        if not self.is_open:
            return
        self.idle.stop()
        vault = self.window.release_vault(save=True)
        self.window.hide()
        if vault is not None:
            vault.close()
        self.show_unlock()
        self.locked.emit()

    def quit(self) -> None:
        self.idle.stop()
        vault = self.window.release_vault(save=True)
        if vault is not None:
            vault.close()
        self.window.hide()
        self.unlock_dialog.hide()
        self.finished.emit(0)

    def destroy(self) -> None:
        """Crypto-erase the vault (its keys first), then end the session."""
        self.idle.stop()
        vault = self.window.release_vault(save=False)
        self.window.hide()
        if vault is not None:
            vault.close()
        path = self.config.vault_path

        def done(_removed: object) -> None:
            prompts.information(
                None,
                self.tr("Vault destroyed"),
                self.tr("The vault's keys were destroyed; nobody can open it any more."),
            )
            self.finished.emit(0)

        def failed(error: BaseException) -> None:
            if not isinstance(error, VaultNotFound):
                show_error(None, error, self.tr("Destroying the vault failed"))
            self.finished.emit(1)

        Op(lambda: destroy_vault(path)).success(done).failure(failed).run()

    def shutdown(self) -> None:
        """Close everything without saving questions (tests and emergencies)."""
        self.idle.stop()
        self.idle.remove()
        vault = self.window.release_vault(save=True) if self.is_open else None
        if vault is not None:
            vault.close()
        for widget in (self.window, self.unlock_dialog, self.first_run):
            if widget is not None:
                widget.hide()


def _keep_qt_settings_private() -> None:
    """Qt's own settings (file dialog history) go where ours go and are scrubbed at start."""
    prompts.forget_file_dialog_history()


def run(vault_path: Path | None) -> int:
    """Run the desktop app on ``vault_path`` (default: the platform's data folder)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_NAME)  # matches resources/fieldkit.desktop (Wayland icon)
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)  # the controller decides when the session ends
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    install_pseudo_translation_if_asked(app)
    controller: Controller | None = None
    hook = ExceptHook(lambda: controller.active_window() if controller else None).install()
    _keep_qt_settings_private()
    controller = Controller(AppConfig.for_path(vault_path))
    state = {"code": 0, "running": False, "finished": False}

    def finish(code: int) -> None:
        state["code"], state["finished"] = code, True
        if state["running"]:  # exit() outside exec() would stop the next event loop at once
            app.exit(code)

    controller.finished.connect(finish)
    try:
        controller.start()
        if not state["finished"]:
            state["running"] = True
            app.exec()
    finally:
        with contextlib.suppress(Exception):
            controller.shutdown()
        QThreadPool.globalInstance().waitForDone(10_000)
        hook.uninstall()
    return int(state["code"])
