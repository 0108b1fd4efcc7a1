"""The kit's side of the exchange: enroll an HQ, export bundles, apply receipts."""

from __future__ import annotations

import contextlib
import enum
import errno
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from nacl.signing import VerifyKey

from fieldkit.core.canonical import canonical_json, sha256_hex
from fieldkit.core.errors import DiskFull, FieldkitError
from fieldkit.core.record import Interview, Status, now_iso, problems_for_ready
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.keys import Card, Identity, Role, ensure_kit_identity, load_identity
from fieldkit.exchange.receipt import Receipt, ReceiptRejected, open_receipt
from fieldkit.vault import repository as repo
from fieldkit.vault import review
from fieldkit.vault.fsutil import fsync_dir
from fieldkit.vault.store import Vault, forget_removed_words

BUNDLE_SUFFIX = ".fkbundle"
RECEIPT_SUFFIX = ".fkreceipt"
CHUNK = 500

Progress = Callable[[int, int], None]


class NotEnrolled(FieldkitError):
    """The kit has no HQ to send to yet."""


def payload_of(interview: Interview) -> bytes:
    """The record as it travels to HQ: its content and revision, without the private notes.

    Status is left out: it is this kit's workflow (sent, received), not content.
    """
    data = interview.shared_dict()
    data["revision"] = interview.revision
    return canonical_json(data, checked=True)


# --- enrollment ----------------------------------------------------------------------------


def pinned_hq(vault: Vault) -> Card | None:
    rows = vault.read("SELECT card FROM hq_pins ORDER BY enrolled_at LIMIT 1")
    return Card.parse(rows[0][0].encode("utf-8"), Role.HQ) if rows else None


def enroll_hq(vault: Vault, card_path: Path, *, replace_pin: bool = False) -> Card:
    """Pin the HQ whose card is at ``card_path`` as the one this kit sends to."""
    data = Path(card_path).read_bytes() if Path(card_path).is_file() else None
    if data is None:
        raise FieldkitError(f"no such card file: {card_path}")
    card = Card.parse(data, Role.HQ)
    current = pinned_hq(vault)
    if current is not None and current.fingerprint != card.fingerprint and not replace_pin:
        raise FieldkitError(
            f"this kit already sends to HQ {current.fingerprint}; "
            "enroll with --replace to send to another"
        )
    ensure_kit_identity(vault)
    with vault.transaction("enrolling HQ") as conn:
        conn.execute("DELETE FROM hq_pins")
        conn.execute(
            "INSERT INTO hq_pins (hq_id, fingerprint, card, enrolled_at) VALUES (?,?,?,?)",
            (card.ident, card.fingerprint, data.decode("utf-8"), now_iso()),
        )
    return card


def kit_card(vault: Vault) -> Identity:
    """This kit's identity (made on first use); ``.card`` is what HQ enrolls."""
    return ensure_kit_identity(vault)


# --- export --------------------------------------------------------------------------------


class HoldReason(enum.StrEnum):
    DRAFT = "draft"  # not marked ready
    INCOMPLETE = "incomplete"  # a draft asked for, but not valid enough to send
    UNREVIEWED = "unreviewed"  # identifying details found that nobody has reviewed


@dataclass
class ExportSummary:
    path: Path | None
    bundle_id: str | None
    sequence: int | None
    included: list[str] = field(default_factory=list)
    held_back: list[tuple[str, HoldReason]] = field(default_factory=list)
    already_confirmed: int = 0
    #: Unreviewed findings per interview id held back for them.
    unreviewed: dict[str, int] = field(default_factory=dict)


