"""What this kit has sent to HQ: how many interviews are not yet sent, sent and waiting for
HQ's receipt, or confirmed, and when the last bundle and the last receipt were."""

from __future__ import annotations

from dataclasses import dataclass

from fieldkit.core.record import Status
from fieldkit.vault.search import Exchange, exchange_state
from fieldkit.vault.store import Vault


@dataclass(frozen=True)
class SentOverview:
    not_sent: int  # never in a bundle (drafts among them)
    drafts: int  # of those, drafts: they go once marked ready (or with "send drafts")
    changed: int  # edited since they were sent: the next export sends them again
    awaiting: int  # sent as they are; HQ's receipt not applied yet
    confirmed: int  # HQ confirmed them as they are (purged ones included)
    last_export: str | None  # when the last bundle was written (ISO, UTC)
    last_sequence: int | None
    last_receipt: str | None  # when a receipt was last applied


def sent_overview(vault: Vault) -> SentOverview:
    """Every interview of the vault by where it stands with HQ."""
    counts = dict.fromkeys(Exchange, 0)
    drafts = 0
    for revision, status, sent, confirmed, purged in vault.read(
        "SELECT i.revision, i.status, "
        "(SELECT max(s.revision) FROM sent_entries s WHERE s.interview_id = i.id), "
        "c.revision, c.purged_at IS NOT NULL FROM interviews i "
        "LEFT JOIN confirmed c ON c.interview_id = i.id"
    ):
        state = exchange_state(int(revision), sent, confirmed, bool(purged))
        counts[state] += 1
        drafts += state is Exchange.NOT_SENT and status == Status.DRAFT.value
    last = vault.read("SELECT created_at, sequence FROM bundles_out ORDER BY sequence DESC LIMIT 1")
    receipt = vault.read("SELECT max(receipt_at) FROM bundles_out")[0][0]
    return SentOverview(
        not_sent=counts[Exchange.NOT_SENT],
        drafts=drafts,
        changed=counts[Exchange.CHANGED],
        awaiting=counts[Exchange.AWAITING],
        confirmed=counts[Exchange.CONFIRMED],
        last_export=last[0][0] if last else None,
        last_sequence=int(last[0][1]) if last else None,
        last_receipt=receipt,
    )
