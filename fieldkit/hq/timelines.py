"""A kit's timelines at HQ: what a kit restored from a backup sent, told apart from what its
lost copy sent.

A kit restored from a backup numbers its bundles on from the last one the backup held, in a
new *epoch* its signed manifests name (docs/bundle-format.md). Its numbers then repeat ones the
lost copy used: a bundle number is unique per kit and epoch. A bundle's *timeline* is its
epoch and, back from where each epoch forked, the bundles it grew from; the kit's other
bundles are another timeline's. An interview whose latest revision from the kit came from
another timeline was changed where this copy could not see it, so a different version of it
is held for a person (:data:`TWO_TIMELINES`) rather than stored over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.bundle import BundleRejected
from fieldkit.exchange.keys import Card
from fieldkit.hq.storage import HqWriter, TimelineRow

#: The quarantine reason of an interview changed on two timelines of one kit.
TWO_TIMELINES = (
    "changed on two timelines of a kit restored from a backup: the version HQ holds came "
    "from the other one"
)
#: Epochs followed back from one bundle (a kit is restored a few times in its life; a longer
#: chain, or a loop, can only be made with the kit's key, and stops here).
MAX_FORKS = 1_000
#: The first timeline of every kit: its manifests name no epoch.
FIRST = ""


@dataclass
class Timeline:
    """The timeline of one incoming bundle among the kit's bundles HQ has."""

    epoch: str
    #: The highest sequence number of each epoch that belongs to this timeline.
    reach: dict[str, int]
    #: This timeline's bundles at HQ: sequence number -> manifest sha256.
    have: dict[int, str] = field(default_factory=dict)
    #: The kit's bundles at HQ on other timelines.
    other: set[str] = field(default_factory=set)
    #: What HQ says happened (the first bundle of a new epoch reports the restore).
    notes: list[str] = field(default_factory=list)

    def holds(self, epoch: str, sequence: int) -> bool:
        return sequence <= self.reach.get(epoch, 0)

    def changed_elsewhere(self, writer: HqWriter, kit_id: str, ids: list[str]) -> set[str]:
        """Those of ``ids`` whose latest revision from this kit came in another timeline."""
        if not self.other:
            return set()
        return {i for i, bundle in writer.latest_from(kit_id, ids).items() if bundle in self.other}


def timeline_of(writer: HqWriter, opened: fmt.OpenedBundle, kit: Card) -> Timeline:
    """Where ``opened`` stands among the kit's bundles at HQ; refused if its epoch names
    another fork than the bundles of that epoch HQ already has."""
    rows = writer.timeline_rows(opened.kit_id)
    epoch = opened.epoch
    name = FIRST if epoch is None else epoch.id
    forks = _forks(rows)
    if epoch is not None:
        known = forks.get(name)
        if known is not None and known != (epoch.after, epoch.after_sha256):
            raise BundleRejected(
                f"bundle {opened.sequence} of kit {kit.fingerprint} names another starting "
                "point for its timeline than the earlier bundles of that timeline"
            )
        forks[name] = (epoch.after, epoch.after_sha256)
    reach, unknown_below = _reach(name, rows, forks)
    timeline = Timeline(name, reach)
    for bundle_id, row_epoch, sequence, sha, _after, _after_sha in rows:
        if timeline.holds(row_epoch, sequence):
            timeline.have[sequence] = sha
        else:
            timeline.other.add(bundle_id)
            if sequence <= unknown_below:
                # Before a fork bundle HQ lacks, which of these bundles the kit grew from is
                # unknown: counted against gaps, never trusted as this timeline's.
                timeline.have.setdefault(sequence, sha)
    if epoch is not None and name not in {row[1] for row in rows}:
        timeline.notes.append(_restored_note(kit, epoch.after, rows, timeline))
    return timeline


def _forks(rows: list[TimelineRow]) -> dict[str, tuple[int, str | None]]:
    """Where each epoch HQ has bundles of forked (its first timeline has none)."""
    return {row[1]: (row[4] or 0, row[5]) for row in rows if row[1] != FIRST}


def _reach(
    epoch: str, rows: list[TimelineRow], forks: dict[str, tuple[int, str | None]]
) -> tuple[dict[str, int], int]:
    """Each epoch of ``epoch``'s timeline with the last bundle of it that belongs there,
    followed back through the bundle each fork names (found by its manifest hash); and the
    fork whose bundle HQ does not have (0: none). That stops the walk: the bundles before it
    count as another timeline's, so their interviews are held for a person rather than
    overwritten."""
    reach = {epoch: fmt.MAX_INT}
    by_hash = {(row[2], row[3]): row[1] for row in rows}
    current = epoch
    for _ in range(MAX_FORKS):
        if current == FIRST:
            break
        after, after_sha = forks[current]
        parent = by_hash.get((after, after_sha or ""))
        if after and parent is None:
            return reach, after
        if after == 0 or parent is None or parent in reach:
            break
        reach[parent] = after
        current = parent
    return reach, 0


def _restored_note(kit: Card, after: int, rows: list[TimelineRow], timeline: Timeline) -> str:
    """What HQ tells of a kit's first bundle of a new epoch."""
    start = (
        f"a new timeline starts after bundle {after}"
        if after
        else "a new timeline starts before its first bundle"
    )
    lost = sorted({row[2] for row in rows if row[0] in timeline.other and row[2] > after})
    note = f"kit {kit.fingerprint} was restored from a backup: {start}"
    if len(lost) == 1:
        note += f"; bundle {lost[0]} of the earlier timeline is already here"
    elif lost:
        note += f"; bundles {lost[0]}–{lost[-1]} of the earlier timeline are already here"
    return note
