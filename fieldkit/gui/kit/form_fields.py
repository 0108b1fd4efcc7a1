"""The editor's form section: the fields of the interview's form (HQ's questions), typed with
the keyboard, shown and hidden by the form's skip logic as answers change.

What is shown and what is kept is decided by :func:`fieldkit.core.forms.answers.view`; the
checks are the core's too (the editor's draft check). This module only makes the widgets,
reads what they hold and says the problems it is given.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.core.errors import FieldProblem, FormMissing
from fieldkit.core.forms.answers import PREFIX, Answer, view
from fieldkit.core.forms.model import Field, FieldType, Form, text_in
from fieldkit.core.record import Interview
from fieldkit.gui.base.common import reserve_lines
from fieldkit.gui.base.i18n import date_input_format, problem_text
from fieldkit.gui.kit.kit_forms import KitForms, starting_answers
from fieldkit.gui.widgets.date_entry import date_examples, in_words, numeric_order, read_date
from fieldkit.gui.widgets.fields import GrowingTextEdit, problem_label, show_problem
from fieldkit.gui.widgets.quotes import QuoteList

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

#: What a whole number and a decimal may hold while typed (the core reads them).
_INTEGER = QRegularExpression(r"[+-]?\d{0,16}")
_DECIMAL = QRegularExpression(r"[+-]?\d{0,30}(?:[.,]\d{0,30})?")


def _plain(text: str) -> QLabel:
    """A label for a form's text: never read as rich text (the form's words are HQ's)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


@dataclass
class _Row:
    """One field's widgets: what is typed into (``inputs``, in Tab order) and its lines."""

    field: Field
    label: QLabel
    cell: QWidget
    inputs: list[QWidget]
    problem: QLabel | None
    echo: QLabel | None = None
    boxes: dict[str, QCheckBox] = field(default_factory=dict)


