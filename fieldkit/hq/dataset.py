"""HQ's central dataset: a vault (same store code) with HQ's keys, enrolled kits and provenance.

Import reads a bundle as a bounded stream (exchange.bundle.read_file), checks it completely,
then merges it in one transaction: same interview and revision is a no-op, a newer revision
from the same kit an update, anything else that disagrees goes to quarantine for a person to
decide. Nothing is ever overwritten.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from nacl.signing import VerifyKey

from fieldkit.core.errors import FieldkitError, NotFound, ValidationError
from fieldkit.core.record import Interview, Status, now_iso, validate
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.bundle import BundleRejected
from fieldkit.exchange.keys import Card, Identity, Role, create_identity, load_identity
from fieldkit.exchange.receipt import RECEIPT_SUFFIX, Receipt, ReceiptEntry
from fieldkit.vault import bulk, keyslot
from fieldkit.vault import repository as repo
from fieldkit.vault.fsutil import atomic_write
from fieldkit.vault.store import Vault

MAX_BUNDLE_BYTES = fmt.MAX_BUNDLE_BYTES


def _tomorrow() -> date:
    """The latest interview date HQ accepts: a kit east of HQ may already be a day ahead."""
    return date.today() + timedelta(days=1)


def hq_init(
    path: Path, passphrase: str, organisation: str, *, kdf: keyslot.KdfParams | None = None
) -> tuple[Vault, str, Identity]:
    """Create HQ's central dataset with its keys; returns it open, its recovery key, its keys."""
    if not organisation.strip():
        raise FieldkitError("HQ needs the organisation's name (--org)")
    vault, recovery = Vault.create(path, passphrase, organisation=organisation.strip(), kdf=kdf)
    try:
        identity = create_identity(vault, Role.HQ, organisation.strip(), vault.vault_id)
        vault.set_setting("role", Role.HQ.value)
    except BaseException:
        vault.close()
        raise
    return vault, recovery, identity


def hq_identity(vault: Vault) -> Identity:
    identity = load_identity(vault, Role.HQ)
    if identity is None:
        raise FieldkitError("this vault is not an HQ dataset (create one with 'fieldkit hq init')")
    return identity


def enroll_kit(vault: Vault, card_path: Path) -> Card:
    """Register a kit from its card; enrolling the same card again changes nothing."""
    hq_identity(vault)
    try:
        data = Path(card_path).read_bytes()
    except OSError as error:
        raise FieldkitError(f"cannot read the card {card_path}: {error.strerror}") from error
    card = Card.parse(data, Role.KIT)
    with vault.transaction("enrolling a kit") as conn:
        known = conn.execute(
            "SELECT fingerprint FROM kits WHERE kit_id = ?", (card.ident,)
        ).fetchone()
        if known and known[0] != card.fingerprint:
            raise FieldkitError(
                f"a different kit with the same id is already enrolled ({known[0]})"
            )
        conn.execute(
            "INSERT OR IGNORE INTO kits (kit_id, fingerprint, name, card, enrolled_at) "
            "VALUES (?,?,?,?,?)",
            (card.ident, card.fingerprint, card.name, data.decode("utf-8"), now_iso()),
        )
    return card


def kits(vault: Vault) -> list[Card]:
    return [
        Card.parse(r[0].encode("utf-8"), Role.KIT)
        for r in vault.read("SELECT card FROM kits ORDER BY enrolled_at")
    ]


class ReceiptNotWritten(FieldkitError):
    """The bundle was imported (committed), but its receipt file could not be written."""


@dataclass
class ImportOutcome:
    """What one bundle did to the central dataset."""

    bundle_id: str
    kit_fingerprint: str
    sequence: int
    new: int = 0
    duplicates: int = 0  # same interview already stored, sent by another kit under its own id
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    replay: bool = False
    receipt_path: Path | None = None
    warnings: list[str] = field(default_factory=list)


#: A record's fields in version 1 (docs/bundle-format.md): no notes, no status, nothing else.
RECORD_FIELDS = frozenset(
    (
        "consent",
        "country",
        "id",
        "interview_date",
        "interviewer",
        "language",
        "organisation",
        "place",
        "quotes",
        "revision",
        "role",
        "tags",
    )
)


