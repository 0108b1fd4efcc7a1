"""Taking bundles in at HQ: open (decrypt), check against HQ and its enrolled kits, read ahead.

A bundle is decrypted in one shot and checked completely (signature, every hash and length)
before anything of it is merged. Its records are parsed and validated only when it turns
out to be new; with several bundles, a worker process does that for the bundles ahead while
the one before them merges (:func:`fieldkit.vault.bulk.ahead` bounds how many wait).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from nacl.signing import VerifyKey

from fieldkit.core.errors import FieldkitError, ValidationError
from fieldkit.core.forms.model import FormSet, form_ref
from fieldkit.core.record import FIELDS, Interview, Status, now_iso, validate
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange import carry
from fieldkit.exchange.bundle import BundleRejected
from fieldkit.exchange.keys import Card, Identity, Role
from fieldkit.exchange.manifest import VERSION, VERSION_2
from fieldkit.hq.attachments import Receiving
from fieldkit.hq.dataset import hq_identity
from fieldkit.hq.storage import HqStore
from fieldkit.vault import bulk
from fieldkit.vault.forms import all_forms
from fieldkit.vault.store import Vault

MAX_BUNDLE_BYTES = carry.MAX_BUNDLE_BYTES_V2
#: Bundles read ahead of the one merging, their records parsed and validated in a worker
#: process meanwhile; at most READ_AHEAD_BYTES of records wait, so memory stays bounded.
READ_AHEAD = 2
READ_AHEAD_BYTES = 256 * 1024 * 1024
#: Bundles parsed in this process while the worker starts (~0.2 s until it takes work).
LOCAL_FIRST = 2
#: Bundle files adding up to less than this are imported in this process alone (a worker
#: takes ~0.2 s to start).
PARALLEL_MIN_BYTES = bulk.PARALLEL_MIN_BYTES


def latest_date() -> date:
    """The latest interview date HQ accepts: a kit east of HQ may already be a day ahead."""
    return date.today() + timedelta(days=1)


#: A record's fields in version 1 (docs/bundle-format.md): no notes, no status, nothing else.
RECORD_FIELDS = frozenset({*FIELDS, "quotes", "revision"} - {"notes", "status"})
#: A record of version 2 may add both of these (the form it answers, and its answers), and
#: travels only in bundles of version 2.
FORM_FIELDS = frozenset({"form", "fields"})


class UnknownForm(Exception):
    """A record answers a form version HQ has not published: it goes to quarantine."""

    def __init__(self, interview: Interview, ref: str) -> None:
        super().__init__(ref)
        self.interview = interview
        self.ref = ref


def _record(
    raw: dict[str, Any],
    index: int,
    *,
    today: date | None = None,
    forms: FormSet | None = None,
    version: int = VERSION,
) -> Interview:
    """A record checked and validated as HQ stores it (answers against the form version HQ
    published); raises :class:`UnknownForm` (with the record validated without its answers)
    for a form version HQ has not published."""
    # Checked before validation, which would take a stray "quote" for one more quote.
    keys = set(raw)
    if version >= VERSION_2 and keys & FORM_FIELDS:
        keys -= FORM_FIELDS if FORM_FIELDS <= keys else set()
    if keys != RECORD_FIELDS or (version < VERSION_2 and _has_clips(raw)):
        raise BundleRejected(f"record {index} in the bundle has unexpected fields")
    fields = {k: v for k, v in raw.items() if k != "revision"}
    fields["status"] = Status.READY.value
    form, unknown = None, None
    if "form" in raw:
        ref = form_ref(raw["form"])
        if ref is None or ref[1] is None or not isinstance(raw["form"], dict):
            raise BundleRejected(f"record {index} in the bundle names its form wrongly")
        form = forms.pick(ref) if forms is not None else None
        if form is None:
            unknown = f"{ref[0]} version {ref[1]}"
            fields = {k: v for k, v in fields.items() if k not in FORM_FIELDS}
    try:
        interview = validate(fields, today=today or latest_date(), form=form)
    except ValidationError as error:
        raise BundleRejected(
            f"record {index} in the bundle is not valid ({error.problems[0]})"
        ) from error
    if interview.id != raw["id"]:
        # What HQ stores is exactly what was signed: an id validation would normalise (upper
        # case, braces) is refused, never stored under another spelling.
        raise BundleRejected(
            f"record {index} in the bundle has an id that is not a UUID in canonical "
            "lower-case form"
        )
    if type(raw["revision"]) is not int or not 1 <= raw["revision"] <= fmt.MAX_INT:
        raise BundleRejected(f"record {index} in the bundle has an invalid revision")
    interview = replace(interview, status=Status.RECEIVED, revision=raw["revision"])
    if unknown is not None:
        raise UnknownForm(interview, unknown)
    return interview


def _has_clips(raw: dict[str, Any]) -> bool:
    """Whether a record's quotes point into recordings (a record of version 2)."""
    quotes = raw.get("quotes")
    return isinstance(quotes, list) and any(isinstance(q, dict) and "clip" in q for q in quotes)


