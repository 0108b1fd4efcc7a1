"""Provenance: which kit and bundle each stored revision at HQ came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fieldkit.hq.storage import HqStore
from fieldkit.vault.store import Vault


@dataclass(frozen=True)
class Provenance:
    kit_fingerprint: str
    bundle_id: str
    kit_revision: int
    imported_at: str
    kit_name: str = ""  # HQ's name for the kit
    #: Identifying details nobody reviewed that the kit sent this revision with.
    unreviewed: int = 0


def provenance(vault: Vault, interview_ids: Sequence[str]) -> dict[str, list[Provenance]]:
    """Where each interview's stored revisions came from, oldest first (including the same
    interview sent by other kits under their own ids)."""
    out: dict[str, list[Provenance]] = {}
    for iid, fp, name, bundle, revision, at, unreviewed in HqStore(vault).provenance_rows(
        interview_ids
    ):
        out.setdefault(iid, []).append(Provenance(fp, bundle, revision, at, name, unreviewed))
    return out
