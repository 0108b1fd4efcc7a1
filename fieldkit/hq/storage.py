"""HQ's one storage seam: every read and write of intake, merge, quarantine and provenance.

:class:`HqStore` reads the central dataset; inside one of its transactions a
:class:`HqWriter` reads what a merge must decide on and writes what it decided. The SQL (and
the SQLCipher vault under it) stays here, so another backend means another pair of classes,
not another merge. The interviews' own tables stay with :mod:`fieldkit.vault.repository`,
which this module calls for them. Lookups go 500 ids at a time; rows are written in batches.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from fieldkit.core.canonical import sha256_hex
from fieldkit.core.errors import FieldkitError, FormMissing
from fieldkit.core.forms.model import Form
from fieldkit.core.record import Interview
from fieldkit.exchange.bundle import BundleRejected
from fieldkit.exchange.formfile import FormFile, parse_form_file
from fieldkit.exchange.keys import Role, load_identity
from fieldkit.hq import attachments as hq_attachments
from fieldkit.hq.attachments import AttachmentRow
from fieldkit.vault import bulk, forms, records
from fieldkit.vault import importing as vault_importing
from fieldkit.vault.database import IntegrityError
from fieldkit.vault.store import Vault

#: Ids per ``IN (…)`` lookup (SQLite's limit on parameters is far above it).
LOOKUP = 500
#: Page cache for an import transaction, in KiB (given back when it ends). 25 bundles of a
#: thousand interviews touch ~100 MB of pages; in the bulk import's 64 MiB they spill to the
#: write-ahead log mid-transaction and are read back (decrypted, HMAC checked): ~6% slower.
IMPORT_CACHE_KIB = 128 * 1024

#: (interview id, kit revision, kit id, bundle id, sha256, imported at, details sent unreviewed)
ProvenanceRow = tuple[str, int, str, str, str, str, int]
#: (interview id, stored id, kit id, bundle id, noted at)
AliasRow = tuple[str, str, str, str, str]
#: (interview id, kit id, bundle id, kit revision, sha256, payload, reason, received at,
#: the record's signed bytes, details sent unreviewed)
QuarantineRow = tuple[str, str, str, int, str, str, str, str, bytes, int]
#: (interview id, kit id, kit revision, sha256, bundle id, the record's signed bytes, stored at)
RevisionRow = tuple[str, str, int, str, str, bytes, str]
#: (stored id, kit fingerprint, bundle id, kit revision, imported at, sha256, signed bytes or
#: None when accepted before HQ kept them, kit name, details sent unreviewed)
HistoryRow = tuple[str, str, str, int, str, str, bytes | None, str, int]
#: (kit id, name, fingerprint, enrolled at, last bundle's sequence and import time or None,
#: interviews stored from it, revoked at, by and why or None)
KitRow = tuple[str, str, str, str, int | None, str | None, int, str | None, str | None, str | None]
#: (bundle id, kit id, fingerprint of the key that signed it, sequence, manifest sha256,
#: why it is held: 'revoked' or 'replaced_key', received at, entries)
HeldRow = tuple[str, str, str, int, str, str, str, int]
#: (bundle id, kit id, sequence, manifest sha256, previous manifest sha256, imported at,
#: stored, quarantined, receipt, epoch ('' for the kit's first timeline), the epoch's fork:
#: the last bundle its backup held and that bundle's manifest sha256, or None)
BundleRow = tuple[str, str, int, str, str | None, str, int, int, bytes, str, int | None, str | None]
#: (number, kind ('csv' or 'template'), exported at, labels' language, column names as JSON,
#: the export it continued or None, rows or properties)
UwaziExportRow = tuple[int, str, str, str, str, int | None, int]
#: (bundle id, epoch, sequence, manifest sha256, epoch's fork bundle and its sha256, or None)
TimelineRow = tuple[str, str, int, str, int | None, str | None]
#: (imported at, file name, fate, bundle id, kit id, sequence, new, duplicates, updated,
#: unchanged, stored, quarantined, unreviewed, warnings as JSON, reason rejected)
ImportRow = tuple[
    str,
    str,
    str,
    str | None,
    str | None,
    int | None,
    int | None,
    int | None,
    int | None,
    int | None,
    int,
    int,
    int,
    str,
    str | None,
]
_IMPORT_COLUMNS = (
    "imported_at, file_name, fate, bundle_id, kit_id, sequence, new, duplicates, updated, "
    "unchanged, stored, quarantined, unreviewed, warnings, reason"
)


def _parts(items: Sequence[str]) -> Iterator[tuple[list[str], str]]:
    """``items`` :data:`LOOKUP` at a time, each with its ``?,?,…`` placeholders."""
    for start in range(0, len(items), LOOKUP):
        part = list(items[start : start + LOOKUP])
        yield part, ",".join("?" * len(part))


class HqStore:
    """The central dataset as intake, merge, quarantine and provenance need it."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    # --- forms (the table and its SQL are the vault's: fieldkit.vault.forms) --------------

    def newest_form_version(self, form_id: str) -> int | None:
        return forms.newest_version(self.vault, form_id)

    def published_form(self, form_id: str, version: int) -> FormFile | None:
        """A version HQ published, read back from its own signed file (None: not published)."""
        try:
            data = forms.file_of(self.vault, form_id, version)
        except FormMissing:
            return None
        identity = load_identity(self.vault, Role.HQ)
        if identity is None:
            raise FieldkitError("this vault is not an HQ dataset")
        return parse_form_file(data, identity.signing.verify_key, identity.ident)

    def publish_form(self, form: Form, published_at: str, body: bytes, data: bytes) -> None:
        forms.store(self.vault, form, published_at, body, data)

    def published_forms(self) -> list[forms.StoredForm]:
        return forms.stored(self.vault)

    # --- kits -------------------------------------------------------------------------------

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

    # --- bundles ----------------------------------------------------------------------------

    def held_seen(self, bundle_id: str) -> tuple[str, str] | None:
        """(manifest sha256, why) of the bundle held under this id, if one was."""
        rows = self.vault.read(
            "SELECT manifest_sha256, why FROM held_bundles WHERE bundle_id = ?", (bundle_id,)
        )
        return (str(rows[0][0]), str(rows[0][1])) if rows else None

    def revoked_kits(self) -> dict[str, tuple[str, str]]:
        """(name, revoked at) of each revoked kit, by the fingerprint provenance shows."""
        return {
            str(r[0]): (str(r[1]), str(r[2]))
            for r in self.vault.read(
                "SELECT fingerprint, name, revoked_at FROM kits WHERE revoked_at IS NOT NULL"
            )
        }

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

    @contextlib.contextmanager
    def importing(self) -> Iterator[HqWriter]:
        """One import transaction (with its larger page cache): committed on leaving."""
        with (
            vault_importing.import_cache(self.vault, IMPORT_CACHE_KIB),
            self.vault.transaction("importing bundles") as conn,
        ):
            yield HqWriter(conn)

    def import_rows(self, limit: int) -> list[tuple[int, str, str, ImportRow]]:
        """The ``limit`` latest imports, newest first: (id, kit name, kit fingerprint (both ''
        when unknown), the row as :meth:`HqWriter.log_import` wrote it)."""
        return [
            (int(r[0]), r[1] or "", r[2] or "", tuple(r[3:]))
            for r in self.vault.read(
                "SELECT h.id, k.name, k.fingerprint, "
                + ", ".join(f"h.{c.strip()}" for c in _IMPORT_COLUMNS.split(","))
                + " FROM hq_imports h LEFT JOIN kits k ON k.kit_id = h.kit_id "
                "ORDER BY h.id DESC LIMIT ?",
                (limit,),
            )
        ]

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

    # --- quarantine -------------------------------------------------------------------------

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

    # --- Uwazi exports (fieldkit.hq.uwazi) -------------------------------------------------

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

    # --- provenance -------------------------------------------------------------------------

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
        for part, marks in _parts(interview_ids):
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
        for part, marks in _parts(ids):
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


class DatasetRefused(BundleRejected):
    """The database refused one of a bundle's writes: that bundle alone was undone."""


class KitClash(Exception):
    """Another kit is enrolled under this kit id (its fingerprint is the argument)."""


class NameTaken(Exception):
    """Another enrolled kit has this name (the argument)."""


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
        for part, marks in _parts(ids):
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
        for part, marks in _parts(ids):
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
        for part, marks in _parts(keys):
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
            f"INSERT INTO hq_imports ({_IMPORT_COLUMNS}) VALUES ({','.join('?' * len(row))})",
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
