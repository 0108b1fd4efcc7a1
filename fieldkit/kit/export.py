"""Exporting a bundle: what HQ has not confirmed, signed and encrypted, written atomically."""

from __future__ import annotations

import contextlib
import enum
import errno
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldkit.core.canonical import sha256_hex
from fieldkit.core.errors import DiskFull, FieldkitError
from fieldkit.core.forms.model import Form
from fieldkit.core.record import Interview, Status, now_iso, problems_for_ready
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange import carry
from fieldkit.exchange.bundle import BUNDLE_SUFFIX, payload_of
from fieldkit.exchange.keys import Card, Identity, ensure_kit_identity
from fieldkit.exchange.manifest import MAX_CARRIED_BYTES, Carried
from fieldkit.kit.enroll import NotEnrolled, pinned_hq
from fieldkit.kit.timeline import next_epoch, start_epoch
from fieldkit.vault import attachments, carried, records, review
from fieldkit.vault.carried import Outgoing
from fieldkit.vault.forms import all_forms
from fieldkit.vault.fsutil import fsync_dir
from fieldkit.vault.store import Vault

#: Interviews read from the vault at a time.
CHUNK = 500
#: Attachments one bundle carries at most (the format allows more; HQ holds each open until
#: the bundle is committed, and the next export sends the rest).
MAX_CARRIED = 1_000

Progress = Callable[[int, int], None]


def chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    """``items`` in slices of :data:`CHUNK`."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


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
    #: Interviews ready to send that did not fit in this bundle (HQ takes at most
    #: fmt.MAX_ENTRIES interviews and fmt.MAX_HELD_BYTES of records a bundle): the next
    #: export sends them.
    left_for_next: int = 0
    #: Attachments per interview id held back for them: an original to be sent that names a
    #: place or a person (GPS, serial number, author), and nobody reviewed it.
    attachments_held: dict[str, int] = field(default_factory=dict)
    #: Attachments the bundle carries, and their bytes.
    attachments_sent: int = 0
    attachments_bytes: int = 0
    #: Attachments of the interviews sent that stay on the kit: kit-only by choice.
    attachments_staying: int = 0
    #: Interviews sent with answers to a form (their bundle is of version 2).
    with_answers: int = 0
    #: The kit was restored from a backup: this bundle starts a new timeline after the
    #: bundle numbered this (0: before its first), which the backup held last.
    new_timeline_after: int | None = None


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


def _fitting(entries: Sequence[fmt.Entry], outgoing: dict[str, list[Outgoing]]) -> int:
    """How many of ``entries``, from the first, one bundle carries that HQ accepts: at most
    MAX_ENTRIES records of MAX_HELD_BYTES, MAX_CARRIED attachments of MAX_CARRIED_BYTES."""
    size = count = carried_bytes = 0
    for fitted, entry in enumerate(entries[: fmt.MAX_ENTRIES]):
        size += entry.length
        items = outgoing.get(entry.id, ())
        count += len(items)
        carried_bytes += sum(item.size for item in items)
        if size > fmt.MAX_HELD_BYTES or count > MAX_CARRIED or carried_bytes > MAX_CARRIED_BYTES:
            return max(fitted, 1)  # one record alone may be larger (up to fmt.MAX_FRAME)
    return min(len(entries), fmt.MAX_ENTRIES)


def export_bundle(
    vault: Vault,
    out_dir: Path,
    *,
    include_drafts: bool = False,
    ids: Sequence[str] | None = None,
    progress: Progress | None = None,
    allow_unreviewed: bool = False,
    new_timeline: bool = False,
) -> ExportSummary:
    """Write one signed, encrypted bundle of what HQ has not confirmed into ``out_dir``.

    Incremental: ready (and sent or received, if changed since HQ confirmed them) interviews;
    drafts only with ``include_drafts``; private notes never. An interview whose role or quotes
    hold identifying details nobody has reviewed (replaced, or marked not identifying) is held
    back unless ``allow_unreviewed``. A kit restored from a backup (or with ``new_timeline``,
    one copied by hand) starts a new epoch (:mod:`fieldkit.kit.timeline`). Returns what was
    included and what was held back and why.
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
    with vault.transaction("exporting") as conn:
        entries, wanted, outgoing = _planned(
            vault, conn, summary, ids, include_drafts, progress, allow_unreviewed
        )
        if not entries:
            return summary
        summary.attachments_staying = attachments.kit_only_in(conn, [e.id for e in entries])
        draft = _draft(conn, kit, hq, entries, new_timeline, outgoing, summary.with_answers > 0)
        payloads = _payloads(vault, entries, progress, wanted)
        partial = _write_partial(out_dir, draft, payloads, hq, vault.path)
        try:
            _record_sent(conn, draft, hq.ident, entries)
        except BaseException:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
    # Committed: only now does the bundle get its real name.
    final = out_dir / f"{draft.bundle_id}{BUNDLE_SUFFIX}"
    os.replace(partial, final)
    fsync_dir(out_dir)
    summary.path = final
    summary.bundle_id = draft.bundle_id
    summary.sequence = draft.sequence
    summary.included = [e.id for e in entries]
    if draft.starts_epoch and draft.epoch is not None:
        summary.new_timeline_after = draft.epoch.after
    return summary


