"""The Uwazi exports HQ wrote and the interviews each carried (:mod:`fieldkit.hq.uwazi`)."""

from __future__ import annotations

from collections.abc import Iterable

from fieldkit.hq.storage.rows import UwaziExportRow
from fieldkit.vault.store import Vault


class UwaziExports:
    """Uwazi exports, as incremental exports need them."""

    vault: Vault

    def uwazi_exports(self) -> list[UwaziExportRow]:
        """Every Uwazi export HQ wrote, oldest first."""
        rows = self.vault.read(
            "SELECT id, kind, exported_at, language, columns, since, rows FROM uwazi_exports "
            "ORDER BY id"
        )
        return [(int(r[0]), r[1], r[2], r[3], r[4], r[5], int(r[6])) for r in rows]

    def uwazi_carried(self, upto: int) -> dict[str, str]:
        """Each interview a Uwazi CSV up to export ``upto`` carried: the SHA-256 of its
        content as the latest of them carried it."""
        rows = self.vault.read(
            "SELECT interview_id, sha256 FROM uwazi_exported WHERE export_id <= ? "
            "ORDER BY export_id",
            (upto,),
        )
        return {str(r[0]): str(r[1]) for r in rows}

    def note_uwazi_export(
        self, row: UwaziExportRow, carried: Iterable[tuple[str, str]] = ()
    ) -> int:
        """Record a Uwazi export (its ``id`` in ``row`` is ignored) and the interviews it
        carried; its number."""
        with self.vault.transaction("noting the Uwazi export") as conn:
            cursor = conn.execute(
                "INSERT INTO uwazi_exports (kind, exported_at, language, columns, since, rows) "
                "VALUES (?,?,?,?,?,?)",
                row[1:],
            )
            number = int(cursor.lastrowid)
            conn.executemany(
                "INSERT INTO uwazi_exported (export_id, interview_id, sha256) VALUES (?,?,?)",
                ((number, interview_id, sha) for interview_id, sha in carried),
            )
        return number
