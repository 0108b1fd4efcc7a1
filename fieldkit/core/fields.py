"""A record's parts and its fields one at a time: consent and quotes, how long a field may
be, and each field of loose input (JSON, CLI flags, form fields) normalised and checked.

:func:`fieldkit.core.record.validate` builds a whole record from them."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import pycountry

from fieldkit.core.clip import Clip, parse_clip
from fieldkit.core.errors import FieldProblem
from fieldkit.core.text import normalise_line, normalise_text

#: Longest values accepted, in characters: generous, but a bound on what a typo can paste.
MAX_SHORT = 300
MAX_ROLE = 1_000
MAX_TEXT = 200_000
MAX_TAG = 80


class ConsentKind(enum.StrEnum):
    """How consent to the interview was given."""

    ORAL = "oral"
    WRITTEN = "written"
    NOT_GIVEN = "not_given"


@dataclass(frozen=True, slots=True)
class Consent:
    """Consent as recorded: how it was given and what the interviewee allowed."""

    kind: ConsentKind | None = None
    quote_anonymously: bool = False
    share_with_partners: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value if self.kind else None,
            "quote_anonymously": self.quote_anonymously,
            "share_with_partners": self.share_with_partners,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """One anonymised excerpt of an interview."""

    text: str
    tags: tuple[str, ...] = ()
    #: Where in a recording of the interview it was said (None: nowhere given).
    clip: Clip | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "tags": list(self.tags)}
        if self.clip is not None:  # only then: a quote without one keeps its bytes
            data["clip"] = self.clip.to_dict()
        return data


# --- normalisation -----------------------------------------------------------------------


def normalise_tags(values: Iterable[str]) -> tuple[str, ...]:
    """Tags trimmed, NFC, duplicates (ignoring case) dropped, order kept."""
    seen: set[str] = set()
    out: list[str] = []
    for raw in values:
        tag = normalise_line(raw)
        key = tag.casefold()
        if tag and key not in seen:
            seen.add(key)
            out.append(tag)
    return tuple(out)


@lru_cache(maxsize=512)
def country_code(value: str) -> str | None:
    """The ISO 3166-1 alpha-2 code for a code or name, or None if it is not a country."""
    value = value.strip()
    if not value:
        return None
    try:
        found = pycountry.countries.lookup(value)
    except LookupError:
        return None
    return str(found.alpha_2)


@lru_cache(maxsize=512)
def language_code(value: str) -> str | None:
    """The language tag, checked against ISO 639 (primary subtag), or None if unknown."""
    tag = value.strip().replace("_", "-")
    if not tag:
        return None
    primary, _, rest = tag.partition("-")
    primary = primary.lower()
    if len(primary) == 2:
        found = pycountry.languages.get(alpha_2=primary)
    elif len(primary) == 3:
        found = pycountry.languages.get(alpha_3=primary)
    else:
        found = None
    if found is None:
        return None
    return primary + ("-" + rest if rest else "")


# --- reading loose input --------------------------------------------------------------------------


def read_text(
    raw: Mapping[str, Any], name: str, problems: list[FieldProblem], *, one_line: bool, limit: int
) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(FieldProblem(name, "not_text", "must be text"))
        return ""
    value = normalise_line(value) if one_line else normalise_text(value)
    if len(value) > limit:
        problems.append(FieldProblem(name, "too_long", f"is longer than {limit} characters"))
    return value


def read_optional(raw: Mapping[str, Any], name: str, problems: list[FieldProblem]) -> str | None:
    value = read_text(raw, name, problems, one_line=True, limit=MAX_SHORT)
    return value or None


def read_code(
    raw: Mapping[str, Any],
    name: str,
    problems: list[FieldProblem],
    code: Callable[[str], str | None],
    unknown: str,
) -> str | None:
    """``raw[name]`` as the code ``code`` finds for it (None: not given); one it finds none
    for is the problem ``bad_<name>``, ``unknown`` its message."""
    value = read_optional(raw, name, problems)
    if not value:
        return None
    found = code(value)
    if found is None:
        problems.append(FieldProblem(name, f"bad_{name}", unknown))
    return found


def read_tags(value: Any, name: str, problems: list[FieldProblem]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, list | tuple) or not all(isinstance(t, str) for t in value):
        problems.append(FieldProblem(name, "not_tags", "must be a list of text tags"))
        return ()
    tags = normalise_tags(value)
    if any(len(t) > MAX_TAG for t in tags):
        problems.append(
            FieldProblem(name, "too_long", f"a tag is longer than {MAX_TAG} characters")
        )
    return tags


def read_date(value: Any, today: date, problems: list[FieldProblem]) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = date.fromisoformat(value.strip())
        except ValueError:
            problems.append(
                FieldProblem(
                    "interview_date", "bad_date", "is not a calendar date written as YYYY-MM-DD"
                )
            )
            return None
    else:
        problems.append(FieldProblem("interview_date", "bad_date", "must be a date (YYYY-MM-DD)"))
        return None
    if parsed > today:
        problems.append(FieldProblem("interview_date", "future_date", "is in the future"))
    return parsed


def read_quotes(raw: Mapping[str, Any], problems: list[FieldProblem]) -> tuple[Quote, ...]:
    items: list[Any] = []
    if raw.get("quote") is not None:
        items.append(raw["quote"])
    extra = raw.get("quotes")
    if extra is not None:
        if not isinstance(extra, list | tuple):
            problems.append(FieldProblem("quotes", "not_list", "must be a list of quotes"))
        else:
            items.extend(extra)
    quotes: list[Quote] = []
    for index, item in enumerate(items, start=1):
        name = f"quotes[{index}]"
        tags: tuple[str, ...] = ()
        clip = None
        if isinstance(item, str):
            text: Any = item
        elif isinstance(item, Mapping):
            text = item.get("text")
            tags = read_tags(item.get("tags"), f"{name}.tags", problems)
            clip = parse_clip(item.get("clip"), f"{name}.clip", problems)
            if not isinstance(text, str):
                problems.append(FieldProblem(f"{name}.text", "not_text", "must be text"))
                continue
        else:
            problems.append(FieldProblem(name, "not_text", "must be text"))
            continue
        text = normalise_text(text)
        if len(text) > MAX_TEXT:
            problems.append(FieldProblem(name, "too_long", f"is longer than {MAX_TEXT} characters"))
        if text:
            quotes.append(Quote(text, tags, clip))
    return tuple(quotes)


def read_consent(value: Any, problems: list[FieldProblem]) -> Consent:
    if value is None:
        return Consent()
    if isinstance(value, Consent):
        return value
    if isinstance(value, str):
        value = {"kind": value}
    if not isinstance(value, Mapping):
        problems.append(
            FieldProblem("consent", "bad_consent", "must be oral, written or not_given")
        )
        return Consent()
    kind_raw = value.get("kind")
    kind: ConsentKind | None = None
    if kind_raw not in (None, ""):
        try:
            kind = ConsentKind(str(kind_raw).strip().lower().replace("-", "_").replace(" ", "_"))
        except ValueError:
            problems.append(
                FieldProblem("consent.kind", "bad_consent", "must be oral, written or not_given")
            )
    flags = {}
    for name in ("quote_anonymously", "share_with_partners"):
        flag = value.get(name, False)
        if not isinstance(flag, bool):
            problems.append(FieldProblem(f"consent.{name}", "not_bool", "must be true or false"))
            flag = False
        flags[name] = flag
    return Consent(kind, **flags)