def preview_export(
    vault: Vault,
    *,
    include_drafts: bool = False,
    ids: Sequence[str] | None = None,
    progress: Progress | None = None,
    allow_unreviewed: bool = False,
) -> ExportSummary:
    """What :func:`export_bundle` would send now, written nowhere (but the guard's cache):
    ``included`` those that go in the bundle, ``held_back`` and why, ``already_confirmed``,
    and ``left_for_next``, those that do not fit in one bundle. ``path`` stays None."""
    summary = ExportSummary(None, None, None)
    with vault.transaction("checking what an export sends") as conn:
        entries, _wanted, _outgoing = _planned(
            vault, conn, summary, ids, include_drafts, progress, allow_unreviewed
        )
        summary.attachments_staying = attachments.kit_only_in(conn, [e.id for e in entries])
    summary.included = [e.id for e in entries]
    return summary


def _planned(
    vault: Vault,
    conn: Any,
    summary: ExportSummary,
    ids: Sequence[str] | None,
    include_drafts: bool,
    progress: Progress | None,
    allow_unreviewed: bool,
) -> tuple[list[fmt.Entry], int, list[Outgoing]]:
    """The entries one bundle carries (``summary`` counts the rest), how many interviews
    were candidates, and the attachments it carries (of those entries, in their order)."""
    confirmed = {
        r[0]: (r[1], r[2])
        for r in conn.execute("SELECT interview_id, sha256, purged_at FROM confirmed")
    }
    wanted = _choose(vault, ids, include_drafts, confirmed, summary)
    outgoing = carried.outgoing_in(conn, wanted)
    answered: set[str] = set()
    entries = _guarded_entries(
        vault, conn, wanted, confirmed, summary, progress, allow_unreviewed, set(outgoing), answered
    )
    entries = _guard_attachments(conn, entries, summary, allow_unreviewed)
    fit = _fitting(entries, outgoing)
    summary.left_for_next = len(entries) - fit
    del entries[fit:]
    sent = [item for entry in entries for item in outgoing.get(entry.id, ())]
    summary.attachments_sent = len(sent)
    summary.attachments_bytes = sum(item.size for item in sent)
    summary.with_answers = sum(1 for entry in entries if entry.id in answered)
    return entries, len(wanted), sent


Confirmed = dict[str, tuple[str, str | None]]


def _choose(
    vault: Vault,
    ids: Sequence[str] | None,
    include_drafts: bool,
    confirmed: Confirmed,
    summary: ExportSummary,
) -> list[str]:
    """The candidates' ids, without those purged after HQ confirmed them and (unless asked
    for) drafts, which ``summary`` counts and holds back."""
    wanted: list[str] = []
    for interview_id, status in _candidates(vault, ids):
        if interview_id in confirmed and confirmed[interview_id][1]:
            summary.already_confirmed += 1  # purged after HQ confirmed it
        elif status == Status.DRAFT.value and not include_drafts:
            summary.held_back.append((interview_id, HoldReason.DRAFT))
        else:
            wanted.append(interview_id)
    return wanted


