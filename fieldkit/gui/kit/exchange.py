"""The kit's Exchange menu: enroll HQ, this kit's card, apply an HQ receipt.

Every step calls the same functions as ``fieldkit enroll``, ``card`` and ``receipt``.
Exporting a bundle lives in :mod:`fieldkit.gui.kit.export_dialog`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QWidget

from fieldkit import kit as kitx
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange.keys import CARD_SUFFIX, Card, CardFile, Identity, Role, read_card
from fieldkit.gui.base import prompts
from fieldkit.gui.base.errors import or_reported, ran, report
from fieldkit.gui.base.plurals import Counted
from fieldkit.gui.base.task_dialog import PathField, TaskDialog
from fieldkit.gui.base.work import Progress
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

T = TypeVar("T")


def card_filter() -> str:
    return translate("Exchange", "fieldkit cards (*.fkcard *.card *.json);;All files (*)")


def choose_card(
    parent: QWidget | None, title: str, choose: str, role: Role, judged_by: Callable[[], T]
) -> tuple[CardFile, T] | None:
    """The card the person picks (``choose`` titles the file dialog), read, and what
    ``judged_by`` reads of the vault to judge it; None when the person cancels or either
    cannot be read (said in one dialog titled ``title``). What is shown of the card
    afterwards is what gets trusted: the file is not read again."""
    path = prompts.open_file(parent, choose, card_filter())
    if path is None:
        return None
    return or_reported(parent, title, lambda: (read_card(path, role), judged_by()))


# --- enrolling HQ ------------------------------------------------------------------------------


def enroll_hq(parent: QWidget | None, vault: Vault) -> Card | None:
    """Pick HQ's card, have the fingerprint compared by phone, then pin it (as ``enroll``)."""
    title = translate("Exchange", "Enroll HQ")
    choose = translate("Exchange", "Choose HQ's card")
    chosen = choose_card(parent, title, choose, Role.HQ, lambda: kitx.pinned_hq(vault))
    if chosen is None:
        return None
    read, current = chosen
    card = read.card
    if current is not None and current.fingerprint == card.fingerprint:
        prompts.fingerprint(
            parent,
            title,
            translate("Exchange", "This kit already sends its bundles to this HQ ({name}).").format(
                name=card.name
            ),
            card.fingerprint,
        )
        return current
    trusted = prompts.fingerprint(
        parent,
        title,
        translate(
            "Exchange",
            "This card says it belongs to “{name}”. Anyone can write that, so call HQ on a "
            "number you already know and ask them to read out their fingerprint. Trust the "
            "card only if every character below matches.",
        ).format(name=card.name),
        card.fingerprint,
        accept=translate("Exchange", "It &matches — trust this HQ"),
    )
    if not trusted:
        return None
    if current is not None and not prompts.confirm(
        parent,
        translate("Exchange", "Replace HQ"),
        translate(
            "Exchange",
            "This kit sends its bundles to another HQ ({old}, fingerprint {fingerprint}). "
            "Send to “{name}” from now on instead? Receipts from the old HQ will no longer be "
            "accepted.",
        ).format(old=current.name, fingerprint=current.fingerprint, name=card.name),
        destructive=True,
    ):
        return None
    return or_reported(
        parent, title, lambda: kitx.enroll_hq(vault, read, replace_pin=current is not None)
    )


# --- this kit's card -------------------------------------------------------------------------


def show_card(
    parent: QWidget | None,
    identity_of: Callable[[], Identity],
    title: str,
    explanation: str,
    save_title: str,
) -> bool:
    """Show this vault's fingerprint (kit or HQ) and offer to save its public card."""
    try:
        identity = identity_of()
    except FieldkitError as error:
        report(parent, error, title)
        return False
    wants_file = prompts.fingerprint(
        parent,
        title,
        explanation,
        identity.card.fingerprint,
        accept=translate("Exchange", "&Save card…"),
        trust=False,  # one's own card: nothing is trusted by saving it
    )
    if not wants_file:
        return False
    path = prompts.save_file(parent, save_title, card_filter(), suffix=CARD_SUFFIX)
    if path is None:
        return False
    return ran(parent, title, lambda: identity.write_card(path))


