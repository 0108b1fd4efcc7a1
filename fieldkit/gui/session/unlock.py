"""Unlocking: the passphrase, or the recovery key followed by a new passphrase."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from fieldkit.core.errors import KeySlotDamaged, WrongPassphrase
from fieldkit.gui.base.common import (
    PagePart,
    PageStack,
    busy_bar,
    button_box,
    in_red,
    named_button,
    page_layout,
    paragraph,
    set_buddy,
    stacked,
)
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.base.errors import safe_message
from fieldkit.gui.base.resources import app_icon
from fieldkit.gui.base.work import Op
from fieldkit.gui.session.passphrase_form import NewPassphraseForm
from fieldkit.vault.store import Vault

PASSPHRASE_PAGE, RECOVERY_PAGE, NEW_PASSPHRASE_PAGE = 0, 1, 2


def _message(name: str) -> QLabel:
    label = paragraph("")
    label.setAccessibleName(name)
    label.setObjectName("calmMessage")  # calm words, but red: the passphrase was refused
    in_red(label)
    label.hide()
    return label


def _one_row(caption: str, field: QLineEdit) -> QFormLayout:
    form = QFormLayout()
    form.addRow(set_buddy(QLabel(caption), field), field)
    return form


class UnlockDialog(QDialog):
    """Emits :attr:`unlocked` with the open vault, or :attr:`quit_requested`."""

    unlocked = Signal(object)
    quit_requested = Signal()

    def __init__(self, config: AppConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._config = config
        self._recovered: Vault | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Unlock fieldkit"))
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(460)
        self.pages = PageStack()
        self.pages.addWidget(self._passphrase_page())
        self.pages.addWidget(self._recovery_page())
        self.pages.addWidget(self._new_passphrase_page())
        stacked(self, self.pages)
        # Each page's own button is the default, set once the pages are in the dialog: a
        # button made default before it has a dialog is not the dialog's, and Enter pressed
        # the first button in the focus chain instead ("Forgot passphrase?").
        self.pages.currentChanged.connect(self._default_for_page)
        self._default_for_page(PASSPHRASE_PAGE)
        self._refresh_buttons()

    def _default_for_page(self, page: int) -> None:
        (self.unlock_button, self.recover_button, self.set_button)[page].setDefault(True)

    # --- page 0: the passphrase -------------------------------------------------------------

    def _page(
        self,
        head: str,
        intro: str,
        field: PagePart,
        status: tuple[str, str],
        buttons: tuple[QPushButton, QPushButton],
        *more: PagePart,
    ) -> tuple[QWidget, QLabel, QProgressBar]:
        """A page: its heading and introduction, ``field``, the message and the busy bar
        below it (``status``: the message's accessible name, the bar's words), ``more``, and
        ``buttons`` (the page's own, then the way back); the page, message and bar."""
        page = QWidget()
        message, busy = _message(status[0]), busy_bar(status[1])
        page_layout(page, head, intro, (field, message, busy, *more), button_box(*buttons))
        return page, message, busy

    def _passphrase_page(self) -> QWidget:
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.unlock_button = named_button(self.tr("&Unlock"))
        self.forgot_button = named_button(
            self.tr("&Forgot passphrase?"), self.tr("Forgot passphrase? Use the recovery key")
        )
        self.forgot_button.setFlat(True)
        self.quit_button = named_button(self.tr("&Quit"))
        page, self.message, self.busy = self._page(
            self.tr("fieldkit is locked"),
            self.tr("Enter your passphrase to open the vault."),
            _one_row(self.tr("&Passphrase:"), self.passphrase),
            (self.tr("Unlock message"), self.tr("Opening the vault…")),
            (self.unlock_button, self.quit_button),
            (self.forgot_button, Qt.AlignmentFlag.AlignLeft),
        )

        self.unlock_button.clicked.connect(self._unlock)
        self.forgot_button.clicked.connect(self._show_recovery)
        self.quit_button.clicked.connect(self.close)
        self.passphrase.textChanged.connect(lambda _t: self._refresh_buttons())
        return page

    def _unlock(self) -> None:
        secret = self.passphrase.text()
        if not secret or self._busy:
            return
        path = self._config.vault_path
        self._set_busy(True)
        Op(lambda: Vault.open(path, secret, exclusive=True), self).success(self._on_opened).failure(
            self._on_passphrase_failed
        ).run()

    def _on_opened(self, vault: Vault) -> None:
        self._set_busy(False)
        self.reset()
        self._leave(vault)

    def _on_passphrase_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        wrong = self.tr(
            "That passphrase does not open this vault. Check the keyboard layout and "
            "Caps Lock, then try again."
        )
        if "damaged" in str(error):  # a slot file from before checksums: both possible
            wrong += " " + self.tr(
                "If the passphrase is right, the key slot file may be damaged: use the "
                "recovery key or restore from a backup."
            )
        self._say(self.message, self._refusal(error, wrong))
        self.passphrase.clear()
        self.passphrase.setFocus()

    def _refusal(self, error: BaseException, wrong: str) -> str:
        """Why the vault did not open: ``wrong`` where the secret typed was wrong."""
        if isinstance(error, KeySlotDamaged):  # first: it is a WrongPassphrase too
            return self.damaged_text()
        if isinstance(error, WrongPassphrase):
            return wrong
        return safe_message(error)

    def damaged_text(self) -> str:
        """What a damaged key slot file means, and what to do: not a wrong passphrase."""
        return self.tr(
            "The vault's key slot file is damaged, so no passphrase can open it: this is not "
            'a wrong passphrase. Try "Forgot passphrase?" with your recovery key; if that '
            "fails too, restore the vault from a backup (fieldkit restore)."
        )

    # --- page 1: the recovery key -----------------------------------------------------------

    def _recovery_page(self) -> QWidget:
        self.recovery_key = QLineEdit()
        self.recovery_key.setAccessibleName(self.tr("Recovery key"))
        self.recovery_key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.recover_button = named_button(self.tr("&Open with recovery key"))
        self.back_button = named_button(self.tr("&Back"), self.tr("Back to the passphrase"))
        page, self.recovery_message, self.recovery_busy = self._page(
            self.tr("Open with the recovery key"),
            self.tr(
                "Type the recovery key you wrote down when the vault was created. "
                "Then you will choose a new passphrase."
            ),
            _one_row(self.tr("&Recovery key:"), self.recovery_key),
            (self.tr("Recovery message"), self.tr("Opening the vault…")),
            (self.recover_button, self.back_button),
        )
        self.recover_button.clicked.connect(self._recover)
        self.back_button.clicked.connect(self.reset)
        self.recovery_key.textChanged.connect(lambda _t: self._refresh_buttons())
        return page

    def _show_recovery(self) -> None:
        self.passphrase.clear()
        self.message.hide()
        self.pages.setCurrentIndex(RECOVERY_PAGE)
        self.recovery_key.setFocus()
        self._refresh_buttons()

    def _recover(self) -> None:
        key = self.recovery_key.text()
        if not key.strip() or self._busy:
            return
        path = self._config.vault_path
        self._set_busy(True)
        Op(lambda: Vault.open_with_recovery(path, key, exclusive=True), self).success(
            self._on_recovered
        ).failure(self._on_recovery_failed).run()

    def _on_recovered(self, vault: Vault) -> None:
        self._set_busy(False)
        self.recovery_key.clear()
        self._recovered = vault
        self.pages.setCurrentIndex(NEW_PASSPHRASE_PAGE)
        self.new_form.first.setFocus()
        self._refresh_buttons()

    def _on_recovery_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        wrong = self.tr("That recovery key does not open this vault. Check each group.")
        self._say(self.recovery_message, self._refusal(error, wrong))
        self.recovery_key.setFocus()
        self.recovery_key.selectAll()

    # --- page 2: a new passphrase after recovery ---------------------------------------------

    def _new_passphrase_page(self) -> QWidget:
        self.new_form = NewPassphraseForm()
        self.set_button = named_button(self.tr("&Set passphrase and open"))
        self.cancel_new_button = named_button(self.tr("&Cancel"), self.tr("Cancel and lock again"))
        page, self.new_message, self.new_busy = self._page(
            self.tr("Choose a new passphrase"),
            self.tr(
                "The recovery key worked. Choose a new passphrase; the recovery key stays the same."
            ),
            self.new_form,
            (self.tr("New passphrase message"), self.tr("Saving the new passphrase…")),
            (self.set_button, self.cancel_new_button),
        )
        self.new_form.changed.connect(self._refresh_buttons)
        self.set_button.clicked.connect(self._set_new_passphrase)
        self.cancel_new_button.clicked.connect(self.reset)
        return page

    def _set_new_passphrase(self) -> None:
        vault = self._recovered
        if vault is None or not self.new_form.is_ready() or self._busy:
            return
        new = self.new_form.passphrase()
        self._set_busy(True)
        Op(lambda: vault.change_passphrase(new), self).success(
            lambda _none: self._on_passphrase_set()
        ).failure(self._on_set_failed).run()

    def _on_passphrase_set(self) -> None:
        self._set_busy(False)
        vault, self._recovered = self._recovered, None
        self.reset()
        if vault is not None:
            self._leave(vault)

    def _on_set_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._say(self.new_message, safe_message(error))

    # --- shared ---------------------------------------------------------------------------

    def _say(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.show()
        QTimer.singleShot(0, self.pages, self.pages.fit_window)  # room for a long message

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        page = self.pages.currentIndex()
        bar = (self.busy, self.recovery_busy, self.new_busy)[page]
        bar.setVisible(busy)
        self.passphrase.setEnabled(not busy)
        self.recovery_key.setEnabled(not busy)
        self.new_form.set_busy(busy)
        for button in (self.forgot_button, self.quit_button, self.back_button):
            button.setEnabled(not busy)
        self.cancel_new_button.setEnabled(not busy)
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        free = not self._busy
        self.unlock_button.setEnabled(free and bool(self.passphrase.text()))
        self.recover_button.setEnabled(free and bool(self.recovery_key.text().strip()))
        self.set_button.setEnabled(free and self.new_form.is_ready())

    def reset(self) -> None:
        """Back to the passphrase page with every field empty (used after locking, too)."""
        if self._recovered is not None:
            self._recovered.close()
            self._recovered = None
        for field in (self.passphrase, self.recovery_key):
            field.clear()
        self.new_form.clear()
        for label in (self.message, self.recovery_message, self.new_message):
            label.clear()
            label.hide()
        self.pages.setCurrentIndex(PASSPHRASE_PAGE)
        self.passphrase.setFocus()
        self._refresh_buttons()

    def _leave(self, vault: Vault) -> None:
        self._leaving = True
        self.hide()
        self.unlocked.emit(vault)

    def reject(self) -> None:
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
            return
        self.reset()
        event.accept()
        self.quit_requested.emit()
