"""The interview record, its validation and its canonical form.

Its parts (consent, quotes) and the reading of each field are :mod:`fieldkit.core.fields`;
they are named here too, as every caller knows them."""

from __future__ import annotations

import enum
import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.core.errors import FieldProblem, ValidationError
from fieldkit.core.fields import (
    MAX_ROLE,
    MAX_SHORT,
    MAX_TAG,
    MAX_TEXT,
    Consent,
    ConsentKind,
    Quote,
    country_code,
    language_code,
    normalise_tags,
    read_code,
    read_consent,
    read_date,
    read_optional,
    read_quotes,
    read_tags,
    read_text,
)
from fieldkit.core.forms.answers import Answer, form_answers
from fieldkit.core.forms.model import Form
from fieldkit.core.text import normalise_line, normalise_text

__all__ = [
    "FIELDS",
    "MAX_ROLE",
    "MAX_SHORT",
    "MAX_TAG",
    "MAX_TEXT",
    "Consent",
    "ConsentKind",
    "Interview",
    "Quote",
    "Status",
    "country_code",
    "iso_utc",
    "language_code",
    "new_id",
    "normalise_line",
    "normalise_tags",
    "normalise_text",
    "now_iso",
    "now_utc",
    "parse_utc",
    "problems_for_ready",
    "validate",
]

#: A record's fields besides its quotes, in the order the vault stores them.
FIELDS = (
    "id",
    "interview_date",
    "place",
    "country",
    "role",
    "organisation",
    "language",
    "interviewer",
    "consent",
    "tags",
    "notes",
    "status",
)


class Status(enum.StrEnum):
    """Where a record stands in its life: typed, checked, sent, confirmed by HQ."""

    DRAFT = "draft"
    READY = "ready"
    SENT = "sent"
    RECEIVED = "received"


