"""The app's plumbing: layering, background work, actions, the except hook, resources."""

from __future__ import annotations

import sys
import threading
from typing import Any

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from fieldkit.core.errors import WrongPassphrase
from fieldkit.gui.base import resources
from fieldkit.gui.base.actions import Act, Actions
from fieldkit.gui.base.errors import ExceptHook
from fieldkit.gui.base.work import Op
from fieldkit.gui.widgets.fields import TagsEdit
from tests.gui.helpers import FakePrompts
from tests.helpers import REPO, run_python

CANARY = "Zyxwv-canary-in-an-exception"


def test_layers_below_gui_import_without_pyside6() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "sys.modules['PySide6'] = None\n"
        "import fieldkit, fieldkit.core, fieldkit.vault, fieldkit.cli\n"
        "for info in pkgutil.walk_packages(fieldkit.__path__, 'fieldkit.'):\n"
        "    if info.name.startswith('fieldkit.gui') or info.name.endswith('__main__'):\n"
        "        continue\n"
        "    importlib.import_module(info.name)\n"
        "assert not any(m.startswith('PySide6.') for m in sys.modules), 'PySide6 leaked'\n"
        "print('ok')\n"
    )
    done = run_python(code, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_op_delivers_success_on_the_gui_thread(qtbot: Any) -> None:
    gui_thread = threading.get_ident()
    seen: dict[str, Any] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def success(value: int) -> None:
        seen["value"] = value
        seen["callback"] = threading.get_ident()

    Op(work).success(success).run()
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["worker"] != gui_thread
    assert seen["callback"] == gui_thread


def test_op_delivers_failure(qtbot: Any) -> None:
    failures: list[BaseException] = []

    def work() -> None:
        raise WrongPassphrase("wrong passphrase")

    Op(work).success(lambda _v: pytest.fail("no success")).failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], WrongPassphrase)


def test_actions_have_the_shortcuts_and_show_them_in_menus(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = Actions(window)
    actions.build_menus(window.menuBar())
    expected = {
        Act.NEW: "Ctrl+N",
        Act.SAVE: "Ctrl+S",
        Act.FIND: "Ctrl+F",
        Act.LOCK: "Ctrl+L",
        Act.QUIT: "Ctrl+Q",
    }
    for act, keys in expected.items():
        assert actions[act].shortcut() == QKeySequence(keys)
    in_menus = [
        a for menu in window.menuBar().findChildren(QMenu) for a in menu.actions() if a.text()
    ]
    assert {actions[act] for act in expected} <= set(in_menus)
    assert all(a.isShortcutVisibleInContextMenu() for a in in_menus if not a.shortcut().isEmpty())


def test_excepthook_shows_one_dialog_without_the_message(
    qtbot: Any, fake_prompts: FakePrompts, caplog: pytest.LogCaptureFixture
) -> None:
    hook = ExceptHook()
    try:
        raise KeyError(CANARY)
    except KeyError as error:
        hook(type(error), error, error.__traceback__)
    assert fake_prompts.kinds() == ["critical"]
    assert "KeyError" in fake_prompts.texts()
    assert CANARY not in fake_prompts.texts()
    assert CANARY not in caplog.text


def test_excepthook_shows_fieldkit_errors_in_words(fake_prompts: FakePrompts) -> None:
    hook = ExceptHook()
    error = WrongPassphrase("wrong passphrase")
    hook(type(error), error, None)
    assert "Wrong passphrase" in fake_prompts.texts()  # as a sentence (issue 13, item 14)


def test_excepthook_is_installed_and_removed() -> None:
    previous = sys.excepthook
    hook = ExceptHook().install()
    assert sys.excepthook is hook
    hook.uninstall()
    assert sys.excepthook is previous


def test_app_icon_is_shipped_and_loads(qtbot: Any) -> None:
    assert resources.read_bytes(resources.APP_ICON)
    assert not resources.app_icon().isNull()
    assert resources.icon("no-such-icon.svg").isNull()


def test_tag_completion_replaces_the_tag_being_typed(qtbot: Any) -> None:
    edit = TagsEdit()
    qtbot.addWidget(edit)
    edit.set_known(["violence", "property damage"])
    edit.setText("arson, vio")
    edit.setCursorPosition(len(edit.text()))
    edit._insert("violence")
    assert edit.text() == "arson, violence, "
    assert edit.cursorPosition() == len(edit.text())
