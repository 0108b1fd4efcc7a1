"""Merging a checked bundle into the central dataset: what each record does, then the writes.

Same interview and revision is a no-op, a newer revision from the same kit an update, the
very record another kit sent already (all of it but its id and revision) an alias, anything
else that disagrees goes to quarantine for a person to decide, and so does a revision number
that jumps implausibly far. Nothing is ever overwritten: the signed bytes of every revision
accepted are kept (``hq_revisions``). Everything a bundle writes is decided (its receipt
sealed) before its first write: a rejected bundle has written nothing.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from fieldkit.core.record import Interview
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.bundle import BundleRejected
from fieldkit.exchange.keys import Card, Identity
from fieldkit.exchange.manifest import VERSION_2
from fieldkit.exchange.receipt import Receipt, ReceiptEntry
from fieldkit.hq.attachments import AttachmentRow
from fieldkit.hq.intake import Read
from fieldkit.hq.revocation import held_why
from fieldkit.hq.storage import (
    AliasRow,
    BundleRow,
    HeldRow,
    HqStore,
    HqWriter,
    ProvenanceRow,
    QuarantineRow,
    RevisionRow,
)
from fieldkit.hq.timelines import TWO_TIMELINES, Timeline, timeline_of
from fieldkit.vault import bulk

#: An update numbered more than this past the latest revision HQ accepted of the interview
#: from that kit goes to quarantine: a kit numbers each save, so a genuine jump this large
#: means a thousand saves between two bundles. Re-signing every id at 2**63 - 1 would
#: otherwise push each later genuine update into quarantine as "older".
MAX_REVISION_STEP = 1_000
#: An interview HQ has not seen, arriving at a revision above this, goes to quarantine too.
MAX_FIRST_REVISION = 100_000

#: Why a copy another kit sent that matches on date, place, role, organisation and quotes but
#: not on the rest (consent, tags, country, language, interviewer) is no duplicate.
NOT_THE_SAME_COPY = "another kit sent this testimony with different consent, tags or details"


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
    kit_name: str = ""  # HQ's name for the kit
    #: Interviews the kit sent with identifying details nobody reviewed (--allow-unreviewed).
    unreviewed: int = 0
    #: Why the bundle was held, not merged (its records all quarantined, no receipt):
    #: "revoked" (the kit was) or "replaced_key" (signed with a key the kit moved away from).
    held: str = ""
    held_reason: str = ""


class Fate(enum.Enum):
    """What a record does; the value names its :class:`ImportOutcome` counter."""

    NEW = "new"  # stored as HQ revision 1
    DUPLICATE = "duplicates"  # another kit sent the same content: an alias of it
    UNCHANGED = "unchanged"  # this kit sent this very revision before
    UPDATE = "updated"  # a newer revision from the kit that sent the stored ones
    QUARANTINE = "quarantined"  # disagrees with what is stored: for a person to decide


@dataclass
class Merged:
    """A bundle merged (or replayed), waiting for its transaction to commit to get its
    receipt file (without its records: 25 of them wait)."""

    path: Path
    bundle_id: str
    sequence: int
    kit: Card
    outcome: ImportOutcome
    receipt: bytes


@dataclass
class Plan:
    """What merging one bundle writes, all decided (its receipt sealed) before any write."""

    merged: Merged
    stamp: str
    #: In entry order: an update to save (an Interview), or a quarantine row.
    changes: list[Interview | QuarantineRow] = field(default_factory=list)
    fresh: list[bulk.Prepared] = field(default_factory=list)
    aliases: list[AliasRow] = field(default_factory=list)
    provenance: list[ProvenanceRow] = field(default_factory=list)
    revisions: list[RevisionRow] = field(default_factory=list)
    bundle_row: BundleRow | None = None  # None: a replay writes nothing
    held_row: HeldRow | None = None  # a bundle held instead of merged (no bundle_row)
    #: The attachments it brought that HQ did not hold (their files sealed, awaiting these
    #: rows); and, once written, the files whose rows went in (the rest are removed).
    attachment_rows: list[AttachmentRow] = field(default_factory=list)
    kept_files: set[str] = field(default_factory=set)

    @property
    def guarded(self) -> bool:
        """Whether a write may be refused by more than the database: saving an update."""
        return any(isinstance(change, Interview) for change in self.changes)


@dataclass
class _Known:
    """What the dataset holds of a bundle's records, looked up once for all of them."""

    #: (kit revision, kit id, sha256) stored under each id; typed at HQ: (0, "", "").
    history: dict[str, list[tuple[int, str, str]]]
    #: The id each alias is stored as.
    aliases: dict[str, str]
    #: The id stored under each content fingerprint (the bundle's new ones join it).
    prints: dict[str, str]
    #: Ids whose latest revision from this kit came on another of its timelines (it was
    #: restored from a backup): :mod:`fieldkit.hq.timelines`.
    elsewhere: set[str] = field(default_factory=set)

    @classmethod
    def look_up(cls, writer: HqWriter, prepared: Sequence[bulk.Prepared]) -> _Known:
        ids = [p.id for p in prepared]
        return cls(
            writer.history(ids),
            writer.aliases(ids),
            writer.ids_by_fingerprint([p.fingerprint for p in prepared]),
        )


