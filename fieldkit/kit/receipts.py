"""Applying HQ's receipts: mark what HQ confirmed as received, and purge it if asked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from nacl.signing import VerifyKey

from fieldkit.core.canonical import sha256_hex
from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import Status, now_iso
from fieldkit.exchange.bundle import payload_of
from fieldkit.exchange.keys import Role, load_identity
from fieldkit.exchange.receipt import MAX_RECEIPT_BYTES, Receipt, ReceiptRejected, open_receipt
from fieldkit.kit.enroll import pinned_hq
from fieldkit.kit.export import chunks
from fieldkit.vault import blobs, carried, records
from fieldkit.vault.database import forget_removed_words
from fieldkit.vault.fsutil import NotARegularFile, open_regular
from fieldkit.vault.settings import RECENT_SEARCHES
from fieldkit.vault.store import Vault


@dataclass
class ReceiptSummary:
    bundle_id: str
    confirmed: int = 0
    changed_since: int = 0
    quarantined: int = 0
    purged: int = 0
    #: Attachments HQ confirmed holding, by their SHA-256.
    attachments_confirmed: int = 0
    #: Attachments of the purged interviews crypto-erased (HQ confirmed them as they are).
    attachments_erased: int = 0
    #: Attachments of the purged interviews kept: kit-only, or not confirmed as they are.
    attachments_kept: int = 0


def _hq_key(vault: Vault) -> Callable[[str], VerifyKey | None]:
    hq = pinned_hq(vault)

    def key_for(hq_id: str) -> VerifyKey | None:
        return hq.verify_key() if hq is not None and hq.ident == hq_id else None

    return key_for


def read_receipt(vault: Vault, path: Path) -> Receipt:
    kit = load_identity(vault, Role.KIT)
    if kit is None:
        raise ReceiptRejected("this kit has never exported a bundle; the receipt is not for it")
    try:
        with open_regular(Path(path), MAX_RECEIPT_BYTES) as handle:
            data = handle.read(MAX_RECEIPT_BYTES + 1)
    except NotARegularFile as error:
        raise ReceiptRejected(f"the receipt {path} cannot be opened: {error}") from error
    except OSError as error:
        raise FieldkitError(f"cannot read the receipt {path}: {error.strerror}") from error
    if len(data) > MAX_RECEIPT_BYTES:
        raise ReceiptRejected(f"the receipt {path} is larger than a receipt can be")
    receipt = open_receipt(data, kit.age, _hq_key(vault))
    if receipt.kit_id != kit.ident:
        raise ReceiptRejected("this receipt is for another kit")
    return receipt


def apply_receipt(vault: Vault, path: Path, *, purge: bool = False) -> ReceiptSummary:
    """Mark what HQ confirmed as received; with ``purge``, remove its quotes and notes.

    Only interviews whose content still has the hash HQ confirmed are marked or purged; all
    changes happen in one transaction.
    """
    receipt = read_receipt(vault, path)
    sent = vault.read(
        "SELECT manifest_sha256, hq_id FROM bundles_out WHERE bundle_id = ?", (receipt.bundle_id,)
    )
    if not sent or sent[0][0] != receipt.manifest_sha256:
        raise ReceiptRejected("this receipt is for a bundle this kit did not make")
    if sent[0][1] != receipt.hq_id:
        raise ReceiptRejected("this receipt comes from another HQ than the one its bundle was for")
    sent_entries = {
        r[0]: (r[1], r[2])
        for r in vault.read(
            "SELECT interview_id, revision, sha256 FROM sent_entries WHERE bundle_id = ?",
            (receipt.bundle_id,),
        )
    }
    summary = ReceiptSummary(receipt.bundle_id, quarantined=len(receipt.quarantined))
    erased: list[str] = []
    purged = {
        r[0] for r in vault.read("SELECT interview_id FROM confirmed WHERE purged_at IS NOT NULL")
    }
    stamp = now_iso()
    with vault.transaction("applying a receipt") as conn:
        for entry in receipt.stored:
            if sent_entries.get(entry.id) != (entry.revision, entry.sha256):
                raise ReceiptRejected("this receipt lists records that were not in its bundle")
        sent_files = carried.sent_in(conn, receipt.bundle_id)
        for attachment_id, sha256 in receipt.attachments or ():
            if sent_files.get(attachment_id) != sha256:
                raise ReceiptRejected("this receipt lists attachments that were not in its bundle")
        summary.attachments_confirmed = carried.confirm_in(conn, receipt.attachments or ())
        current = {
            i.id: i
            for chunk in chunks([e.id for e in receipt.stored])
            for i in records.get_many(vault, chunk)
        }
        for entry in receipt.stored:
            interview = current.get(entry.id)
            if entry.id in purged:
                summary.confirmed += 1  # confirmed and purged by an earlier application
                continue
            conn.execute(
                "INSERT INTO confirmed (interview_id, revision, sha256, bundle_id, confirmed_at)"
                " VALUES (?,?,?,?,?) ON CONFLICT (interview_id) DO UPDATE SET "
                "revision = excluded.revision, sha256 = excluded.sha256, "
                "bundle_id = excluded.bundle_id, confirmed_at = excluded.confirmed_at "
                "WHERE confirmed.purged_at IS NULL",
                (entry.id, entry.revision, entry.sha256, receipt.bundle_id, stamp),
            )
            if interview is None or sha256_hex(payload_of(interview)) != entry.sha256:
                summary.changed_since += 1
                continue
            summary.confirmed += 1
            if interview.status is not Status.RECEIVED:
                conn.execute("UPDATE interviews SET status = 'received' WHERE id = ?", (entry.id,))
            if purge:
                emptied = replace(interview, quotes=(), notes="", status=Status.RECEIVED)
                records.save_in(conn, emptied, stamp)
                # Erased only where HQ confirmed holding what would be sent now (the original
                # goes with its copy); kit-only and unconfirmed ones stay, or they would be lost.
                names, forgotten, kept = carried.purge_in(conn, entry.id)
                erased.extend(names)
                summary.attachments_erased += forgotten
                summary.attachments_kept += kept
                conn.execute(
                    "UPDATE confirmed SET purged_at = ? WHERE interview_id = ?", (stamp, entry.id)
                )
                summary.purged += 1
        if summary.purged:
            forget_removed_words(conn)
            # Searches typed on this kit could name what was just removed.
            conn.execute("DELETE FROM settings WHERE key = ?", (RECENT_SEARCHES.key,))
        conn.execute(
            "UPDATE bundles_out SET receipt_at = ? WHERE bundle_id = ?", (stamp, receipt.bundle_id)
        )
    if summary.purged:
        vault.checkpoint()  # the deleted keys must not survive in the write-ahead log
    if erased:
        blobs.erase(vault.path, erased)
    return summary
