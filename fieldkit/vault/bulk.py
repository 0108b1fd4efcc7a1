"""Turning import lines into table rows (see :mod:`fieldkit.vault.schema`) for bulk imports.

Everything here is pure (no database), so a large import can prepare rows in a worker process
while the main process writes the previous chunk: the two cores each do half the work.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from fieldkit.core.errors import FieldkitError, FieldProblem, ValidationError
from fieldkit.core.forms.model import Form, FormSet, form_ref
from fieldkit.core.jsonl import parse_line
from fieldkit.core.record import FIELDS, Interview, Status, validate
from fieldkit.vault import schema
from fieldkit.vault.hardening import harden_process

#: The fields an import line may carry.
IMPORT_FIELDS = frozenset({*FIELDS, "quote", "quotes", "attachments", "fields", "form"})
#: Files one import line may attach.
MAX_LINE_ATTACHMENTS = 100

#: Lines per chunk handed between the reader, the worker and the writer.
CHUNK = 2000
#: Files smaller than this are imported in one process (starting a worker costs ~0.3 s).
PARALLEL_MIN_BYTES = 4 * 1024 * 1024
#: Chunks prepared ahead of the writer: bounds memory whatever the file's size.
AHEAD = 2
#: Chunks the writing process may prepare itself while the worker's oldest is not ready.
LOCAL_AHEAD = 2
#: Most worker processes an import starts. Preparing an interview with 20 answers costs
#: about 1.6 times what writing it does (``benchmarks/forms.py``: 5,012 against 8,031/s),
#: so two keep the writer busy; a third covers the share it would otherwise prepare itself.
MAX_WORKERS = 3


def usable_cores() -> int:
    """The cores this process may run on (its affinity, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def worker_count(cores: int | None = None) -> int:
    """Workers for a large import: one core is the writer's, the others prepare (one
    worker at least; at most :data:`MAX_WORKERS`)."""
    cores = usable_cores() if cores is None else cores
    return max(1, min(MAX_WORKERS, cores - 1))


class Prepared(NamedTuple):
    """One new interview as rows, without its rowid (the writer assigns it).

    ``row`` is a :func:`~fieldkit.vault.schema.interview_row`; ``quotes``, ``tags`` and ``fts``
    are its child rows without the rowid.
    """

    fingerprint: str
    id: str
    row: tuple[Any, ...]
    quotes: list[tuple[int, str, str, str | None]]
    tags: list[str]
    fts: tuple[str, str, str, str, str, str]
    sha: str
    #: Files to attach, as the line gave them (relative to the import file), and its line.
    attachments: tuple[str, ...] = ()
    line: int = 0


def prepare(interview: Interview, saved: str) -> Prepared:
    """Rows for ``interview`` stored as revision 1 at time ``saved``."""
    fingerprint = interview.fingerprint()
    sha, answers = interview.hashed()
    return Prepared(
        fingerprint,
        interview.id,
        schema.interview_row(interview, sha, fingerprint, saved, saved, 1, answers),
        schema.quote_rows(interview),
        sorted(schema.all_tags(interview)),
        schema.fts_fields(interview),
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
    forms: FormSet | None = None,
) -> tuple[list[Prepared], Problems]:
    """Validate and prepare (line, record) pairs; ``parse`` means records are JSON text.

    A record with ``fields`` is checked against the form its ``form`` names (``id@version``
    or ``id``: the newest version), or ``forms``' default when it names none.
    """
    prepared: list[Prepared] = []
    problems: Problems = []
    for line, raw in entries:
        if parse and isinstance(raw, str):
            raw = parse_line(raw)
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
        files, bad = _attachment_paths(raw.get("attachments"))
        if bad is not None:
            problems.append((line, bad))
            continue
        try:
            form = _form_for(raw, forms)
            interview = validate(
                {k: v for k, v in raw.items() if k != "attachments"},
                default_status=default_status,
                default_organisation=default_organisation,
                form=form,
            )
        except ValidationError as error:
            problems.extend((line, p) for p in error.problems)
            continue
        if not problems:
            prepared.append(prepare(interview, saved)._replace(attachments=files, line=line))
    return prepared, problems


def _attachment_paths(value: Any) -> tuple[tuple[str, ...], FieldProblem | None]:
    """An import line's ``attachments``: paths inside the import file's folder."""
    if value is None:
        return (), None
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        return (), FieldProblem("attachments", "not_paths", "is not a list of file paths")
    if len(value) > MAX_LINE_ATTACHMENTS:
        return (), FieldProblem(
            "attachments", "too_many", f"names more than {MAX_LINE_ATTACHMENTS} files"
        )
    for text in value:
        path = Path(text)
        if path.is_absolute() or ".." in path.parts or "\0" in text:
            return (), FieldProblem(
                "attachments",
                "outside",
                "names a file outside the import file's folder (give paths relative to it)",
            )
    return tuple(value), None


def _form_for(raw: Mapping[str, Any], forms: FormSet | None) -> Form | None:
    """The form a record's answers are checked against (None: the record has no answers)."""
    if "form" not in raw and not raw.get("fields"):
        return None
    named = raw.get("form")
    ref = form_ref(named) if named is not None else None
    if named is not None and ref is None:
        raise ValidationError(
            [FieldProblem("form", "bad_form", "must name a form as ID or ID@VERSION")]
        )
    form = forms.pick(ref) if forms is not None else None
    if form is None:
        what = "no loaded form has that id and version" if ref else "no form is loaded"
        raise ValidationError([FieldProblem("form", "unknown_form", what)])
    return form


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
    forms: FormSet | None = None,
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
        "forms": forms,
    }
    if parallel is None:
        try:
            big = Path(path).stat().st_size >= PARALLEL_MIN_BYTES
        except OSError:
            big = False
        parallel = big and usable_cores() >= 2
    if not parallel:
        for chunk in raw_chunks(path):
            yield prepare_chunk(chunk, **options)  # type: ignore[arg-type]
        return
    count = worker_count()
    with Worker(count) as worker:
        yield from _shared(raw_chunks(path), worker, options, workers=count)


