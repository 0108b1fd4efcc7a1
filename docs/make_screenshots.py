"""Make the README screenshots from the published Korday testimonies.

    .venv/bin/python docs/make_screenshots.py [--out docs/screenshots]

Everything happens in a temporary folder (vaults, settings, caches) with cheap key
derivation, offscreen, at a fixed window size, so the pictures are the same on every run
apart from dates of import. Writes:

- ``main.png``: the kit's window, an interview selected;
- ``editor.png``: the editor beside the list, on its own;
- ``review.png``: a quote with a name and a phone number underlined for review;
- ``export-summary.png``: what an export to HQ says afterwards;
- ``hq.png``: the HQ window with the merged dataset and an interview's provenance;
- ``hq-imports.png`` and ``hq-quarantine.png``: the import results and a conflict side by side;
- ``main-ru.png``: the kit's window in Russian.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: A copy of shared/fixtures, so the tests run from a plain clone of this repository.
FIXTURES = REPO / "tests" / "fixtures" / "korday-2020-testimonies.jsonl"
SIZE = (1280, 800)
PASSPHRASE = "screenshots only, never a real passphrase"  # noqa: S105 - a throwaway vault


def _isolate(folder: Path) -> None:
    """Settings, caches and temp files of this run go to ``folder``, never the user's."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        os.environ[var] = str(folder / var.lower())
    os.environ["HOME"] = str(folder / "home")
    os.environ["TMPDIR"] = str(folder / "tmp")
    for name in ("home", "tmp"):
        (folder / name).mkdir()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fieldkit-shots-") as temp:
        _isolate(Path(temp))
        return _shoot(Path(temp), out)


def _shoot(temp: Path, out: Path) -> int:
    # Imported here: the environment above must be set before Qt and platformdirs start.
    from PySide6.QtCore import QCoreApplication, QEventLoop, QLocale, QThreadPool
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QWidget

    from fieldkit import hq
    from fieldkit import kit as kitx
    from fieldkit.core.jsonl import read_jsonl
    from fieldkit.core.record import Quote, Status
    from fieldkit.gui.app import Controller
    from fieldkit.gui.base.config import AppConfig
    from fieldkit.gui.base.work import Op
    from fieldkit.gui.hq.window import IMPORTS_TAB, INTERVIEWS_TAB, QUARANTINE_TAB
    from fieldkit.gui.kit.export_dialog import ExportSummaryDialog
    from fieldkit.vault import importing, records, search
    from fieldkit.vault.keyslot import KdfParams
    from fieldkit.vault.store import Vault

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("fieldkit")
    app.setFont(QFont("DejaVu Sans", 10))
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    cheap = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)

    def settle() -> None:
        while Op.pending():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QThreadPool.globalInstance().waitForDone()
        for _ in range(5):
            app.processEvents()

    def save(widget: QWidget, name: str) -> None:
        settle()
        widget.grab().save(str(out / name))
        print(out / name)

    # --- the kit: the testimonies, one of them a draft, sent to HQ once ---------------------
    central, _recovery, identity = hq.hq_init(temp / "hq", PASSPHRASE, "ADC Memorial", kdf=cheap)
    identity.write_card(temp / "hq.fkcard")
    kit, _ = Vault.create(temp / "kit", PASSPHRASE, organisation="ADC Memorial", kdf=cheap)
    importing.import_records(kit, read_jsonl(FIXTURES), group=True)
    kitx.enroll_hq(kit, temp / "hq.fkcard")
    rows = search.search(kit)
    draft = records.get(kit, rows[-1].id)
    records.save(kit, draft.with_status(Status.DRAFT))
    usb = temp / "usb"
    usb.mkdir()
    kitx.kit_card(kit).write_card(temp / "kit.fkcard")
    hq.enroll_kit(central, temp / "kit.fkcard")
    kit.close()

    config = AppConfig(vault_path=temp / "kit", kdf=cheap)
    controller = Controller(config)
    controller.start()
    controller.unlock_dialog.passphrase.setText(PASSPHRASE)
    controller.unlock_dialog.unlock_button.click()
    settle()
    window = controller.window
    assert window.vault is not None, "the screenshot vault did not open"
    window.resize(*SIZE)
    window.show()
    target = 1  # the second newest interview: a long quote, two tags
    window.table.selectRow(target)
    settle()
    save(window, "main.png")
    save(window.editor_host, "editor.png")

    # A new interview typed with a name and a phone number that slipped in.
    from fieldkit.gui.base.actions import Act

    window.actions_[Act.NEW].trigger()
    editor = window.editor
    editor.place.setText("Masanchi")
    editor.role.setText("Dungan farmer, resident of Masanchi")
    editor.quotes.editors[0].text.setPlainText(
        "They came at night. My brother Ruslan Akhmedov called me from +7 701 384 2296 and "
        "said the police were at the gate."
    )
    while not editor.review.settled:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    editor.save_now()
    save(window.editor_host, "review.png")

    summary = kitx.export_bundle(window.vault, usb)
    window.refresh_records()
    dialog = ExportSummaryDialog(summary, window.vault, window)
    dialog.resize(620, 300)
    dialog.show()
    save(dialog, "export-summary.png")
    dialog.close()

    controller.switch_language("ru")
    settle()
    controller.window.resize(*SIZE)
    controller.window.table.selectRow(target)
    save(controller.window, "main-ru.png")
    controller.switch_language("en")
    settle()

    # --- a second kit sends an overlapping set and one conflicting version ------------------
    other, _ = Vault.create(temp / "kit-b", PASSPHRASE, organisation="ADC Memorial", kdf=cheap)
    kitx.enroll_hq(other, temp / "hq.fkcard")
    kitx.kit_card(other).write_card(temp / "kit-b.fkcard")
    hq.enroll_kit(central, temp / "kit-b.fkcard")
    first = records.get(controller.window.vault, controller.window.model.id_at(0))
    records.save(
        other,
        replace(
            first,
            quotes=(Quote(first.quotes[0].text.split(".")[0] + "."),),
            place=first.place,
            revision=0,
            status=Status.READY,
        ),
    )
    usb_b = temp / "usb-b"
    usb_b.mkdir()
    bundle_b = kitx.export_bundle(other, usb_b).path
    other.close()
    central.close()
    controller.shutdown()

    # --- HQ imports both bundles -------------------------------------------------------------
    hq_controller = Controller(AppConfig(vault_path=temp / "hq", kdf=cheap))
    hq_controller.start()
    hq_controller.unlock_dialog.passphrase.setText(PASSPHRASE)
    hq_controller.unlock_dialog.unlock_button.click()
    settle()
    hq_window = hq_controller.hq_window
    assert hq_window is not None
    hq_window.resize(*SIZE)
    hq_window.show()
    junk = usb / "from-unknown-kit.fkbundle"
    junk.write_bytes(b"age-encryption.org/v1\nnot a bundle")
    assert summary.path is not None and bundle_b is not None
    hq_window.import_bundles([summary.path, bundle_b, junk])
    while hq_window.queue.busy:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    settle()
    hq_window.tabs.setCurrentIndex(IMPORTS_TAB)
    save(hq_window, "hq-imports.png")
    hq_window.tabs.setCurrentIndex(QUARANTINE_TAB)
    save(hq_window, "hq-quarantine.png")
    hq_window.tabs.setCurrentIndex(INTERVIEWS_TAB)
    hq_window.table.selectRow(target)
    save(hq_window, "hq.png")
    hq_controller.shutdown()
    QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