def _prepare_records(
    entries: Sequence[tuple[str, int]],
    payloads: Sequence[bytes],
    today: date,
    saved: str,
    keep: bool,
    forms: FormSet | None = None,
    version: int = VERSION,
    unknown: dict[int, str] | None = None,
) -> tuple[list[bulk.Prepared], list[Interview] | None]:
    """A verified bundle's records parsed (canonical JSON naming its entry's id and revision),
    validated, and as the rows each would be stored as if new at time ``saved``; with ``keep``
    the validated interviews too. A record answering a form version not in ``forms`` is
    validated without its answers and noted in ``unknown`` (by index: it goes to quarantine).
    Pure (no database): it runs in a worker process while the bundles before it merge."""
    raws = fmt.parse_payloads(entries, payloads)
    interviews = []
    for n, raw in enumerate(raws, start=1):
        try:
            interviews.append(_record(raw, n, today=today, forms=forms, version=version))
        except UnknownForm as held:
            interviews.append(held.interview)
            if unknown is not None:
                unknown[n - 1] = held.ref
    prepared = [bulk.prepare(interview, saved) for interview in interviews]
    return prepared, (interviews if keep else None)


def _verify_key_for(store: HqStore, hq: Identity, found: list[Card]) -> Any:
    card = hq.card

    def key_for(manifest: dict[str, Any]) -> VerifyKey:
        if manifest["hq_id"] != card.ident or manifest["hq_fingerprint"] != card.fingerprint:
            raise BundleRejected("the bundle was made for another HQ")
        text = store.kit_card_text(manifest["kit_id"])
        if text is None:
            raise BundleRejected(
                f"the bundle comes from a kit HQ has not enrolled (fingerprint "
                f"{manifest['kit_fingerprint']}); if you expect it, enroll its card with "
                "'fieldkit hq enroll-kit'"
            )
        kit = Card.parse(text.encode("utf-8"), Role.KIT)
        if manifest["kit_signing_key"] != kit.body()["signing_key"]:
            kit = replaced_card(store, manifest)
        found.append(kit)
        return kit.verify_key()

    return key_for


def replaced_card(store: HqStore, manifest: dict[str, Any]) -> Card:
    """The card of a key the kit moved away from that the manifest names: the bundle is
    checked against it, then held, never merged (:func:`fieldkit.hq.revocation.held_why`).
    Refused if no key the kit had is the one named."""
    for _kit, _fingerprint, text, _at in store.replaced_keys(manifest["kit_id"]):
        card = Card.parse(text.encode("utf-8"), Role.KIT)
        if manifest["kit_signing_key"] == card.body()["signing_key"]:
            return card
    raise BundleRejected(
        "the bundle's signature does not match its kit's key (if the kit moved to a new key, "
        "accept its rekey statement first: 'fieldkit hq rekey-kit')"
    )


def open_bundle(
    store: HqStore, hq: Identity, path: Path, *, parse: bool, receiving: carry.Sinks
) -> tuple[fmt.OpenedBundle, Card]:
    """:func:`read_bundle`, with the enrolled kit's card its signature was checked against;
    the attachments of a bundle of version 2 go to ``receiving`` as they stream."""
    # Opened safely and read as a stream with every bound (carry.read_file): the records
    # in memory (bounded by the manifest's caps), the attachments streamed to their sinks;
    # all of it usable only once the final chunk authenticated.
    found: list[Card] = []
    opened = carry.read_file(
        Path(path),
        hq.age,
        _verify_key_for(store, hq, found),
        receiving,
        parse=parse,
        limit=MAX_BUNDLE_BYTES,
    )
    return opened, found[0]


def read_bundle(vault: Vault, path: Path, *, parse: bool = True) -> fmt.OpenedBundle:
    """Decrypt and fully verify a bundle against this HQ and its enrolled kits (its
    attachments are checked, not kept)."""
    receiving = Receiving(vault)
    try:
        return open_bundle(
            HqStore(vault), hq_identity(vault), path, parse=parse, receiving=receiving
        )[0]
    finally:
        receiving.discard()


