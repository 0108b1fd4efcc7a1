"""The kit's side of the exchange: enroll an HQ, export bundles, apply receipts.

The functions live in :mod:`~fieldkit.kit.enroll`, :mod:`~fieldkit.kit.export` and
:mod:`~fieldkit.kit.receipts`; this package names the ones the CLI and the GUI call.
"""

from fieldkit.kit.enroll import NotEnrolled, enroll_hq, kit_card, pinned_hq
from fieldkit.kit.export import ExportSummary, HoldReason, export_bundle, preview_export
from fieldkit.kit.overview import SentOverview, sent_overview
from fieldkit.kit.receipts import ReceiptSummary, apply_receipt, read_receipt

__all__ = [
    "ExportSummary",
    "HoldReason",
    "NotEnrolled",
    "ReceiptSummary",
    "SentOverview",
    "apply_receipt",
    "enroll_hq",
    "export_bundle",
    "kit_card",
    "pinned_hq",
    "preview_export",
    "read_receipt",
    "sent_overview",
]
