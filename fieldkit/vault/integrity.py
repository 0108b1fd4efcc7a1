"""``fieldkit check``: the database's own checks and every interview's revision chain."""

from __future__ import annotations

from fieldkit.core.record import Interview
from fieldkit.vault import attachments
from fieldkit.vault.blobs import AttachmentDamaged
from fieldkit.vault.records import get_many
from fieldkit.vault.store import CheckReport, Vault


def check(vault: Vault) -> CheckReport:
    """SQLCipher's page check, SQLite's integrity check and every revision chain."""
    report = CheckReport(problems=vault.integrity_problems())
    if report.problems:
        return report
    chains: dict[str, list[tuple[int, str, str | None]]] = {}
    for interview_id, number, sha, prev in vault.read(
        "SELECT interview_id, number, sha256, prev_sha256 FROM revisions "
        "ORDER BY interview_id, number"
    ):
        chains.setdefault(interview_id, []).append((int(number), sha, prev))
        report.revisions += 1
    ids = [r[0] for r in vault.read("SELECT id FROM interviews")]
    report.interviews = len(ids)
    for start in range(0, len(ids), 500):
        for interview in get_many(vault, ids[start : start + 500]):
            chain = chains.pop(interview.id, [])
            report.problems.extend(_chain_problems(interview, chain))
    for orphan in chains:
        report.problems.append(f"interview {orphan[:8]}: revisions without an interview")
    report.problems.extend(_attachment_problems(vault))
    return report


def _attachment_problems(vault: Vault) -> list[str]:
    """Every attachment read through: each chunk authenticates and the SHA-256 matches."""
    problems = []
    for row in vault.read("SELECT interview_id FROM attachments GROUP BY interview_id"):
        for item in attachments.list_for(vault, row[0]):
            try:
                attachments.verify(vault, item)
            except AttachmentDamaged as error:
                problems.append(
                    f"interview {item.interview_id[:8]}, attachment {item.position}: {error}"
                )
    return problems


def _chain_problems(interview: Interview, chain: list[tuple[int, str, str | None]]) -> list[str]:
    label = f"interview {interview.id[:8]}"
    if not chain:
        return [f"{label}: no revision trail"]
    problems = []
    prev_sha = None
    for expected, (number, sha, prev) in enumerate(chain, start=1):
        if number != expected:
            problems.append(f"{label}: revision {expected} is missing")
            break
        if prev != prev_sha:
            problems.append(f"{label}: revision {number} does not follow revision {number - 1}")
        prev_sha = sha
    if chain[-1][0] != interview.revision:
        problems.append(f"{label}: the current revision is not the last in the trail")
    if interview.content_hash() != chain[-1][1]:
        problems.append(f"{label}: content does not match the hash of its last revision")
    return problems