def _candidates(vault: Vault, ids: Sequence[str] | None) -> list[tuple[str, str]]:
    if ids:
        marks = ",".join("?" * len(ids))
        rows = vault.read(f"SELECT id, status FROM interviews WHERE id IN ({marks})", tuple(ids))
        found = {r[0] for r in rows}
        missing = [i for i in ids if i not in found]
        if missing:
            raise FieldkitError(f"no interview with id {missing[0]}")
        return [(r[0], r[1]) for r in rows]
    return [(r[0], r[1]) for r in vault.read("SELECT id, status FROM interviews ORDER BY rowid")]


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def export_bundle(
    vault: Vault,
    out_dir: Path,
    *,
    include_drafts: bool = False,
    ids: Sequence[str] | None = None,
    progress: Progress | None = None,
    allow_unreviewed: bool = False,
) -> ExportSummary:
    """Write one signed, encrypted bundle of what HQ has not confirmed into ``out_dir``.

    Incremental: ready (and sent or received, if changed since HQ confirmed them) interviews;
    drafts only with ``include_drafts``; private notes never. An interview whose role or quotes
    hold identifying details nobody has reviewed (replaced, or marked not identifying) is held
    back unless ``allow_unreviewed``. Returns what was included and what was held back and why.
    With nothing to send, no file is written.
    """
    hq = pinned_hq(vault)
    if hq is None:
        raise NotEnrolled("this kit has no HQ yet: enroll HQ's card first ('fieldkit enroll')")
    kit = ensure_kit_identity(vault)
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise FieldkitError(f"no such folder: {out_dir}")
    summary = ExportSummary(None, None, None)
    confirmed = {
        r[0]: (r[1], r[2])
        for r in vault.read("SELECT interview_id, sha256, purged_at FROM confirmed")
    }

    with vault.transaction("exporting") as conn:
        wanted: list[str] = []
        for interview_id, status in _candidates(vault, ids):
            if interview_id in confirmed and confirmed[interview_id][1]:
                summary.already_confirmed += 1  # purged after HQ confirmed it
            elif status == Status.DRAFT.value and not include_drafts:
                summary.held_back.append((interview_id, HoldReason.DRAFT))
            else:
                wanted.append(interview_id)
        entries: list[fmt.Entry] = []
        total = len(wanted)
        for first, chunk in enumerate(_chunks(wanted)):
            sendable: list[tuple[Interview, bytes, str]] = []
            for interview in repo.get_many(vault, chunk):
                if interview.status is Status.DRAFT and problems_for_ready(interview):
                    summary.held_back.append((interview.id, HoldReason.INCOMPLETE))
                    continue
                payload = payload_of(interview)
                digest = sha256_hex(payload)
                if confirmed.get(interview.id, (None,))[0] == digest:
                    summary.already_confirmed += 1
                    continue
                sendable.append((interview, payload, digest))

            # Checking interviews new to the guard is the slow part of a first export after a
            # large import: report progress (and let a cancel stop) within the chunk too.
            def checked(done: int, base: int = first * CHUNK) -> None:
                if progress:
                    progress(min(base + done, total), total * 2)

            # With allow_unreviewed the person chose to send them as they are: no check.
            counts = (
                {}
                if allow_unreviewed
                else review.unreviewed_counts_in(
                    conn, [item[0] for item in sendable], progress=checked
                )
            )
            for interview, payload, digest in sendable:
                if counts.get(interview.id):
                    summary.unreviewed[interview.id] = counts[interview.id]
                    summary.held_back.append((interview.id, HoldReason.UNREVIEWED))
                    continue
                entries.append(fmt.Entry(interview.id, interview.revision, digest, len(payload)))
            if progress:
                progress(min(len(entries) + len(summary.held_back), total), total * 2)
        if not entries:
            return summary

        last = conn.execute(
            "SELECT sequence, manifest_sha256 FROM bundles_out ORDER BY sequence DESC LIMIT 1"
        ).fetchone()
        sequence = (last[0] + 1) if last else 1
        bundle_id = str(uuid.uuid4())
        manifest = fmt.manifest_bytes(
            bundle_id=bundle_id,
            kit_id=kit.ident,
            kit_fingerprint=kit.card.fingerprint,
            kit_signing_key=kit.card.body()["signing_key"],
            sequence=sequence,
            prev_manifest_sha256=last[1] if last else None,
            hq_id=hq.ident,
            hq_fingerprint=hq.fingerprint,
            created_at=now_iso(),
            entries=entries,
        )
        signature = fmt.sign_manifest(manifest, kit.signing)

        def payloads() -> Iterator[bytes]:
            done = 0
            ordered = [e.id for e in entries]
            for chunk in _chunks(ordered):
                for interview, entry in zip(
                    repo.get_many(vault, chunk), entries[done : done + len(chunk)], strict=True
                ):
                    payload = payload_of(interview)
                    if sha256_hex(payload) != entry.sha256:
                        raise FieldkitError("an interview changed during export; try again")
                    yield payload
                done += len(chunk)
                if progress:
                    progress(total + done, total * 2)

        final = out_dir / f"{bundle_id}{BUNDLE_SUFFIX}"
        partial = out_dir / f".{bundle_id}{BUNDLE_SUFFIX}.partial"
        try:
            with open(partial, "xb") as handle:
                fmt.write_encrypted(handle, manifest, signature, payloads(), [hq.recipient()])
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException as error:
            with contextlib.suppress(OSError):
                partial.unlink()
            if isinstance(error, OSError):
                kind = DiskFull if error.errno in (errno.ENOSPC, errno.EDQUOT) else FieldkitError
                raise kind(
                    f"the bundle could not be written to {out_dir} "
                    f"({error.strerror or error}); nothing was marked as sent"
                ) from error
            raise
        try:
            conn.execute(
                "INSERT INTO bundles_out (sequence, bundle_id, hq_id, manifest_sha256, "
                "created_at, entries) VALUES (?,?,?,?,?,?)",
                (sequence, bundle_id, hq.ident, sha256_hex(manifest), now_iso(), len(entries)),
            )
            conn.executemany(
                "INSERT INTO sent_entries (bundle_id, interview_id, revision, sha256) "
                "VALUES (?,?,?,?)",
                [(bundle_id, e.id, e.revision, e.sha256) for e in entries],
            )
            conn.executemany(
                "UPDATE interviews SET status = 'sent' WHERE id = ?",
                [(e.id,) for e in entries],
            )
        except BaseException:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
    # Committed: only now does the bundle get its real name.
    os.replace(partial, final)
    fsync_dir(out_dir)
    summary.path = final
    summary.bundle_id = bundle_id
    summary.sequence = sequence
    summary.included = [e.id for e in entries]
    return summary


