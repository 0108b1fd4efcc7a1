"""Quarantine: the records held for a person to decide on, and their resolution."""

from __future__ import annotations

from fieldkit.core.record import Interview
from fieldkit.hq.storage.rows import ProvenanceRow, RevisionRow
from fieldkit.hq.storage.writer import HqWriter
from fieldkit.vault import records
from fieldkit.vault.store import Vault


class QuarantineTable:
    """Open quarantine items, and closing them."""

    vault: Vault

    def open_quarantine(self) -> list[tuple[int, str, str, str, str, str, str]]:
        """(id, interview id, kit fingerprint, reason, received at, payload, kit name) of
        each open item."""
        return [
            (int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6])
            for r in self.vault.read(
                "SELECT q.id, q.interview_id, k.fingerprint, q.reason, q.received_at, "
                "q.payload, k.name FROM quarantine q JOIN kits k ON k.kit_id = q.kit_id "
                "WHERE q.resolved_at IS NULL ORDER BY q.id"
            )
        ]

    def quarantined(
        self, item_id: int
    ) -> tuple[str, str, str, int, str, str, bytes | None, int] | None:
        """(interview id, kit id, bundle id, kit revision, sha256, payload, signed bytes or
        None if quarantined before HQ kept them, details sent unreviewed) of an open item."""
        rows = self.vault.read(
            "SELECT interview_id, kit_id, bundle_id, kit_revision, sha256, payload, record, "
            "unreviewed FROM quarantine WHERE id = ? AND resolved_at IS NULL",
            (item_id,),
        )
        if not rows:
            return None
        interview_id, kit_id, bundle_id, revision, sha, payload, record, unreviewed = rows[0]
        signed = bytes(record) if record is not None else None
        return interview_id, kit_id, bundle_id, int(revision), sha, payload, signed, unreviewed

    def resolve(
        self,
        item_id: int,
        resolution: str,
        stamp: str,
        accepted: tuple[Interview, ProvenanceRow, RevisionRow | None] | None = None,
    ) -> None:
        """Close a quarantine item; ``accepted``: the incoming version, saved as a new HQ
        revision, its provenance row (replacing the one for that kit revision) and its signed
        bytes (added to those kept: none is replaced)."""
        with self.vault.transaction("resolving quarantine") as conn:
            if accepted is not None:
                interview, row, revision = accepted
                records.save_in(conn, interview, stamp)
                conn.execute(
                    "INSERT OR REPLACE INTO provenance (interview_id, kit_revision, kit_id, "
                    "bundle_id, sha256, imported_at, unreviewed) VALUES (?,?,?,?,?,?,?)",
                    row,
                )
                if revision is not None:
                    HqWriter(conn).add_revisions([revision])
            conn.execute(
                "UPDATE quarantine SET resolved_at = ?, resolution = ? WHERE id = ?",
                (stamp, resolution, item_id),
            )