@dataclass
class Read:
    """A bundle decrypted and verified (signature, every hash and length: all that a replay
    needs), or why it was refused; its records are parsed when it turns out to be new."""

    path: Path
    stamp: str
    today: date
    opened: fmt.OpenedBundle | None = None
    kit: Card | None = None
    error: FieldkitError | None = None
    #: The worker's pending :func:`_prepare_records`, and the record bytes handed to it.
    job: Any = None
    size: int = 0
    #: The attachments it carried, sealed in the dataset and waiting for its commit.
    receiving: Receiving | None = None
    #: The forms HQ published (a bundle of version 2 may carry answers to them), and the
    #: records answering a version it did not publish (by index: for quarantine).
    forms: FormSet | None = None
    unknown_forms: dict[int, str] = field(default_factory=dict)

    @property
    def version(self) -> int:
        return int(self.opened.manifest["version"]) if self.opened is not None else VERSION

    def records(self) -> tuple[list[bulk.Prepared], list[Interview] | None]:
        """Its records as rows, and (when parsed here) as validated interviews."""
        if self.job is not None:
            result: tuple[list[bulk.Prepared], list[Interview] | None] = self.job.get()
            return result
        assert self.opened is not None
        entries = [(e.id, e.revision) for e in self.opened.entries]
        self.unknown_forms.clear()
        return _prepare_records(
            entries,
            self.opened.payloads,
            self.today,
            self.stamp,
            True,
            self.forms,
            self.version,
            self.unknown_forms,
        )

    def incoming(self, index: int) -> Interview:
        """Record ``index`` validated alone (a worker hands back rows only: what new records
        need), as it was in :meth:`records`."""
        assert self.opened is not None
        entry = self.opened.entries[index]
        raw = fmt.parse_payloads([(entry.id, entry.revision)], [self.opened.payloads[index]])[0]
        try:
            return _record(raw, index + 1, today=self.today, forms=self.forms, version=self.version)
        except UnknownForm as held:
            return held.interview


def _read(store: HqStore, hq: Identity, path: Path, worker: bulk.Worker | None) -> Read:
    receiving = Receiving(store.vault)
    item = Read(path, now_iso(), latest_date(), receiving=receiving)
    try:
        item.opened, item.kit = open_bundle(store, hq, path, parse=False, receiving=receiving)
        opened = item.opened
        if item.version >= VERSION_2:
            # Its answers are checked against HQ's forms here, when its turn comes.
            item.forms = FormSet(all_forms(store.vault))
            return item
        # A replay needs no parsing. Only a hint (the bundles ahead may still add one):
        # the merge decides.
        if worker is not None and not store.bundle_known(
            opened.kit_id, opened.sequence, opened.manifest_sha256
        ):
            entries = [(e.id, e.revision) for e in opened.entries]
            item.size = sum(len(p) for p in opened.payloads)
            item.job = worker.submit(
                _prepare_records, entries, opened.payloads, item.today, item.stamp, False
            )
    except FieldkitError as error:
        item.error = error
        receiving.discard()
    except BaseException:
        receiving.discard()
        raise
    return item


def read_ahead(
    store: HqStore, hq: Identity, paths: Sequence[Path], worker: bulk.Worker | None
) -> Iterator[Read]:
    """Each bundle in turn. With a worker, up to READ_AHEAD more are read and handed to it
    while the caller merges the one yielded (fewer when their records exceed
    READ_AHEAD_BYTES); the first LOCAL_FIRST are parsed here, while the worker starts.
    Without one, each is read when its turn comes."""
    reads = (
        _read(store, hq, Path(path), worker if number >= LOCAL_FIRST else None)
        for number, path in enumerate(paths)
    )
    if worker is None:
        return reads
    return bulk.ahead(reads, READ_AHEAD, max_weight=READ_AHEAD_BYTES, weight=lambda item: item.size)


@contextlib.contextmanager
def worker_for(paths: Sequence[Path], parallel: bool | None) -> Iterator[bulk.Worker | None]:
    """A worker for :func:`_prepare_records`, or None when not worth starting one."""
    if parallel is None:
        total = 0
        for path in paths:
            with contextlib.suppress(OSError):
                total += Path(path).stat().st_size
        parallel = len(paths) > 1 and total >= PARALLEL_MIN_BYTES and bulk.usable_cores() >= 2
    if not parallel:
        yield None
        return
    with bulk.Worker() as worker:
        yield worker