def _guarded_entries(
    vault: Vault,
    conn: Any,
    wanted: list[str],
    confirmed: Confirmed,
    summary: ExportSummary,
    progress: Progress | None,
    allow_unreviewed: bool,
    carrying: set[str],
    answered: set[str],
) -> list[fmt.Entry]:
    """The manifest entries of what is sent: not incomplete drafts, not what HQ confirmed as
    it is (unless it has attachments to send: ``carrying``), and (unless
    ``allow_unreviewed``) nothing the identifying-details guard holds. ``answered`` gets the
    ids of those whose records are of version 2 (form answers, or quotes pointing into a
    recording)."""
    entries: list[fmt.Entry] = []
    total = len(wanted)
    forms: dict[tuple[str, int], Form] | None = None
    for first, chunk in enumerate(chunks(wanted)):
        sendable: list[tuple[Interview, bytes, str]] = []
        hashes: list[str] = []
        for interview, content_sha in records.get_many_hashed(vault, chunk):
            form = None
            if interview.form is not None or any(q.clip for q in interview.quotes):
                answered.add(interview.id)  # records of version 2: in a bundle of version 2
            if interview.form is not None:
                forms = forms if forms is not None else all_forms(vault)
                form = forms.get((interview.form, interview.form_version or 0))
            if interview.status is Status.DRAFT and problems_for_ready(interview, form=form):
                summary.held_back.append((interview.id, HoldReason.INCOMPLETE))
                continue
            payload = payload_of(interview)
            digest = sha256_hex(payload)
            if confirmed.get(interview.id, (None,))[0] == digest and interview.id not in carrying:
                summary.already_confirmed += 1
                continue
            sendable.append((interview, payload, digest))
            hashes.append(content_sha)

        # Checking interviews new to the guard is the slow part of a first export after a
        # large import: report progress (and let a cancel stop) within the chunk too.
        def checked(done: int, base: int = first * CHUNK) -> None:
            if progress:
                progress(min(base + done, total), total * 2)

        # With allow_unreviewed the person chose to send them as they are: each entry then
        # says how many details nobody reviewed, for HQ to mark.
        counts = review.unreviewed_counts_in(
            conn, [item[0] for item in sendable], hashes=hashes, progress=checked
        )
        for interview, payload, digest in sendable:
            found = counts.get(interview.id, 0)
            if found and not allow_unreviewed:
                summary.unreviewed[interview.id] = found
                summary.held_back.append((interview.id, HoldReason.UNREVIEWED))
                continue
            entries.append(fmt.Entry(interview.id, interview.revision, digest, len(payload), found))
        if progress:
            progress(min(len(entries) + len(summary.held_back), total), total * 2)
    return entries


def _guard_attachments(
    conn: Any, entries: list[fmt.Entry], summary: ExportSummary, allow_unreviewed: bool
) -> list[fmt.Entry]:
    """Hold back, like an unreviewed name, an interview with an attachment set to be sent as
    its original while that names a place or a person and nobody reviewed it."""
    if allow_unreviewed:
        return entries
    held = attachments.held_counts_in(conn, [e.id for e in entries])
    for interview_id, count in held.items():
        summary.attachments_held[interview_id] = count
        summary.held_back.append((interview_id, HoldReason.UNREVIEWED))
    return [e for e in entries if e.id not in held]


@dataclass(frozen=True)
class _Draft:
    """The next bundle's signed manifest, before its file exists."""

    bundle_id: str
    sequence: int
    manifest: bytes
    signature: bytes
    epoch: fmt.Epoch | None = None
    starts_epoch: bool = False
    #: The attachments it carries (version 2, which also carries form answers).
    outgoing: tuple[Outgoing, ...] = ()
    version_2: bool = False


