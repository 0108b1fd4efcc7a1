"""Inside one import transaction: what a merge reads to decide, and what it writes."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import Interview
from fieldkit.exchange.bundle import BundleRejected
from fieldkit.hq import attachments as hq_attachments
from fieldkit.hq.attachments import AttachmentRow
from fieldkit.hq.storage.rows import (
    IMPORT_COLUMNS,
    AliasRow,
    BundleRow,
    HeldRow,
    ImportRow,
    ProvenanceRow,
    QuarantineRow,
    RevisionRow,
    TimelineRow,
    parts,
)
from fieldkit.vault import bulk, records
from fieldkit.vault import importing as vault_importing
from fieldkit.vault.database import IntegrityError


class DatasetRefused(BundleRejected):
    """The database refused one of a bundle's writes: that bundle alone was undone."""


class HqWriter:
    """Inside one import transaction: what a merge reads to decide, and its writes."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """Writes undone alone (the transaction goes on) if the block raises a
        :class:`FieldkitError`, which then propagates, or if the database refuses one
        (a constraint): then :class:`DatasetRefused` says why. Any other error ends the
        transaction."""
        self._conn.execute("SAVEPOINT bundle")
        try:
            yield
        except (FieldkitError, IntegrityError) as error:
            self._conn.execute("ROLLBACK TO bundle")
            self._conn.execute("RELEASE bundle")
            if isinstance(error, IntegrityError):
                # The constraint's name only: sqlite's message never quotes the values.
                reason = str(error).splitlines()[0] if str(error) else "a constraint"
                raise DatasetRefused(
                    f"HQ's dataset refused one of its records ({reason})"
                ) from error
            raise
        self._conn.execute("RELEASE bundle")

    # --- reads ------------------------------------------------------------------------------

    def bundle_at(self, kit_id: str, sequence: int) -> str | None:
        """The id of the bundle this kit sent with this number, if one was imported."""
        row = self._conn.execute(
            "SELECT bundle_id FROM bundles_in WHERE kit_id = ? AND sequence = ?",
            (kit_id, sequence),
        ).fetchone()
        return str(row[0]) if row else None

    def kit_name(self, kit_id: str) -> str:
        """HQ's name for an enrolled kit."""
        row = self._conn.execute("SELECT name FROM kits WHERE kit_id = ?", (kit_id,)).fetchone()
        return str(row[0]) if row else ""

    def sequences(self, kit_id: str) -> dict[int, str]:
        """Each bundle number imported from this kit, with its manifest's sha256."""
        return {
            int(r[0]): r[1]
            for r in self._conn.execute(
                "SELECT sequence, manifest_sha256 FROM bundles_in WHERE kit_id = ?", (kit_id,)
            )
        }

    def timeline_rows(self, kit_id: str) -> list[TimelineRow]:
        """Every bundle imported from this kit, with the epoch (timeline) it belongs to."""
        return [
            (r[0], r[1], int(r[2]), r[3], None if r[4] is None else int(r[4]), r[5])
            for r in self._conn.execute(
                "SELECT bundle_id, epoch, sequence, manifest_sha256, epoch_after, "
                "epoch_after_sha256 FROM bundles_in INDEXED BY bundles_in_timelines "
                "WHERE kit_id = ?",
                (kit_id,),
            )
        ]

    def latest_from(self, kit_id: str, ids: Sequence[str]) -> dict[str, str]:
        """For each of ``ids`` stored from this kit: the bundle its highest kit revision
        came in."""
        latest: dict[str, tuple[int, str]] = {}
        for part, marks in parts(ids):
            for interview_id, revision, bundle_id in self._conn.execute(
                "SELECT interview_id, kit_revision, bundle_id FROM provenance "
                f"WHERE kit_id = ? AND interview_id IN ({marks})",
                (kit_id, *part),
            ):
                if interview_id not in latest or int(revision) > latest[interview_id][0]:
                    latest[interview_id] = (int(revision), bundle_id)
        return {interview_id: found[1] for interview_id, found in latest.items()}

    def history(self, ids: Sequence[str]) -> dict[str, list[tuple[int, str, str]]]:
        """(kit revision, kit id, sha256) of what was stored under each id; an interview
        stored without provenance (typed at HQ) as ``(0, "", "")``."""
        known: dict[str, list[tuple[int, str, str]]] = {}
        for part, marks in parts(ids):
            for interview_id, revision, kit_id, sha in self._conn.execute(
                "SELECT interview_id, kit_revision, kit_id, sha256 FROM provenance "
                f"WHERE interview_id IN ({marks})",
                part,
            ):
                known.setdefault(interview_id, []).append((int(revision), kit_id, sha))
            for (interview_id,) in self._conn.execute(
                f"SELECT id FROM interviews WHERE id IN ({marks})", part
            ):
                known.setdefault(interview_id, [(0, "", "")])
        return known

    def aliases(self, ids: Sequence[str]) -> dict[str, str]:
        """The id each of ``ids`` is stored as, for those that are aliases."""
        return self._pairs("SELECT interview_id, stored_id FROM aliases WHERE interview_id", ids)

    def ids_by_fingerprint(self, fingerprints: Sequence[str]) -> dict[str, str]:
        """The stored interview's id for each content fingerprint already stored."""
        return self._pairs("SELECT fingerprint, id FROM interviews WHERE fingerprint", fingerprints)

    def _pairs(self, select: str, keys: Sequence[str]) -> dict[str, str]:
        """``select … WHERE column`` for ``IN (keys)``, as a mapping of its two columns."""
        found: dict[str, str] = {}
        for part, marks in parts(keys):
            found.update(self._conn.execute(f"{select} IN ({marks})", part))
        return found

    # --- writes -----------------------------------------------------------------------------

    def save(self, interview: Interview, stamp: str) -> None:
        """Store ``interview`` as its next HQ revision (checked as any save is)."""
        records.save_in(self._conn, interview, stamp)

    def quarantine(self, row: QuarantineRow) -> None:
        self._conn.execute(
            "INSERT OR IGNORE INTO quarantine (interview_id, kit_id, bundle_id, kit_revision, "
            "sha256, payload, reason, received_at, record, unreviewed) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            row,
        )

    def insert_new(self, fresh: Sequence[bulk.Prepared], stamp: str) -> None:
        """Store new interviews (prepared rows) as HQ revision 1."""
        vault_importing.insert_new(self._conn, fresh, stamp)

    def add_aliases(self, rows: Iterable[AliasRow]) -> None:
        self._conn.executemany(
            "INSERT INTO aliases (interview_id, stored_id, kit_id, bundle_id, noted_at) "
            "VALUES (?,?,?,?,?)",
            rows,
        )

    def add_provenance(self, rows: Iterable[ProvenanceRow]) -> None:
        self._conn.executemany(
            "INSERT INTO provenance (interview_id, kit_revision, kit_id, bundle_id, sha256, "
            "imported_at, unreviewed) VALUES (?,?,?,?,?,?,?)",
            rows,
        )

    def add_revisions(self, rows: Iterable[RevisionRow]) -> None:
        """Keep the signed bytes of revisions accepted (one already kept stays as it is)."""
        self._conn.executemany(
            "INSERT OR IGNORE INTO hq_revisions (interview_id, kit_id, kit_revision, sha256, "
            "bundle_id, payload, stored_at) VALUES (?,?,?,?,?,?,?)",
            rows,
        )

    def add_held(self, row: HeldRow) -> None:
        """Record a bundle held, not merged (its records go to quarantine beside it)."""
        self._conn.execute(
            "INSERT INTO held_bundles (bundle_id, kit_id, fingerprint, sequence, "
            "manifest_sha256, why, received_at, entries) VALUES (?,?,?,?,?,?,?,?)",
            row,
        )

    def log_import(self, row: ImportRow) -> None:
        """Add a line to HQ's history of imports."""
        self._conn.execute(
            f"INSERT INTO hq_imports ({IMPORT_COLUMNS}) VALUES ({','.join('?' * len(row))})",
            row,
        )

    def add_attachments(self, rows: Sequence[AttachmentRow]) -> set[str]:
        """Make sealed files the dataset's; the names of those inserted (one HQ holds
        already, from a bundle earlier in the transaction, is not)."""
        return hq_attachments.insert_in(self._conn, rows)

    def add_bundle(self, row: BundleRow) -> None:
        """Record an imported bundle with its sealed receipt (what a replay returns)."""
        self._conn.execute(
            "INSERT INTO bundles_in (bundle_id, kit_id, sequence, manifest_sha256, "
            "prev_manifest_sha256, imported_at, stored, quarantined, receipt, epoch, "
            "epoch_after, epoch_after_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            row,
        )