def _record(raw: dict[str, Any], index: int, *, today: date | None = None) -> Interview:
    # Checked before validation, which would take a stray "quote" for one more quote.
    if set(raw) != RECORD_FIELDS:
        raise BundleRejected(f"record {index} in the bundle has unexpected fields")
    fields = {k: v for k, v in raw.items() if k != "revision"}
    fields["status"] = Status.READY.value
    try:
        interview = validate(fields, today=today or _tomorrow())
    except ValidationError as error:
        raise BundleRejected(
            f"record {index} in the bundle is not valid ({error.problems[0]})"
        ) from error
    if type(raw["revision"]) is not int or not 1 <= raw["revision"] <= fmt.MAX_INT:
        raise BundleRejected(f"record {index} in the bundle has an invalid revision")
    return replace(interview, status=Status.RECEIVED, revision=raw["revision"])


def _prepare_records(
    entries: Sequence[tuple[str, int]],
    payloads: Sequence[bytes],
    today: date,
    saved: str,
    keep: bool,
) -> tuple[list[bulk.Prepared], list[Interview] | None]:
    """A verified bundle's records parsed (canonical JSON naming its entry's id and revision),
    validated, and as the rows each would be stored as if new at time ``saved``; with ``keep``
    the validated interviews too. Pure (no database): it runs in a worker process while the
    bundles before it merge."""
    raws = fmt.parse_payloads(entries, payloads)
    interviews = [_record(raw, n, today=today) for n, raw in enumerate(raws, start=1)]
    prepared = [bulk.prepare(interview, saved) for interview in interviews]
    return prepared, (interviews if keep else None)


def _verify_key_for(vault: Vault, hq: Identity, found: list[Card] | None = None) -> Any:
    card = hq.card

    def key_for(manifest: dict[str, Any]) -> VerifyKey:
        if manifest["hq_id"] != card.ident or manifest["hq_fingerprint"] != card.fingerprint:
            raise BundleRejected("the bundle was made for another HQ")
        rows = vault.read("SELECT card FROM kits WHERE kit_id = ?", (manifest["kit_id"],))
        if not rows:
            raise BundleRejected(
                f"the bundle comes from a kit HQ has not enrolled (fingerprint "
                f"{manifest['kit_fingerprint']}); if you expect it, enroll its card with "
                "'fieldkit hq enroll-kit'"
            )
        kit = Card.parse(rows[0][0].encode("utf-8"), Role.KIT)
        if manifest["kit_signing_key"] != kit.body()["signing_key"]:
            raise BundleRejected("the bundle's signature does not match its kit's key")
        if found is not None:
            found.append(kit)
        return kit.verify_key()

    return key_for


def _open(vault: Vault, hq: Identity, path: Path, *, parse: bool) -> tuple[fmt.OpenedBundle, Card]:
    """:func:`read_bundle`, with the enrolled kit's card its signature was checked against."""
    # Opened safely and read as a stream with every bound (fmt.open_file); whole in memory
    # only once the final chunk authenticated (bounded by the manifest's caps).
    found: list[Card] = []
    opened = fmt.read_file(
        Path(path), hq.age, _verify_key_for(vault, hq, found), parse=parse, limit=MAX_BUNDLE_BYTES
    )
    return opened, found[0]


def read_bundle(vault: Vault, path: Path, *, parse: bool = True) -> fmt.OpenedBundle:
    """Decrypt and fully verify a bundle against this HQ and its enrolled kits."""
    return _open(vault, hq_identity(vault), path, parse=parse)[0]


def import_bundle(
    vault: Vault,
    path: Path,
    *,
    receipts_dir: Path | None = None,
) -> ImportOutcome:
    """Verify and merge one bundle, then write its receipt (the same one on a replay)."""
    [result] = import_bundles(vault, [Path(path)], receipts_dir=receipts_dir)
    if isinstance(result, FieldkitError):
        raise result
    return result


