"""Revoking a kit in the HQ window, and showing revocation where kits appear (as
``fieldkit hq revoke-kit`` and ``hq kits``; the work is :mod:`fieldkit.hq.revocation`)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit import hq
from fieldkit.core.errors import FieldkitError
from fieldkit.exchange.rekey import SUFFIX, RekeyStatement, read_statement
from fieldkit.gui.base import prompts
from fieldkit.gui.base.common import limited_line, paragraph
from fieldkit.gui.base.errors import or_reported, ran, report
from fieldkit.gui.base.i18n import format_timestamp
from fieldkit.hq import revocation
from fieldkit.hq.history import Revision
from fieldkit.hq.revocation import RekeyCheck
from fieldkit.hq.storage import HqStore
from fieldkit.vault.store import Vault

translate = QCoreApplication.translate


def kit_status(kit: hq.Kit) -> str:
    """The Kits tab's Status cell."""
    if kit.revoked_at is not None:
        return translate("Kits", "Revoked {when} by {who}").format(
            when=format_timestamp(kit.revoked_at), who=kit.revoked_by or ""
        )
    if kit.rekeyed_at is not None:
        return translate("Kits", "Trusted; new key since {when}").format(
            when=format_timestamp(kit.rekeyed_at)
        )
    return translate("Kits", "Trusted")


def held_text(why: str, quarantined: int) -> str:
    """The import queue's line for a bundle held, not merged (``why``: ImportOutcome.held)."""
    if not quarantined:
        return translate("Import", "Held before; nothing changed.")
    if why == revocation.REVOKED:
        return translate(
            "Import", "Held, not merged: the kit was revoked. {n} in quarantine, no receipt."
        ).format(n=quarantined)
    return translate(
        "Import",
        "Held, not merged: signed with a key the kit moved away from. {n} in quarantine, "
        "no receipt.",
    ).format(n=quarantined)


