"""The anonymisation review in the vault: replaced text leaves no trace, dismissals, the cache."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from fieldkit.core.anonymise.detect import FindingKind
from fieldkit.core.anonymise.review import DETECTOR_VERSION
from fieldkit.core.record import Interview, Quote, validate
from fieldkit.vault import integrity, records, review, search
from fieldkit.vault.store import Vault
from tests.helpers import PASSPHRASE
from tests.vault.pages import PAGE, database_pages, plaintext

# A surname no other word of these tests shares a prefix with, so that the search index (which
# stores each word as a difference from the previous one) keeps it whole where it keeps it.
CANARY = "Zqxaverbekov"
PHONE = "+7 701 384 2296"


def canary_bytes() -> list[bytes]:
    forms = {CANARY, CANARY.lower(), CANARY.upper(), PHONE, PHONE.replace(" ", "")}
    return [form.encode("utf-8") for form in forms]


def traces(vault: Vault) -> list[bytes]:
    assert vault._dek is not None
    everything = plaintext(vault.path, vault._dek)
    return [form for form in canary_bytes() if form in everything]


def with_canary(vault: Vault) -> Interview:
    interview = validate(
        {
            "interview_date": "2021-06-02",
            "place": "Masanchi",
            "role": "Dungan farmer",
            "quote": f"My brother Ruslan {CANARY} called me from {PHONE} that night.",
            "status": "ready",
        }
    )
    # Other interviews around it, so that its pages are shared and reused, as in real use.
    for n in range(30):
        records.save(vault, validate({"place": "Korday", "quote": f"Quiet night number {n}."}))
    return records.save(vault, interview)


def anonymised(interview: Interview) -> Interview:
    text = "My brother R.Z. called me from [phone number] that night."
    return dataclasses.replace(interview, quotes=(Quote(text),))


def test_the_page_reader_sees_what_the_vault_holds(vault: Vault) -> None:
    """The control for the proof below: before replacement, the decrypted pages show the text."""
    with_canary(vault)
    assert vault._dek is not None
    first = next(database_pages(vault.path / "vault.db", vault._dek))
    assert int.from_bytes(first[:2], "big") == PAGE  # the page-size field of the header
    found = traces(vault)
    assert CANARY.encode() in found  # the quote row
    assert CANARY.lower().encode() in found  # the search index's token


def test_replaced_text_leaves_no_trace_in_any_page(vault: Vault) -> None:
    interview = with_canary(vault)
    review.dismiss(vault, interview.id, FindingKind.PERSON, f"Ruslan {CANARY}")
    assert traces(vault)

    records.save(vault, anonymised(interview))
    # At once: the quote row, free pages, the log and the dismissal hold nothing of it, and
    # the index no longer links the word to any interview.
    assert search.search(vault, search.Query(text=CANARY)) == []
    assert search.search(vault, search.Query(text="R.Z"))  # the replacement is searchable
    assert review.dismissed(vault, interview.id) == set()
    assert set(traces(vault)) <= {CANARY.lower().encode()}
    # What closing and locking do: the index is rewritten, the bare word goes too.
    assert vault.forget_replaced_words()
    assert traces(vault) == []
    assert not vault.forget_replaced_words()  # nothing left to do
    assert len(records.revisions(vault, interview.id)) == 2
    assert integrity.check(vault).ok


def test_no_trace_after_closing(vault_dir: Path, vault: Vault) -> None:
    interview = with_canary(vault)
    records.save(vault, anonymised(interview))
    key = bytes(vault._dek)  # a copy: closing zeroes the vault's own
    assert key is not None
    vault.close()
    everything = plaintext(vault_dir, key)
    assert [form for form in canary_bytes() if form in everything] == []
    with Vault.open(vault_dir, PASSPHRASE) as again:
        assert records.get(again, interview.id).quotes[0].text.startswith("My brother R.Z.")


def test_killed_before_closing_the_next_open_forgets(vault_dir: Path, vault: Vault) -> None:
    interview = with_canary(vault)
    records.save(vault, anonymised(interview))
    key = bytes(vault._dek)  # a copy: closing zeroes the vault's own
    assert key is not None
    vault._conn.close()  # as if the program were killed: no close(), no index rewrite
    vault._conn = None
    vault._writer.release()  # ... and the operating system dropped its lock
    assert CANARY.lower().encode() in plaintext(vault_dir, key)
    with Vault.open(vault_dir, PASSPHRASE):
        pass
    assert CANARY.lower().encode() not in plaintext(vault_dir, key)


def test_deleting_an_interview_leaves_no_trace(vault: Vault) -> None:
    interview = with_canary(vault)
    records.delete(vault, interview.id)
    assert traces(vault) == []


def test_dismissed_findings_are_no_longer_pending(vault: Vault) -> None:
    interview = with_canary(vault)
    kinds = [spot.finding.kind for spot in review.pending(vault, interview)]
    assert kinds == [FindingKind.PERSON, FindingKind.PHONE]
    review.dismiss(vault, interview.id, FindingKind.PERSON, f"ruslan  {CANARY.upper()}")
    assert [s.finding.kind for s in review.pending(vault, interview)] == [FindingKind.PHONE]
    # Remembered for this interview only.
    other = records.save(vault, dataclasses.replace(interview, id="other-interview-id"))
    assert len(review.pending(vault, other)) == 2


def test_a_dismissal_stays_while_its_text_is_in_the_interview(vault: Vault) -> None:
    interview = with_canary(vault)
    review.dismiss(vault, interview.id, FindingKind.PHONE, PHONE)
    edited = dataclasses.replace(interview, role="Dungan farmer, father of three")
    records.save(vault, edited)
    assert review.dismissed(vault, interview.id) == {("phone", PHONE)}


def test_the_export_guard_cache_follows_content_and_dismissals(vault: Vault) -> None:
    interview = with_canary(vault)

    def count(item: Interview) -> int:
        with vault.transaction() as conn:
            return review.unreviewed_counts_in(conn, [item])[item.id]

    assert count(interview) == 2
    state = vault.read(
        "SELECT checked, unreviewed FROM review_state WHERE interview_id = ?", (interview.id,)
    )
    assert state == [(f"{DETECTOR_VERSION}:{interview.content_hash()}", 2)]
    review.dismiss(vault, interview.id, FindingKind.PHONE, PHONE)
    assert count(interview) == 1
    fixed = records.save(vault, anonymised(interview))
    assert count(fixed) == 0
    records.delete(vault, fixed.id)
    assert vault.read("SELECT * FROM review_state WHERE interview_id = ?", (fixed.id,)) == []


def test_a_role_that_identifies_is_a_finding(vault: Vault) -> None:
    interview = validate(
        {"place": "Almaty", "role": "brother of Nurlan Sadykov", "quote": "They came at dawn."}
    )
    spots = review.pending(vault, interview)
    assert [(s.field, s.finding.text) for s in spots] == [("role", "Nurlan Sadykov")]


def test_a_delete_rewrites_the_index_once_and_leaves_nothing_for_close(vault: Vault) -> None:
    interview = with_canary(vault)
    records.save(vault, anonymised(interview))  # flags the index for rewriting on close
    records.delete(vault, interview.id)  # rewrites it at once
    assert not vault.forget_replaced_words()  # so closing has nothing left to do
    assert traces(vault) == []
