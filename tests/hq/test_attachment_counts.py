"""The counts HQ's list shows beside each interview: each attachment once, however many
revisions its kit sent, the same for a page of ids as for the whole dataset; and what a
quarantined record's kit sent with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit import hq
from fieldkit.core.errors import NotFound
from fieldkit.hq import attachments as hq_attachments
from fieldkit.vault import attachments
from tests import media_samples
from tests.builders import Network, add_interview, edit_quote, quarantined


def _photo(folder: Path, name: str) -> Path:
    return media_samples.written(folder / name, media_samples.jpeg(name))


def test_each_attachment_is_counted_once_over_revisions_and_pages(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    with_files = add_interview(kit, quote="They burnt the house.")
    alone = add_interview(kit, quote="We left at dawn.")
    attachments.attach(kit, with_files, [_photo(tmp_path, "a.jpg"), _photo(tmp_path, "b.jpg")])
    network.send(kit)
    edit_quote(kit, with_files, "They burnt the house at night.")
    network.send(kit)  # a second revision: a second provenance row from the same kit
    assert len(hq_attachments.for_interview(network.hq, with_files)) == 2
    assert hq_attachments.interviews_with(network.hq) == {with_files: 2}
    assert hq_attachments.counts_for(network.hq, [with_files, alone]) == {with_files: 2}
    assert hq_attachments.counts_for(network.hq, [alone]) == {}
    assert hq_attachments.counts_for(network.hq, []) == {}


def test_a_quarantined_record_shows_what_its_kit_sent_and_no_more(
    network: Network, tmp_path: Path
) -> None:
    interview, outcome = quarantined(network, tmp_path)
    assert outcome.quarantined == 1
    [item] = hq.quarantine(network.hq)
    [sent] = hq_attachments.for_quarantined(network.hq, item.id)
    assert sent.interview_id == interview and sent.copy == "stripped"
    # Not shown with the stored interview (kit b's work is not accepted), not counted either.
    assert hq_attachments.for_interview(network.hq, interview) == []
    assert hq_attachments.counts_for(network.hq, [interview]) == {}
    with pytest.raises(NotFound):
        hq_attachments.for_quarantined(network.hq, item.id + 1)
