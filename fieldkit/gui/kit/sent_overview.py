"""Exchange → Sent and not yet sent…: where this kit's interviews stand with HQ, at a glance."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from fieldkit import kit as kitx
from fieldkit.gui.base.common import heading, paragraph, stacked
from fieldkit.gui.base.i18n import format_timestamp
from fieldkit.gui.widgets.list_model import EXCHANGE_MARKS
from fieldkit.vault.search import Exchange
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate


class SentOverviewDialog(QDialog):
    """Counts of not yet sent, sent and awaiting HQ's receipt, and confirmed interviews, with
    the times of the last export and the last receipt; Enter or Escape closes it."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("SentOverview", "Sent and not yet sent"))
        self.setMinimumWidth(480)
        overview = kitx.sent_overview(vault)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}

        def line(key: str, label: str, value: str) -> None:
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
            shown.setAccessibleName(label)
            shown.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reads each line
            self.values[key] = shown
            form.addRow(QLabel(label), shown)

        not_sent = overview.not_sent + overview.changed
        detail = []
        if overview.changed:
            detail.append(
                translate("SentOverview", "{n} edited since sent").format(n=overview.changed)
            )
        if overview.drafts:
            detail.append(translate("SentOverview", "{n} drafts").format(n=overview.drafts))
        mark = EXCHANGE_MARKS
        line(
            "not_sent",
            translate("SentOverview", "{mark} Not yet sent:").format(mark=mark[Exchange.NOT_SENT]),
            f"{not_sent} ({', '.join(detail)})" if detail else str(not_sent),
        )
        line(
            "awaiting",
            translate("SentOverview", "{mark} Sent, waiting for HQ's receipt:").format(
                mark=mark[Exchange.AWAITING]
            ),
            str(overview.awaiting),
        )
        line(
            "confirmed",
            translate("SentOverview", "{mark} Confirmed by HQ:").format(
                mark=mark[Exchange.CONFIRMED]
            ),
            str(overview.confirmed),
        )
        line(
            "last_export",
            translate("SentOverview", "Last export:"),
            translate("SentOverview", "bundle {n}, {when}").format(
                n=overview.last_sequence, when=format_timestamp(overview.last_export)
            )
            if overview.last_export
            else translate("SentOverview", "none yet"),
        )
        line(
            "last_receipt",
            translate("SentOverview", "Last receipt applied:"),
            format_timestamp(overview.last_receipt)
            if overview.last_receipt
            else translate("SentOverview", "none yet"),
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)  # Enter closes: the dialog only tells
        after = paragraph(
            translate(
                "SentOverview",
                "Interviews not yet sent go with the next Export to HQ (Ctrl+E) once they "
                "are ready; those waiting for a receipt go again until HQ's receipt is "
                "applied (Exchange → Apply HQ receipt…).",
            )
        )
        head = heading(translate("SentOverview", "Where your interviews stand with HQ"))
        stacked(self, head, form, after, buttons)
