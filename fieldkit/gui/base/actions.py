"""Every menu entry, toolbar button and shortcut, registered in one place (Picard's way)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenuBar, QToolBar

from fieldkit.gui.base.quick_exit import QUICK_EXIT_KEY

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate


class Act(enum.Enum):
    NEW = "new"
    SAVE = "save"
    MARK_READY = "mark_ready"
    DELETE = "delete"
    FIND = "find"
    LOCK = "lock"
    QUIT = "quit"
    QUICK_EXIT = "quick_exit"
    BACKUP = "backup"
    CHANGE_PASSPHRASE = "change_passphrase"  # noqa: S105 - an action name
    CHECK = "check"
    DESTROY = "destroy"
    PREFERENCES = "preferences"
    # The kit's exchange with HQ.
    ENROLL_HQ = "enroll_hq"
    KIT_CARD = "kit_card"
    EXPORT_HQ = "export_hq"
    APPLY_RECEIPT = "apply_receipt"
    SENT_OVERVIEW = "sent_overview"
    # The HQ window.
    IMPORT_BUNDLES = "import_bundles"
    EXPORT_DATASET = "export_dataset"
    ENROLL_KIT = "enroll_kit"
    HQ_CARD = "hq_card"
    # Both windows.
    USER_GUIDE = "user_guide"
    ABOUT = "about"


class Menu(enum.Enum):
    FILE = "file"
    EDIT = "edit"
    EXCHANGE = "exchange"
    KITS = "kits"
    VAULT = "vault"
    HELP = "help"


@dataclass(frozen=True)
class Spec:
    text: str
    menu: Menu
    shortcut: QKeySequence.StandardKey | str | None = None
    toolbar: bool = False
    separator_before: bool = False
    tip: str = ""


def specs() -> dict[Act, Spec]:
    """The kit window's actions; explicit key strings so every platform shows the same."""
    return {
        Act.NEW: Spec(translate("Actions", "&New interview"), Menu.FILE, "Ctrl+N", toolbar=True),
        Act.SAVE: Spec(translate("Actions", "&Save"), Menu.FILE, "Ctrl+S", toolbar=True),
        Act.MARK_READY: Spec(
            translate("Actions", "Mark as &ready"), Menu.FILE, None, separator_before=True
        ),
        Act.DELETE: Spec(translate("Actions", "&Delete interview…"), Menu.FILE),
        Act.LOCK: Spec(
            translate("Actions", "&Lock"), Menu.FILE, "Ctrl+L", toolbar=True, separator_before=True
        ),
        Act.QUIT: Spec(translate("Actions", "&Quit"), Menu.FILE, "Ctrl+Q", separator_before=True),
        Act.QUICK_EXIT: Spec(
            translate("Actions", "Quick e&xit"),
            Menu.FILE,
            QUICK_EXIT_KEY,
            toolbar=True,
            tip=translate(
                "Actions",
                "Lock, clear the clipboard and quit at once, with no question asked "
                "(Ctrl+Shift+Q, from any window)",
            ),
        ),
        Act.FIND: Spec(translate("Actions", "&Find…"), Menu.EDIT, "Ctrl+F", toolbar=True),
        Act.PREFERENCES: _preferences(),
        Act.ENROLL_HQ: Spec(translate("Actions", "&Enroll HQ…"), Menu.EXCHANGE),
        Act.KIT_CARD: Spec(translate("Actions", "This kit's &card…"), Menu.EXCHANGE),
        Act.EXPORT_HQ: Spec(
            translate("Actions", "E&xport to HQ…"),
            Menu.EXCHANGE,
            "Ctrl+E",
            toolbar=True,
            separator_before=True,
        ),
        Act.APPLY_RECEIPT: Spec(translate("Actions", "Apply HQ &receipt…"), Menu.EXCHANGE),
        Act.SENT_OVERVIEW: Spec(
            translate("Actions", "&Sent and not yet sent…"),
            Menu.EXCHANGE,
            "Ctrl+Shift+E",
            separator_before=True,
        ),
        Act.CHANGE_PASSPHRASE: Spec(translate("Actions", "&Change passphrase…"), Menu.VAULT),
        Act.CHECK: Spec(translate("Actions", "Check &integrity"), Menu.VAULT),
        Act.BACKUP: Spec(translate("Actions", "&Back up…"), Menu.VAULT),
        Act.DESTROY: Spec(
            translate("Actions", "&Destroy this vault…"), Menu.VAULT, separator_before=True
        ),
        Act.USER_GUIDE: _user_guide(),
        Act.ABOUT: _about(),
    }


