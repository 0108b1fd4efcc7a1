"""The interview editor: every field of one record, checked as it is typed, saved as a draft."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from fieldkit.core import draft
from fieldkit.core.citation import citation
from fieldkit.core.errors import FieldkitError, FieldProblem, Purged, StaleSave
from fieldkit.core.record import Interview, Status, new_id
from fieldkit.core.script import text_language
from fieldkit.gui.base import prompts
from fieldkit.gui.base.changes import Changes
from fieldkit.gui.base.errors import show_error
from fieldkit.gui.base.i18n import field_key, problem_text, status_label
from fieldkit.gui.kit.editor_form import build_form
from fieldkit.gui.kit.editor_review import EditorReview
from fieldkit.gui.kit.form_fields import form_messages
from fieldkit.gui.kit.kit_forms import KitForms
from fieldkit.gui.kit.read_only import show_read_only
from fieldkit.gui.widgets.fields import show_problem, ui_language
from fieldkit.vault import records, search
from fieldkit.vault import review as review_store
from fieldkit.vault.store import Vault

# How long typing must pause before the fields are checked again.
CHECK_DELAY_MS = 120
#: At most this many things are named in "Still needed to mark as ready".
MISSING_NAMED = 6


class InterviewEditor(EditorReview, QWidget):
    """Edits one interview. :attr:`saved` carries each stored version."""

    saved = Signal(object)
    copy_requested = Signal(str)

    def __init__(self, autosave_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault: Vault | None = None
        self._organisation = ""
        self._id: str | None = None
        self._status = Status.DRAFT
        self._dirty = False
        self._loading = False
        self._checked: draft.Checked | None = None
        self._last_saved: datetime | None = None
        self._revision: int | None = None  # the stored revision the fields started from
        self._shown: dict[str, Any] | None = None  # the fields as loaded or last saved
        self._forms = KitForms()

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(autosave_ms)
        self._autosave.timeout.connect(self.save_now)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.revalidate)

        build_form(self)
        self.attachments.before_adding = self._stored_id
        self._wire()
        self._show_empty(True)

    def _wire(self) -> None:
        self.date.changed.connect(self._edited)
        for edit in (self.place, self.role, self.organisation, self.language, self.interviewer):
            edit.textChanged.connect(self._edited)
        self.tags.textChanged.connect(self._edited)
        self.country.currentIndexChanged.connect(self._edited)
        self.consent_kind.currentIndexChanged.connect(self._edited)
        self.quote_anonymously.toggled.connect(self._edited)
        self.share_with_partners.toggled.connect(self._edited)
        self.quotes.changed.connect(self._edited)
        self.notes.textChanged.connect(self._edited)
        self.form_fields.changed.connect(self._edited)
        self.quotes.copy_requested.connect(self._copy_citation)
        self.quotes.added.connect(self._watch_quote)
        self.form_fields.sensitive_made.connect(self._watch_field)
        self.quotes.link_requested.connect(self._link_clip)
        self.quotes.play_requested.connect(self.attachments.play_clip)
        self.ready_button.clicked.connect(self.mark_ready)
        self.review.changed.connect(self._show_review)
        self.review.dismiss_requested.connect(self._dismiss)
        self.review.custom_requested.connect(self._replace_with_custom)
        self.review_menu.aboutToShow.connect(lambda: self.review.fill_menu(self.review_menu))

    # --- the vault --------------------------------------------------------------------------

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault
        self._forms.set_vault(vault)
        self.attachments.set_vault(vault)
        if vault is None:
            self.clear()
            return
        self._organisation = records.organisation(vault)
        self.refresh_completions()

    def refresh_completions(self) -> None:
        if self._vault is None:
            return
        self.place_model.setStringList(search.known_places(self._vault))
        tags = search.known_tags(self._vault)
        self.tags.set_known(tags)
        self.quotes.set_known_tags(tags)

    @property
    def current_id(self) -> str | None:
        return self._id

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    @property
    def status(self) -> Status:
        return self._status

    def show_changes(self, changes: Changes) -> None:
        """Show the open interview as the vault now has it, keeping typing that can be saved.

        Typing into an interview another process purged cannot be saved: the purged version
        replaces it (read only), so the autosave does not fail again and again.
        """
        vault, current = self._vault, self._id
        if not changes.interviews or vault is None or current is None:
            return
        if self._dirty and not records.is_purged(vault, current):
            return
        try:
            stored = records.get(vault, current)
        except FieldkitError:
            if self._last_saved is not None:  # deleted; a new interview is not stored yet
                self.clear()
                self.set_vault(vault)
            return
        self.load(stored)

    # --- opening ----------------------------------------------------------------------------

    def _show_empty(self, empty: bool) -> None:
        self.empty.setVisible(empty)
        self.scroll_area.setVisible(not empty)
        self.ready_button.setVisible(not empty)
        self.state.setVisible(not empty)
        self.missing.setVisible(not empty)

    def new_interview(self) -> None:
        """An empty interview (saved only once something is typed), filled with the form
        the person picks when several are loaded."""
        go_on, form = self._forms.for_new(self)
        if go_on:
            self._fill(None, form)
            self.date.setFocus()

    def load(self, interview: Interview) -> None:
        self._fill(interview)

    def _fill(self, interview: Interview | None, new_form: Any = None) -> None:
        self._autosave.stop()
        self._loading = True
        try:
            self._id = interview.id if interview else new_id()
            self._status = interview.status if interview else Status.DRAFT
            self._last_saved = interview.updated_at if interview else None
            self._revision = interview.revision if interview else None
            self.date.set_value(interview.interview_date if interview else None)
            self.place.setText(interview.place if interview else "")
            self.country.set_code(interview.country if interview else None)
            self.role.setText(interview.role if interview else "")
            self.organisation.setText(interview.organisation if interview else self._organisation)
            self.language.setText((interview.language or "") if interview else "")
            self.interviewer.setText((interview.interviewer or "") if interview else "")
            consent = interview.consent if interview else None
            kind = consent.kind.value if consent and consent.kind else None
            self.consent_kind.setCurrentIndex(max(self.consent_kind.findData(kind), 0))
            self.quote_anonymously.setChecked(bool(consent and consent.quote_anonymously))
            self.share_with_partners.setChecked(bool(consent and consent.share_with_partners))
            self.tags.setText(", ".join(interview.tags) if interview else "")
            self.notes.setPlainText(interview.notes if interview else "")
            self.review.reset()
            if interview is not None and self._vault is not None and self._vault.is_open:
                self.review.set_dismissed(review_store.dismissed(self._vault, interview.id))
            quotes = [(q.text, q.tags, q.clip) for q in interview.quotes] if interview else []
            self.quotes.set_quotes(quotes or [("", ())])
            self.form_fields.show_interview(interview, new_form, self._forms, ui_language())
            self.form_fields.link_tabs(self.quotes, self.tags, self.notes)
        finally:
            self._loading = False
        self._dirty = False
        self._shown = self.form_raw()
        self._show_empty(False)
        self.revalidate()
        purged = (
            interview is not None
            and self._vault is not None
            and self._vault.is_open
            and records.is_purged(self._vault, interview.id)
        )
        form = self.scroll_area.widget()
        if form is not None:
            show_read_only(form, self.quotes, purged)
        self.read_only_banner.setVisible(purged)
        self.attachments.show_interview(self._id, read_only=purged)
        if purged:
            self.ready_button.setEnabled(False)
            self.state.setText(
                self.tr(
                    "Confirmed by HQ and removed from this computer: it can be read, not edited."
                )
            )
        self.scroll_area.verticalScrollBar().setValue(0)

    def clear(self) -> None:
        """Forget the record: every field emptied, undo histories included (for locking)."""
        self._autosave.stop()
        self._check_timer.stop()
        self._loading = True
        try:
            for edit in (
                self.place,
                self.role,
                self.organisation,
                self.language,
                self.interviewer,
                self.tags,
            ):
                edit.setText("")  # setText, unlike clear(), also empties the undo history
            self.notes.setPlainText("")
            self.date.set_value(None)
            self.country.set_code(None)
            self.consent_kind.setCurrentIndex(0)
            self.quote_anonymously.setChecked(False)
            self.share_with_partners.setChecked(False)
            self.quotes.clear()
            self.form_fields.clear()
            self.review.reset()
            self.place_model.setStringList([])
            self.tags.set_known([])
            self.quotes.set_known_tags([])
            for label in self.problems.values():
                label.clear()
            self.state.clear()
            self.missing.clear()
        finally:
            self._loading = False
        self._id = None
        self._revision = None
        self._dirty = False
        self._shown = None
        self._checked = None
        self._organisation = ""
        self.read_only_banner.hide()
        self.attachments.show_interview(None)
        self._show_empty(True)

    # --- checking ---------------------------------------------------------------------------

    def form_raw(self) -> dict[str, Any]:
        """The fields as loose input for :func:`fieldkit.core.record.validate`."""
        form = self.form_fields.form
        answers = {"form": form.ref, "fields": self.form_fields.answers()} if form else {}
        return answers | {
            "id": self._id,
            "interview_date": self.date.raw(),
            "place": self.place.text(),
            "country": self.country.code(),
            "role": self.role.text(),
            "organisation": self.organisation.text(),
            "language": self.language.text(),
            "interviewer": self.interviewer.text(),
            "consent": {
                "kind": self.consent_kind.currentData(),
                "quote_anonymously": self.quote_anonymously.isChecked(),
                "share_with_partners": self.share_with_partners.isChecked(),
            },
            "tags": self.tags.text(),
            "notes": self.notes.toPlainText(),
            "quotes": self.quotes.values(),
        }

    def _edited(self, *_args: object) -> None:
        if self._loading or self._id is None:
            return
        if not self._dirty and self.form_raw() == self._shown:
            return  # a signal that changed nothing (the review's highlighting a quote)
        self._dirty = True
        self._autosave.start()
        self._check_timer.start()
        self.state.setText(self.tr("Editing…"))

    def revalidate(self) -> None:
        """Check the fields now and show each problem beside its field."""
        self._check_timer.stop()
        if self._id is None:
            return
        checked = self._check(self.form_raw(), self._status)
        self._checked = checked
        self._show_problems(checked.problems)
        self.form_fields.show_problems(form_messages(checked.problems, checked.missing_for_ready))
        shown = checked.interview or self._salvage(self.form_raw())
        # The core prints a citation for any record; before the role is known it would
        # start with a bare full stop, so say what is missing instead.
        if shown and shown.role:
            cited = shown
            self.quotes.set_citation(
                lambda text: citation(cited, text_language(text, cited.language))
            )
        else:
            self.quotes.set_citation(None)
        ready = checked.interview is not None and not checked.missing_for_ready
        self.ready_button.setEnabled(ready and self._status is Status.DRAFT)
        if self._status is Status.READY:
            self.ready_button.setText(self.tr("Marked as ready"))
        elif self._status is not Status.DRAFT:
            self.ready_button.setText(status_label(self._status))
        else:
            self.ready_button.setText(self.tr("&Mark as ready"))
        if checked.problems:
            self.missing.setText(self.tr("Fix the fields marked in red to save."))
        elif checked.missing_for_ready and self._status is Status.DRAFT:
            self.missing.setText(
                self.tr("Still needed to mark as ready: {list}").format(
                    list=", ".join(self._missing_names(checked.missing_for_ready))
                )
            )
        else:
            self.missing.setText("")
        if not self._dirty:
            self._show_saved_state()

    def _check(self, raw: dict[str, Any], status: Status) -> draft.Checked:
        form = self.form_fields.form
        return draft.check(raw, status, self._organisation, form=form, language=ui_language())

    def _salvage(self, raw: dict[str, Any]) -> Interview | None:
        return draft.salvage(raw, self._status, self._organisation, form=self.form_fields.form)

    def _missing_names(self, problems: list[FieldProblem]) -> list[str]:
        names = {
            "interview_date": self.tr("the date"),
            "place": self.tr("the place"),
            "role": self.tr("the role"),
            "quotes": self.tr("a quote"),
        }
        label = self.form_fields.label_of  # a form's field: "fields.NAME"
        named = [names.get(p.field) or label(p.field.removeprefix("fields.")) for p in problems]
        named = list(dict.fromkeys(named))  # a field both unanswered and refused: once
        if len(named) > MISSING_NAMED:  # the footer keeps two lines: a long form's list is cut
            more = self.tr("{n} more").format(n=len(named) - MISSING_NAMED + 1)
            named = [*named[: MISSING_NAMED - 1], more]
        return named

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        by_field: dict[str, list[str]] = {}
        quote_problems: dict[int, tuple[list[str], list[str]]] = {}
        for problem in problems:
            key, index = field_key(problem.field)
            if index is not None:
                texts = quote_problems.setdefault(index, ([], []))
                texts[1 if key == "quote_tags" else 0].append(problem_text(problem))
                continue
            by_field.setdefault(key, []).append(problem_text(problem))
        # A date that does not read as one is already said in words under the field (with
        # the date it may have meant); the record check's message would say it again.
        read = self.date.read()
        if read is not None and read.problem is not None:
            by_field.pop("interview_date", None)
        for key, label in self.problems.items():
            if key == "country":
                continue
            messages = by_field.get(key, [])
            if key == "place":
                messages = messages + by_field.get("country", [])
            show_problem(label, " ".join(messages))
        for index, editor in enumerate(self.quotes.editors):
            text, tags = quote_problems.get(index, ([], []))
            editor.show_problems(" ".join(text), " ".join(tags))

    # --- saving -----------------------------------------------------------------------------

    def _stored_id(self) -> str | None:
        """The interview's id once it is in the vault (saved now if it was edited)."""
        if self._id is None or not self.save_now() or self._last_saved is None:
            return None
        return self._id

    def save_now(self, force: bool = False, *, quiet: bool = False) -> bool:
        """Save a draft if anything changed. ``force`` (lock, quit) saves what can be saved;
        ``quiet`` (the quick exit) shows no dialog, whatever happens."""
        self._autosave.stop()
        if not self._dirty or self._vault is None or self._id is None:
            return True
        raw = self.form_raw()
        checked = self._check(raw, self._status)
        interview = checked.interview
        if interview is None:
            self.revalidate()
            if not force:
                # What to fix is the line below's ("Fix the fields marked in red to save."):
                # this one says only what happened, so the footer says it once.
                self.state.setText(self.tr("Not saved yet."))
                return False
            interview = self._salvage(raw)
            if interview is None:
                return False
        return self._store(interview, quiet=quiet)

    def _store(self, interview: Interview, *, quiet: bool = False) -> bool:
        assert self._vault is not None
        try:
            stored = records.save(self._vault, interview, base_revision=self._revision)
        except StaleSave as error:
            if not quiet:  # the vault kept the copy already
                self._show_conflict(error)
            return True
        except FieldkitError as error:
            if not quiet:
                self._show_failure(error)
            return False
        self._dirty = False
        self._shown = self.form_raw()
        self._status = stored.status
        self._last_saved = stored.updated_at
        self._revision = stored.revision
        self._show_saved_state()
        self.saved.emit(stored)
        return True

    def _show_failure(self, error: FieldkitError) -> None:
        if isinstance(error, Purged):  # purged by another process since it was opened
            show_error(self, error, self.tr("Saving failed"))
            self.show_changes(Changes(interviews=True))
            return
        self.state.setText(self.tr("Not saved."))
        show_error(self, error, self.tr("Saving failed"))

    def _show_conflict(self, error: StaleSave) -> None:
        """Say that both versions were kept, then show the kept copy of these edits."""
        assert self._vault is not None
        prompts.warning(
            self,
            self.tr("Changed elsewhere"),
            self.tr(
                "This interview was changed elsewhere after you opened it, so your edits "
                "were not saved over it. Both versions are kept: the other one as it was "
                "saved, and your edits as a new draft tagged “conflicting copy”, shown now. "
                "Compare the two and delete the one you do not need."
            ),
        )
        try:
            copy = records.get(self._vault, error.copy_id)
        except FieldkitError as failure:
            show_error(self, failure, self.tr("Saving failed"))
            return
        self.load(copy)
        self.saved.emit(copy)

    def _show_saved_state(self) -> None:
        if self._last_saved is None:
            self.state.setText(self.tr("New interview — saved as a draft once you type."))
            return
        when = self._last_saved.astimezone().strftime("%H:%M")
        self.state.setText(
            self.tr("{status}, saved at {time}.").format(
                status=status_label(self._status), time=when
            )
        )

    def mark_ready(self) -> None:
        if self._id is None or self._vault is None:
            return
        checked = self._check(self.form_raw(), Status.READY)
        if checked.interview is None or checked.missing_for_ready:
            self.revalidate()
            return
        self._status = Status.READY
        self._store(checked.interview.with_status(Status.READY))
        self.revalidate()