class HeldCount(QLabel):
    """The Imports tab's count of bundles held this session because their kit was revoked
    (or signed with a replaced key); hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.clear_count()

    def clear_count(self) -> None:
        self._counts = {revocation.REVOKED: 0, revocation.REPLACED_KEY: 0}
        self.hide()

    def note(self, outcome: hq.ImportOutcome) -> None:
        if not outcome.held or outcome.replay:
            return
        self._counts[outcome.held] += 1
        lines = []
        if self._counts[revocation.REVOKED]:
            lines.append(
                translate("Import", "Bundles quarantined because their kit was revoked: {n}")
            )
        if self._counts[revocation.REPLACED_KEY]:
            lines.append(
                translate("Import", "Bundles quarantined because of a replaced kit key: {n}")
            )
        numbers = [n for n in self._counts.values() if n]
        self.setText("\n".join(line.format(n=n) for line, n in zip(lines, numbers, strict=True)))
        self.show()


def mark_revoked(
    table: QTableWidget, rows: Sequence[hq.Provenance | Revision], vault: Vault
) -> None:
    """In a record's provenance table, say by each revision from a revoked kit when it was
    revoked and whether the revision arrived before or after."""
    store = HqStore(vault)
    revoked = store.revoked_kits()
    if not revoked:
        return
    late = store.held_bundle_ids(revocation.REVOKED)
    wanted = translate("RecordView", "Kit name")
    columns = [
        c for c in range(table.columnCount()) if table.horizontalHeaderItem(c).text() == wanted
    ]
    for row, origin in enumerate(rows):
        found = revoked.get(origin.kit_fingerprint)
        item = table.item(row, columns[0]) if columns else None
        if found is None or item is None:
            continue
        text = (
            translate("RecordView", "{name} (revoked {when}; this revision arrived after)")
            if origin.bundle_id in late
            else translate("RecordView", "{name} (revoked {when}; this revision arrived before)")
        )
        item.setText(text.format(name=found[0], when=format_timestamp(found[1])))
        item.setToolTip(item.text())


class RevokeKitDialog(QDialog):
    """Names the kit and asks who revokes it and why; nothing revokes by default (Enter
    cancels): the one button that revokes names the kit and must be chosen."""

    def __init__(self, vault: Vault, kit: hq.Kit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault, self._kit = vault, kit
        self.revoked: hq.Kit | None = None
        self.setWindowTitle(translate("Kits", "Revoke kit"))
        question = QLabel(
            translate("Kits", "Revoke kit “{name}” ({fingerprint})?").format(
                name=kit.name, fingerprint=kit.fingerprint
            )
        )
        question.setTextFormat(Qt.TextFormat.PlainText)
        font = question.font()
        font.setBold(True)
        question.setFont(font)
        explain = paragraph(
            translate(
                "Kits",
                "Do this when the kit's laptop was seized or lost. HQ will hold every later "
                "bundle signed with its key in quarantine and never merge it; what the kit "
                "sent before stays, marked as from a revoked kit. This cannot be undone.",
            )
        )
        self.reason = limited_line(translate("Kits", "Reason"), revocation.MAX_REASON)
        self.by = limited_line(
            translate("Kits", "Revoked by"), revocation.MAX_BY, text=revocation.default_revoker()
        )
        form = QFormLayout()
        form.addRow(translate("Kits", "&Reason (optional):"), self.reason)
        form.addRow(translate("Kits", "Revoked &by:"), self.by)
        self.cancel = QPushButton(translate("Kits", "Cancel"))
        self.cancel.setDefault(True)  # Enter anywhere cancels
        self.revoke = QPushButton(translate("Kits", "Re&voke “{name}”").format(name=kit.name))
        self.revoke.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.revoke)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.setTabOrder(self.reason, self.by)
        self.setTabOrder(self.by, self.cancel)
        self.setTabOrder(self.cancel, self.revoke)
        self.cancel.clicked.connect(self.reject)
        self.revoke.clicked.connect(self._revoke)
        self.by.textChanged.connect(lambda text: self.revoke.setEnabled(bool(text.strip())))
        self.revoke.setEnabled(bool(self.by.text().strip()))
        self.reason.setFocus()

    def _revoke(self) -> None:
        try:
            self.revoked = revocation.revoke_kit(
                self._vault, self._kit.fingerprint, by=self.by.text(), reason=self.reason.text()
            )
        except FieldkitError as error:
            report(self, error, self.windowTitle())
            return
        self.accept()


def accept_new_key(parent: QWidget | None, vault: Vault) -> bool:
    """Pick a kit's rekey statement, have the new fingerprint compared by phone, then take
    the new key as the same kit's (as ``fieldkit hq rekey-kit``); whether it changed."""
    title = translate("Kits", "Accept a kit's new key")
    path = prompts.open_file(
        parent,
        translate("Kits", "Choose the kit's rekey statement"),
        translate("Kits", "fieldkit rekey statements (*{suffix});;All files (*)").format(
            suffix=SUFFIX
        ),
    )
    if path is None:
        return False

    def read() -> tuple[RekeyStatement, RekeyCheck]:
        statement = read_statement(path)  # what is compared below is what gets accepted
        return statement, revocation.check_rekey(vault, statement)

    chosen = or_reported(parent, title, read)
    if chosen is None:
        return False
    statement, check = chosen
    if check.already:
        prompts.information(
            parent,
            title,
            translate("Kits", "Kit “{name}” already has this key.").format(name=check.kit.name),
        )
        return False
    trusted = prompts.fingerprint(
        parent,
        title,
        translate(
            "Kits",
            "Kit “{name}” ({old}) moves to a new key. Call the researcher on a number you "
            "already know and ask them to read out the fingerprint their kit shows now. Accept "
            "only if every character below matches: whoever holds the old key can write such "
            "a statement.",
        ).format(name=check.kit.name, old=check.kit.fingerprint),
        check.new_card.fingerprint,
        accept=translate("Kits", "It &matches — accept the new key"),
    )
    if not trusted:
        return False
    return ran(parent, title, lambda: revocation.accept_rekey(vault, statement))
