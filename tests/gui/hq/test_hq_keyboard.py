"""HQ's window by keyboard: each Alt shortcut is taken once, in English and in Russian."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar, QWidget

from fieldkit.gui.app import Controller
from tests.builders import make_hq
from tests.gui.helpers import unlock


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_alt_shortcut_of_the_hq_window_is_taken_once(
    qtbot: Any, controller: Controller, vault_dir: Path, tmp_path: Path, language: str
) -> None:
    make_hq(vault_dir, tmp_path / "hq.fkcard")[0].close()
    assert controller.language.apply(language)
    unlock(qtbot, controller)
    window = controller.hq_window
    assert window is not None and window.isVisible()
    texts = [a.text() for a in window.menuBar().actions()]
    shown: list[QWidget] = [*window.findChildren(QLabel), *window.findChildren(QAbstractButton)]
    texts += [w.text() for w in shown if w.isVisibleTo(window)]
    for bar in window.findChildren(QTabBar):
        texts += [bar.tabText(i) for i in range(bar.count())]
    keys: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        found = re.search(r"&([^&])", text)
        if found:
            keys[found.group(1).lower()].append(text)
    assert {key: words for key, words in keys.items() if len(words) > 1} == {}