class FormFields(QGroupBox):
    """The fields of one form, or the answers of a form version this kit does not hold.

    :attr:`changed` is emitted on every edit (after skip logic has shown or hidden fields).
    """

    changed = Signal()
    #: A text input made for a field the form marks sensitive (the widget, its label): the
    #: editor's anonymisation review watches it like a quote.
    sensitive_made = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formFields")
        self._form: Form | None = None
        self._language = "en"
        self._rows: dict[str, _Row] = {}
        self._headings: dict[str, QLabel] = {}
        self._loading = False
        self.caption = _plain("")
        self.caption.setObjectName("formCaption")
        self.caption.setAccessibleName(self.tr("Which form"))
        self.caption.setEnabled(False)
        self._body: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.caption)
        self.hide()

    # --- which form ---------------------------------------------------------------------

    @property
    def form(self) -> Form | None:
        """The form the answers are typed into (None: no form, or one not on this kit)."""
        return self._form

    def show_form(self, form: Form | None, answers: Mapping[str, Answer], language: str) -> None:
        """Show ``form``'s fields holding ``answers`` (texts in ``language``); None hides
        the section. The widgets of the form shown last are kept for the next interview
        filled with it (making them takes ~30 ms for 60 fields; filling them, nothing)."""
        shown = self._form
        # A published version never changes: the same id and version are the same form.
        if form and shown and self._rows and (form.ref, language) == (shown.ref, self._language):
            self.set_answers(answers)
            return
        self._form, self._language = form, language
        self._rebuild()
        if form is None:
            self.hide()
            return
        self.setTitle(self.tr("Form: {title}").format(title=form.title))
        self.caption.setText(
            self.tr(
                "{title}, version {version}. Fields marked * are needed to mark as ready."
            ).format(title=form.title, version=form.version)
        )
        body = self._new_body()
        grid = QFormLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        grid.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for item in form.fields:
            if item.section is not None and item.section not in self._headings:
                section = form.section(item.section)
                heading = _plain(
                    text_in(section.labels, language, form.default_language)
                    if section
                    else item.section
                )
                bold = heading.font()
                bold.setBold(True)
                heading.setFont(bold)
                self._headings[item.section] = heading
                grid.addRow(heading)
            row = self._make_row(item)
            self._rows[item.name] = row
            grid.addRow(row.label, row.cell)
        self.set_answers(answers)
        body.show()
        self.show()

    def show_interview(
        self,
        interview: Interview | None,
        new_form: Form | None,
        kit_forms: KitForms,
        language: str,
    ) -> None:
        """``interview``'s form with its answers (a new interview: ``new_form`` with its
        defaults); a version not on this kit shows its answers read only."""
        if interview is None:
            self.show_form(new_form, starting_answers(new_form), language)
            return
        try:
            form = kit_forms.of(interview)
        except FormMissing:
            self.show_unloaded(f"{interview.form}@{interview.form_version}", interview.answers)
        else:
            self.show_form(form, dict(interview.answers), language)

    def link_tabs(self, quotes: QuoteList, before: QWidget, after: QWidget) -> None:
        """Tab goes from ``before`` through the quotes and this form's fields to ``after``."""
        chain = self.tab_chain()
        quotes.set_tab_neighbours(before, chain[0] if chain else after)
        for first, second in itertools.pairwise([*chain, after]):
            QWidget.setTabOrder(first, second)

    def show_unloaded(self, ref: str, answers: tuple[tuple[str, Answer], ...]) -> None:
        """The answers of a form version not on this kit: by field name, read only (the
        save keeps them as they are stored)."""
        self._form = None
        self._rebuild()
        self.setTitle(self.tr("Form: {ref}").format(ref=ref))
        self.caption.setText(
            self.tr(
                "This interview was filled with {ref}, a form version that is not on this "
                "computer, so its answers are shown by field name and cannot be edited here. "
                "They are kept as they are."
            ).format(ref=ref)
        )
        body = self._new_body()
        grid = QFormLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        for name, value in answers:
            text = " ".join(value) if isinstance(value, tuple) else str(value)
            answer = _plain(text)
            answer.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByKeyboard
                | Qt.TextInteractionFlag.TextSelectableByMouse
            )
            answer.setAccessibleName(name)
            grid.addRow(_plain(name + ":"), answer)
        body.show()
        self.show()

    def _rebuild(self) -> None:
        self._rows, self._headings = {}, {}
        if self._body is not None:
            for label in self._body.findChildren(QLabel):  # answers shown read only
                label.clear()
            self._body.hide()
            self._body.deleteLater()
            self._body = None

    def _new_body(self) -> QWidget:
        self._body = QWidget()
        self._layout.addWidget(self._body)
        return self._body

    # --- the widgets ----------------------------------------------------------------------

    def _text(self, labels: Mapping[str, str] | None) -> str:
        assert self._form is not None
        return text_in(labels, self._language, self._form.default_language)

    def _make_row(self, item: Field) -> _Row:
        name = self._text(item.labels) or item.name
        label = _plain(name + (" *" if item.required else ""))
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        row = _Row(item, label, cell, [], None)
        if item.type is FieldType.NOTE:
            label.setText("")
            note = _plain(name)
            box.addWidget(note)
        else:
            for widget in self._inputs(item, row):
                widget.setAccessibleName(name)
                box.addWidget(widget)
        hint = self._text(item.hints)
        if hint:
            hint_label = _plain(hint)
            hint_label.setObjectName("formHint")
            hint_label.setEnabled(False)  # greyed, as the editor's other guidance
            box.addWidget(hint_label)
            if row.inputs:
                row.inputs[0].setAccessibleDescription(hint)
        if item.type is FieldType.DATE:
            row.echo = _plain("")
            row.echo.setObjectName("formDateEcho")
            reserve_lines(row.echo, 1)  # the date in words comes and goes as it is typed
            box.addWidget(row.echo)
        if item.type is not FieldType.NOTE:
            # A field whose check can fail while typing keeps its problem's line, so the
            # fields below do not move when the message comes and goes.
            typed = item.type in (FieldType.INTEGER, FieldType.DECIMAL, FieldType.DATE)
            row.problem = problem_label(reserved=typed or item.constraint is not None)
            box.addWidget(row.problem)
        if row.inputs:
            cell.setFocusProxy(row.inputs[0])
            if item.sensitive and item.type is FieldType.TEXT:
                self.sensitive_made.emit(row.inputs[0], name)
        return row

    def _inputs(self, item: Field, row: _Row) -> list[QWidget]:
        kind = item.type
        if kind is FieldType.SELECT_ONE:
            combo = QComboBox()
            combo.addItem("—", None)  # no answer: the first item, and Home reaches it
            for choice in item.choices:
                combo.addItem(self._text(choice.labels) or choice.name, choice.name)
            combo.currentIndexChanged.connect(self._edited)
            row.inputs = [combo]
            return [combo]
        if kind is FieldType.SELECT_MULTIPLE:
            for choice in item.choices:
                # A button's text takes "&" as its shortcut's mark: a form's "&" is a letter.
                check = QCheckBox((self._text(choice.labels) or choice.name).replace("&", "&&"))
                check.toggled.connect(self._edited)
                row.boxes[choice.name] = check
            row.inputs = list(row.boxes.values())
            return list(row.inputs)
        if kind is FieldType.TEXT:
            text = GrowingTextEdit(min_lines=2, max_lines=8)
            text.setTabChangesFocus(True)
            text.textChanged.connect(self._edited)
            row.inputs = [text]
            return [text]
        line = QLineEdit()
        if kind is FieldType.INTEGER:
            line.setValidator(QRegularExpressionValidator(_INTEGER, line))
        elif kind is FieldType.DECIMAL:
            line.setValidator(QRegularExpressionValidator(_DECIMAL, line))
        else:
            line.setMaxLength(40)
            line.setPlaceholderText(self.tr("e.g. {iso} or {local}").format(**date_examples()))
        line.textChanged.connect(self._edited)
        row.inputs = [line]
        return [line]

    # --- answers --------------------------------------------------------------------------

    def set_answers(self, answers: Mapping[str, Answer]) -> None:
        """Put ``answers`` into the fields (no :attr:`changed`), then apply skip logic."""
        self._loading = True
        try:
            for name, row in self._rows.items():
                value = answers.get(name)
                widget = row.inputs[0] if row.inputs else None
                if isinstance(widget, QComboBox):
                    widget.setCurrentIndex(max(widget.findData(value), 0))
                elif row.boxes:
                    # Stored: a tuple of names; a form's default: names separated by spaces.
                    chosen = set(value.split() if isinstance(value, str) else value or ())
                    for choice, check in row.boxes.items():
                        check.setChecked(choice in chosen)
                elif isinstance(widget, GrowingTextEdit):
                    widget.setPlainText("" if value is None else str(value))
                elif isinstance(widget, QLineEdit):
                    widget.setText("" if value is None else str(value))
        finally:
            self._loading = False
        self.refresh()

    def typed(self) -> dict[str, Any]:
        """Every field's answer as typed (hidden ones too): text, a choice's name, or a
        tuple of choice names."""
        out: dict[str, Any] = {}
        for name, row in self._rows.items():
            widget = row.inputs[0] if row.inputs else None
            if isinstance(widget, QComboBox):
                out[name] = widget.currentData()
            elif row.boxes:
                out[name] = tuple(c for c, check in row.boxes.items() if check.isChecked())
            elif isinstance(widget, GrowingTextEdit):
                out[name] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                out[name] = self._line_value(row.field, widget.text())
        return out

    def _line_value(self, item: Field, text: str) -> str:
        if item.type is FieldType.DECIMAL:
            return text.replace(",", ".")  # a decimal comma, as Russian writes it
        if item.type is FieldType.DATE:
            read = read_date(text, numeric_order(date_input_format()))
            if read is not None and read.value is not None:
                return read.value.isoformat()
        return text

    def answers(self) -> dict[str, Any] | None:
        """The answers to check and save (those of shown fields); None without a form."""
        if self._form is None:
            return None
        return view(self._form, self.typed()).answers

    def _edited(self, *_args: object) -> None:
        if self._loading:
            return
        self.refresh()
        self.changed.emit()

    def refresh(self) -> None:
        """Show the fields and headings skip logic shows for what is typed now."""
        if self._form is None:
            return
        shown = view(self._form, self.typed())
        for name, row in self._rows.items():
            visible = name in shown.fields  # setVisible returns at once when unchanged
            row.label.setVisible(visible)
            row.cell.setVisible(visible)
            if row.echo is not None:
                row.echo.setText(self._echo(row))
        for section, heading in self._headings.items():
            heading.setVisible(section in shown.sections)

    def _echo(self, row: _Row) -> str:
        widget = row.inputs[0]
        assert isinstance(widget, QLineEdit)
        read = read_date(widget.text(), numeric_order(date_input_format()))
        return in_words(read.value) if read is not None and read.value is not None else ""

    # --- what the editor asks ---------------------------------------------------------------

    def show_problems(self, messages: Mapping[str, str]) -> None:
        """Say each field's problem (by field name) under it; the others are cleared."""
        for name, row in self._rows.items():
            if row.problem is not None:
                show_problem(row.problem, messages.get(name, ""))

    def problem_of(self, name: str) -> str:
        row = self._rows.get(name)
        return row.problem.text() if row is not None and row.problem is not None else ""

    def label_of(self, name: str) -> str:
        """A field's label as shown (its name when it has none)."""
        row = self._rows.get(name)
        return (self._text(row.field.labels) or name) if row is not None else name

    def input_of(self, name: str) -> QWidget | None:
        """The first widget typed into for a field (a check box for a select_multiple)."""
        row = self._rows.get(name)
        return row.inputs[0] if row is not None and row.inputs else None

    def tab_chain(self) -> list[QWidget]:
        """Every widget typed into, in the form's order (hidden ones are skipped by Tab)."""
        return [widget for row in self._rows.values() for widget in row.inputs]

    def clear(self) -> None:
        """Forget the answers (emptied first, undo histories too: for locking) and the form."""
        self.set_answers({})
        self._form = None
        self._rebuild()
        self.hide()


def form_messages(problems: list[FieldProblem], for_ready: list[FieldProblem]) -> dict[str, str]:
    """What to say under each form field: why its answer cannot be saved (``problems``),
    and a constraint it does not meet (from ``for_ready``: a draft keeps such an answer).
    A required field unanswered is named in the footer's list, as the built-in ones are."""
    out: dict[str, list[str]] = {}
    for problem in problems + [p for p in for_ready if p.code == "constraint"]:
        if problem.field.startswith(PREFIX):
            # A constraint's message is the form's own, already in the interface's language.
            text = problem.message if problem.code == "constraint" else problem_text(problem)
            out.setdefault(problem.field.removeprefix(PREFIX), []).append(text)
    return {name: " ".join(texts) for name, texts in out.items()}