#: Bundles merged per transaction by :func:`import_bundles`: a commit costs about as much as
#: merging a thousand interviews, so sharing it pays; the cap bounds the write-ahead log.
BUNDLES_PER_TRANSACTION = 25
#: Bundles read ahead of the one merging, their records parsed and validated in a worker
#: process meanwhile; at most READ_AHEAD_BYTES of records wait, so memory stays bounded.
READ_AHEAD = 2
READ_AHEAD_BYTES = 256 * 1024 * 1024
#: Bundles parsed in this process while the worker starts (~0.2 s until it takes work).
LOCAL_FIRST = 2
#: Bundle files adding up to less than this are imported in this process alone (a worker
#: takes ~0.2 s to start).
PARALLEL_MIN_BYTES = bulk.PARALLEL_MIN_BYTES
#: Page cache for an import transaction, in KiB (given back when it ends). 25 bundles of a
#: thousand interviews touch ~100 MB of pages; in the bulk import's 64 MiB they spill to the
#: write-ahead log mid-transaction and are read back (decrypted, HMAC checked): ~6% slower.
IMPORT_CACHE_KIB = 128 * 1024


@dataclass
class _Merged:
    """A bundle merged (or replayed), waiting for its transaction to commit to get its
    receipt file (without its records: 25 of them wait)."""

    path: Path
    bundle_id: str
    sequence: int
    kit: Card
    outcome: ImportOutcome
    receipt: bytes


@dataclass
class _Read:
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

    def records(self) -> tuple[list[bulk.Prepared], list[Interview] | None]:
        if self.job is not None:
            result: tuple[list[bulk.Prepared], list[Interview] | None] = self.job.get()
            return result
        assert self.opened is not None
        entries = [(e.id, e.revision) for e in self.opened.entries]
        return _prepare_records(entries, self.opened.payloads, self.today, self.stamp, True)


class _Worker:
    """A worker process for :func:`_prepare_records`, started when first given a bundle (an
    import of replays only never starts it)."""

    def __init__(self) -> None:
        self._stack = contextlib.ExitStack()
        self._pool: Any = None

    def submit(self, *args: Any) -> Any:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = self._stack.enter_context(
                context.Pool(1, initializer=bulk.ignore_interrupt)
            )
        return self._pool.apply_async(_prepare_records, args)

    def close(self) -> None:
        self._stack.close()


def _read(vault: Vault, hq: Identity, path: Path, worker: _Worker | None) -> _Read:
    item = _Read(path, now_iso(), _tomorrow())
    try:
        item.opened, item.kit = _open(vault, hq, path, parse=False)
        opened = item.opened
        # A replay needs no parsing. Only a hint (the bundles ahead may still add one):
        # _plan_bundle decides. The covering index spares reading rows with their receipts.
        if worker is not None and not vault.read(
            "SELECT 1 FROM bundles_in INDEXED BY bundles_in_by_kit "
            "WHERE kit_id = ? AND sequence = ? AND manifest_sha256 = ?",
            (opened.kit_id, opened.sequence, opened.manifest_sha256),
        ):
            entries = [(e.id, e.revision) for e in opened.entries]
            item.size = sum(len(p) for p in opened.payloads)
            item.job = worker.submit(entries, opened.payloads, item.today, item.stamp, False)
    except FieldkitError as error:
        item.error = error
    return item


def _read_ahead(
    vault: Vault, hq: Identity, paths: Sequence[Path], worker: _Worker | None
) -> Iterator[_Read]:
    """Each bundle in turn. With a worker, up to READ_AHEAD more are read and handed to it
    while the caller merges the one yielded (fewer when their records exceed
    READ_AHEAD_BYTES); the first LOCAL_FIRST are parsed here, while the worker starts.
    Without one, each is read when its turn comes."""
    waiting: deque[_Read] = deque()
    held = 0
    for number, path in enumerate(paths):
        item = _read(vault, hq, Path(path), worker if number >= LOCAL_FIRST else None)
        waiting.append(item)
        held += item.size
        while waiting and (worker is None or len(waiting) > READ_AHEAD or held > READ_AHEAD_BYTES):
            done = waiting.popleft()
            held -= done.size
            yield done
    while waiting:
        yield waiting.popleft()


@contextlib.contextmanager
def _worker(paths: Sequence[Path], parallel: bool | None) -> Iterator[_Worker | None]:
    """A worker for :func:`_prepare_records`, or None when not worth starting one."""
    if parallel is None:
        total = 0
        for path in paths:
            with contextlib.suppress(OSError):
                total += Path(path).stat().st_size
        parallel = len(paths) > 1 and total >= PARALLEL_MIN_BYTES and (os.cpu_count() or 1) >= 2
    if not parallel:
        yield None
        return
    worker = _Worker()
    try:
        yield worker
    finally:
        worker.close()


