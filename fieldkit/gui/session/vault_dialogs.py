"""The Vault menu: change the passphrase, check integrity, destroy the vault."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QWidget,
)

from fieldkit.core.errors import VaultLocked
from fieldkit.gui.base import prompts
from fieldkit.gui.base.common import busy_bar, button_box, named_button, page_layout, paragraph
from fieldkit.gui.base.errors import safe_message, show_error
from fieldkit.gui.base.plurals import Counted
from fieldkit.gui.base.work import Op
from fieldkit.gui.session.passphrase_form import NewPassphraseForm
from fieldkit.vault import integrity
from fieldkit.vault.store import CheckReport, Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

# What must be typed before the vault is destroyed (as the command line asks).
DESTROY_PHRASE = "DESTROY"


class ChangePassphraseDialog(QDialog):
    """Rewraps the vault key under a new passphrase (off the GUI thread). Use ``open()``."""

    changed = Signal()

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._busy = False
        self.setWindowTitle(self.tr("Change passphrase"))
        self.setMinimumWidth(460)
        self.form = NewPassphraseForm()
        self.message = paragraph("")
        self.message.hide()
        self.busy = busy_bar(
            self.tr("Saving the new passphrase…"), self.tr("Saving the new passphrase")
        )
        self.ok_button = named_button(
            self.tr("&Change passphrase"), self.tr("Change passphrase"), default=True
        )
        self.cancel_button = named_button(self.tr("Cancel"), self.tr("Cancel"))
        page_layout(
            self,
            self.tr("Choose a new passphrase"),
            self.tr("The recovery key stays the same. The interviews are not rewritten."),
            (self.form, self.message, self.busy),
            button_box(self.ok_button, self.cancel_button),
            stretch=False,
        )
        self.form.changed.connect(self._refresh)
        self.ok_button.clicked.connect(self._change)
        self.cancel_button.clicked.connect(self.reject)
        self._refresh()

    def _refresh(self) -> None:
        self.ok_button.setEnabled(self.form.is_ready() and not self._busy)

    def _change(self) -> None:
        if not self.form.is_ready() or self._busy:
            return
        new = self.form.passphrase()
        vault = self._vault
        self._set_busy(True)
        Op(lambda: vault.change_passphrase(new), self).success(lambda _r: self._done()).failure(
            self._failed
        ).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.form.set_busy(busy)
        self.cancel_button.setEnabled(not busy)
        self._refresh()

    def _done(self) -> None:
        self._set_busy(False)
        self.form.clear()
        self.changed.emit()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.message.setText(safe_message(error))
        self.message.show()

    def reject(self) -> None:
        if self._busy:
            return
        self.form.clear()
        super().reject()


def check_integrity(
    parent: QWidget, vault: Vault, on_done: Callable[[], None] | None = None
) -> Op[CheckReport]:
    """Run :func:`integrity.check` in the background and report the result in one dialog."""

    def report(result: CheckReport) -> None:
        if result.ok:
            prompts.information(
                parent,
                translate("VaultDialogs", "Integrity check"),
                translate(
                    "VaultDialogs", "The vault is sound: {interviews} and {revisions} verified."
                ).format(
                    interviews=Counted().interviews(result.interviews),
                    revisions=Counted().revisions(result.revisions),
                ),
            )
        else:
            prompts.warning(
                parent,
                translate("VaultDialogs", "Integrity check"),
                Counted().problems_found(len(result.problems)),
                "\n".join(result.problems[:20]),
            )
        if on_done is not None:
            on_done()

    def failed(error: BaseException) -> None:
        if not isinstance(error, VaultLocked):  # locked while checking: nothing to report
            show_error(parent, error, translate("VaultDialogs", "Integrity check"))
        if on_done is not None:
            on_done()

    return Op(lambda: integrity.check(vault), parent).success(report).failure(failed).run()


def confirm_destroy(parent: QWidget | None) -> bool:
    """Ask for the typed confirmation phrase; True only when it was typed exactly."""
    typed = prompts.ask_text(
        parent,
        translate("VaultDialogs", "Destroy this vault"),
        translate(
            "VaultDialogs",
            "This destroys the vault for good: no passphrase or recovery key will open it "
            "again, and interviews not yet received by HQ are lost.\n\n"
            "Type {phrase} to destroy it:",
        ).format(phrase=DESTROY_PHRASE),
    )
    return typed is not None and typed.strip() == DESTROY_PHRASE