@dataclass(frozen=True, slots=True)
class Interview:
    """One interview: when, where, with whom (described, never named) and what was said."""

    id: str
    interview_date: date | None
    place: str
    role: str
    quotes: tuple[Quote, ...]
    organisation: str = ""
    country: str | None = None
    language: str | None = None
    interviewer: str | None = None
    consent: Consent = field(default_factory=Consent)
    tags: tuple[str, ...] = ()
    notes: str = ""
    status: Status = Status.DRAFT
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 0
    #: The form the answers were filled with (id and version), or None: no form.
    form: str | None = None
    form_version: int | None = None
    #: (field name, answer) in the form's order; see :mod:`fieldkit.core.forms.answers`.
    answers: tuple[tuple[str, Answer], ...] = ()

    def content_dict(self) -> dict[str, Any]:
        """What the researcher recorded: every field except workflow state and times.

        This is what a revision's hash covers, so a status change or a re-save of the
        same text is not a new revision.
        """
        return {
            "id": self.id,
            "interview_date": self.interview_date.isoformat() if self.interview_date else None,
            "place": self.place,
            "country": self.country,
            "role": self.role,
            "organisation": self.organisation,
            "language": self.language,
            "interviewer": self.interviewer,
            "consent": self.consent.to_dict(),
            "tags": list(self.tags),
            "notes": self.notes,
            "quotes": [q.to_dict() for q in self.quotes],
            # Only with a form: an interview without one has today's keys and bytes.
            **(self.form_dict() if self.form is not None else {}),
        }

    def form_dict(self) -> dict[str, Any]:
        """``form`` (id and version) and ``fields`` (the answers), as JSON carries them."""
        return {
            "form": {"id": self.form, "version": self.form_version},
            # answer_json inline (an import builds this for every interview).
            "fields": {n: list(v) if isinstance(v, tuple) else v for n, v in self.answers},
        }

    def shared_dict(self) -> dict[str, Any]:
        """What may leave the kit: :meth:`content_dict` without the private field notes."""
        data = self.content_dict()
        del data["notes"]
        return data

    def to_dict(self) -> dict[str, Any]:
        """The whole record as plain JSON-ready data (what ``list --json`` prints)."""
        data = self.content_dict()
        data["status"] = self.status.value
        data["revision"] = self.revision
        data["created_at"] = iso_utc(self.created_at) if self.created_at else None
        data["updated_at"] = iso_utc(self.updated_at) if self.updated_at else None
        return data

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of :meth:`content_dict`."""
        return sha256_hex(canonical_json(self.content_dict(), checked=True))

    def hashed(self) -> tuple[str, str | None]:
        """:meth:`content_hash` and the answers as stored (their canonical JSON; None without
        a form), with the answers encoded once: an import stores and hashes every
        interview's.

        The answers' JSON is put where the content's own would be: its keys sorted,
        ``fields`` comes just before ``form``, and only ``consent`` (an object of fixed keys)
        and ``country`` (a code) come before them, so the first ``,"form":`` is that key.
        """
        if self.form is None:
            return self.content_hash(), None
        data = self.content_dict()
        answers = canonical_json(data.pop("fields"), checked=True)
        rest = canonical_json(data, checked=True)
        at = rest.index(b',"form":')
        whole = b"".join((rest[:at], b',"fields":', answers, rest[at:]))
        return sha256_hex(whole), answers.decode("utf-8")

    def fingerprint(self) -> str:
        """Hash of what identifies the same interview typed or imported twice.

        Id, tags, notes and times are left out: the same date, place, role, organisation and
        quotes are the same interview.
        """
        # Unit and record separators cannot occur in normalised text (control characters
        # are removed), so joining with them is unambiguous and cheaper than JSON.
        parts = [
            self.interview_date.isoformat() if self.interview_date else "",
            self.place,
            self.role,
            self.organisation,
            "\x1e".join(q.text for q in self.quotes),
        ]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

    def with_status(self, status: Status) -> Interview:
        return replace(self, status=status)


def iso_utc(value: datetime) -> str:
    """``2020-02-16T09:30:00Z``: a time in UTC to the second, as fieldkit stores and sends it."""
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def now_iso() -> str:
    """The current time as :func:`iso_utc` writes it."""
    return iso_utc(now_utc())


def now_utc() -> datetime:
    """The current time in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def parse_utc(text: str) -> datetime:
    """Parse a time written by :func:`_iso_utc`."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def new_id() -> str:
    """A new random record id."""
    return str(uuid.uuid4())


def validate(
    raw: Mapping[str, Any],
    *,
    default_status: Status = Status.DRAFT,
    default_organisation: str = "",
    today: date | None = None,
    form: Form | None = None,
    message_language: str = "en",
) -> Interview:
    """Build an :class:`Interview` from loose input (JSON, CLI flags, form fields).

    Every problem is collected before raising, so a person sees all of them at once. A
    draft may be incomplete; any other status needs date, place, role and a quote.

    ``form`` is the form the answers in ``raw["fields"]`` were filled with (``raw["form"]``,
    when given, must name it); answers without a form are refused. ``message_language``
    chooses the
    form's constraint messages.
    """
    problems: list[FieldProblem] = []
    today = today or date.today()

    record_id = raw.get("id")
    if record_id in (None, ""):
        record_id = new_id()
    else:
        try:
            record_id = str(uuid.UUID(str(record_id)))
        except ValueError:
            problems.append(FieldProblem("id", "bad_id", "is not a UUID"))
            record_id = new_id()

    status_raw = raw.get("status")
    status = default_status
    if status_raw not in (None, ""):
        try:
            status = Status(str(status_raw).strip().lower())
        except ValueError:
            problems.append(
                FieldProblem(
                    "status", "bad_status", "must be one of " + ", ".join(s.value for s in Status)
                )
            )

    interview_date = read_date(raw.get("interview_date"), today, problems)
    place = read_text(raw, "place", problems, one_line=True, limit=MAX_SHORT)
    role = read_text(raw, "role", problems, one_line=True, limit=MAX_ROLE)
    organisation = read_text(raw, "organisation", problems, one_line=True, limit=MAX_SHORT)
    organisation = organisation or normalise_line(default_organisation)
    interviewer = read_optional(raw, "interviewer", problems)
    notes = read_text(raw, "notes", problems, one_line=False, limit=MAX_TEXT)

    country = read_code(raw, "country", problems, country_code, "is not an ISO 3166 country")
    language = read_code(
        raw, "language", problems, language_code, "is not an ISO 639 language code"
    )
    tags = read_tags(raw.get("tags"), "tags", problems)
    quotes = read_quotes(raw, problems)
    consent = read_consent(raw.get("consent"), problems)

    if status is not Status.DRAFT:
        if interview_date is None and not any(p.field == "interview_date" for p in problems):
            problems.append(FieldProblem("interview_date", "required", "is required"))
        if not place:
            problems.append(FieldProblem("place", "required", "is required"))
        if not role:
            problems.append(FieldProblem("role", "required", "is required"))
        if not quotes and not any(p.field.startswith("quote") for p in problems):
            problems.append(FieldProblem("quotes", "required", "at least one quote is required"))

    answers = form_answers(
        raw, form, complete=status is not Status.DRAFT, language=message_language, into=problems
    )

    if problems:
        raise ValidationError(problems)
    return Interview(
        id=record_id,
        interview_date=interview_date,
        place=place,
        country=country,
        role=role,
        organisation=organisation,
        language=language,
        interviewer=interviewer,
        consent=consent,
        tags=tags,
        notes=notes,
        quotes=quotes,
        status=status,
        form=form.id if form is not None else None,
        form_version=form.version if form is not None else None,
        answers=answers,
    )


def problems_for_ready(
    interview: Interview,
    *,
    today: date | None = None,
    form: Form | None = None,
    message_language: str = "en",
) -> list[FieldProblem]:
    """What stops ``interview`` from being marked ready (empty when it may be); ``form`` is
    the form its answers were filled with: its required fields unanswered and its
    constraints not met are named too (constraint messages in ``message_language``)."""
    try:
        validate(
            {
                **interview.content_dict(),
                "status": Status.READY.value,
                "consent": interview.consent,
            },
            today=today,
            form=form,
            message_language=message_language,
        )
    except ValidationError as error:
        return error.problems
    return []
