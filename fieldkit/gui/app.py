"""Starting the desktop app and moving between its states: first run, locked, open."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QWidget

from fieldkit import hq as hq_dataset
from fieldkit.core.errors import FieldkitError, VaultNotFound
from fieldkit.gui.base import prompts
from fieldkit.gui.base.clipboard import ClipboardGuard
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.base.errors import ExceptHook, show_error
from fieldkit.gui.base.i18n import install_pseudo_translation_if_asked
from fieldkit.gui.base.idle import IdleWatcher
from fieldkit.gui.base.language import Language, chosen_language, save_language
from fieldkit.gui.base.quick_exit import QuickExitKey, close_every_window
from fieldkit.gui.base.resources import app_icon
from fieldkit.gui.base.session_watch import SessionWatcher
from fieldkit.gui.base.single_instance import InstanceServer, ask_first_session
from fieldkit.gui.base.work import Op
from fieldkit.gui.hq.window import HqWindow
from fieldkit.gui.kit.main_window import MainWindow
from fieldkit.gui.session.first_run import FirstRunDialog
from fieldkit.gui.session.preferences import PreferencesDialog
from fieldkit.gui.session.unlock import UnlockDialog
from fieldkit.vault.settings import BACKUP_REMINDER, IDLE_LOCK_MINUTES
from fieldkit.vault.store import Vault, destroy_vault

APP_NAME = "fieldkit"
# A vault setting (inside the vault) that overrides the idle lock, in minutes.
IDLE_SETTING = IDLE_LOCK_MINUTES


class Controller(QObject):
    """Owns the windows of one session and the open vault; emits :attr:`finished` at the end.

    States: first run (no vault yet) → open; locked (unlock dialog) → open; open → locked
    (Ctrl+L or idle), → destroyed, → finished. A vault with HQ keys opens in the
    :class:`HqWindow` instead of the kit's :class:`MainWindow`.
    """

    finished = Signal(int)
    opened = Signal()
    locked = Signal()
    #: The first-run dialog chose a vault made elsewhere (its folder): the session is on it now.
    vault_chosen = Signal(object)

    def __init__(
        self, config: AppConfig, parent: QObject | None = None, language: Language | None = None
    ) -> None:
        super().__init__(parent)
        self.config = config
        app = QApplication.instance()
        assert app is not None
        self.language = language or Language(app)
        self.clipboard = ClipboardGuard(config.clipboard_clear_ms, self)
        self.idle = IdleWatcher(config.idle_lock_ms, self)
        self.idle.idle.connect(self.lock)
        self.session = SessionWatcher(self, use_dbus=config.watch_session)
        self.session.lock_now.connect(self.lock)
        self.quick_key = QuickExitKey(self)
        self.quick_key.pressed.connect(self.quick_exit)
        self._exiting = False
        self.first_run: FirstRunDialog | None = None
        self._make_windows()

    def _make_windows(self) -> None:
        """The kit window and the unlock dialog, in the current language (the HQ window is
        made when an HQ dataset is opened)."""
        self.window = MainWindow(self.config, self.clipboard)
        self.hq_window: HqWindow | None = None
        self.current: MainWindow | HqWindow = self.window
        self.unlock_dialog = UnlockDialog(self.config)
        self.window.lock_requested.connect(self.lock)
        self.window.quit_requested.connect(self.quit)
        self.window.quick_exit_requested.connect(self.quick_exit)
        self.window.destroy_requested.connect(self.destroy)
        self.window.preferences_requested.connect(self.show_preferences)
        self.unlock_dialog.unlocked.connect(self._opened)
        self.unlock_dialog.quit_requested.connect(lambda: self.finished.emit(0))

    def _windows(self) -> list[QWidget]:
        found: list[QWidget | None] = [
            self.window,
            self.hq_window,
            self.unlock_dialog,
            self.first_run,
        ]
        return [widget for widget in found if widget is not None]

    def active_window(self) -> QWidget | None:
        for widget in self._windows():
            if widget.isVisible():
                return widget
        return None

    def bring_forward(self) -> None:
        """Another start on this vault asked: show this session's window (the unlock dialog
        while locked) in front."""
        widget = QApplication.activeModalWidget() or self.active_window()
        if widget is None:
            return
        if widget.isMinimized():
            widget.showNormal()
        widget.raise_()
        widget.activateWindow()

    def _hq_window(self) -> HqWindow:
        if self.hq_window is None:
            self.hq_window = HqWindow(self.config)
            self.hq_window.lock_requested.connect(self.lock)
            self.hq_window.quit_requested.connect(self.quit)
            self.hq_window.preferences_requested.connect(self.show_preferences)
        return self.hq_window

    # --- preferences ------------------------------------------------------------------------

    def idle_minutes(self) -> int:
        return max(1, round(self.idle.interval_ms / 60_000))

    def show_preferences(self) -> None:
        if not self.is_open:
            return
        if self.current.is_busy():  # a language switch rebuilds the window doing the work
            prompts.information(
                self.current,
                self.tr("Preferences"),
                self.tr("The preferences can be changed once the import or export has finished."),
            )
            return
        vault = self.current.vault
        reminder = (
            bool(vault.get_setting(BACKUP_REMINDER))
            if vault is not None and self.current is self.window
            else None
        )
        dialog = PreferencesDialog(
            self.language.code, self.idle_minutes(), self.current, backup_reminder=reminder
        )
        dialog.reminder_chosen.connect(self.apply_backup_reminder)
        dialog.chosen.connect(self.apply_preferences)
        dialog.finished.connect(dialog.deleteLater)
        self.preferences_dialog = dialog
        dialog.open()

    def apply_preferences(self, language: str, idle_minutes: int) -> None:
        vault = self.current.vault
        if vault is not None and idle_minutes != self.idle_minutes():
            try:
                vault.set_setting(IDLE_SETTING, idle_minutes)
            except FieldkitError as error:
                show_error(self.current, error)
            else:
                self.idle.set_interval(idle_minutes * 60_000)
        if language != self.language.code:
            self.switch_language(language)

    def apply_backup_reminder(self, on: bool) -> None:
        vault = self.window.vault
        if vault is None or bool(vault.get_setting(BACKUP_REMINDER)) == on:
            return
        try:
            vault.set_setting(BACKUP_REMINDER, on)
        except FieldkitError as error:
            show_error(self.window, error)
        self.window.remind_of_backup()

    def switch_language(self, code: str) -> None:
        """Show every window in ``code`` from now on; the open vault stays open.

        Qt widgets take their text when built, so the windows are built again (the record
        shown is selected again); nothing is re-read from disk but the vault's rows.
        """
        save_language(code)
        if not self.language.apply(code):
            prompts.warning(
                self.current,
                self.tr("Language"),
                self.tr("The translation could not be loaded; fieldkit stays in English."),
            )
        window = self.current
        shown = self.window.editor.current_id if window is self.window else None
        vault = window.release_vault(save=True) if self.is_open else None
        old = [w for w in (self.window, self.hq_window, self.unlock_dialog) if w is not None]
        self._make_windows()
        for widget in old:
            widget.hide()
            widget.deleteLater()
        if vault is not None:
            self._show(vault)
            if shown is not None and self.current is self.window:
                self.window.show_interview(shown)

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
        self.first_run.open_requested.connect(self._open_existing)
        self.first_run.show()

    def _open_existing(self, folder: Path) -> None:
        """The first-run dialog chose a vault made elsewhere: unlock that one."""
        self.config.vault_path = folder
        self.vault_chosen.emit(folder)
        self.show_unlock()

    def show_unlock(self) -> None:
        self.unlock_dialog.reset()
        self.unlock_dialog.show()
        self.unlock_dialog.raise_()
        self.unlock_dialog.activateWindow()

    def _opened(self, vault: Vault) -> None:
        self._exiting = False
        minutes = vault.get_setting(IDLE_SETTING)
        if isinstance(minutes, int | float) and minutes > 0:
            self.idle.set_interval(int(minutes * 60_000))
        self._show(vault)
        self.idle.start()
        self.opened.emit()

    def _show(self, vault: Vault) -> None:
        window: MainWindow | HqWindow = self._hq_window() if is_hq(vault) else self.window
        self.current = window
        window.set_vault(vault)
        window.show()
        window.raise_()

    @property
    def is_open(self) -> bool:
        return self.current.vault is not None

    def lock(self) -> None:
        """Save the draft, close the vault, forget every record shown, ask for the passphrase."""
        if not self.is_open:
            return
        self.idle.stop()
        window = self.current
        busy = window.is_busy()
        vault = window.release_vault(save=True)
        window.hide()
        if vault is not None:
            if busy:  # an export holds the vault: close it once that work lets go
                Op(vault.close).run()
            else:
                vault.close()
        self.show_unlock()
        self.locked.emit()

    def quit(self) -> None:
        self.idle.stop()
        window = self.current
        vault = window.release_vault(save=True)
        if vault is not None:
            vault.close()  # waits for a running import or export to let go of the vault
        window.hide()
        self.unlock_dialog.hide()
        self.finished.emit(0)

    def quick_exit(self) -> None:
        """Lock, clear the clipboard and quit at once, whatever is open, asking nothing.

        The draft is saved first (quietly: a failure is not shown): it is encrypted like every
        other record, and dropping it would lose testimony to a moment of danger.
        """
        if self._exiting:
            return
        self._exiting = True
        self.idle.stop()
        close_every_window()
        window = self.current
        if self.is_open:
            if window is self.window:
                self.window.editor.save_now(force=True, quiet=True)
            busy = window.is_busy()
            vault = window.release_vault(save=False)
            if vault is not None:
                if busy:  # an export holds the vault: close it once that work lets go
                    Op(vault.close).run()
                else:
                    vault.close()
        self.clipboard.clear_all()
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
        self.quick_key.remove()
        vault = self.current.release_vault(save=True) if self.is_open else None
        if vault is not None:
            vault.close()
        for widget in self._windows():
            widget.hide()


def is_hq(vault: Vault) -> bool:
    """True when ``vault`` holds HQ's keys (a central dataset, not a kit)."""
    try:
        hq_dataset.hq_identity(vault)
    except FieldkitError:
        return False
    return True


