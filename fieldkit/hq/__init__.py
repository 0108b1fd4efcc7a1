"""Headquarters: the central dataset, bundle import and merge, quarantine, exports.

``from fieldkit import hq`` then ``hq.import_bundles(...)``: this package names what the CLI
and the GUI call. The central dataset and enrolment are :mod:`~fieldkit.hq.dataset`;
bundles are checked by :mod:`~fieldkit.hq.intake`, merged by :mod:`~fieldkit.hq.merge`,
both driven by :mod:`~fieldkit.hq.importing`; :mod:`~fieldkit.hq.storage` is the one seam
to the database; exports are :mod:`fieldkit.hq.exports`.
"""

from fieldkit.hq.dataset import (
    Kit,
    KitNameProblem,
    default_kit_name,
    enroll_kit,
    find_kit,
    hq_identity,
    hq_init,
    kit_list,
    kit_name_problem,
    kits,
    rename_kit,
)
from fieldkit.hq.importing import (
    BUNDLES_PER_TRANSACTION,
    ReceiptNotWritten,
    import_bundle,
    import_bundles,
)
from fieldkit.hq.intake import read_bundle
from fieldkit.hq.merge import ImportOutcome
from fieldkit.hq.provenance import Provenance, provenance
from fieldkit.hq.quarantine import QuarantineItem, quarantine, resolve

__all__ = [
    "BUNDLES_PER_TRANSACTION",
    "ImportOutcome",
    "Kit",
    "KitNameProblem",
    "Provenance",
    "QuarantineItem",
    "ReceiptNotWritten",
    "default_kit_name",
    "enroll_kit",
    "find_kit",
    "hq_identity",
    "hq_init",
    "import_bundle",
    "import_bundles",
    "kit_list",
    "kit_name_problem",
    "kits",
    "provenance",
    "quarantine",
    "read_bundle",
    "rename_kit",
    "resolve",
]