# --- receipts ------------------------------------------------------------------------------


@dataclass
class ReceiptSummary:
    bundle_id: str
    confirmed: int = 0
    changed_since: int = 0
    quarantined: int = 0
    purged: int = 0


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
        data = Path(path).read_bytes()
    except OSError as error:
        raise FieldkitError(f"cannot read the receipt {path}: {error.strerror}") from error
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
        "SELECT manifest_sha256 FROM bundles_out WHERE bundle_id = ?", (receipt.bundle_id,)
    )
    if not sent or sent[0][0] != receipt.manifest_sha256:
        raise ReceiptRejected("this receipt is for a bundle this kit did not make")
    sent_entries = {
        r[0]: (r[1], r[2])
        for r in vault.read(
            "SELECT interview_id, revision, sha256 FROM sent_entries WHERE bundle_id = ?",
            (receipt.bundle_id,),
        )
    }
    summary = ReceiptSummary(receipt.bundle_id, quarantined=len(receipt.quarantined))
    purged = {
        r[0] for r in vault.read("SELECT interview_id FROM confirmed WHERE purged_at IS NOT NULL")
    }
    stamp = now_iso()
    with vault.transaction("applying a receipt") as conn:
        for entry in receipt.stored:
            if sent_entries.get(entry.id) != (entry.revision, entry.sha256):
                raise ReceiptRejected("this receipt lists records that were not in its bundle")
        current = {
            i.id: i
            for chunk in _chunks([e.id for e in receipt.stored])
            for i in repo.get_many(vault, chunk)
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
                repo.save_in(conn, emptied, stamp)
                conn.execute(
                    "UPDATE confirmed SET purged_at = ? WHERE interview_id = ?", (stamp, entry.id)
                )
                summary.purged += 1
        if summary.purged:
            forget_removed_words(conn)
            # Searches typed on this kit could name what was just removed.
            conn.execute("DELETE FROM settings WHERE key = 'recent_searches'")
        conn.execute(
            "UPDATE bundles_out SET receipt_at = ? WHERE bundle_id = ?", (stamp, receipt.bundle_id)
        )
    if summary.purged:
        vault.checkpoint()
    return summary
