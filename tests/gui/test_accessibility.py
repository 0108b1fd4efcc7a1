"""Every control can be named by a screen reader; settings stay free of paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from fieldkit.gui.app import Controller
from fieldkit.gui.base import prompts
from fieldkit.gui.session.vault_dialogs import ChangePassphraseDialog
from tests.gui.conftest import unlock

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
)


def _unnamed(root: QWidget) -> list[str]:
    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy()}
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS):
            continue
        parent = widget.parentWidget()
        inner = isinstance(parent, QAbstractSpinBox | QComboBox | QAbstractItemView)
        if inner or not widget.isVisibleTo(root):
            continue  # the inner editor of a spin box or combo box, a table header
        if type(widget).__module__.startswith("PySide6") and widget.objectName().startswith("qt_"):
            continue  # Qt's own helpers (scroll bar buttons, calendar internals)
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if widget.accessibleName() or text or widget in buddies:
            continue
        missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_every_control_has_a_name(qtbot: Any, controller: Controller, fixture_vault: Path) -> None:
    controller.start()
    assert _unnamed(controller.unlock_dialog) == []
    unlock(qtbot, controller)
    controller.window.table.selectRow(0)
    assert _unnamed(controller.window) == []
    dialog = ChangePassphraseDialog(controller.window.vault)
    qtbot.addWidget(dialog)
    assert _unnamed(dialog) == []


def test_file_dialog_history_is_scrubbed(qtbot: Any) -> None:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.setValue("FileDialog/lastVisited", "file:///home/someone/interviews")
    settings.sync()
    prompts.forget_file_dialog_history()
    assert QSettings(QSettings.Scope.UserScope, "QtProject").value("FileDialog/lastVisited") is None


def test_exchange_dialogs_name_every_control(
    qtbot: Any, controller: Controller, fixture_vault: Path, hq_a: Any, tmp_path: Path
) -> None:
    from fieldkit import kit as kitx
    from fieldkit.gui.kit.exchange import ReceiptDialog
    from fieldkit.gui.kit.export_dialog import ExportDialog, ExportSummaryDialog

    unlock(qtbot, controller)
    vault = controller.window.vault
    kitx.enroll_hq(vault, hq_a.card)
    summary = kitx.ExportSummary(
        None, None, None, held_back=[(controller.window.model.id_at(0), kitx.HoldReason.DRAFT)]
    )
    for dialog in (
        ExportDialog(vault),
        ReceiptDialog(vault),
        ExportSummaryDialog(summary, vault),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        assert _unnamed(dialog) == [], type(dialog).__name__


def test_preferences_and_fingerprint_dialogs_name_every_control(qtbot: Any) -> None:
    from fieldkit.gui.session.preferences import PreferencesDialog

    for dialog in (
        PreferencesDialog("en", 5),
        prompts.fingerprint_dialog(None, "HQ", "Compare", "ABCD-EFGH-IJKL-MNOP-QRST", "Trust"),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        assert _unnamed(dialog) == [], type(dialog).__name__