def import_bundles(
    vault: Vault,
    paths: Sequence[Path],
    *,
    receipts_dir: Path | None = None,
    parallel: bool | None = None,
) -> list[ImportOutcome | FieldkitError]:
    """Verify and merge bundles in order; one result per path: its outcome, or why it was
    rejected (nothing of it imported). Receipts are written once their transaction has
    committed.

    Every check of a bundle runs, and everything it will write is decided, before its first
    write: a rejected bundle has written nothing. Its writes are then plain inserts, which
    only the database itself can refuse (rolling back the whole transaction); a bundle that
    updates interviews also merges inside a savepoint, as saving checks more than the row.
    With several megabytes of bundles (or ``parallel``), a worker process parses and
    validates the next bundles' records while this one writes (READ_AHEAD bounds them)."""
    hq = hq_identity(vault)
    results: list[ImportOutcome | FieldkitError] = []
    with _worker(paths, parallel) as worker:
        items = _read_ahead(vault, hq, paths, worker)
        for _ in range(0, len(paths), BUNDLES_PER_TRANSACTION):
            merged: list[tuple[int, _Merged]] = []
            with (
                repo.import_cache(vault, IMPORT_CACHE_KIB),
                vault.transaction("importing bundles") as conn,
            ):
                for item in itertools.islice(items, BUNDLES_PER_TRANSACTION):
                    try:
                        plan = _plan_bundle(vault, conn, hq, item)
                    except FieldkitError as error:
                        results.append(error)
                        continue
                    if plan.guarded:
                        conn.execute("SAVEPOINT bundle")
                        try:
                            _apply(conn, plan)
                        except FieldkitError as error:
                            conn.execute("ROLLBACK TO bundle")
                            conn.execute("RELEASE bundle")
                            results.append(error)
                            continue
                        conn.execute("RELEASE bundle")
                    else:
                        _apply(conn, plan)
                    merged.append((len(results), plan.merged))
                    results.append(plan.merged.outcome)
            for index, merged_item in merged:
                try:
                    _write_receipt(merged_item, receipts_dir)
                except ReceiptNotWritten as error:
                    results[index] = error
    return results


@dataclass
class _Plan:
    """What merging one bundle writes, all decided (its receipt sealed) before any write."""

    merged: _Merged
    stamp: str
    #: In entry order: an update to save (an Interview), or a quarantine row.
    changes: list[Any] = field(default_factory=list)
    fresh: list[bulk.Prepared] = field(default_factory=list)
    aliases: list[tuple[Any, ...]] = field(default_factory=list)
    provenance: list[tuple[Any, ...]] = field(default_factory=list)
    bundle_row: tuple[Any, ...] | None = None  # None: a replay writes nothing

    @property
    def guarded(self) -> bool:
        """Whether a write may be refused by more than the database: saving an update."""
        return any(isinstance(change, Interview) for change in self.changes)


def _plan_bundle(vault: Vault, conn: Any, hq: Identity, item: _Read) -> _Plan:
    # Signature and every record's hash first; the records are parsed and validated only
    # when the bundle is new (a replay returns its stored receipt: the signed hashes match).
    if item.error is not None:
        raise item.error
    opened, kit = item.opened, item.kit
    assert opened is not None and kit is not None
    outcome = ImportOutcome(opened.bundle_id, kit.fingerprint, opened.sequence)
    seen = _seen(vault, opened)
    if seen is not None:
        outcome.replay = True
        outcome.unchanged = len(opened.entries)
        merged = _Merged(item.path, opened.bundle_id, opened.sequence, kit, outcome, seen)
        return _Plan(merged, item.stamp)
    prepared, interviews = item.records()
    clash = conn.execute(
        "SELECT bundle_id FROM bundles_in WHERE kit_id = ? AND sequence = ?",
        (opened.kit_id, opened.sequence),
    ).fetchone()
    if clash:
        raise BundleRejected(
            f"kit {kit.fingerprint} already sent a different bundle number {opened.sequence}"
        )
    stamp = item.stamp
    outcome.warnings.extend(_sequence_warnings(conn, opened, kit))
    plan = _Plan(_Merged(item.path, opened.bundle_id, opened.sequence, kit, outcome, b""), stamp)
    stored, quarantined = _merge(conn, opened, item, prepared, interviews, plan)
    receipt = Receipt(
        opened.bundle_id,
        opened.kit_id,
        hq.ident,
        opened.manifest_sha256,
        stamp,
        tuple(stored),
        tuple(quarantined),
    )
    plan.merged.receipt = receipt.seal(hq.signing, kit.recipient())
    plan.bundle_row = (
        opened.bundle_id,
        opened.kit_id,
        opened.sequence,
        opened.manifest_sha256,
        opened.manifest["prev_manifest_sha256"],
        stamp,
        len(stored),
        len(quarantined),
        plan.merged.receipt,
    )
    return plan