def answer_second_starts(controller: Controller) -> InstanceServer:
    """Listen for the app started again on this vault: that start brings this one forward."""
    server = InstanceServer(controller.config.vault_path, controller)
    server.come_forward.connect(controller.bring_forward)
    controller.vault_chosen.connect(server.move_to)
    server.listen()
    return server


def _keep_qt_settings_private() -> None:
    """Qt's own settings (file dialog history) go where ours go and are scrubbed at start."""
    prompts.forget_file_dialog_history()


def run(vault_path: Path | None, *, hq: bool = False) -> int:
    """Run the desktop app on ``vault_path``.

    The default is the platform's data folder: the kit's vault, or with ``hq`` HQ's dataset
    (``user_data_dir("fieldkit")/hq``, where ``fieldkit hq`` looks). A vault with HQ keys
    always opens in the HQ window; ``hq`` also makes a first run create an HQ dataset.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_NAME)  # matches resources/fieldkit.desktop (Wayland icon)
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)  # the controller decides when the session ends
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    language = Language(app)
    language.apply(chosen_language())
    install_pseudo_translation_if_asked(app)
    controller: Controller | None = None
    hook = ExceptHook(lambda: controller.active_window() if controller else None).install()
    _keep_qt_settings_private()
    config = AppConfig.for_path(vault_path, hq=hq)
    if ask_first_session(config.vault_path):
        print("fieldkit is already open on this vault: its window was brought forward")
        hook.uninstall()
        return 0
    controller = Controller(config, language=language)
    server = answer_second_starts(controller)
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
        server.close()
        with contextlib.suppress(Exception):
            controller.shutdown()
        QThreadPool.globalInstance().waitForDone(10_000)
        hook.uninstall()
    return int(state["code"])
