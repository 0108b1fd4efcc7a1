"""Choosing a new passphrase: typed twice, with zxcvbn's verdict shown as it is typed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from fieldkit.core.passphrase import strength
from fieldkit.gui.base.common import reserve_lines
from fieldkit.gui.session.passphrase_advice import advice_text

# zxcvbn's verdict is at most "too easy", a warning and three suggestions: the advice keeps
# the room of that many lines, so the buttons below never move while a passphrase is typed.
ADVICE_LINES = 5


class NewPassphraseForm(QWidget):
    """Two password fields, a strength meter and advice; :attr:`changed` on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(self.tr("New passphrase"))
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName(self.tr("Repeat the passphrase"))
        self.show_box = QCheckBox(self.tr("Show what I type"))
        self.show_box.setAccessibleName(self.tr("Show the passphrase"))

        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(True)
        self.meter.setAccessibleName(self.tr("Passphrase strength"))
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName(self.tr("Advice on the passphrase"))
        self.advice.setTextFormat(Qt.TextFormat.PlainText)
        reserve_lines(self.advice, ADVICE_LINES)
        self.match = QLabel()
        self.match.setAccessibleName(self.tr("Whether the two passphrases match"))
        reserve_lines(self.match, 1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        first_label = QLabel(self.tr("&Passphrase:"))
        first_label.setBuddy(self.first)
        second_label = QLabel(self.tr("&Repeat it:"))
        second_label.setBuddy(self.second)
        form.addRow(first_label, self.first)
        form.addRow(second_label, self.second)
        form.addRow("", self.show_box)
        form.addRow(self.tr("Strength:"), self.meter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.advice)
        layout.addWidget(self.match)

        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self.show_box.toggled.connect(self._show_text)
        self.setTabOrder(self.first, self.second)
        self.setTabOrder(self.second, self.show_box)
        self._acceptable = False
        self._update()

    def _show_text(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def _update(self) -> None:
        text = self.first.text()
        verdict = strength(text)
        self._acceptable = verdict.acceptable
        words = [
            self.tr("Very weak"),
            self.tr("Weak"),
            self.tr("Fair"),
            self.tr("Strong"),
            self.tr("Very strong"),
        ]
        self.meter.setValue(verdict.score if text else 0)
        self.meter.setFormat(words[verdict.score] if text else self.tr("Not chosen yet"))
        lines = []
        if text and not verdict.acceptable:
            lines.append(self.tr("Too easy to guess."))
        if text and verdict.warning:
            lines.append(advice_text(verdict.warning))
        if text:
            lines.extend(advice_text(suggestion) for suggestion in verdict.suggestions)
        if not text:
            lines.append(
                self.tr("Choose several unrelated words you can remember; at least 10 characters.")
            )
        elif verdict.acceptable:
            lines = [self.tr("Good: this passphrase is hard to guess.")]
        self.advice.setText("\n".join(lines))
        second = self.second.text()
        if not second:
            self.match.setText("")
        elif second == text:
            self.match.setText(self.tr("The two passphrases match."))
        else:
            self.match.setText(self.tr("The two passphrases do not match yet."))
        self.changed.emit()

    def passphrase(self) -> str:
        return self.first.text()

    def is_ready(self) -> bool:
        """Strong enough and typed the same twice."""
        return self._acceptable and self.first.text() == self.second.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def set_busy(self, busy: bool) -> None:
        for widget in (self.first, self.second, self.show_box):
            widget.setEnabled(not busy)
