"""Lock when the computer sleeps or its screen is locked, where the system says so.

What Qt offers portably is :attr:`QGuiApplication.applicationStateChanged`. Desktop systems
report only Active and Inactive there (Inactive also means "another window has the focus",
which must not lock: researchers paste citations into other programs); Suspended and Hidden
come from mobile platforms and macOS (Hide fieldkit), and lock.

On Linux, D-Bus tells more, when a bus is there:

- ``org.freedesktop.login1.Manager.PrepareForSleep(true)`` (system bus): suspend or hibernate;
- ``org.freedesktop.login1.Session.Lock`` (system bus): ``loginctl lock-session`` and the
  desktops that lock through logind;
- ``org.freedesktop.ScreenSaver.ActiveChanged(true)`` and the GNOME and Cinnamon variants
  (session bus): the screen locker started.

Limits: Windows session locks (WTS notifications) and macOS screen locks are not watched; the
idle lock still covers them. A machine that loses power or is suspended by force gives no
warning at all; then the vault is as safe as its last save (the key is in memory only).
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)

LOGIN1 = "org.freedesktop.login1"
SCREENSAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
    ("org.cinnamon.ScreenSaver", "/org/cinnamon/ScreenSaver"),
)


class SessionWatcher(QObject):
    """Emits :attr:`lock_now` when the session is suspended, hidden or its screen locked."""

    lock_now = Signal()

    def __init__(self, parent: QObject | None = None, *, use_dbus: bool = True) -> None:
        super().__init__(parent)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.application_state)
        self.watching: list[str] = []
        if use_dbus and sys.platform.startswith("linux"):
            self._watch_dbus()

    @Slot(Qt.ApplicationState)
    def application_state(self, state: Qt.ApplicationState) -> None:
        if state in (
            Qt.ApplicationState.ApplicationSuspended,
            Qt.ApplicationState.ApplicationHidden,
        ):
            self.lock_now.emit()

    @Slot(bool)
    def prepare_for_sleep(self, sleeping: bool) -> None:
        if sleeping:
            self.lock_now.emit()

    @Slot(bool)
    def screensaver_active(self, active: bool) -> None:
        if active:
            self.lock_now.emit()

    @Slot()
    def session_locked(self) -> None:
        self.lock_now.emit()

    def _watch_dbus(self) -> None:
        try:
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt build without D-Bus
            return
        system = QDBusConnection.systemBus()
        session = QDBusConnection.sessionBus()
        wanted = []
        if system.isConnected():
            wanted += [
                (
                    system,
                    LOGIN1,
                    "/org/freedesktop/login1",
                    f"{LOGIN1}.Manager",
                    "PrepareForSleep",
                    SLOT("prepare_for_sleep(bool)"),
                ),
                # Every session object: the empty path matches any.
                (system, LOGIN1, "", f"{LOGIN1}.Session", "Lock", SLOT("session_locked()")),
            ]
        if session.isConnected():
            wanted += [
                (session, service, path, service, "ActiveChanged", SLOT("screensaver_active(bool)"))
                for service, path in SCREENSAVERS
            ]
        for bus, _service, path, interface, name, slot in wanted:
            # Any sender: the screen locker's connection need not own the well-known name,
            # and a stray signal can only lock the vault, which is always safe.
            if bus.connect("", path, interface, name, self, slot):
                self.watching.append(f"{interface}.{name}")
        log.debug("watching %s", ", ".join(self.watching) or "nothing on D-Bus")
