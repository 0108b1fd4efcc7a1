"""HQ's one storage seam: every read and write of intake, merge, quarantine and provenance.

:class:`HqStore` reads the central dataset; inside one of its transactions a
:class:`HqWriter` reads what a merge must decide on and writes what it decided. The SQL (and
the SQLCipher vault under it) stays in this package, so another backend means another pair of
classes, not another merge. The interviews' own tables stay with :mod:`fieldkit.vault.records`,
which it calls for them. Lookups go 500 ids at a time; rows are written in batches.

One module a table or job: :mod:`.kits` (enrolment, revocation, keys), :mod:`.bundles`
(bundles imported or held, the import history), :mod:`.provenance` (where each revision came
from), :mod:`.quarantine`, :mod:`.uwazi` (Uwazi exports), :mod:`.forms` (forms HQ published),
:mod:`.writer` (the import transaction) and :mod:`.rows` (the rows they speak in).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from fieldkit.hq.storage.bundles import BundleReads
from fieldkit.hq.storage.forms import FormReads
from fieldkit.hq.storage.kits import KitClash, KitTable, NameTaken
from fieldkit.hq.storage.provenance import ProvenanceReads
from fieldkit.hq.storage.quarantine import QuarantineTable
from fieldkit.hq.storage.rows import (
    IMPORT_CACHE_KIB,
    LOOKUP,
    AliasRow,
    BundleRow,
    HeldRow,
    HistoryRow,
    ImportRow,
    KitRow,
    ProvenanceRow,
    QuarantineRow,
    RevisionRow,
    TimelineRow,
    UwaziExportRow,
)
from fieldkit.hq.storage.uwazi import UwaziExports
from fieldkit.hq.storage.writer import DatasetRefused, HqWriter
from fieldkit.vault import importing as vault_importing
from fieldkit.vault.store import Vault

__all__ = [
    "IMPORT_CACHE_KIB",
    "LOOKUP",
    "AliasRow",
    "BundleRow",
    "DatasetRefused",
    "HeldRow",
    "HistoryRow",
    "HqStore",
    "HqWriter",
    "ImportRow",
    "KitClash",
    "KitRow",
    "NameTaken",
    "ProvenanceRow",
    "QuarantineRow",
    "RevisionRow",
    "TimelineRow",
    "UwaziExportRow",
]


class HqStore(FormReads, KitTable, BundleReads, ProvenanceReads, QuarantineTable, UwaziExports):
    """The central dataset as intake, merge, quarantine and provenance need it."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    @contextlib.contextmanager
    def importing(self) -> Iterator[HqWriter]:
        """One import transaction (with its larger page cache): committed on leaving."""
        with (
            vault_importing.import_cache(self.vault, IMPORT_CACHE_KIB),
            self.vault.transaction("importing bundles") as conn,
        ):
            yield HqWriter(conn)