def carried_entry(item: Outgoing) -> Carried:
    """What the manifest lists of an attachment carried."""
    return Carried(
        item.id,
        item.interview_id,
        item.media_type,
        item.size,
        item.sha256,
        item.copy,
        item.original_sha256,
    )


def _draft(
    conn: Any,
    kit: Identity,
    hq: Card,
    entries: list[fmt.Entry],
    new_timeline: bool = False,
    outgoing: Sequence[Outgoing] = (),
    answers: bool = False,
) -> _Draft:
    """The manifest (following the last bundle sent) and the kit's signature of it: of
    version 2 when it carries attachments or form answers, else of version 1."""
    version_2 = bool(outgoing) or answers
    last = conn.execute(
        "SELECT sequence, manifest_sha256 FROM bundles_out ORDER BY sequence DESC LIMIT 1"
    ).fetchone()
    sequence = (last[0] + 1) if last else 1
    epoch, starts = next_epoch(conn, (last[0], last[1]) if last else None, new=new_timeline)
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
        epoch=epoch,
        attachments=[carried_entry(item) for item in outgoing] if version_2 else None,
    )
    if version_2:
        signature = carry.sign_manifest(manifest, kit.signing)
    else:
        signature = fmt.sign_manifest(manifest, kit.signing)
    return _Draft(
        bundle_id, sequence, manifest, signature, epoch, starts, tuple(outgoing), version_2
    )


def _payloads(
    vault: Vault, entries: list[fmt.Entry], progress: Progress | None, total: int
) -> Iterator[bytes]:
    """Each entry's payload read again, refused if it no longer matches its signed hash."""
    done = 0
    ordered = [e.id for e in entries]
    for chunk in chunks(ordered):
        for interview, entry in zip(
            records.get_many(vault, chunk), entries[done : done + len(chunk)], strict=True
        ):
            payload = payload_of(interview)
            if sha256_hex(payload) != entry.sha256:
                raise FieldkitError("an interview changed during export; try again")
            yield payload
        done += len(chunk)
        if progress:
            progress(total + done, total * 2)


def _write_partial(
    out_dir: Path, draft: _Draft, payloads: Iterator[bytes], hq: Card, vault_path: Path
) -> Path:
    """The encrypted bundle under a hidden partial name, synced; removed if it fails. The
    attachments it carries are streamed from their sealed files, checked as read."""
    partial = out_dir / f".{draft.bundle_id}{BUNDLE_SUFFIX}.partial"
    try:
        with open(partial, "xb") as handle:
            if draft.version_2:
                sources = [
                    (carried_entry(item), lambda item=item: item.open(vault_path))
                    for item in draft.outgoing
                ]
                # Sealed files authenticate every chunk (and their end) as they are read.
                carry.write_encrypted(
                    handle,
                    draft.manifest,
                    draft.signature,
                    payloads,
                    sources,
                    [hq.recipient()],
                    authenticated=True,
                )
            else:
                fmt.write_encrypted(
                    handle, draft.manifest, draft.signature, payloads, [hq.recipient()]
                )
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
    return partial


def _record_sent(conn: Any, draft: _Draft, hq_id: str, entries: list[fmt.Entry]) -> None:
    """The bundle and its entries as sent, its interviews marked sent (in the transaction)."""
    if draft.starts_epoch and draft.epoch is not None:
        start_epoch(conn, draft.epoch)
    conn.execute(
        "INSERT INTO bundles_out (sequence, bundle_id, hq_id, manifest_sha256, "
        "created_at, entries) VALUES (?,?,?,?,?,?)",
        (
            draft.sequence,
            draft.bundle_id,
            hq_id,
            sha256_hex(draft.manifest),
            now_iso(),
            len(entries),
        ),
    )
    conn.executemany(
        "INSERT INTO sent_entries (bundle_id, interview_id, revision, sha256) VALUES (?,?,?,?)",
        [(draft.bundle_id, e.id, e.revision, e.sha256) for e in entries],
    )
    conn.executemany(
        "UPDATE interviews SET status = 'sent' WHERE id = ?",
        [(e.id,) for e in entries],
    )
    carried.record_sent(conn, draft.bundle_id, draft.outgoing)