def _user_guide() -> Spec:
    return Spec(translate("Actions", "&User guide"), Menu.HELP, "F1")


def _about() -> Spec:
    return Spec(translate("Actions", "&About fieldkit"), Menu.HELP)


def _preferences() -> Spec:
    return Spec(translate("Actions", "&Preferences…"), Menu.EDIT, "Ctrl+,", separator_before=True)


def hq_specs() -> dict[Act, Spec]:
    """The HQ window's actions."""
    return {
        Act.IMPORT_BUNDLES: Spec(
            translate("Actions", "&Import bundles…"), Menu.FILE, "Ctrl+I", toolbar=True
        ),
        Act.EXPORT_DATASET: Spec(
            translate("Actions", "&Export dataset…"), Menu.FILE, "Ctrl+E", toolbar=True
        ),
        Act.LOCK: Spec(
            translate("Actions", "&Lock"), Menu.FILE, "Ctrl+L", toolbar=True, separator_before=True
        ),
        Act.QUIT: Spec(translate("Actions", "&Quit"), Menu.FILE, "Ctrl+Q", separator_before=True),
        Act.FIND: Spec(translate("Actions", "&Find…"), Menu.EDIT, "Ctrl+F"),
        Act.PREFERENCES: _preferences(),
        Act.ENROLL_KIT: Spec(translate("Actions", "&Enroll kit…"), Menu.KITS, toolbar=True),
        Act.HQ_CARD: Spec(translate("Actions", "&HQ card…"), Menu.KITS),
        Act.CHANGE_PASSPHRASE: Spec(translate("Actions", "&Change passphrase…"), Menu.VAULT),
        Act.CHECK: Spec(translate("Actions", "Check &integrity"), Menu.VAULT),
        Act.USER_GUIDE: _user_guide(),
        Act.ABOUT: _about(),
    }


def menu_titles() -> dict[Menu, str]:
    return {
        Menu.FILE: translate("Actions", "&File"),
        Menu.EDIT: translate("Actions", "&Edit"),
        Menu.EXCHANGE: translate("Actions", "E&xchange"),
        Menu.KITS: translate("Actions", "&Kits"),
        Menu.VAULT: translate("Actions", "&Vault"),
        Menu.HELP: translate("Actions", "&Help"),
    }


class Actions:
    """The QActions of one window, keyed by :class:`Act` (the kit's, or ``hq_specs()``)."""

    def __init__(self, parent: QObject, table: dict[Act, Spec] | None = None) -> None:
        self._specs = specs() if table is None else table
        self._actions: dict[Act, QAction] = {}
        for act, spec in self._specs.items():
            action = QAction(spec.text, parent)
            action.setObjectName(f"action_{act.value}")
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
                action.setShortcutVisibleInContextMenu(True)
            if spec.tip:
                action.setToolTip(spec.tip)
            self._actions[act] = action

    def __getitem__(self, act: Act) -> QAction:
        return self._actions[act]

    def __contains__(self, act: object) -> bool:
        return act in self._actions

    def connect(self, handlers: dict[Act, Callable[[], object]]) -> None:
        for act, handler in handlers.items():
            self._actions[act].triggered.connect(lambda _checked=False, h=handler: h())

    def build_menus(self, bar: QMenuBar) -> None:
        titles = menu_titles()
        used = {spec.menu for spec in self._specs.values()}
        menus = {menu: bar.addMenu(titles[menu]) for menu in Menu if menu in used}
        for act, spec in self._specs.items():
            menu = menus[spec.menu]
            if spec.separator_before and not menu.isEmpty():
                menu.addSeparator()
            menu.addAction(self._actions[act])

    def build_toolbar(self, toolbar: QToolBar) -> None:
        for act, spec in self._specs.items():
            if spec.toolbar:
                toolbar.addAction(self._actions[act])

    def add_toolbar(self, window: QMainWindow, object_name: str) -> QToolBar:
        """The window's fixed, text-only toolbar with every action marked for it."""
        toolbar = QToolBar(QCoreApplication.translate("Actions", "Main"))
        toolbar.setObjectName(object_name)
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.build_toolbar(toolbar)
        window.addToolBar(toolbar)
        return toolbar

    def set_enabled(self, enabled: bool, *acts: Act) -> None:
        for act in acts:
            if act in self._actions:
                self._actions[act].setEnabled(enabled)
