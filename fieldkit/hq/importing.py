"""Importing bundles at HQ, as ``fieldkit hq import`` and the HQ window both do: read ahead
(:mod:`~fieldkit.hq.intake`), merge (:mod:`~fieldkit.hq.merge`) several bundles per
transaction, then write each merged bundle's receipt once its transaction has committed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from fieldkit.core.errors import FieldkitError
from fieldkit.exchange.keys import Identity
from fieldkit.exchange.receipt import RECEIPT_SUFFIX
from fieldkit.hq.attachments import Receiving
from fieldkit.hq.dataset import hq_identity
from fieldkit.hq.import_history import row_for
from fieldkit.hq.intake import Read, read_ahead, worker_for
from fieldkit.hq.merge import ImportOutcome, Merged, apply, plan_bundle
from fieldkit.hq.storage import DatasetRefused, HqStore
from fieldkit.vault.fsutil import atomic_write
from fieldkit.vault.store import Vault

#: Bundles merged per transaction by :func:`import_bundles`: a commit costs about as much as
#: merging a thousand interviews, so sharing it pays; the cap bounds the write-ahead log.
BUNDLES_PER_TRANSACTION = 25

Result = ImportOutcome | FieldkitError
#: Told each bundle's path and result, in order, once its fate is committed.
OnResult = Callable[[Path, Result], None]


class ReceiptNotWritten(FieldkitError):
    """The bundle was imported (committed), but its receipt file could not be written."""


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


def import_bundles(
    vault: Vault,
    paths: Sequence[Path],
    *,
    receipts_dir: Path | None = None,
    parallel: bool | None = None,
    on_result: OnResult | None = None,
    stop: Callable[[], bool] | None = None,
) -> list[Result]:
    """Verify and merge bundles in order; one result per path: its outcome, or why it was
    rejected (nothing of it imported). Receipts are written once their transaction has
    committed; then ``on_result`` hears of each of its bundles, in order.

    Every check of a bundle runs, and everything it will write is decided, before its first
    write: a rejected bundle has written nothing. Its writes are then plain inserts, which
    only the database itself can refuse, and saves of updates, which check more; each
    bundle merges inside a savepoint, so a constraint the database enforces (or an update's
    checks) undoes that bundle alone, reported by a one-line reason. Anything else refusing
    a plain write is unforeseen and rolls back the whole transaction.
    With several megabytes of bundles (or ``parallel``), a worker process parses and
    validates the next bundles' records while this one writes (READ_AHEAD bounds them).
    ``stop`` is asked before each bundle: once it says so, the bundles merged so far are
    committed and the rest left alone (the list is then shorter than ``paths``)."""
    hq = hq_identity(vault)
    store = HqStore(vault)
    results: list[Result] = []
    with worker_for(paths, parallel) as worker:
        items = read_ahead(store, hq, paths, worker)
        while len(results) < len(paths) and not (stop is not None and stop()):
            first = len(results)
            merged = _transaction(store, hq, _batch(items, stop), results)
            for index, item in merged:
                try:
                    _write_receipt(item, receipts_dir)
                except ReceiptNotWritten as error:
                    results[index] = error
            if on_result is not None:
                for index in range(first, len(results)):
                    on_result(Path(paths[index]), results[index])
    return results


def _batch(items: Iterator[Read], stop: Callable[[], bool] | None) -> Iterator[Read]:
    """The next BUNDLES_PER_TRANSACTION bundles, fewer once ``stop`` says so."""
    for _ in range(BUNDLES_PER_TRANSACTION):
        if stop is not None and stop():
            return
        item = next(items, None)
        if item is None:
            return
        yield item


def _transaction(
    store: HqStore, hq: Identity, batch: Iterator[Read], results: list[Result]
) -> list[tuple[int, Merged]]:
    """Merge ``batch`` in one transaction, appending each bundle's result to ``results``
    and a line to HQ's history of imports; the bundles merged (with their index there),
    awaiting their receipt files."""
    merged: list[tuple[int, Merged]] = []
    # The attachments each bundle sealed into the dataset wait for the commit: then the
    # files whose rows went in are the dataset's, the rest removed (all of them if it fails).
    waiting: list[tuple[Receiving, set[str]]] = []
    try:
        with store.importing() as writer:
            for item in batch:
                receiving = item.receiving or Receiving(store.vault)
                try:
                    plan = plan_bundle(store, writer, hq, item)
                except FieldkitError as error:
                    receiving.discard()
                    results.append(error)
                    writer.log_import(row_for(item, error))
                    continue
                # Each bundle in a savepoint: a constraint the database enforces (or, for an
                # update, a save's own checks) undoes that bundle alone and names it;
                # anything else refusing a plain write is unforeseen and takes the whole
                # transaction.
                waiting.append((receiving, set()))
                try:
                    with writer.savepoint():
                        apply(writer, plan)
                except FieldkitError as error:
                    if not plan.guarded and not isinstance(error, DatasetRefused):
                        raise
                    receiving.discard()
                    results.append(error)
                    writer.log_import(row_for(item, error))
                    continue
                waiting[-1] = (receiving, plan.kept_files)
                merged.append((len(results), plan.merged))
                results.append(plan.merged.outcome)
                writer.log_import(row_for(item, plan.merged.outcome))
    except BaseException:
        for receiving, _kept in waiting:
            receiving.discard()
        raise
    for receiving, kept in waiting:
        receiving.release(kept)
    return merged


def _write_receipt(item: Merged, receipts_dir: Path | None) -> None:
    if not item.receipt:  # held, not merged: HQ signs nothing for it
        return
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