def _shared(
    chunks: Iterable[list[tuple[int, str]]],
    worker: Worker,
    options: dict[str, Any],
    *,
    workers: int = 1,
) -> Iterator[tuple[list[Prepared], Problems]]:
    """``chunks`` prepared in file order by the ``workers`` processes of ``worker``, which
    keep AHEAD chunks queued (one more for each further process) beyond the one the caller
    writes; whenever the oldest is not ready yet, this process prepares the next chunk
    itself (at most LOCAL_AHEAD waiting) rather than wait: when preparing costs more than
    writing (answers checked against a form), every core prepares."""
    queue_limit = AHEAD + workers - 1
    source = iter(chunks)
    pending: deque[tuple[Any, tuple[list[Prepared], Problems] | None]] = deque()
    queued = 0  # chunks of ``pending`` the workers prepare
    drained = False
    while True:
        while not drained and queued <= queue_limit:
            chunk = next(source, None)
            if chunk is None:
                drained = True
                break
            pending.append((worker.submit(_prepare_job, chunk, options), None))
            queued += 1
        if not pending:
            return
        job, done = pending[0]
        if job is not None and not drained and len(pending) - queued < LOCAL_AHEAD:
            if not job.ready():
                chunk = next(source, None)
                if chunk is None:
                    drained = True
                else:
                    pending.append((None, prepare_chunk(chunk, **options)))
                continue
        pending.popleft()
        if job is not None:
            queued -= 1
            done = job.get()
        assert done is not None
        yield done


T = TypeVar("T")


class Worker:
    """``processes`` worker processes (spawned, so nothing of this process's state is copied
    into them) taking jobs in the order given, each job's result collected by its own
    handle; started on the first :meth:`submit`, so work that turns out to need none never
    pays their start. Use it as a context manager: leaving it stops the processes, whatever
    is still running there."""

    def __init__(self, processes: int = 1) -> None:
        self._stack = contextlib.ExitStack()
        self._pool: Any = None
        self._processes = processes

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` (a module-level function, its arguments picklable) there; the
        returned job's ``get()`` waits for the result or raises its error."""
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            pool = context.Pool(self._processes, initializer=ignore_interrupt)
            self._pool = self._stack.enter_context(pool)
        return self._pool.apply_async(fn, args)

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def ahead(
    items: Iterable[T],
    count: int,
    *,
    max_weight: int | None = None,
    weight: Callable[[T], int] | None = None,
) -> Iterator[T]:
    """``items`` in order, each yielded once up to ``count`` more have been drawn from
    ``items`` (fewer once their ``weight`` adds up to more than ``max_weight``): drawing an
    item is what starts its work (e.g. :meth:`Worker.submit`), so that much runs ahead of
    the caller while it handles the one yielded, and memory stays bounded."""
    waiting: deque[tuple[T, int]] = deque()
    held = 0
    for item in items:
        size = weight(item) if weight is not None else 0
        waiting.append((item, size))
        held += size
        while waiting and (len(waiting) > count or (max_weight is not None and held > max_weight)):
            done, size = waiting.popleft()
            held -= size
            yield done
    while waiting:
        yield waiting.popleft()[0]


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
