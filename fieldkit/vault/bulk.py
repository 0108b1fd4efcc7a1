"""Turning records into table rows, for saves and for bulk imports.

Everything here is pure (no database), so a large import can prepare rows in a worker process
while the main process writes the previous chunk: the two cores each do half the work.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from fieldkit.core.errors import FieldkitError, FieldProblem, ValidationError
from fieldkit.core.record import Consent, Interview, Status, iso_utc, validate
from fieldkit.vault.hardening import harden_process

#: The fields an import line may carry.
IMPORT_FIELDS = frozenset(
    {
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
        "quote",
        "quotes",
    }
)

#: Lines per chunk handed between the reader, the worker and the writer.
CHUNK = 2000
#: Files smaller than this are imported in one process (starting a worker costs ~0.3 s).
PARALLEL_MIN_BYTES = 4 * 1024 * 1024
#: Chunks prepared ahead of the writer: bounds memory whatever the file's size.
AHEAD = 2


def fts_fields(interview: Interview) -> tuple[str, str, str, str]:
    tags = [*interview.tags, *(t for q in interview.quotes for t in q.tags)]
    return (
        "\n\n".join(q.text for q in interview.quotes),
        interview.role,
        interview.place,
        " ".join(tags),
    )


def all_tags(interview: Interview) -> set[str]:
    tags = {t.casefold(): t for q in interview.quotes for t in q.tags}
    tags.update({t.casefold(): t for t in interview.tags})
    return set(tags.values())


@lru_cache(maxsize=64)
def consent_json(consent: Consent) -> str:
    return json.dumps(consent.to_dict())


def interview_row(
    interview: Interview, sha: str, saved: str, fingerprint: str | None = None
) -> tuple[Any, ...]:
    """The ``interviews`` columns after ``rowid``, in table order."""
    return (
        interview.id,
        interview.interview_date.isoformat() if interview.interview_date else None,
        interview.place,
        interview.country,
        interview.role,
        interview.organisation,
        interview.language,
        interview.interviewer,
        consent_json(interview.consent),
        tags_json(interview.tags),
        interview.notes,
        interview.status.value,
        len(interview.quotes),
        iso_utc(interview.created_at) if interview.created_at else saved,
        saved,
        interview.revision,
        sha,
        fingerprint or interview.fingerprint(),
    )


def tags_json(tags: Sequence[str]) -> str:
    """A tag list as stored: a JSON array (most lists are empty: no encoder needed)."""
    return json.dumps(list(tags), ensure_ascii=False) if tags else "[]"


def quote_rows(interview: Interview) -> list[tuple[int, str, str]]:
    """(position, text, tags JSON) for each quote."""
    return [(n, q.text, tags_json(q.tags)) for n, q in enumerate(interview.quotes)]


class Prepared(NamedTuple):
    """One new interview as rows, without its rowid (the writer assigns it)."""

    fingerprint: str
    id: str
    row: tuple[Any, ...]
    quotes: list[tuple[int, str, str]]
    tags: list[str]
    fts: tuple[str, str, str, str]
    sha: str


def prepare(interview: Interview, saved: str) -> Prepared:
    """Rows for ``interview`` stored as revision 1 at time ``saved``."""
    fingerprint = interview.fingerprint()
    sha = interview.content_hash()
    row = interview_row(interview, sha, saved, fingerprint)
    row = (*row[:13], saved, saved, 1, *row[16:])
    return Prepared(
        fingerprint,
        interview.id,
        row,
        quote_rows(interview),
        sorted(all_tags(interview)),
        fts_fields(interview),
        sha,
    )


Problems = list[tuple[int, FieldProblem]]


def prepare_chunk(
    entries: Sequence[tuple[int, Any]],
    *,
    parse: bool,
    default_status: Status,
    default_organisation: str,
    saved: str,
) -> tuple[list[Prepared], Problems]:
    """Validate and prepare (line, record) pairs; ``parse`` means records are JSON text."""
    prepared: list[Prepared] = []
    problems: Problems = []
    for line, raw in entries:
        if parse and isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except json.JSONDecodeError as error:
                problems.append(
                    (
                        line,
                        FieldProblem(
                            "record", "bad_json", f"is not valid JSON (column {error.colno})"
                        ),
                    )
                )
                continue
        if isinstance(raw, FieldProblem):
            problems.append((line, raw))
            continue
        if not isinstance(raw, Mapping):
            problems.append((line, FieldProblem("record", "not_object", "is not a JSON object")))
            continue
        unknown = sorted(set(raw) - IMPORT_FIELDS)
        if unknown:
            # A misspelt field ("note", "Quotes") would otherwise be dropped without a word.
            problems.extend(
                (line, FieldProblem(str(name), "unknown_field", "is not a field fieldkit knows"))
                for name in unknown
            )
            continue
        try:
            interview = validate(
                raw, default_status=default_status, default_organisation=default_organisation
            )
        except ValidationError as error:
            problems.extend((line, p) for p in error.problems)
            continue
        if not problems:
            prepared.append(prepare(interview, saved))
    return prepared, problems


def raw_chunks(path: Path, size: int = CHUNK) -> Iterator[list[tuple[int, str]]]:
    """The non-blank lines of a JSONL file as (line number, text), ``size`` at a time."""
    try:
        handle = open(path, encoding="utf-8-sig")
    except OSError as error:
        raise FieldkitError(f"cannot read {path}: {error.strerror or error}") from error
    with handle:
        chunk: list[tuple[int, str]] = []
        try:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    chunk.append((number, line))
                    if len(chunk) >= size:
                        yield chunk
                        chunk = []
        except UnicodeDecodeError as error:
            raise FieldkitError(f"{path} is not UTF-8 text") from error
        if chunk:
            yield chunk


def prepared_chunks(
    path: Path,
    *,
    default_status: Status,
    default_organisation: str,
    saved: str,
    parallel: bool | None = None,
) -> Iterator[tuple[list[Prepared], Problems]]:
    """Prepared chunks of a JSONL file, in file order.

    For a large file on a machine with two or more cores a worker process parses and
    validates while the caller writes; at most AHEAD chunks wait, so memory stays bounded.
    Text passes between the processes through a pipe, never through a file.
    """
    options = {
        "parse": True,
        "default_status": default_status,
        "default_organisation": default_organisation,
        "saved": saved,
    }
    if parallel is None:
        try:
            big = Path(path).stat().st_size >= PARALLEL_MIN_BYTES
        except OSError:
            big = False
        parallel = big and (os.cpu_count() or 1) >= 2
    if not parallel:
        for chunk in raw_chunks(path):
            yield prepare_chunk(chunk, **options)  # type: ignore[arg-type]
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(1, initializer=ignore_interrupt) as pool:
        pending: deque[Any] = deque()
        for chunk in raw_chunks(path):
            pending.append(pool.apply_async(_prepare_job, (chunk, options)))
            if len(pending) > AHEAD:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def ignore_interrupt() -> None:
    # A worker holds record text too: hardened like the main process (a new interpreter,
    # so the non-dumpable flag was not inherited).
    harden_process()
    # Ctrl-C reaches the whole process group: the main process reports it in one line and
    # stops the worker; the worker itself must not print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prepare_job(
    chunk: list[tuple[int, str]], options: dict[str, Any]
) -> tuple[list[Prepared], Problems]:
    return prepare_chunk(chunk, **options)
