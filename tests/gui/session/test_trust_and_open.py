"""Trusting a key needs more than Enter; a first run can open a vault made elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPushButton

from fieldkit.gui import app as app_module
from fieldkit.gui.app import Controller
from fieldkit.gui.base import prompts
from fieldkit.gui.base.common import PROBLEM_RED
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.session.first_run import FirstRunDialog
from tests.builders import make_hq, make_kit
from tests.gui.helpers import FakePrompts, focused, show_active
from tests.helpers import PASSPHRASE, cli_in_process

PRINT = "ABCD-EFGH-IJKL-MNOP-QRST"


@pytest.mark.parametrize("accept", ["It matches — trust this HQ", "It matches — enroll this kit"])
def test_enter_alone_never_trusts_a_fingerprint(qtbot: Any, accept: str) -> None:
    dialog = prompts.fingerprint_dialog(None, "Enroll", "Compare", PRINT, accept)
    show_active(qtbot, dialog)
    yes = dialog.findChild(QPushButton, "acceptButton")
    problem = dialog.findChild(QLabel, "problem")
    typed = focused(qtbot, QLineEdit)  # the focus starts where the last group is typed
    QTest.keyClick(typed, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert not yes.isEnabled()

    QTest.keyClicks(typed, "QRSX")  # misheard
    assert problem.isVisible()
    QTest.keyClick(typed, Qt.Key.Key_Return)
    assert dialog.isVisible() and not yes.isEnabled()

    QTest.keyClick(typed, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(typed, "qrst")
    assert yes.isEnabled() and not problem.isVisible()
    QTest.keyClick(typed, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_wrong_last_group_of_the_recovery_key_says_so(qtbot: Any, controller: Controller) -> None:
    controller.start()
    dialog = controller.first_run
    assert isinstance(dialog, FirstRunDialog)
    dialog.form.first.setText(PASSPHRASE)
    dialog.form.second.setText(PASSPHRASE)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    last = dialog.key_label.text().rsplit("-", 1)[-1]
    wrong = "0" * len(last) if last != "0" * len(last) else "1" * len(last)
    typed = focused(qtbot, QLineEdit)
    QTest.keyClicks(typed, wrong)
    assert dialog.confirm_check.problem.isVisible()
    assert not dialog.continue_button.isEnabled()
    QTest.keyClick(typed, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(typed, last)
    assert not dialog.confirm_check.problem.isVisible()
    with qtbot.waitSignal(controller.opened):
        QTest.keyClick(typed, Qt.Key.Key_Return)


def test_first_run_opens_an_existing_hq_folder(
    qtbot: Any, config: AppConfig, tmp_path: Path, fake_prompts: FakePrompts
) -> None:
    """``hq init --hq DIR`` made the dataset elsewhere: "Open existing…" unlocks it."""
    elsewhere = tmp_path / "made-by-hq-init"
    make_hq(elsewhere)[0].close()
    config.hq = True
    controller = Controller(config)
    try:
        controller.start()
        dialog = controller.first_run
        assert isinstance(dialog, FirstRunDialog)
        qtbot.waitExposed(dialog)
        fake_prompts.answers["choose_folder"] = tmp_path / "empty"
        (tmp_path / "empty").mkdir()
        dialog.open_button.setFocus()
        QTest.keyClick(dialog.open_button, Qt.Key.Key_Space)
        assert dialog.isVisible() and "no fieldkit vault" in dialog.error.text()
        fake_prompts.answers["choose_folder"] = elsewhere
        QTest.keyClick(dialog.open_button, Qt.Key.Key_Space)
        assert not dialog.isVisible()
        unlock = controller.unlock_dialog
        assert unlock.isVisible()
        QTest.keyClicks(unlock.passphrase, PASSPHRASE)
        with qtbot.waitSignal(controller.opened, timeout=10_000):
            QTest.keyClick(unlock.passphrase, Qt.Key.Key_Return)
        assert controller.hq_window is not None and controller.hq_window.isVisible()
        assert controller.config.vault_path == elsewhere
    finally:
        controller.shutdown()


def test_fieldkit_hq_dir_opens_that_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[Path | None, bool]] = []
    monkeypatch.setattr(app_module, "run", lambda path, *, hq=False: asked.append((path, hq)) or 0)
    assert cli_in_process(capsys, "--hq", str(tmp_path / "central"))[0] == 0
    assert cli_in_process(capsys, "--hq")[0] == 0
    assert cli_in_process(capsys, "--vault", str(tmp_path / "v"), "--hq")[0] == 0
    assert asked == [(tmp_path / "central", True), (None, True), (tmp_path / "v", True)]


def test_a_wrong_passphrase_is_said_in_red(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    controller.start()
    dialog = controller.unlock_dialog
    qtbot.waitExposed(dialog)
    QTest.keyClicks(dialog.passphrase, "not the passphrase")
    QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert dialog.message.text().startswith("That passphrase does not open")
    assert PROBLEM_RED in dialog.message.styleSheet()
    assert dialog.message.palette().color(dialog.message.foregroundRole()).name() == PROBLEM_RED


def test_showing_and_saving_ones_own_card_asks_for_no_last_group(
    qtbot: Any,
    controller: Controller,
    fake_prompts: FakePrompts,
    tmp_path: Path,
    vault_dir: Path,
    monkeypatch: Any,
) -> None:
    """Typing the last group is for trusting someone else's card; this kit's own card is
    shown and saved with one Enter."""
    from fieldkit import kit as kitx
    from fieldkit.gui.base.actions import Act
    from fieldkit.gui.kit.exchange import show_kit_card
    from tests.gui.helpers import unlock

    make_kit(vault_dir).close()
    unlock(qtbot, controller)
    shown: dict[str, Any] = {}

    def look_and_press_enter(parent: Any, title: str, text: str, printed: str, **kw: Any) -> bool:
        dialog = prompts.fingerprint_dialog(
            parent, title, text, printed, kw["accept"], trust=kw["trust"]
        )
        show_active(qtbot, dialog)
        shown["fields"] = dialog.findChildren(QLineEdit)
        save = dialog.findChild(QPushButton, "acceptButton")
        shown["save"] = save.text()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is save)
        QTest.keyClick(save, Qt.Key.Key_Return)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(prompts, "fingerprint", look_and_press_enter)
    target = tmp_path / "mine.fkcard"
    fake_prompts.answers["save_file"] = target
    assert controller.window.actions_[Act.KIT_CARD] is not None
    assert show_kit_card(controller.window, controller.window.vault)
    assert shown["fields"] == [] and shown["save"] == "&Save card…"
    assert target.read_bytes() == kitx.kit_card(controller.window.vault).card_bytes()
