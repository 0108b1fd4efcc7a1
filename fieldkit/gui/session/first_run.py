"""First run: choose a passphrase, name the organisation, write down the recovery key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from fieldkit import hq
from fieldkit.core.record import MAX_SHORT
from fieldkit.gui.base import prompts
from fieldkit.gui.base.common import (
    LastGroupCheck,
    PageStack,
    busy_bar,
    button_box,
    limited_line,
    named_button,
    page_layout,
    paragraph,
    stacked,
)
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.base.errors import safe_message
from fieldkit.gui.base.resources import app_icon
from fieldkit.gui.base.work import Op
from fieldkit.gui.session.passphrase_form import NewPassphraseForm
from fieldkit.gui.session.restore import ask_restore, restore_and_open
from fieldkit.vault.store import Vault


class FirstRunDialog(QDialog):
    """Creates the vault; emits :attr:`created` with it open once the key is confirmed."""

    created = Signal(object)
    cancelled = Signal()
    open_requested = Signal(object)  # the folder of an existing vault, to unlock

    def __init__(self, config: AppConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._config = config
        self._vault: Vault | None = None
        self._recovery_key = ""
        self._done = False
        self._hq = config.hq
        self.setWindowTitle(
            self.tr("Welcome to fieldkit HQ") if self._hq else self.tr("Welcome to fieldkit")
        )
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(520)
        self.pages = PageStack()
        self.pages.addWidget(self._choose_page())
        self.pages.addWidget(self._recovery_page())
        stacked(self, self.pages)
        self._update_create()

    # --- page 1: passphrase and organisation -----------------------------------------------

    def _choose_page(self) -> QWidget:
        page = QWidget()
        self.form = NewPassphraseForm()
        self.organisation = limited_line(
            self.tr("Organisation"), MAX_SHORT, self.tr("e.g. ADC Memorial")
        )
        org_label = QLabel(self.tr("&Organisation:"))
        org_label.setBuddy(self.organisation)
        org_form = QFormLayout()
        org_form.addRow(org_label, self.organisation)
        org_hint = paragraph(
            self.tr("Named on HQ's card; kits see it when they enroll HQ. It is required.")
            if self._hq
            else self.tr("Printed in citations (“Interview with …”). You can leave it empty.")
        )
        org_hint.setEnabled(False)

        self.busy = busy_bar(self.tr("Creating the vault…"), self.tr("Creating the vault"))
        self.error = paragraph("")
        self.error.setAccessibleName(self.tr("Problem creating the vault"))
        self.error.hide()

        self.create_button = named_button(
            self.tr("&Create vault"), self.tr("Create vault"), default=True
        )
        self.quit_button = named_button(self.tr("&Quit"), self.tr("Quit"))
        # Beside "Create": a dataset or vault made elsewhere (hq init --hq DIR, a USB stick).
        self.open_button = named_button(
            self.tr("Open &existing HQ folder…") if self._hq else self.tr("Open &existing vault…"),
            self.tr("Open an existing HQ folder")
            if self._hq
            else self.tr("Open an existing vault folder"),
        )
        self.open_button.setAutoDefault(False)
        buttons = button_box(self.create_button, self.quit_button, self.open_button)
        self._add_restore_button(buttons)

        if self._hq:
            head = self.tr("Create HQ's central dataset")
            intro = self.tr(
                "The central dataset holds every interview the kits send, encrypted on this "
                "computer, and HQ's keys: bundles can only be opened here. Nothing can be read "
                "without the passphrase you choose now."
            )
        else:
            head = self.tr("Create your encrypted vault")
            intro = self.tr(
                "fieldkit keeps your interviews in an encrypted vault on this computer. "
                "Nothing can be read without the passphrase you choose now."
            )
        page_layout(
            page, head, intro, (self.form, org_form, org_hint, self.busy, self.error), buttons
        )

        self.form.changed.connect(self._update_create)
        self.organisation.textChanged.connect(lambda _t: self._update_create())
        self.create_button.clicked.connect(self._create)
        self.quit_button.clicked.connect(self.close)
        self.open_button.clicked.connect(self._open_existing)
        self.setTabOrder(self.form.show_box, self.organisation)
        self.setTabOrder(self.organisation, self.create_button)
        self.setTabOrder(self.create_button, self.open_button)
        return page

    def _open_existing(self) -> None:
        """Unlock a vault (or HQ dataset) in another folder instead of creating one."""
        folder = prompts.choose_folder(
            self,
            self.tr("Choose the HQ folder") if self._hq else self.tr("Choose the vault folder"),
        )
        if folder is None:
            return
        if not Vault.exists(folder):
            self.error.setText(
                self.tr("There is no fieldkit vault in {folder}.").format(folder=folder)
            )
            self.error.show()
            QTimer.singleShot(0, self.pages, self.pages.fit_window)
            return
        self._done = True
        self.close()
        self.open_requested.emit(folder)

    def _update_create(self) -> None:
        named = bool(self.organisation.text().strip()) or not self._hq
        self.create_button.setEnabled(self.form.is_ready() and named and not self.busy.isVisible())

    def _create(self) -> None:
        if not self.form.is_ready():
            return
        passphrase = self.form.passphrase()
        organisation = self.organisation.text().strip()
        path: Path = self._config.vault_path
        kdf = self._config.kdf
        self._set_busy(True)
        if self._hq:
            if not organisation:
                self._set_busy(False)
                return

            def create() -> tuple[Vault, str]:
                vault, recovery, _identity = hq.hq_init(path, passphrase, organisation, kdf=kdf)
                return vault, recovery

            Op(create, self).success(self._on_created).failure(self._on_failed).run()
            return
        Op(
            lambda: Vault.create(
                path, passphrase, organisation=organisation, kdf=kdf, exclusive=True
            ),
            self,
        ).success(self._on_created).failure(self._on_failed).run()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.form.set_busy(busy)
        self.organisation.setEnabled(not busy)
        self.quit_button.setEnabled(not busy)
        self._update_create()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.error.setText(safe_message(error))
        self.error.show()
        QTimer.singleShot(0, self.pages, self.pages.fit_window)

    def _on_created(self, result: tuple[Vault, str]) -> None:
        self._set_busy(False)
        self._vault, self._recovery_key = result
        self.form.clear()
        self.key_label.setText(self._recovery_key)
        self.confirm_check.expect(self._recovery_key)
        self.pages.setCurrentIndex(1)
        self.confirm.setFocus()

    def _add_restore_button(self, buttons: QDialogButtonBox) -> None:
        self.restore_button = named_button(
            self.tr("Restore from a &backup…"), self.tr("Restore from a backup")
        )
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self._restore)

    def _restore(self) -> None:
        asked = ask_restore(self)
        if asked is None:
            return
        backup, passphrase = asked
        path: Path = self._config.vault_path
        self._set_busy(True)
        self.restore_button.setEnabled(False)

        def failed(error: BaseException) -> None:
            self.restore_button.setEnabled(True)
            self._on_failed(error)
            # Back on Restore: the next Space must not press "Open existing vault…" (it would
            # open the backup itself, in place, as a vault).
            self.restore_button.setFocus()

        def restored(vault: Vault) -> None:
            self._set_busy(False)
            self._done = True  # the backup's recovery key is the one written down before
            self.created.emit(vault)
            self.close()

        Op(lambda: restore_and_open(backup, path, passphrase), self).success(restored).failure(
            failed
        ).run()

    # --- page 2: the recovery key, shown once ----------------------------------------------

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        self.key_label = QLabel()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.5)
        mono.setWeight(QFont.Weight.Bold)
        self.key_label.setFont(mono)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setAccessibleName(self.tr("Recovery key"))
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.key_label.setContentsMargins(8, 12, 8, 12)

        self.confirm_check = LastGroupCheck(
            self.tr("&Type its last group to confirm:"),
            self.tr("Last group of the recovery key"),
        )
        self.confirm = self.confirm_check.edit

        self.continue_button = named_button(
            self.tr("I have written it &down"), self.tr("I have written it down"), default=True
        )
        self.continue_button.setEnabled(False)
        page_layout(
            page,
            self.tr("Write down your recovery key"),
            self.tr(
                "If you forget the passphrase, this key is the only way to open the vault. "
                "Write it on paper now and keep it apart from this computer. It is shown "
                "only this once."
            ),
            (self.key_label, self.confirm_check),
            button_box(self.continue_button),
        )
        self.confirm_check.confirmed.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self._finish)
        return page

    def _confirmed(self) -> bool:
        return bool(self._recovery_key) and self.confirm_check.is_confirmed()

    def _finish(self) -> None:
        if not self._confirmed() or self._vault is None:
            return
        vault, self._vault = self._vault, None
        self._recovery_key = ""
        self.key_label.clear()
        self.confirm.clear()
        self._done = True
        self.created.emit(vault)
        self.close()

    def reject(self) -> None:
        self.close()  # Escape goes through the same checks as the close button

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy.isVisible():
            event.ignore()
            return
        if self._done:
            event.accept()
            return
        if self._vault is not None:
            if not prompts.confirm(
                self,
                self.tr("Recovery key not confirmed"),
                self.tr(
                    "The vault is created, but you have not confirmed the recovery key. "
                    "Without it a forgotten passphrase cannot be recovered. Quit anyway?"
                ),
                destructive=True,
            ):
                event.ignore()
                return
            self._vault.close()
            self._vault = None
        self._recovery_key = ""
        self._done = True
        event.accept()
        self.cancelled.emit()