def show_kit_card(parent: QWidget | None, vault: Vault) -> bool:
    """Show this kit's fingerprint; offer to save its card (as ``fieldkit card``)."""
    return show_card(
        parent,
        lambda: kitx.kit_card(vault),
        translate("Exchange", "This kit's card"),
        translate(
            "Exchange",
            "HQ enrolls this kit from its card, a small public file. When HQ calls, read out "
            "this fingerprint so they can check the card they received is this kit's.",
        ),
        translate("Exchange", "Save this kit's card"),
    )


# --- applying a receipt ----------------------------------------------------------------------


def receipt_summary_text(summary: kitx.ReceiptSummary) -> str:
    counted = Counted()
    lines = [counted.confirmed(summary.confirmed)]
    for n, said in (
        (summary.attachments_confirmed, counted.attachments_confirmed),
        (summary.purged, counted.purged),
        (summary.attachments_erased, counted.attachments_erased),
        (summary.attachments_kept, counted.attachments_kept),
        (summary.changed_since, counted.changed_since),
        (summary.quarantined, counted.held_at_hq),
    ):
        if n:  # a line only for what happened
            lines.append(said(n))
    return "\n".join(lines)


class ReceiptDialog(TaskDialog):
    """Choose a receipt file and whether to purge; applies it off the GUI thread."""

    applied = Signal(object)  # kitx.ReceiptSummary

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(
            translate("Exchange", "Apply HQ receipt"),
            translate("Exchange", "Apply a receipt from HQ"),
            translate(
                "Exchange",
                "HQ writes a receipt for every bundle it imports. Applying it marks the "
                "interviews HQ stored as received.",
            ),
            translate("Exchange", "&Apply receipt"),
            parent,
        )
        self._vault = vault
        self.file = PathField(translate("Exchange", "Receipt file"), self._choose)
        self.add_row(translate("Exchange", "&Receipt:"), self.file)
        self.purge = QCheckBox(
            translate("Exchange", "Re&move confirmed quotes and notes from this computer")
        )
        self.purge.setAccessibleName(
            translate("Exchange", "Remove confirmed quotes and notes from this computer")
        )
        self.purge.setToolTip(
            translate(
                "Exchange",
                "Only interviews whose content is exactly what HQ confirmed. Date, place and "
                "role stay so the list still shows what was sent.",
            )
        )
        self.mark_input(self.purge)
        self.extra.addWidget(self.purge)
        self.file.changed.connect(self.refresh)
        self.refresh()

    def _choose(self) -> Path | None:
        return prompts.open_file(
            self,
            translate("Exchange", "Choose HQ's receipt"),
            translate("Exchange", "HQ receipts (*.fkreceipt);;All files (*)"),
        )

    def can_run(self) -> bool:
        return self.file.path() is not None

    def run(self) -> None:
        path = self.file.path()
        if path is None or self.busy:
            return
        purge = self.purge.isChecked()
        if purge and not prompts.confirm(
            self,
            translate("Exchange", "Remove confirmed interviews"),
            translate(
                "Exchange",
                "Remove the quotes and private notes of every interview HQ confirmed from "
                "this computer? This cannot be undone here; HQ keeps its copy.",
            ),
            destructive=True,
        ):
            return
        vault = self._vault

        def work(_progress: Progress) -> kitx.ReceiptSummary:
            return kitx.apply_receipt(vault, path, purge=purge)

        self.start(
            work, self._done, busy_text=translate("Exchange", "Checking and applying the receipt…")
        )

    def _done(self, summary: kitx.ReceiptSummary) -> None:
        self.applied.emit(summary)
        prompts.information(
            self.parentWidget(),
            translate("Exchange", "Receipt applied"),
            receipt_summary_text(summary),
        )
        self.accept()