_QUARANTINE_SQL = (
    "INSERT OR IGNORE INTO quarantine (interview_id, kit_id, bundle_id, kit_revision, "
    "sha256, payload, reason, received_at) VALUES (?,?,?,?,?,?,?,?)"
)


def _apply(conn: Any, plan: _Plan) -> None:
    """Write what :func:`_plan_bundle` decided."""
    if plan.bundle_row is None:
        return
    for change in plan.changes:
        if isinstance(change, Interview):
            repo.save_in(conn, change, plan.stamp)
        else:
            conn.execute(_QUARANTINE_SQL, change)
    if plan.fresh:
        repo.insert_new(conn, plan.fresh, plan.stamp)
    conn.executemany(
        "INSERT INTO aliases (interview_id, stored_id, kit_id, bundle_id, noted_at) "
        "VALUES (?,?,?,?,?)",
        plan.aliases,
    )
    conn.executemany(
        "INSERT INTO provenance (interview_id, kit_revision, kit_id, bundle_id, sha256, "
        "imported_at) VALUES (?,?,?,?,?,?)",
        plan.provenance,
    )
    conn.execute(
        "INSERT INTO bundles_in (bundle_id, kit_id, sequence, manifest_sha256, "
        "prev_manifest_sha256, imported_at, stored, quarantined, receipt) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        plan.bundle_row,
    )


def _write_receipt(item: _Merged, receipts_dir: Path | None) -> None:
    folder = Path(receipts_dir) if receipts_dir else item.path.parent
    item.outcome.receipt_path = folder / f"{item.bundle_id}{RECEIPT_SUFFIX}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(item.outcome.receipt_path, item.receipt, mode=0o644)
    except OSError as error:
        # The merge is committed: say so, and how to get the receipt (a replay writes it).
        raise ReceiptNotWritten(
            f"bundle {item.sequence} of kit {item.kit.fingerprint} was imported, but "
            f"its receipt could not be written to {folder} ({error.strerror or error}); import "
            "the bundle again to write the receipt"
        ) from error


def _seen(vault: Vault, opened: fmt.OpenedBundle) -> bytes | None:
    """The stored receipt if this very bundle was imported before; refuse an id reused."""
    rows = vault.read(
        "SELECT manifest_sha256, receipt FROM bundles_in WHERE bundle_id = ?", (opened.bundle_id,)
    )
    if not rows:
        return None
    if rows[0][0] != opened.manifest_sha256:
        raise BundleRejected("a different bundle with the same id was imported before")
    return bytes(rows[0][1])


def _sequence_warnings(conn: Any, opened: fmt.OpenedBundle, kit: Card) -> list[str]:
    have = {
        int(r[0]): r[1]
        for r in conn.execute(
            "SELECT sequence, manifest_sha256 FROM bundles_in WHERE kit_id = ?", (opened.kit_id,)
        )
    }
    warnings: list[str] = []
    # Counted, not listed: a sequence number may be as large as 2**63 - 1.
    missing = opened.sequence - 1 - sum(1 for n in have if n < opened.sequence)
    number = 0
    while len(warnings) < min(missing, 20):
        number += 1
        if number not in have:
            warnings.append(f"bundle {number} of kit {kit.fingerprint} is missing")
    if missing > 20:
        warnings.append(f"… and {missing - 20} more bundles of kit {kit.fingerprint}")
    before = have.get(opened.sequence - 1)
    if before is not None and before != opened.manifest["prev_manifest_sha256"]:
        warnings.append(
            f"bundle {opened.sequence} of kit {kit.fingerprint} does not follow the bundle "
            "before it (the kit may have been restored from a backup)"
        )
    return warnings


