"""The kits HQ enrolled: cards, names, revocations and the keys they moved away from."""

from __future__ import annotations

from fieldkit.hq.storage.rows import KitRow
from fieldkit.vault.database import IntegrityError
from fieldkit.vault.store import Vault


class KitClash(Exception):
    """Another kit is enrolled under this kit id (its fingerprint is the argument)."""


class NameTaken(Exception):
    """Another enrolled kit has this name (the argument)."""


class KitTable:
    """Enrolled kits, as enrolment, revocation and rekeying need them."""

    vault: Vault

    def kit_card_text(self, kit_id: str) -> str | None:
        """The card an enrolled kit was pinned with, as enrolled; None if not enrolled."""
        rows = self.vault.read("SELECT card FROM kits WHERE kit_id = ?", (kit_id,))
        return str(rows[0][0]) if rows else None

    def kit_card_texts(self) -> list[str]:
        """Every enrolled kit's card, in enrolment order."""
        return [str(r[0]) for r in self.vault.read("SELECT card FROM kits ORDER BY enrolled_at")]

    def kit_rows(self) -> list[KitRow]:
        """Every enrolled kit with its last bundle and interviews stored, in enrolment order."""
        return [
            (r[0], r[1], r[2], r[3], None if r[4] is None else int(r[4]), r[5], int(r[6]), *r[7:])
            for r in self.vault.read(
                "SELECT k.kit_id, k.name, k.fingerprint, k.enrolled_at, b.sequence, "
                "b.imported_at, (SELECT count(DISTINCT p.interview_id) FROM provenance p "
                "WHERE p.kit_id = k.kit_id), k.revoked_at, k.revoked_by, k.revoked_reason "
                "FROM kits k LEFT JOIN bundles_in b "
                "ON b.bundle_id = (SELECT bundle_id FROM bundles_in WHERE kit_id = k.kit_id "
                "ORDER BY sequence DESC LIMIT 1) ORDER BY k.enrolled_at, k.name"
            )
        ]

    def enroll(self, kit_id: str, fingerprint: str, name: str, card: str, stamp: str) -> str:
        """Pin a kit's card under HQ's ``name`` for it; the same card again changes nothing
        (the name it has is returned), another under its id is refused (:class:`KitClash`),
        and so is a name another kit has (:class:`NameTaken`)."""
        with self.vault.transaction("enrolling a kit") as conn:
            known = conn.execute(
                "SELECT fingerprint, name FROM kits WHERE kit_id = ?", (kit_id,)
            ).fetchone()
            if known and known[0] != fingerprint:
                raise KitClash(str(known[0]))
            if known:
                return str(known[1])
            try:
                conn.execute(
                    "INSERT INTO kits (kit_id, fingerprint, name, card, enrolled_at) "
                    "VALUES (?,?,?,?,?)",
                    (kit_id, fingerprint, name, card, stamp),
                )
            except IntegrityError as error:
                raise NameTaken(name) from error
        return name

    def rename(self, kit_id: str, name: str) -> None:
        """Give an enrolled kit another name (:class:`NameTaken` if another kit has it)."""
        with self.vault.transaction("renaming a kit") as conn:
            try:
                conn.execute("UPDATE kits SET name = ? WHERE kit_id = ?", (name, kit_id))
            except IntegrityError as error:
                raise NameTaken(name) from error

    def revoke(self, kit_id: str, stamp: str, by: str, reason: str) -> str | None:
        """Revoke an enrolled kit; if it was revoked already, nothing changes and the time it
        was is returned."""
        with self.vault.transaction("revoking a kit") as conn:
            row = conn.execute("SELECT revoked_at FROM kits WHERE kit_id = ?", (kit_id,)).fetchone()
            if row is not None and row[0] is not None:
                return str(row[0])
            conn.execute(
                "UPDATE kits SET revoked_at = ?, revoked_by = ?, revoked_reason = ? "
                "WHERE kit_id = ?",
                (stamp, by, reason, kit_id),
            )
        return None

    def kit_state(self, kit_id: str) -> tuple[str, str, str | None] | None:
        """(HQ's name, fingerprint of its key now, revoked at or None) of an enrolled kit."""
        rows = self.vault.read(
            "SELECT name, fingerprint, revoked_at FROM kits WHERE kit_id = ?", (kit_id,)
        )
        return (str(rows[0][0]), str(rows[0][1]), rows[0][2]) if rows else None

    def replaced_keys(self, kit_id: str | None = None) -> list[tuple[str, str, str, str]]:
        """(kit id, fingerprint, card, replaced at) of each key a kit moved away from (of one
        kit, or of all), oldest first."""
        where, params = ("WHERE kit_id = ? ", (kit_id,)) if kit_id else ("", ())
        return [
            (str(r[0]), str(r[1]), str(r[2]), str(r[3]))
            for r in self.vault.read(
                "SELECT kit_id, fingerprint, card, replaced_at FROM kit_keys "
                f"{where}ORDER BY replaced_at, fingerprint",
                params,
            )
        ]

    def move_key(
        self, kit_id: str, old: tuple[str, str], new: tuple[str, str], stamp: str, statement: str
    ) -> None:
        """Replace the kit's (fingerprint, card) ``old`` by ``new``, keeping the old one with
        the statement that replaced it; :class:`KitClash` if the kit's key is no longer
        ``old`` or another kit has (or had) the new fingerprint."""
        with self.vault.transaction("moving a kit to its new key") as conn:
            taken = conn.execute(
                "SELECT 1 FROM kits WHERE fingerprint = ? UNION ALL "
                "SELECT 1 FROM kit_keys WHERE fingerprint = ?",
                (new[0], new[0]),
            ).fetchone()
            if taken:
                raise KitClash(new[0])
            conn.execute(
                "INSERT INTO kit_keys (fingerprint, kit_id, card, replaced_at, statement) "
                "VALUES (?,?,?,?,?)",
                (old[0], kit_id, old[1], stamp, statement),
            )
            changed = conn.execute(
                "UPDATE kits SET fingerprint = ?, card = ? WHERE kit_id = ? AND fingerprint = ?",
                (new[0], new[1], kit_id, old[0]),
            ).rowcount
            if changed != 1:
                raise KitClash(old[0])

    def revoked_kits(self) -> dict[str, tuple[str, str]]:
        """(name, revoked at) of each revoked kit, by the fingerprint provenance shows."""
        return {
            str(r[0]): (str(r[1]), str(r[2]))
            for r in self.vault.read(
                "SELECT fingerprint, name, revoked_at FROM kits WHERE revoked_at IS NOT NULL"
            )
        }
