"""Where each stored interview came from: provenance, the revisions HQ accepted, and the
stored interviews themselves (their tables are :mod:`fieldkit.vault.records`')."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from fieldkit.core.canonical import sha256_hex
from fieldkit.core.record import Interview
from fieldkit.hq.storage.rows import HistoryRow, parts
from fieldkit.vault import records
from fieldkit.vault.store import Vault


class ProvenanceReads:
    """Stored interviews with where each revision came from."""

    vault: Vault

    def interview_ids(self) -> list[str]:
        """Every stored interview's id, oldest interview date first (report order)."""
        return [
            str(r[0])
            for r in self.vault.read(
                "SELECT id FROM interviews ORDER BY interview_date, created_at, rowid"
            )
        ]

    def interviews(self, ids: Sequence[str]) -> list[Interview]:
        """The stored interviews of those ids (missing ones left out)."""
        return records.get_many(self.vault, list(ids))

    def provenance_rows(
        self, interview_ids: Sequence[str]
    ) -> Iterator[tuple[str, str, str, str, int, str, int, str | None, bool]]:
        """(stored id, kit fingerprint, kit name, bundle id, kit revision, imported at,
        identifying details sent unreviewed, when the kit was revoked or None, whether its
        bundle arrived after that: held, the revision accepted from quarantine) for each
        revision stored (an alias's under the id it is stored as), oldest first per part."""
        after = (
            "EXISTS (SELECT 1 FROM held_bundles h WHERE h.bundle_id = p.bundle_id "
            "AND h.why = 'revoked')"
        )
        for part, marks in parts(interview_ids):
            for row in self.vault.read(
                "SELECT p.interview_id, k.fingerprint, k.name, p.bundle_id, p.kit_revision, "
                f"p.imported_at, p.unreviewed, k.revoked_at, {after} FROM provenance p "
                "JOIN kits k ON k.kit_id = p.kit_id "
                f"WHERE p.interview_id IN ({marks}) "
                "UNION ALL "
                "SELECT a.stored_id, k.fingerprint, k.name, p.bundle_id, p.kit_revision, "
                f"p.imported_at, p.unreviewed, k.revoked_at, {after} "
                "FROM aliases a JOIN provenance p ON p.interview_id = a.interview_id "
                "JOIN kits k ON k.kit_id = p.kit_id "
                f"WHERE a.stored_id IN ({marks}) "
                "ORDER BY 6, 5",
                (*part, *part),
            ):
                iid, fp, name, bundle_id, revision, imported, unreviewed, revoked, late = row
                yield (
                    iid,
                    fp,
                    name,
                    bundle_id,
                    int(revision),
                    imported,
                    int(unreviewed),
                    revoked,
                    bool(late),
                )

    def history_rows(self, interview_id: str) -> list[HistoryRow]:
        """Every revision HQ accepted of one interview (and of the ids other kits sent it
        under), oldest first: with its signed bytes, or None for one accepted before HQ kept
        them."""
        ids = [interview_id] + [
            str(r[0])
            for r in self.vault.read(
                "SELECT interview_id FROM aliases WHERE stored_id = ?", (interview_id,)
            )
        ]
        out: list[HistoryRow] = []
        for part, marks in parts(ids):
            for (
                _iid,
                fp,
                bundle_id,
                revision,
                at,
                sha,
                payload,
                name,
                unreviewed,
            ) in self.vault.read(
                "SELECT r.interview_id, k.fingerprint, r.bundle_id, r.kit_revision, r.stored_at, "
                "r.sha256, r.payload, k.name, coalesce(p.unreviewed, 0) FROM hq_revisions r "
                "JOIN kits k ON k.kit_id = r.kit_id LEFT JOIN provenance p "
                "ON p.interview_id = r.interview_id AND p.kit_id = r.kit_id "
                "AND p.kit_revision = r.kit_revision AND p.sha256 = r.sha256 "
                f"WHERE r.interview_id IN ({marks}) "
                "UNION ALL "
                "SELECT p.interview_id, k.fingerprint, p.bundle_id, p.kit_revision, "
                "p.imported_at, p.sha256, NULL, k.name, p.unreviewed FROM provenance p "
                "JOIN kits k ON k.kit_id = p.kit_id "
                f"WHERE p.interview_id IN ({marks}) AND NOT EXISTS (SELECT 1 FROM hq_revisions "
                "r WHERE r.interview_id = p.interview_id AND r.kit_id = p.kit_id "
                "AND r.kit_revision = p.kit_revision AND r.sha256 = p.sha256)",
                (*part, *part),
            ):
                blob = bytes(payload) if payload is not None else None
                out.append(
                    (interview_id, fp, bundle_id, int(revision), at, sha, blob, name, unreviewed)
                )
        out.sort(key=lambda row: (row[4], row[3]))
        return out

    def held(self, interview_id: str, kit_id: str, revision: int, sha256: str) -> bool:
        """Whether HQ holds exactly the bytes whose sha256 the kit signed for this revision."""
        rows = self.vault.read(
            "SELECT payload FROM hq_revisions WHERE interview_id = ? AND kit_id = ? "
            "AND kit_revision = ? AND sha256 = ?",
            (interview_id, kit_id, revision, sha256),
        )
        return bool(rows) and sha256_hex(bytes(rows[0][0])) == sha256