def _fate(entry: fmt.Entry, fingerprint: str, known: _Known, kit_id: str) -> tuple[Fate, str]:
    """What the record of ``entry`` does, and (for quarantine) why."""
    history = known.history.get(entry.id)
    if not history:
        if entry.revision > MAX_FIRST_REVISION:
            return Fate.QUARANTINE, (
                f"a first revision numbered implausibly high ({entry.revision}; a kit counts "
                "from 1)"
            )
        return (Fate.DUPLICATE if fingerprint in known.prints else Fate.NEW), ""
    same = [h for h in history if h[0] == entry.revision and h[1] == kit_id]
    if same and same[0][2] == entry.sha256:
        return Fate.UNCHANGED, ""
    if entry.id in known.elsewhere:
        return Fate.QUARANTINE, TWO_TIMELINES
    if entry.id in known.aliases:
        # HQ keeps one record for what two kits sent alike; a change from either is a
        # decision for a person, never a silent split or overwrite.
        return Fate.QUARANTINE, "a changed version of an interview another kit also sent"
    if not same and all(h[1] == kit_id for h in history) and entry.revision > max(history)[0]:
        latest = max(history)[0]
        if entry.revision - latest > MAX_REVISION_STEP:
            return Fate.QUARANTINE, (
                f"a revision number far beyond the last one this kit sent ({entry.revision} "
                f"after {latest})"
            )
        return Fate.UPDATE, ""
    if same:
        return Fate.QUARANTINE, "same revision with different content"
    if any(h[1] != kit_id for h in history):
        return Fate.QUARANTINE, "another kit sent this interview"
    return Fate.QUARANTINE, "an older revision than the one stored"


def _provenance_row(opened: fmt.OpenedBundle, entry: fmt.Entry, stamp: str) -> ProvenanceRow:
    return (
        entry.id,
        entry.revision,
        opened.kit_id,
        opened.bundle_id,
        entry.sha256,
        stamp,
        entry.unreviewed,
    )


def _quarantine_row(
    opened: fmt.OpenedBundle, index: int, interview: Interview, stamp: str, reason: str
) -> QuarantineRow:
    entry = opened.entries[index]
    return (
        interview.id,
        opened.kit_id,
        opened.bundle_id,
        entry.revision,
        entry.sha256,
        json.dumps(interview.to_dict(), ensure_ascii=False),
        reason,
        stamp,
        opened.payloads[index],
        entry.unreviewed,
    )


def _revision_row(opened: fmt.OpenedBundle, index: int, stamp: str) -> RevisionRow:
    """The signed bytes of record ``index``, as HQ keeps every revision it accepts."""
    entry = opened.entries[index]
    return (
        entry.id,
        opened.kit_id,
        entry.revision,
        entry.sha256,
        opened.bundle_id,
        opened.payloads[index],
        stamp,
    )


def _shared(interview: Interview) -> dict[str, object]:
    """What a kit shares of an interview, but its id (the revision is not in it either)."""
    data = interview.shared_dict()
    del data["id"]
    return data


