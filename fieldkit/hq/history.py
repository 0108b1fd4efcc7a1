"""Every revision HQ accepted of an interview, with the content its kit signed.

HQ is append-only: an update, however high its revision number, leaves the earlier
revisions readable here, in the HQ window and in ``fieldkit hq export --history``.
Revisions accepted before HQ kept their content (schema 5) are listed without it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from fieldkit.core.errors import ValidationError
from fieldkit.core.record import Interview, Status, validate
from fieldkit.hq.intake import latest_date
from fieldkit.hq.storage import HqStore
from fieldkit.vault.store import Vault


@dataclass(frozen=True)
class Revision:
    """One revision HQ accepted: where it came from, and the record as its kit signed it."""

    interview_id: str  # the id HQ stores it under
    kit_fingerprint: str
    bundle_id: str
    kit_revision: int
    imported_at: str
    sha256: str
    #: The signed record (canonical JSON) parsed; None if accepted before HQ kept it.
    record: dict[str, Any] | None
    kit_name: str = ""  # HQ's name for the kit
    #: Identifying details nobody reviewed that the kit sent this revision with.
    unreviewed: int = 0

    @property
    def quotes(self) -> list[str]:
        """The quotes' text, for showing (none when the content was not kept)."""
        if self.record is None:
            return []
        return [str(q.get("text", "")) for q in self.record.get("quotes", [])]

    def interview(self) -> Interview | None:
        """The record as it reads (for showing it read-only); None if HQ did not keep it."""
        if self.record is None:
            return None
        fields = {k: v for k, v in self.record.items() if k != "revision"}
        try:
            interview = validate({**fields, "status": Status.READY.value}, today=latest_date())
        except ValidationError:  # accepted once; shown as far as it reads
            return None
        return replace(interview, status=Status.RECEIVED, revision=self.kit_revision)


def revisions(vault: Vault, interview_id: str) -> list[Revision]:
    """Every revision HQ accepted of one interview (those other kits sent under their own
    ids included), oldest first."""
    return [
        Revision(
            iid, fp, bundle, revision, at, sha, json.loads(payload) if payload else None, name, n
        )
        for iid, fp, bundle, revision, at, sha, payload, name, n in HqStore(vault).history_rows(
            interview_id
        )
    ]


def interview_ids(vault: Vault) -> list[str]:
    """Every stored interview's id, in report order (oldest interview date first)."""
    return HqStore(vault).interview_ids()
