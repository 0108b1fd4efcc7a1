"""Quarantine: records that disagree with what HQ holds, waiting for a person to decide."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from fieldkit.core.errors import FieldkitError, NotFound
from fieldkit.core.forms.model import FormSet, form_ref
from fieldkit.core.record import Interview, Status, now_iso, validate
from fieldkit.hq.intake import latest_date
from fieldkit.hq.storage import HqStore
from fieldkit.vault.forms import all_forms
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
    forms = FormSet(all_forms(vault))
    for qid, interview_id, fp, reason, received, payload, name in store.open_quarantine():
        incoming = _incoming(json.loads(payload), forms)
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


def _incoming(data: dict[str, Any], forms: FormSet) -> Interview:
    """A quarantined record as HQ would store it, its answers checked against the form
    version it names."""
    form = forms.pick(form_ref(data["form"])) if "form" in data else None
    return validate(data, today=latest_date(), form=form)


def _accepted_from(signed: bytes | None, payload: str, forms: FormSet) -> Interview:
    """What accepting stores: the signed record when it answers a form (its answers are
    checked against the version HQ has published by now), else the record kept."""
    if signed is not None:
        raw = json.loads(signed)
        if "form" in raw:
            ref = form_ref(raw["form"])
            if ref is None or forms.pick(ref) is None:
                raise FieldkitError(
                    f"this record answers form {raw['form'].get('id')} version "
                    f"{raw['form'].get('version')}, which HQ has not published: publish it "
                    "first, or keep the stored version"
                )
            data = {k: v for k, v in raw.items() if k != "revision"}
            return _incoming({**data, "status": Status.RECEIVED.value}, forms)
    return _incoming(json.loads(payload), forms)


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
            _accepted_from(signed, payload, FormSet(all_forms(vault))), status=Status.RECEIVED
        )
        kept = (
            (interview_id, kit_id, revision, sha, bundle_id, signed, stamp)
            if signed is not None
            else None
        )
        origin = (interview_id, revision, kit_id, bundle_id, sha, stamp, unreviewed)
        accepted = (incoming, origin, kept)
    store.resolve(item_id, "accepted" if accept else "kept stored", stamp, accepted)