def _merge(
    store: HqStore,
    writer: HqWriter,
    item: Read,
    prepared: Sequence[bulk.Prepared],
    interviews: Sequence[Interview] | None,
    plan: Plan,
    timeline: Timeline,
) -> tuple[list[ReceiptEntry], list[ReceiptEntry]]:
    """Decide what each record does (reading only) into ``plan``; the receipt's two lists."""
    opened = item.opened
    assert opened is not None
    outcome, stamp = plan.merged.outcome, plan.stamp
    stored: list[ReceiptEntry] = []
    quarantined: list[ReceiptEntry] = []

    def incoming(index: int) -> Interview:
        # A worker hands back rows only: a record not new is validated again here.
        return interviews[index] if interviews is not None else item.incoming(index)

    known = _Known.look_up(writer, prepared)
    known.elsewhere = timeline.changed_elsewhere(writer, opened.kit_id, [p.id for p in prepared])
    # A copy under another id is a duplicate only if the whole shared record matches: the
    # interviews it may duplicate, read at once (this bundle's new ones by their index).
    candidates = {
        known.prints[p.fingerprint]
        for p in prepared
        if p.fingerprint in known.prints and p.id not in known.history
    }
    stored_copies = {i.id: i for i in store.interviews(sorted(candidates))}
    fresh_index: dict[str, int] = {}

    def copy_of(stored_id: str) -> Interview | None:
        if stored_id in fresh_index:
            return incoming(fresh_index[stored_id])
        return stored_copies.get(stored_id)

    for index, (entry, rows) in enumerate(zip(opened.entries, prepared, strict=True)):
        fate, reason = _fate(entry, rows.fingerprint, known, opened.kit_id)
        if index in item.unknown_forms:  # its answers are kept in the signed record
            fate, reason = Fate.QUARANTINE, unknown_form_reason(item.unknown_forms[index])
        if fate is Fate.DUPLICATE:
            copy = copy_of(known.prints[rows.fingerprint])
            if copy is None or _shared(copy) != _shared(incoming(index)):
                fate, reason = Fate.QUARANTINE, NOT_THE_SAME_COPY
        setattr(outcome, fate.value, getattr(outcome, fate.value) + 1)
        receipt_entry = ReceiptEntry(entry.id, entry.revision, entry.sha256)
        (quarantined if fate is Fate.QUARANTINE else stored).append(receipt_entry)
        if fate is Fate.NEW:
            known.prints[rows.fingerprint] = entry.id
            fresh_index[entry.id] = index
            plan.fresh.append(rows)
        elif fate is Fate.DUPLICATE:
            stored_id = known.prints[rows.fingerprint]
            plan.aliases.append((entry.id, stored_id, opened.kit_id, opened.bundle_id, stamp))
        elif fate is Fate.UPDATE:
            plan.changes.append(replace(incoming(index), revision=0))
        elif fate is Fate.QUARANTINE:
            interview = incoming(index)
            if entry.id in known.aliases:
                interview = replace(interview, id=known.aliases[entry.id])
            elif reason == NOT_THE_SAME_COPY:  # shown beside the copy HQ holds
                interview = replace(interview, id=known.prints[rows.fingerprint])
            plan.changes.append(_quarantine_row(opened, index, interview, stamp, reason))
        if fate in (Fate.NEW, Fate.DUPLICATE, Fate.UPDATE):
            plan.provenance.append(_provenance_row(opened, entry, stamp))
        if fate is not Fate.QUARANTINE:  # stored: HQ keeps exactly the bytes signed
            plan.revisions.append(_revision_row(opened, index, stamp))
    return stored, quarantined


def unknown_form_reason(ref: str) -> str:
    """Why a record answering a form version HQ did not publish waits in quarantine."""
    return (
        f"its answers are to form {ref}, which this HQ has not published: publish that "
        "version to accept them, or keep the stored version"
    )


def _seen(store: HqStore, opened: fmt.OpenedBundle) -> bytes | None:
    """The stored receipt if this very bundle was imported before; refuse an id reused."""
    seen = store.bundle_seen(opened.bundle_id)
    if seen is None:
        return None
    if seen[0] != opened.manifest_sha256:
        raise BundleRejected("a different bundle with the same id was imported before")
    return seen[1]


def _sequence_warnings(have: dict[int, str], opened: fmt.OpenedBundle, kit: Card) -> list[str]:
    """Gaps in the bundle's timeline (``have``: its bundles HQ has, by number)."""
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


def _number_taken(writer: HqWriter, opened: fmt.OpenedBundle, name: str, kit: Card) -> str:
    """Why a bundle whose number this kit already used for another bundle is refused."""
    last = max(writer.sequences(opened.kit_id), default=0)
    return (
        f"kit {name} ({kit.fingerprint}) already sent a different bundle number "
        f"{opened.sequence}: the kit seems restored from a backup or copied, and nothing of "
        f"this bundle was stored. HQ last saw bundle {last} from this kit; on the kit, run "
        "'fieldkit export' again with --new-timeline: its next bundle starts a new timeline, "
        "which HQ takes beside what it has (a kit restored with 'fieldkit restore' does so "
        "by itself)"
    )


