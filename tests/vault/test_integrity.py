"""'fieldkit check': tampered content and broken revision chains are found."""

from __future__ import annotations

from fieldkit.vault import integrity
from fieldkit.vault.store import Vault
from tests.vault.rows import add


def test_check_detects_tampered_content_and_broken_chains(vault: Vault) -> None:
    interview_id = add(vault)
    assert integrity.check(vault).ok
    with vault.transaction() as conn:
        conn.execute("UPDATE quotes SET text = 'forged'")
    report = integrity.check(vault)
    assert not report.ok and "does not match the hash" in report.problems[0]
    with vault.transaction() as conn:
        conn.execute("UPDATE quotes SET text = 'Some words.'")
        conn.execute("UPDATE revisions SET number = 2 WHERE interview_id = ?", (interview_id,))
    assert any("revision 1 is missing" in p for p in integrity.check(vault).problems)
