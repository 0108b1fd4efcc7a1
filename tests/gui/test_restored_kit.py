"""A kit restored from a backup, in the windows: the export says a new timeline starts, and
HQ's import queue says what happened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fieldkit import hq
from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.gui.base.i18n import quarantine_reason_label
from fieldkit.hq import timelines
from fieldkit.vault.backup import OpenCopy, backup_vault, restore_vault
from fieldkit.vault.store import Vault, destroy_vault
from tests.builders import HqSetup, add_interview, enroll_at_hq, export, make_hq, make_kit
from tests.gui.helpers import FakePrompts, enroll_hq, open_export, unlock
from tests.helpers import PASSPHRASE


def test_the_export_dialog_of_a_restored_kit_says_a_new_timeline_starts(
    qtbot: Any,
    controller: Controller,
    closed_vault: Path,
    fake_prompts: FakePrompts,
    hq_a: HqSetup,
    tmp_path: Path,
    usb: Path,
) -> None:
    with Vault.open(closed_vault, PASSPHRASE) as vault:
        add_interview(vault)
        backup = backup_vault(vault, tmp_path)
    destroy_vault(closed_vault)
    restore_vault(backup, closed_vault, OpenCopy(PASSPHRASE))
    unlock(qtbot, controller)
    enroll_hq(qtbot, controller, fake_prompts, hq_a.card)
    dialog = open_export(controller, fake_prompts, usb)
    assert dialog.new_timeline is not None and dialog.new_timeline.isVisible()
    assert "restored from a backup" in dialog.new_timeline.text()
    assert "new timeline" in dialog.new_timeline.text()
    dialog.close()


def test_hq_s_import_queue_says_the_kit_was_restored(
    qtbot: Any, controller: Controller, vault_dir: Path, fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    for name in ("usb", "new-usb"):
        (tmp_path / name).mkdir()
    central, _identity = make_hq(vault_dir, tmp_path / "hq.card")
    lost = make_kit(tmp_path / "kit", tmp_path / "hq.card")
    enroll_at_hq(central, lost, tmp_path / "kit.card")
    add_interview(lost, quote="Before the backup.")
    hq.import_bundle(central, export(lost, tmp_path / "usb"))
    backup = backup_vault(lost, tmp_path)
    add_interview(lost, quote="After the backup.")
    hq.import_bundle(central, export(lost, tmp_path / "usb"))
    lost.close()
    central.close()
    restored = restore_vault(backup, tmp_path / "new", OpenCopy(PASSPHRASE))
    with Vault.open(restored, PASSPHRASE) as kit:
        add_interview(kit, quote="On the new laptop.")
        bundle = export(kit, tmp_path / "new-usb")

    unlock(qtbot, controller)
    window = controller.hq_window
    assert window is not None
    fake_prompts.answers["open_files"] = [bundle]
    with qtbot.waitSignal(window.queue.idle, timeout=20_000):
        window.actions_[Act.IMPORT_BUNDLES].trigger()
    row = window.imports.results.topLevelItem(0)
    assert "rejected" not in row.text(2).lower()
    lines = [row.child(i).text(2) for i in range(row.childCount())]
    assert any(
        "was restored from a backup: a new timeline starts after bundle 1. Bundle 2 of the "
        "earlier timeline is already here." in line
        for line in lines
    ), lines
    assert row.isExpanded()


def test_the_two_timelines_reason_is_translated() -> None:
    assert quarantine_reason_label(timelines.TWO_TIMELINES).startswith("changed on two timelines")