def plan_bundle(store: HqStore, writer: HqWriter, hq: Identity, item: Read) -> Plan:
    """Everything ``item`` will write, decided; raises why it is rejected."""
    # Signature and every record's hash first; the records are parsed and validated only
    # when the bundle is new (a replay returns its stored receipt: the signed hashes match).
    if item.error is not None:
        raise item.error
    opened, kit = item.opened, item.kit
    assert opened is not None and kit is not None
    outcome = ImportOutcome(opened.bundle_id, kit.fingerprint, opened.sequence)
    outcome.kit_name = writer.kit_name(opened.kit_id)
    seen = _seen(store, opened)
    if seen is not None:
        outcome.replay = True
        outcome.unchanged = len(opened.entries)
        merged = Merged(item.path, opened.bundle_id, opened.sequence, kit, outcome, seen)
        return Plan(merged, item.stamp)
    outcome.unreviewed = sum(1 for entry in opened.entries if entry.unreviewed)
    held = _held(store, item, kit, outcome)
    if held is not None:
        return held
    prepared, interviews = item.records()
    # A kit restored from a backup numbers on in a new epoch: its numbers are its own there.
    timeline = timeline_of(writer, opened, kit)
    if opened.sequence in timeline.have:
        raise BundleRejected(_number_taken(writer, opened, outcome.kit_name, kit))
    stamp = item.stamp
    outcome.warnings.extend(timeline.notes)
    outcome.warnings.extend(_sequence_warnings(timeline.have, opened, kit))
    plan = Plan(Merged(item.path, opened.bundle_id, opened.sequence, kit, outcome, b""), stamp)
    stored, quarantined = _merge(store, writer, item, prepared, interviews, plan, timeline)
    if item.receiving is not None:
        plan.attachment_rows = item.receiving.rows(opened.bundle_id, stamp)
    # A bundle of version 2 gets a receipt of version 2: every attachment it carried is one
    # HQ now holds exactly (sealed from it, or held already), whatever its record's fate.
    receipt = Receipt(
        opened.bundle_id,
        opened.kit_id,
        hq.ident,
        opened.manifest_sha256,
        stamp,
        tuple(stored),
        tuple(quarantined),
        attachments=tuple((c.id, c.sha256) for c in opened.carried)
        if opened.manifest["version"] == VERSION_2
        else None,
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
        timeline.epoch,
        *((None, None) if opened.epoch is None else opened.epoch.fork()),
    )
    return plan


def _held(store: HqStore, item: Read, kit: Card, outcome: ImportOutcome) -> Plan | None:
    """The plan of a bundle held instead of merged (a revoked kit's, or one signed with a key
    its kit moved away from): every record quarantined with the reason, the bundle noted
    apart from the merged ones, no receipt. None: merge it."""
    opened = item.opened
    assert opened is not None
    why = held_why(store, opened.kit_id, kit)
    if why is None:
        return None
    outcome.held, outcome.held_reason = why
    outcome.quarantined = len(opened.entries)
    plan = Plan(Merged(item.path, opened.bundle_id, opened.sequence, kit, outcome, b""), item.stamp)
    seen = store.held_seen(opened.bundle_id)
    if seen is not None:
        if seen[0] != opened.manifest_sha256:
            raise BundleRejected("a different bundle with the same id was received before")
        outcome.replay = True
        return plan
    # Parsed and validated as any bundle is: a malformed record still rejects it whole.
    _prepared, interviews = item.records()
    for index in range(len(opened.entries)):
        interview = interviews[index] if interviews is not None else item.incoming(index)
        plan.changes.append(_quarantine_row(opened, index, interview, item.stamp, why[1]))
    plan.held_row = (
        opened.bundle_id,
        opened.kit_id,
        kit.fingerprint,
        opened.sequence,
        opened.manifest_sha256,
        why[0],
        item.stamp,
        len(opened.entries),
    )
    return plan


def apply(writer: HqWriter, plan: Plan) -> None:
    """Write what :func:`plan_bundle` decided (a replay: nothing). Plain inserts, which only
    the database itself can refuse, and for an update (:attr:`Plan.guarded`) a save, which
    checks more: the caller writes a guarded plan inside a savepoint."""
    if plan.held_row is not None:
        for change in plan.changes:
            if not isinstance(change, Interview):
                writer.quarantine(change)
        writer.add_held(plan.held_row)
        return
    if plan.bundle_row is None:
        return
    for change in plan.changes:
        if isinstance(change, Interview):
            writer.save(change, plan.stamp)
        else:
            writer.quarantine(change)
    if plan.fresh:
        writer.insert_new(plan.fresh, plan.stamp)
    writer.add_aliases(plan.aliases)
    writer.add_provenance(plan.provenance)
    writer.add_revisions(plan.revisions)
    plan.kept_files = writer.add_attachments(plan.attachment_rows)
    writer.add_bundle(plan.bundle_row)