def _merge(
    conn: Any,
    opened: fmt.OpenedBundle,
    item: _Read,
    prepared: Sequence[bulk.Prepared],
    interviews: Sequence[Interview] | None,
    plan: _Plan,
) -> tuple[list[ReceiptEntry], list[ReceiptEntry]]:
    """Decide what each record does (reading only) into ``plan``; the receipt's two lists."""
    outcome = plan.merged.outcome
    stamp = plan.stamp
    stored: list[ReceiptEntry] = []
    quarantined: list[ReceiptEntry] = []

    def incoming(index: int) -> Interview:
        # The validated record. A worker hands back rows only (what new records need), so
        # a record that is not new is parsed and validated again here, as it was there.
        if interviews is not None:
            return interviews[index]
        entry = opened.entries[index]
        raw = fmt.parse_payloads([(entry.id, entry.revision)], [opened.payloads[index]])[0]
        return _record(raw, index + 1, today=item.today)

    ids = [p.id for p in prepared]
    known: dict[str, list[tuple[int, str, str]]] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for interview_id, revision, kit_id, sha in conn.execute(
            "SELECT interview_id, kit_revision, kit_id, sha256 FROM provenance "
            f"WHERE interview_id IN ({','.join('?' * len(part))})",
            part,
        ):
            known.setdefault(interview_id, []).append((int(revision), kit_id, sha))
        for (interview_id,) in conn.execute(
            f"SELECT id FROM interviews WHERE id IN ({','.join('?' * len(part))})", part
        ):
            # Stored at HQ without provenance (typed at HQ): never overwritten by a kit.
            known.setdefault(interview_id, [(0, "", "")])
    alias_of: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        alias_of.update(
            conn.execute(
                "SELECT interview_id, stored_id FROM aliases "
                f"WHERE interview_id IN ({','.join('?' * len(part))})",
                part,
            )
        )
    stored_prints: dict[str, str] = {}
    prints = [p.fingerprint for p in prepared]
    for start in range(0, len(prints), 500):
        part = prints[start : start + 500]
        stored_prints.update(
            (fp, iid)
            for fp, iid in conn.execute(
                "SELECT fingerprint, id FROM interviews WHERE fingerprint IN "
                f"({','.join('?' * len(part))})",
                part,
            )
        )
    for index, (entry, rows) in enumerate(zip(opened.entries, prepared, strict=True)):
        fingerprint = rows.fingerprint
        receipt_entry = ReceiptEntry(entry.id, entry.revision, entry.sha256)
        history = known.get(entry.id)
        if not history and fingerprint in stored_prints:
            plan.aliases.append(
                (entry.id, stored_prints[fingerprint], opened.kit_id, opened.bundle_id, stamp)
            )
            plan.provenance.append(
                (entry.id, entry.revision, opened.kit_id, opened.bundle_id, entry.sha256, stamp)
            )
            stored.append(receipt_entry)
            outcome.duplicates += 1
            continue
        if not history:
            stored_prints[fingerprint] = entry.id
            plan.fresh.append(rows)  # stored as HQ revision 1
            plan.provenance.append(
                (entry.id, entry.revision, opened.kit_id, opened.bundle_id, entry.sha256, stamp)
            )
            stored.append(receipt_entry)
            outcome.new += 1
            continue
        same = [h for h in history if h[0] == entry.revision and h[1] == opened.kit_id]
        latest = max(history)
        if same and same[0][2] == entry.sha256:
            stored.append(receipt_entry)
            outcome.unchanged += 1
        elif entry.id in alias_of:
            # HQ keeps one record for what two kits sent alike; a change from either is a
            # decision for a person, never a silent split or overwrite.
            target_id = alias_of[entry.id]
            plan.changes.append(
                _quarantine_row(
                    opened,
                    entry,
                    target_id,
                    replace(incoming(index), id=target_id),
                    stamp,
                    "a changed version of an interview another kit also sent",
                )
            )
            quarantined.append(receipt_entry)
            outcome.quarantined += 1
        elif (
            not same and all(h[1] == opened.kit_id for h in history) and entry.revision > latest[0]
        ):
            plan.changes.append(replace(incoming(index), revision=0))
            plan.provenance.append(
                (entry.id, entry.revision, opened.kit_id, opened.bundle_id, entry.sha256, stamp)
            )
            stored.append(receipt_entry)
            outcome.updated += 1
        else:
            reason = (
                "same revision with different content"
                if same
                else "another kit sent this interview"
                if any(h[1] != opened.kit_id for h in history)
                else "an older revision than the one stored"
            )
            plan.changes.append(
                _quarantine_row(opened, entry, entry.id, incoming(index), stamp, reason)
            )
            quarantined.append(receipt_entry)
            outcome.quarantined += 1
    return stored, quarantined


