"""The interview editor's anonymisation review (the role, the quotes and the sensitive form
answers watched as typed; a finding marked not identifying or replaced), where a quote was
said in a recording, and copying a quote's citation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPlainTextEdit

from fieldkit.core.anonymise.detect import Finding
from fieldkit.core.errors import FieldkitError
from fieldkit.gui.base import prompts
from fieldkit.gui.base.errors import show_error
from fieldkit.gui.kit.clip_dialog import ask_clip
from fieldkit.gui.widgets.findings import Marked, kind_label
from fieldkit.gui.widgets.quotes import QuoteEditor
from fieldkit.vault import review as review_store

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts; the context is
# the editor's, whose translations these strings always had.
translate = QCoreApplication.translate


class EditorReview:
    """Mixed into :class:`~fieldkit.gui.kit.editor.InterviewEditor` (which has the widgets)."""

    review: Any
    review_button: Any
    quotes: Any
    form_fields: Any
    attachments: Any
    copy_requested: Any
    _vault: Any
    _id: str | None

    def _watch_quote(self, editor: QuoteEditor) -> None:
        def where() -> tuple[int, str] | None:
            if editor not in self.quotes.editors:
                return None
            number = self.quotes.editors.index(editor) + 1
            return number, translate("InterviewEditor", "quote {number}").format(number=number)

        self.review.watch(editor.text, where)

    def _link_clip(self, quote: QuoteEditor) -> None:
        """Ask where in one of the interview's recordings the quote was said."""
        ask_clip(self, quote, self.attachments.items)

    def _watch_field(self, widget: QPlainTextEdit, label: str) -> None:
        """A sensitive field's answer is reviewed like a quote, after the quotes."""

        def where() -> tuple[int, str] | None:
            if not widget.isVisibleTo(self.form_fields) or self.form_fields.form is None:
                return None  # hidden by skip logic, or the form's widgets are put away
            return 100_000, label

        self.review.watch(widget, where)

    def _show_review(self) -> None:
        count = len(self.review.pending())
        self.review_button.setVisible(count > 0)
        text = translate("InterviewEditor", "Details to review: {n}").format(n=count)
        self.review_button.setText(text)
        self.review_button.setAccessibleName(text)

    def _dismiss(self, finding: Finding) -> None:
        if self._vault is None or self._id is None:
            return
        try:
            key = review_store.dismiss(self._vault, self._id, finding.kind, finding.text)
        except FieldkitError as error:
            show_error(self, error, translate("InterviewEditor", "Not remembered"))
            return
        self.review.add_dismissed(key)

    def _replace_with_custom(self, marked: Marked, finding: Finding) -> None:
        words = prompts.ask_text(
            self,
            translate("InterviewEditor", "Replace {kind}").format(kind=kind_label(finding.kind)),
            translate("InterviewEditor", "Replace “{text}” with:").format(text=finding.text),
        )
        if words is not None and words.strip():
            self.review.replace(marked, finding, words.strip())

    def _copy_citation(self, index: int) -> None:
        cited = self.quotes.citation_of(index)
        if cited:
            self.copy_requested.emit(cited)
