"""Attachments at HQ: taken in from bundles of version 2 as they stream, sealed in the
dataset, listed with the interviews they belong to, read and written out.

While a bundle is read, each attachment it carries that HQ does not hold yet is sealed into
the dataset's ``attachments/`` folder as it arrives (:class:`Receiving`), under its own key,
exactly as a kit seals its own (:mod:`fieldkit.vault.blobs`): memory stays at one chunk. The
files stay locked and nameless to the dataset until the bundle's transaction commits their
rows; a bundle refused at any point, or a kill, leaves only ciphertext whose key was never
stored, which the next open sweeps away. An attachment HQ holds already (same kit, id and
SHA-256) is only checked, never stored twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import resource
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from fieldkit.core.errors import DiskFull, NotFound
from fieldkit.exchange.bundle import BundleRejected
from fieldkit.exchange.carry import Discard, Sink
from fieldkit.exchange.manifest import Carried
from fieldkit.vault import blobs
from fieldkit.vault.attachments import pick
from fieldkit.vault.plaincopy import write_plain
from fieldkit.vault.store import Vault

#: Space left free on HQ's disk after a bundle's attachments are stored.
DISK_RESERVE = 512 * 1024 * 1024

#: (kit id, id, sha256, interview id, media type, size, copy, original sha256, bundle id,
#: received at, blob, blob key)
AttachmentRow = tuple[str, str, str, str, str, int, str, str, str, str, str, bytes]

_COLUMNS = (
    "a.kit_id, a.id, a.sha256, a.interview_id, a.media_type, a.size, a.copy, "
    "a.original_sha256, a.bundle_id, a.received_at, k.fingerprint, k.name"
)


@dataclass(frozen=True)
class HqAttachment:
    """An attachment HQ holds: the bytes a kit sent (``copy``: "stripped" or "original")."""

    kit_id: str
    id: str
    sha256: str
    interview_id: str
    media_type: str
    size: int
    copy: str
    original_sha256: str
    bundle_id: str
    received_at: str
    kit_fingerprint: str
    kit_name: str


def _of(row: Sequence[Any]) -> HqAttachment:
    kit_id, ident, sha256, interview_id, media_type, size = row[:6]
    copy, original, bundle_id, received_at, fingerprint, name = row[6:]
    return HqAttachment(
        kit_id,
        ident,
        sha256,
        interview_id,
        media_type,
        int(size),
        copy,
        original,
        bundle_id,
        received_at,
        fingerprint,
        name,
    )


class _Sealing:
    """One attachment being sealed into the dataset as the bundle streams it."""

    def __init__(self, dataset: Path, carried: Carried) -> None:
        self.carried = carried
        self.pending: blobs.Pending | None = None
        self._sealer = blobs.Sealer(dataset, carried.size, _too_large)

    def write(self, data: bytes, /) -> int:
        return self._sealer.write(data)

    def done(self) -> None:
        self.pending = self._sealer.finish()

    def discard(self) -> None:
        if self.pending is not None:
            self.pending.discard()
        else:
            self._sealer.abort()


def _too_large() -> Exception:
    return BundleRejected("an attachment in the bundle is larger than its manifest says")


class Receiving:
    """The attachments of one bundle as it is read: a sink for each (:meth:`open`), then,
    once its transaction decided, :meth:`rows` to insert and :meth:`release` after the commit,
    or :meth:`discard` if anything refused it."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._sealing: list[_Sealing] = []
        self.kit_id = ""
        #: (id, sha256) of the listed attachments HQ holds already: only checked, not stored.
        self._held_already: set[tuple[str, str]] = set()

    def start(self, manifest: dict[str, Any], carried: Sequence[Carried]) -> None:
        """Refuse the bundle before a byte is stored if its new attachments would fill the
        disk (and let this process hold a file open for each until the commit)."""
        self.kit_id = str(manifest["kit_id"])
        self._held_already = {(c.id, c.sha256) for c in carried if self._held(c)}
        new = [c for c in carried if (c.id, c.sha256) not in self._held_already]
        needed = sum(c.size for c in new)
        if not needed:
            return
        folder = blobs.ensure_folder(self._vault.path)
        free = shutil.disk_usage(folder).free
        if needed + DISK_RESERVE > free:
            raise DiskFull(
                f"HQ's disk has {free >> 20} MiB free and this bundle's attachments need "
                f"{needed >> 20} MiB (and {DISK_RESERVE >> 20} MiB spare): nothing of it was "
                "imported; free some space and import it again"
            )
        _allow_open_files(len(new))

    def _held(self, carried: Carried) -> bool:
        return bool(
            self._vault.read(
                "SELECT 1 FROM hq_attachments WHERE kit_id = ? AND id = ? AND sha256 = ?",
                (self.kit_id, carried.id, carried.sha256),
            )
        )

    def open(self, carried: Carried) -> Sink:
        """Where one attachment's bytes go: sealed, or only checked if HQ holds them."""
        if (carried.id, carried.sha256) in self._held_already:
            return Discard()
        sealing = _Sealing(self._vault.path, carried)
        self._sealing.append(sealing)
        return sealing

    def rows(self, bundle_id: str, stamp: str) -> list[AttachmentRow]:
        """The rows that make the sealed files the dataset's (inserted in the transaction)."""
        rows: list[AttachmentRow] = []
        for item in self._sealing:
            assert item.pending is not None
            c = item.carried
            rows.append(
                (
                    self.kit_id,
                    c.id,
                    c.sha256,
                    c.interview_id,
                    c.media_type,
                    c.size,
                    c.copy,
                    c.original_sha256,
                    bundle_id,
                    stamp,
                    item.pending.name,
                    item.pending.key,
                )
            )
        return rows

    def release(self, kept: set[str]) -> None:
        """The transaction committed: the files whose rows it inserted (``kept``, by file
        name) are the dataset's; any other (a copy another bundle of the same batch stored
        first) is removed."""
        for item in self._sealing:
            if item.pending is None:
                continue
            if item.pending.name in kept:
                item.pending.release()
            else:
                item.pending.discard()
        self._sealing.clear()

    def discard(self) -> None:
        """Nothing of the bundle is kept: remove what was sealed for it."""
        for item in self._sealing:
            item.discard()
        self._sealing.clear()


