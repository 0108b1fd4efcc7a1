"""HQ's menus: enroll a kit, HQ's own card, export the dataset (as ``fieldkit hq …``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from fieldkit import hq
from fieldkit.exchange.keys import Card, Role
from fieldkit.gui.base import prompts
from fieldkit.gui.base.errors import or_reported
from fieldkit.gui.base.plurals import Counted
from fieldkit.gui.base.task_dialog import PathField, TaskDialog
from fieldkit.gui.base.work import Progress
from fieldkit.gui.hq.kits import kit_name_asked
from fieldkit.gui.kit.exchange import choose_card, show_card
from fieldkit.hq.exports import ExportFormat, export
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate


def enroll_kit(parent: QWidget | None, vault: Vault) -> Card | None:
    """Pick a kit's card, have its fingerprint compared by phone, then enroll it."""
    title = translate("HqDialogs", "Enroll kit")
    choose = translate("HqDialogs", "Choose the kit's card")
    chosen = choose_card(parent, title, choose, Role.KIT, lambda: hq.kits(vault))
    if chosen is None:
        return None
    read, kits = chosen
    card = read.card
    known = {kit.fingerprint for kit in kits}
    if card.fingerprint in known:
        prompts.fingerprint(
            parent, title, translate("HqDialogs", "This kit is already enrolled."), card.fingerprint
        )
        return card
    # HQ names the kit here: every kit's card carries its organisation's name, so the
    # organisation and the fingerprint's first group tell kits apart until HQ says better.
    name = kit_name_asked(vault, hq.default_kit_name(card))
    trusted = prompts.fingerprint(
        parent,
        title,
        translate(
            "HqDialogs",
            "Call the researcher on a number you already know and ask them to read out the "
            "fingerprint shown under Exchange → This kit's card. Enroll the kit only if every "
            "character below matches.",
        ),
        card.fingerprint,
        accept=translate("HqDialogs", "It &matches — enroll this kit"),
        name=name,
    )
    if not trusted:
        return None
    return or_reported(parent, title, lambda: hq.enroll_kit(vault, read, name=name.value))


def show_hq_card(parent: QWidget | None, vault: Vault) -> bool:
    """Show HQ's fingerprint; offer to save HQ's card for the kits."""
    return show_card(
        parent,
        lambda: hq.hq_identity(vault),
        translate("HqDialogs", "HQ card"),
        translate(
            "HqDialogs",
            "Kits enroll this HQ from its card, a small public file. When a researcher calls, "
            "read out this fingerprint so they can check their copy of the card.",
        ),
        translate("HqDialogs", "Save HQ's card"),
    )


def format_names() -> dict[ExportFormat, tuple[str, str, str]]:
    """Each format: its name, its file filter, its suffix."""
    return {
        ExportFormat.JSONL: (
            translate("HqDialogs", "JSON Lines (one interview per line)"),
            translate("HqDialogs", "JSON Lines (*.jsonl)"),
            ".jsonl",
        ),
        ExportFormat.CSV: (
            translate("HqDialogs", "CSV (one row per quote)"),
            translate("HqDialogs", "CSV files (*.csv)"),
            ".csv",
        ),
        ExportFormat.UWAZI_CSV: (
            translate("HqDialogs", "Uwazi CSV import"),
            translate("HqDialogs", "CSV files (*.csv)"),
            ".csv",
        ),
        ExportFormat.CITATIONS: (
            translate("HqDialogs", "Citations for a report (Markdown)"),
            translate("HqDialogs", "Markdown (*.md)"),
            ".md",
        ),
    }


def export_unit(fmt: ExportFormat, count: int) -> str:
    if fmt in (ExportFormat.CSV, ExportFormat.UWAZI_CSV):
        return Counted().rows(count)
    if fmt is ExportFormat.CITATIONS:
        return Counted().quotes(count)
    return Counted().interviews(count)


class DatasetExportDialog(TaskDialog):
    """Writes the central dataset in one format with :func:`fieldkit.hq.exports.export`."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(
            translate("HqDialogs", "Export dataset"),
            translate("HqDialogs", "Export the central dataset"),
            translate(
                "HqDialogs",
                "The export is not encrypted: keep it on an encrypted disk and share it only "
                "with people who may read every interview.",
            ),
            translate("HqDialogs", "&Export"),
            parent,
        )
        self._vault = vault
        self._formats = format_names()
        self.format = QComboBox()
        self.format.setAccessibleName(translate("HqDialogs", "Format"))
        for fmt, (name, _filter, _suffix) in self._formats.items():
            self.format.addItem(name, fmt.value)
        self.add_row(translate("HqDialogs", "&Format:"), self.format)
        self.target = PathField(translate("HqDialogs", "File to write"), self._choose)
        self.add_row(translate("HqDialogs", "Save &as:"), self.target)
        self.bom = QCheckBox(translate("HqDialogs", "Add a &byte-order mark (for Excel)"))
        self.bom.setAccessibleName(translate("HqDialogs", "Add a byte-order mark for Excel"))
        self.extra.addWidget(self.bom)
        self.mark_input(self.format, self.bom)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.target.changed.connect(self.refresh)
        self._format_changed()

    def chosen_format(self) -> ExportFormat:
        return ExportFormat(self.format.currentData())

    def _is_csv(self) -> bool:
        return self.chosen_format() in (ExportFormat.CSV, ExportFormat.UWAZI_CSV)

    def refresh(self) -> None:
        super().refresh()
        if hasattr(self, "bom") and not self.busy:
            self.bom.setEnabled(self._is_csv())

    def _format_changed(self) -> None:
        if not self._is_csv():
            self.bom.setChecked(False)
        target = self.target.path()
        if target is not None:  # follow the format with the suffix
            self.target.set_path(target.with_suffix(self._formats[self.chosen_format()][2]))
        self.refresh()

    def _choose(self) -> Path | None:
        _name, name_filter, suffix = self._formats[self.chosen_format()]
        return prompts.save_file(
            self, translate("HqDialogs", "Export to file"), name_filter, suffix=suffix
        )

    def can_run(self) -> bool:
        return self.target.path() is not None

    def run(self) -> None:
        target = self.target.path()
        if target is None or self.busy:
            return
        fmt, bom, vault = self.chosen_format(), self.bom.isChecked(), self._vault

        def work(_progress: Progress) -> int:
            return export(vault, fmt, target, bom=bom)

        def done(count: int) -> None:
            prompts.information(
                self.parentWidget(),
                translate("HqDialogs", "Export written"),
                translate("HqDialogs", "Wrote {what} to {file}.").format(
                    what=export_unit(fmt, count), file=target.name
                ),
            )
            self.accept()

        self.start(work, done, busy_text=translate("HqDialogs", "Writing the export…"))
