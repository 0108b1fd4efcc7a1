"""Every menu entry, toolbar button and shortcut, registered in one place (Picard's way)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QToolBar

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
    CHANGE_PASSPHRASE = "change_passphrase"  # noqa: S105 - an action name
    CHECK = "check"
    DESTROY = "destroy"


class Menu(enum.Enum):
    FILE = "file"
    EDIT = "edit"
    VAULT = "vault"


@dataclass(frozen=True)
class Spec:
    text: str
    menu: Menu
    shortcut: QKeySequence.StandardKey | str | None = None
    toolbar: bool = False
    separator_before: bool = False
    tip: str = ""


def specs() -> dict[Act, Spec]:
    """What each action looks like; explicit key strings so every platform shows the same."""
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
        Act.FIND: Spec(translate("Actions", "&Find…"), Menu.EDIT, "Ctrl+F", toolbar=True),
        Act.CHANGE_PASSPHRASE: Spec(translate("Actions", "&Change passphrase…"), Menu.VAULT),
        Act.CHECK: Spec(translate("Actions", "Check &integrity"), Menu.VAULT),
        Act.DESTROY: Spec(
            translate("Actions", "&Destroy this vault…"), Menu.VAULT, separator_before=True
        ),
    }


def menu_titles() -> dict[Menu, str]:
    return {
        Menu.FILE: translate("Actions", "&File"),
        Menu.EDIT: translate("Actions", "&Edit"),
        Menu.VAULT: translate("Actions", "&Vault"),
    }


class Actions:
    """The QActions of one window, keyed by :class:`Act`."""

    def __init__(self, parent: QObject) -> None:
        self._specs = specs()
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

    def connect(self, handlers: dict[Act, Callable[[], object]]) -> None:
        for act, handler in handlers.items():
            self._actions[act].triggered.connect(lambda _checked=False, h=handler: h())

    def build_menus(self, bar: QMenuBar) -> None:
        titles = menu_titles()
        menus = {menu: bar.addMenu(titles[menu]) for menu in Menu}
        for act, spec in self._specs.items():
            menu = menus[spec.menu]
            if spec.separator_before and not menu.isEmpty():
                menu.addSeparator()
            menu.addAction(self._actions[act])

    def build_toolbar(self, toolbar: QToolBar) -> None:
        for act, spec in self._specs.items():
            if spec.toolbar:
                toolbar.addAction(self._actions[act])

    def set_enabled(self, enabled: bool, *acts: Act) -> None:
        for act in acts:
            self._actions[act].setEnabled(enabled)