def _allow_open_files(count: int) -> None:
    """Each attachment sealed stays open (locked) until its bundle commits: raise this
    process's limit of open files towards the system's if it is short."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count * 3 + 256  # three bundles may be waiting at once
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def insert_in(conn: Any, rows: Sequence[AttachmentRow]) -> set[str]:
    """Insert the rows; the file names of those inserted (one HQ holds already is not)."""
    kept: set[str] = set()
    for row in rows:
        cursor = conn.execute(
            "INSERT INTO hq_attachments (kit_id, id, sha256, interview_id, media_type, size, "
            "copy, original_sha256, bundle_id, received_at, blob, blob_key) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (kit_id, id, sha256) DO NOTHING",
            row,
        )
        if cursor.rowcount:
            kept.add(row[10])
    return kept


# --- reading --------------------------------------------------------------------------------


def for_interview(vault: Vault, stored_id: str) -> list[HqAttachment]:
    """The attachments shown with a stored interview: those sent for it (or for an id HQ
    noted as its copy) by a kit HQ accepted a revision of it from, oldest first."""
    return [
        _of(row)
        for row in vault.read(
            f"SELECT {_COLUMNS} FROM hq_attachments a JOIN kits k ON k.kit_id = a.kit_id "
            "WHERE (a.interview_id = ? AND EXISTS (SELECT 1 FROM provenance p "
            "WHERE p.interview_id = a.interview_id AND p.kit_id = a.kit_id)) "
            "OR EXISTS (SELECT 1 FROM aliases al WHERE al.stored_id = ? "
            "AND al.interview_id = a.interview_id AND al.kit_id = a.kit_id) "
            "ORDER BY a.received_at, a.bundle_id, a.id",
            (stored_id, stored_id),
        )
    ]


def from_kit(vault: Vault, kit_id: str, interview_id: str) -> list[HqAttachment]:
    """What one kit sent for an interview id (a quarantined record's, say), oldest first."""
    return [
        _of(row)
        for row in vault.read(
            f"SELECT {_COLUMNS} FROM hq_attachments a JOIN kits k ON k.kit_id = a.kit_id "
            "WHERE a.kit_id = ? AND a.interview_id = ? ORDER BY a.received_at, a.bundle_id, a.id",
            (kit_id, interview_id),
        )
    ]


def for_quarantined(vault: Vault, item_id: int) -> list[HqAttachment]:
    """What the kit of an open quarantine item sent for its record: :func:`from_kit` of
    the incoming record's id, so the person deciding sees what would come with it."""
    rows = vault.read("SELECT kit_id, interview_id FROM quarantine WHERE id = ?", (item_id,))
    if not rows:
        raise NotFound(f"no quarantine item {item_id}")
    return from_kit(vault, str(rows[0][0]), str(rows[0][1]))


def interviews_with(vault: Vault) -> dict[str, int]:
    """Stored interview id → how many attachments are shown with it."""
    return _counts(vault, "", ())


def counts_for(vault: Vault, stored_ids: Sequence[str]) -> dict[str, int]:
    """:func:`interviews_with` for these interviews only (a page of the list: the index is
    used, where the whole count reads every attachment HQ holds)."""
    counts: dict[str, int] = {}
    for start in range(0, len(stored_ids), 500):
        chunk = tuple(stored_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for key, count in _counts(vault, marks, chunk).items():
            counts[key] = counts.get(key, 0) + count
    return counts


def _counts(vault: Vault, marks: str, ids: tuple[str, ...]) -> dict[str, int]:
    """The counts :func:`for_interview` would list (each attachment once, however many
    revisions its kit sent), of the ids in ``marks`` (all when empty)."""
    own = f"AND a.interview_id IN ({marks}) " if marks else ""
    aliased = f"AND al.stored_id IN ({marks}) " if marks else ""
    counts: dict[str, int] = {}
    for stored_id, count in vault.read(
        "SELECT a.interview_id, count(*) FROM hq_attachments a "
        "WHERE EXISTS (SELECT 1 FROM provenance p "
        f"WHERE p.interview_id = a.interview_id AND p.kit_id = a.kit_id) {own}"
        "GROUP BY a.interview_id "
        "UNION ALL SELECT al.stored_id, count(*) FROM hq_attachments a "
        f"JOIN aliases al ON al.interview_id = a.interview_id AND al.kit_id = a.kit_id {aliased}"
        "GROUP BY al.stored_id",
        ids + ids,
    ):
        counts[stored_id] = counts.get(stored_id, 0) + int(count)
    return counts


def resolve(items: Sequence[HqAttachment], reference: str) -> HqAttachment:
    """One of ``items`` by its number (1, 2 …) or the first characters (four at least) of its
    id, as the kit's ``attachment-save`` takes them (:func:`fieldkit.vault.attachments.pick`)."""
    return pick(list(enumerate(items, start=1)), reference, " at HQ")


def open_reader(vault: Vault, item: HqAttachment) -> blobs.Reader:
    """A streaming, seekable reader of the bytes HQ holds."""
    rows = vault.read(
        "SELECT blob, blob_key FROM hq_attachments WHERE kit_id = ? AND id = ? AND sha256 = ?",
        (item.kit_id, item.id, item.sha256),
    )
    if not rows:
        raise NotFound("no such attachment")
    return blobs.Reader(blobs.folder_of(vault.path) / rows[0][0], bytes(rows[0][1]), item.size)


def copy_to(vault: Vault, item: HqAttachment, out: IO[bytes]) -> int:
    """Stream the bytes HQ holds into ``out``, a megabyte at a time, checked against their
    SHA-256 as they go (:class:`blobs.AttachmentDamaged` once all is written if they differ:
    the caller discards what it wrote)."""
    digest = hashlib.sha256()
    with open_reader(vault, item) as reader:
        while block := reader.read(1024 * 1024):
            digest.update(block)
            out.write(block)
    if digest.hexdigest() != item.sha256:
        raise blobs.AttachmentDamaged("an attachment's bytes are not those HQ received")
    return item.size


def write_copy(vault: Vault, item: HqAttachment, out: Path) -> int:
    """Write a plaintext copy to the new file ``out`` (never over an existing one), checked
    against its SHA-256 as written; nothing is left of it on an error."""
    return write_plain(open_reader(vault, item), item.sha256, out)


def all_files(vault: Vault) -> Iterator[HqAttachment]:
    """Every attachment HQ holds, oldest first."""
    for row in vault.read(
        f"SELECT {_COLUMNS} FROM hq_attachments a JOIN kits k ON k.kit_id = a.kit_id "
        "ORDER BY a.received_at, a.bundle_id, a.id"
    ):
        yield _of(row)
