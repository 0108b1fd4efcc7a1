"""HQ's import result line names a file that is not a bundle for what it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyrage
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from fieldkit import kit as kitx
from fieldkit.gui.app import Controller
from tests.builders import make_hq, make_kit
from tests.gui.helpers import FakePrompts, unlock


def test_import_says_what_each_wrong_file_is(
    qtbot: Any,
    controller: Controller,
    vault_dir: Path,
    tmp_path: Path,
    usb: Path,
    fake_prompts: FakePrompts,
) -> None:
    """Files named as bundles (the file dialog shows only those): each says what it is."""
    make_hq(vault_dir)[0].close()
    empty, text, card, other = (
        usb / "empty.fkbundle",
        usb / "notes.fkbundle",
        usb / "kit-card.fkbundle",
        usb / "other.fkbundle",
    )
    empty.write_bytes(b"")
    text.write_text("Meeting notes\n", encoding="utf-8")
    with make_kit(tmp_path / "kit") as kit_vault:
        kitx.kit_card(kit_vault).write_card(card)
    stranger = pyrage.x25519.Identity.generate().to_public()
    other.write_bytes(bytes(pyrage.encrypt(b"FIELDKIT-BUNDLE", [stranger])))

    unlock(qtbot, controller)
    window = controller.hq_window
    assert window is not None
    fake_prompts.answers["open_files"] = [empty, text, card, other]
    window.activateWindow()
    with qtbot.waitSignal(window.queue.idle, timeout=20_000):
        QTest.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    tree = window.imports.results
    newest_first = range(tree.topLevelItemCount())
    why = [tree.topLevelItem(i).child(0).text(0) for i in reversed(newest_first)]
    assert len(why) == 4
    assert "is empty: this is not a bundle" in why[0]
    assert "is not age-encrypted: this is not a bundle" in why[1]
    assert "is a kit card, not a bundle" in why[2]
    assert "made for another HQ" in why[3]
    assert all(line.startswith("Why: The bundle") for line in why), why