def _quarantine_row(
    opened: fmt.OpenedBundle,
    entry: fmt.Entry,
    interview_id: str,
    interview: Interview,
    stamp: str,
    reason: str,
) -> tuple[Any, ...]:
    return (
        interview_id,
        opened.kit_id,
        opened.bundle_id,
        entry.revision,
        entry.sha256,
        json.dumps(interview.to_dict(), ensure_ascii=False),
        reason,
        stamp,
    )


# --- quarantine ----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarantineItem:
    id: int
    interview_id: str
    kit_fingerprint: str
    reason: str
    received_at: str
    incoming: Interview
    stored: Interview | None


def quarantine(vault: Vault) -> list[QuarantineItem]:
    """Open quarantine items, each with the incoming and the stored version side by side."""
    items = []
    for qid, interview_id, fp, reason, received, payload in vault.read(
        "SELECT q.id, q.interview_id, k.fingerprint, q.reason, q.received_at, q.payload "
        "FROM quarantine q JOIN kits k ON k.kit_id = q.kit_id "
        "WHERE q.resolved_at IS NULL ORDER BY q.id"
    ):
        incoming = validate(json.loads(payload), today=_tomorrow())
        found = repo.get_many(vault, [interview_id])
        items.append(
            QuarantineItem(
                int(qid), interview_id, fp, reason, received, incoming, found[0] if found else None
            )
        )
    return items


def resolve(vault: Vault, item_id: int, *, accept: bool) -> None:
    """Accept the incoming version (a new HQ revision) or keep the stored one."""
    rows = vault.read(
        "SELECT interview_id, kit_id, bundle_id, kit_revision, sha256, payload "
        "FROM quarantine WHERE id = ? AND resolved_at IS NULL",
        (item_id,),
    )
    if not rows:
        raise NotFound(f"no open quarantine item {item_id}")
    interview_id, kit_id, bundle_id, revision, sha, payload = rows[0]
    stamp = now_iso()
    with vault.transaction("resolving quarantine") as conn:
        if accept:
            incoming = replace(
                validate(json.loads(payload), today=_tomorrow()), status=Status.RECEIVED
            )
            repo.save_in(conn, incoming, stamp)
            conn.execute(
                "INSERT OR REPLACE INTO provenance (interview_id, kit_revision, kit_id, "
                "bundle_id, sha256, imported_at) VALUES (?,?,?,?,?,?)",
                (interview_id, revision, kit_id, bundle_id, sha, stamp),
            )
        conn.execute(
            "UPDATE quarantine SET resolved_at = ?, resolution = ? WHERE id = ?",
            (stamp, "accepted" if accept else "kept stored", item_id),
        )


@dataclass(frozen=True)
class Provenance:
    kit_fingerprint: str
    bundle_id: str
    kit_revision: int
    imported_at: str


def provenance(vault: Vault, interview_ids: Sequence[str]) -> dict[str, list[Provenance]]:
    """Where each interview's stored revisions came from, oldest first (including the same
    interview sent by other kits under their own ids)."""
    out: dict[str, list[Provenance]] = {}
    for start in range(0, len(interview_ids), 500):
        part = list(interview_ids[start : start + 500])
        marks = ",".join("?" * len(part))
        for iid, fp, bundle_id, revision, imported in vault.read(
            "SELECT p.interview_id, k.fingerprint, p.bundle_id, p.kit_revision, p.imported_at "
            "FROM provenance p JOIN kits k ON k.kit_id = p.kit_id "
            f"WHERE p.interview_id IN ({marks}) "
            "UNION ALL "
            "SELECT a.stored_id, k.fingerprint, p.bundle_id, p.kit_revision, p.imported_at "
            "FROM aliases a JOIN provenance p ON p.interview_id = a.interview_id "
            "JOIN kits k ON k.kit_id = p.kit_id "
            f"WHERE a.stored_id IN ({marks}) "
            "ORDER BY 5, 4",
            (*part, *part),
        ):
            out.setdefault(iid, []).append(Provenance(fp, bundle_id, int(revision), imported))
    return out
