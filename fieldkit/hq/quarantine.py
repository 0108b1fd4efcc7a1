"""Quarantine: records that disagree with what HQ holds, waiting for a person to decide."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from fieldkit.core.errors import NotFound
from fieldkit.core.record import Interview, Status, now_iso, validate
from fieldkit.hq.intake import latest_date
from fieldkit.hq.storage import HqStore
from fieldkit.vault.store import Vault


@dataclass(frozen=True)
class QuarantineItem:
    id: int
    interview_id: str
    kit_fingerprint: str
    reason: str
    received_at: str
    incoming: Interview
    stored: Interview | None
    kit_name: str = ""


def quarantine(vault: Vault) -> list[QuarantineItem]:
    """Open quarantine items, each with the incoming and the stored version side by side."""
    items = []
    store = HqStore(vault)
    for qid, interview_id, fp, reason, received, payload, name in store.open_quarantine():
        incoming = validate(json.loads(payload), today=latest_date())
        found = store.interviews([interview_id])
        items.append(
            QuarantineItem(
                qid,
                interview_id,
                fp,
                reason,
                received,
                incoming,
                found[0] if found else None,
                name,
            )
        )
    return items


def resolve(vault: Vault, item_id: int, *, accept: bool) -> None:
    """Accept the incoming version (a new HQ revision) or keep the stored one."""
    store = HqStore(vault)
    row = store.quarantined(item_id)
    if row is None:
        raise NotFound(f"no open quarantine item {item_id}")
    interview_id, kit_id, bundle_id, revision, sha, payload, signed, unreviewed = row
    stamp = now_iso()
    accepted = None
    if accept:
        incoming = replace(
            validate(json.loads(payload), today=latest_date()), status=Status.RECEIVED
        )
        kept = (
            (interview_id, kit_id, revision, sha, bundle_id, signed, stamp)
            if signed is not None
            else None
        )
        origin = (interview_id, revision, kit_id, bundle_id, sha, stamp, unreviewed)
        accepted = (incoming, origin, kept)
    store.resolve(item_id, "accepted" if accept else "kept stored", stamp, accepted)
