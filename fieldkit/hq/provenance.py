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
    #: When HQ revoked the kit, or None.
    kit_revoked_at: str | None = None
    #: Whether the revision's bundle arrived after HQ revoked the kit (held, the revision
    #: then accepted from quarantine by a person).
    after_revocation: bool = False


def provenance(vault: Vault, interview_ids: Sequence[str]) -> dict[str, list[Provenance]]:
    """Where each interview's stored revisions came from, oldest first (including the same
    interview sent by other kits under their own ids)."""
    out: dict[str, list[Provenance]] = {}
    for row in HqStore(vault).provenance_rows(interview_ids):
        iid, fp, name, bundle, revision, at, unreviewed, revoked, late = row
        out.setdefault(iid, []).append(
            Provenance(fp, bundle, revision, at, name, unreviewed, revoked, late)
        )
    return out
