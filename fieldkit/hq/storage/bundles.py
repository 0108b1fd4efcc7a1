"""The bundles HQ imported or held, and its history of imports."""

from __future__ import annotations

from fieldkit.hq.storage.rows import IMPORT_COLUMNS, ImportRow
from fieldkit.vault.store import Vault


class BundleReads:
    """What intake reads of the bundles before it opens an import transaction."""

    vault: Vault

    def held_seen(self, bundle_id: str) -> tuple[str, str] | None:
        """(manifest sha256, why) of the bundle held under this id, if one was."""
        rows = self.vault.read(
            "SELECT manifest_sha256, why FROM held_bundles WHERE bundle_id = ?", (bundle_id,)
        )
        return (str(rows[0][0]), str(rows[0][1])) if rows else None

    def held_bundle_ids(self, why: str) -> set[str]:
        """The ids of the bundles held for ``why``."""
        return {
            str(r[0])
            for r in self.vault.read("SELECT bundle_id FROM held_bundles WHERE why = ?", (why,))
        }

    def bundle_seen(self, bundle_id: str) -> tuple[str, bytes] | None:
        """(manifest sha256, receipt) of the bundle imported under this id, if any."""
        rows = self.vault.read(
            "SELECT manifest_sha256, receipt FROM bundles_in WHERE bundle_id = ?", (bundle_id,)
        )
        return (str(rows[0][0]), bytes(rows[0][1])) if rows else None

    def bundle_known(self, kit_id: str, sequence: int, manifest_sha256: str) -> bool:
        """Whether this very bundle was imported (the covering index: no receipts read)."""
        return bool(
            self.vault.read(
                "SELECT 1 FROM bundles_in INDEXED BY bundles_in_by_kit "
                "WHERE kit_id = ? AND sequence = ? AND manifest_sha256 = ?",
                (kit_id, sequence, manifest_sha256),
            )
        )

    def import_rows(self, limit: int) -> list[tuple[int, str, str, ImportRow]]:
        """The ``limit`` latest imports, newest first: (id, kit name, kit fingerprint (both ''
        when unknown), the row as :meth:`HqWriter.log_import` wrote it)."""
        return [
            (int(r[0]), r[1] or "", r[2] or "", tuple(r[3:]))
            for r in self.vault.read(
                "SELECT h.id, k.name, k.fingerprint, "
                + ", ".join(f"h.{c.strip()}" for c in IMPORT_COLUMNS.split(","))
                + " FROM hq_imports h LEFT JOIN kits k ON k.kit_id = h.kit_id "
                "ORDER BY h.id DESC LIMIT ?",
                (limit,),
            )
        ]
