"""Every control can be named by a screen reader; settings stay free of paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from fieldkit.gui.app import Controller
from fieldkit.gui.base import prompts
from fieldkit.gui.session.vault_dialogs import ChangePassphraseDialog
from tests.gui.helpers import unlock, unnamed


def test_every_control_has_a_name(qtbot: Any, controller: Controller, fixture_vault: Path) -> None:
    controller.start()
    assert unnamed(controller.unlock_dialog) == []
    unlock(qtbot, controller)
    controller.window.table.selectRow(0)
    assert unnamed(controller.window) == []
    dialog = ChangePassphraseDialog(controller.window.vault)
    qtbot.addWidget(dialog)
    assert unnamed(dialog) == []


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
        assert unnamed(dialog) == [], type(dialog).__name__


def test_preferences_and_fingerprint_dialogs_name_every_control(qtbot: Any) -> None:
    from fieldkit.gui.session.preferences import PreferencesDialog

    for dialog in (
        PreferencesDialog("en", 5),
        prompts.fingerprint_dialog(None, "HQ", "Compare", "ABCD-EFGH-IJKL-MNOP-QRST", "Trust"),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        assert unnamed(dialog) == [], type(dialog).__name__
