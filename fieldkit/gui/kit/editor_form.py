"""The editor's form: every field's widget, its label and row, the footer, the tab order.

Built onto an :class:`~fieldkit.gui.kit.editor.InterviewEditor` (which holds the behaviour);
its strings keep the editor's translation context.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldkit.core.record import MAX_ROLE, MAX_SHORT, ConsentKind
from fieldkit.gui.base.common import limited_line, reserve_lines, set_buddy
from fieldkit.gui.base.i18n import consent_label
from fieldkit.gui.kit.attachments_panel import AttachmentsPanel
from fieldkit.gui.kit.form_fields import FormFields
from fieldkit.gui.kit.read_only import ReadOnlyBanner
from fieldkit.gui.widgets.date_entry import DateField
from fieldkit.gui.widgets.fields import (
    CountryCombo,
    GrowingTextEdit,
    TagsEdit,
    problem_label,
    with_problem,
)
from fieldkit.gui.widgets.findings import Review
from fieldkit.gui.widgets.quotes import QuoteList

if TYPE_CHECKING:
    from fieldkit.gui.kit.editor import InterviewEditor

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate


def build_form(editor: InterviewEditor) -> None:
    """Make the editor's fields, their rows and labels, the footer and the tab order."""
    editor.date = DateField()
    editor.place = limited_line(
        translate("InterviewEditor", "Place"),
        MAX_SHORT,
        translate("InterviewEditor", "Town or village"),
    )
    editor.place_model = QStringListModel(editor)
    place_completer = QCompleter(editor.place_model, editor.place)
    place_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    place_completer.setFilterMode(Qt.MatchFlag.MatchContains)
    editor.place.setCompleter(place_completer)
    editor.country = CountryCombo()
    editor.role = limited_line(
        translate("InterviewEditor", "Role"),
        MAX_ROLE,
        translate("InterviewEditor", "e.g. Dungan woman, resident of Masanchi"),
    )
    editor.organisation = limited_line(translate("InterviewEditor", "Organisation"), MAX_SHORT)
    editor.language = limited_line(
        translate("InterviewEditor", "Language"),
        35,
        translate("InterviewEditor", "e.g. en, ru, kk"),
    )
    editor.interviewer = limited_line(translate("InterviewEditor", "Interviewer code"), MAX_SHORT)
    editor.consent_kind = QComboBox()
    editor.consent_kind.setAccessibleName(translate("InterviewEditor", "How consent was given"))
    for kind in (None, *ConsentKind):
        editor.consent_kind.addItem(consent_label(kind), kind.value if kind else None)
    editor.quote_anonymously = QCheckBox(translate("InterviewEditor", "May be quoted anonymously"))
    editor.quote_anonymously.setAccessibleName(
        translate("InterviewEditor", "May be quoted anonymously")
    )
    editor.share_with_partners = QCheckBox(
        translate("InterviewEditor", "May be shared with partners")
    )
    editor.share_with_partners.setAccessibleName(
        translate("InterviewEditor", "May be shared with partners")
    )
    editor.tags = TagsEdit()
    editor.tags.setAccessibleName(translate("InterviewEditor", "Tags"))
    editor.quotes = QuoteList()
    editor.notes = GrowingTextEdit(min_lines=3, max_lines=12)
    editor.notes.setAccessibleName(translate("InterviewEditor", "Private field notes"))
    editor.notes.setPlaceholderText(
        translate(
            "InterviewEditor",
            "Only for you: names, contacts, circumstances. Never exported or sent.",
        )
    )

    editor.problems: dict[str, QLabel] = {}
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

    def row(key: str, text: str, widget: QWidget) -> None:
        # The date and the language are read as they are typed ("r" is not yet "ru"): their
        # problem's line is kept, so the rows below do not jump while typing.
        reserved = key in ("interview_date", "language")
        cell, editor.problems[key] = with_problem(widget, reserved=reserved)
        label = QLabel(text)
        set_buddy(label, widget)  # a box (place and country, consent): its field
        form.addRow(label, cell)

    row("interview_date", translate("InterviewEditor", "&Date:"), editor.date)
    place_row = QHBoxLayout()
    place_row.setContentsMargins(0, 0, 0, 0)
    place_row.addWidget(editor.place, 3)
    country_label = QLabel(translate("InterviewEditor", "C&ountry:"))
    country_label.setBuddy(editor.country)
    place_row.addWidget(country_label)
    place_row.addWidget(editor.country, 2)
    place_box = QWidget()
    place_box.setLayout(place_row)
    place_box.setFocusProxy(editor.place)
    row("place", translate("InterviewEditor", "&Place:"), place_box)
    editor.problems["country"] = editor.problems["place"]
    row("role", translate("InterviewEditor", "&Role:"), editor.role)
    row("organisation", translate("InterviewEditor", "Or&ganisation:"), editor.organisation)
    row("language", translate("InterviewEditor", "&Language:"), editor.language)
    row("interviewer", translate("InterviewEditor", "&Interviewer:"), editor.interviewer)
    consent_box = QWidget()
    consent_layout = QVBoxLayout(consent_box)
    consent_layout.setContentsMargins(0, 0, 0, 0)
    consent_layout.addWidget(editor.consent_kind, 0, Qt.AlignmentFlag.AlignLeft)
    consent_layout.addWidget(editor.quote_anonymously)
    consent_layout.addWidget(editor.share_with_partners)
    consent_box.setFocusProxy(editor.consent_kind)
    row("consent", translate("InterviewEditor", "Co&nsent:"), consent_box)
    row("tags", translate("InterviewEditor", "&Tags:"), editor.tags)

    quotes_group = QGroupBox(translate("InterviewEditor", "Quotes"))
    quotes_layout = QVBoxLayout(quotes_group)
    quotes_layout.addWidget(editor.quotes)
    editor.problems["quotes"] = problem_label()
    quotes_layout.addWidget(editor.problems["quotes"])

    notes_group = QFrame()
    notes_group.setObjectName("privateNotes")
    notes_group.setStyleSheet(
        "QFrame#privateNotes { border: 1px dashed palette(dark); border-radius: 4px; }"
    )
    notes_layout = QVBoxLayout(notes_group)
    notes_title = QLabel(
        translate("InterviewEditor", "Private field notes — never leave this computer")
    )
    title_font = notes_title.font()
    title_font.setBold(True)
    notes_title.setFont(title_font)
    notes_title.setBuddy(editor.notes)
    notes_layout.addWidget(notes_title)
    notes_hint = QLabel(
        translate(
            "InterviewEditor",
            "Kept encrypted in this vault only: never in citations, exports or bundles sent to HQ.",
        )
    )
    notes_hint.setWordWrap(True)
    notes_layout.addWidget(notes_hint)
    notes_layout.addWidget(editor.notes)
    editor.problems["notes"] = problem_label()
    notes_layout.addWidget(editor.problems["notes"])

    body = QWidget()
    body_layout = QVBoxLayout(body)
    body_layout.addLayout(form)
    body_layout.addWidget(quotes_group)
    editor.form_fields = FormFields()  # HQ's questions, when the interview has a form
    body_layout.addWidget(editor.form_fields)
    body_layout.addWidget(notes_group)
    editor.attachments = AttachmentsPanel()
    body_layout.addWidget(editor.attachments)
    body_layout.addStretch(1)
    editor.scroll_area = QScrollArea()
    editor.scroll_area.setWidgetResizable(True)
    editor.scroll_area.setWidget(body)
    editor.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
    # Tab goes from the list straight to the first field (the area scrolls to what has focus).
    editor.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    editor.state = QLabel()
    editor.state.setAccessibleName(translate("InterviewEditor", "Save state"))
    editor.state.setWordWrap(True)
    editor.missing = QLabel()
    editor.missing.setAccessibleName(
        translate("InterviewEditor", "What is still needed to mark ready")
    )
    editor.missing.setWordWrap(True)
    editor.missing.setEnabled(False)
    editor.ready_button = QPushButton(translate("InterviewEditor", "&Mark as ready"))
    editor.ready_button.setAccessibleName(translate("InterviewEditor", "Mark as ready"))
    editor.review = Review(editor)
    editor.review.language = editor.language.text
    editor.review.watch(editor.role, lambda: (0, translate("InterviewEditor", "role")))
    editor.review_menu = QMenu(editor)
    # A push button with a menu leaves room for its arrow (a tool button drew it over the
    # count: "Details to review: 2").
    editor.review_button = QPushButton()
    editor.review_button.setAutoDefault(False)
    editor.review_button.setMenu(editor.review_menu)
    editor.review_button.setToolTip(
        translate(
            "InterviewEditor",
            "Underlined words may identify someone. Interviews with details nobody has "
            "reviewed are held back from export.",
        )
    )
    editor.review_button.hide()
    # The footer's words keep their lines, so the buttons beside them stay put when a text
    # wraps or the review button appears and narrows them (a click aimed at one missed).
    reserve_lines(editor.state, 1)
    reserve_lines(editor.missing, 2, fixed=True)
    footer = QHBoxLayout()
    texts = QVBoxLayout()
    texts.addWidget(editor.state)
    texts.addWidget(editor.missing)
    footer.addLayout(texts, 1)
    footer.addWidget(editor.review_button, 0, Qt.AlignmentFlag.AlignTop)
    footer.addWidget(editor.ready_button, 0, Qt.AlignmentFlag.AlignTop)

    editor.empty = QLabel(
        translate(
            "InterviewEditor", "Choose an interview in the list, or press Ctrl+N for a new one."
        )
    )
    editor.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    editor.empty.setWordWrap(True)
    layout = QVBoxLayout(editor)
    layout.setContentsMargins(0, 0, 0, 0)
    editor.read_only_banner = ReadOnlyBanner()
    layout.addWidget(editor.empty)
    layout.addWidget(editor.read_only_banner)
    layout.addWidget(editor.scroll_area, 1)
    layout.addLayout(footer)

    chain: list[QWidget] = [
        editor.date.edit,
        editor.date.calendar_button,
        editor.date.today_button,
        editor.date.clear_button,
        editor.place,
        editor.country,
        editor.role,
        editor.organisation,
        editor.language,
        editor.interviewer,
        editor.consent_kind,
        editor.quote_anonymously,
        editor.share_with_partners,
        editor.tags,
        editor.notes,
        editor.attachments.list,
        editor.attachments.add_button,
        editor.attachments.record_button,
        editor.attachments.open_button,
        editor.attachments.remove_button,
        editor.attachments.send,
        editor.attachments.reviewed_button,
        editor.review_button,
        editor.ready_button,
    ]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)
    editor.quotes.set_tab_neighbours(editor.tags, editor.notes)
