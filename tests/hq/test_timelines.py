"""A kit restored from an older backup sends again: HQ keeps both timelines, loses nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from fieldkit import hq
from fieldkit import kit as kitx
from fieldkit.exchange import bundle as fmt
from fieldkit.exchange.keys import ensure_kit_identity
from fieldkit.exchange.receipt import RECEIPT_SUFFIX
from fieldkit.hq import timelines
from fieldkit.kit.timeline import restored
from fieldkit.vault import database, records
from fieldkit.vault.backup import OpenCopy, backup_vault, restore_vault
from fieldkit.vault.database import MIGRATIONS
from fieldkit.vault.store import Vault
from tests.builders import Network, add_interview, edit_quote, export
from tests.helpers import FAST_KDF, PASSPHRASE
from tests.tampering import Inner, seal, signed


def _send(network: Network, vault: Vault, folder: Path) -> tuple[Path, hq.ImportOutcome]:
    """Export into ``folder``, import at HQ, and apply the receipt on the kit."""
    folder.mkdir(exist_ok=True)
    path = export(vault, folder)
    outcome = hq.import_bundle(network.hq, path)
    assert outcome.receipt_path is not None
    kitx.apply_receipt(vault, outcome.receipt_path)
    return path, outcome


def _held(hq_vault: Vault) -> set[str]:
    """Every sha256 of a record's signed bytes HQ keeps: stored revisions and quarantine."""
    kept = hq_vault.read("SELECT sha256 FROM hq_revisions")
    held = hq_vault.read("SELECT sha256 FROM quarantine")
    return {r[0] for r in kept} | {r[0] for r in held}


def _sent(vault: Vault) -> set[str]:
    return {r[0] for r in vault.read("SELECT sha256 FROM sent_entries")}


class Story:
    """Kit a sends bundles 1-4; a backup was made after bundle 2; the laptop is lost."""

    def __init__(self, network: Network, tmp_path: Path) -> None:
        self.network = network
        self.lost = network.kits[0]
        self.out = tmp_path / "out"
        self.first = add_interview(self.lost, quote="First testimony.")
        self.second = add_interview(self.lost, quote="Second testimony.")
        self.paths = [_send(network, self.lost, self.out)[0]]
        self.third = add_interview(self.lost, quote="Third testimony.")
        self.paths.append(_send(network, self.lost, self.out)[0])
        self.backup = backup_vault(self.lost, network.usb)
        # After the backup: the lost laptop edits two interviews and adds two.
        edit_quote(self.lost, self.first, "First testimony, as corrected on the lost laptop.")
        self.fourth = add_interview(self.lost, quote="Fourth testimony, lost laptop.")
        self.paths.append(_send(network, self.lost, self.out)[0])
        edit_quote(self.lost, self.second, "Second testimony, corrected on the lost laptop.")
        self.fifth = add_interview(self.lost, quote="Fifth testimony, lost laptop.")
        self.paths.append(_send(network, self.lost, self.out)[0])
        self.lost_sent = _sent(self.lost)
        self.lost_ids = [r[0] for r in self.lost.read("SELECT id FROM interviews")]
        self.lost.close()
        network.kits.remove(self.lost)
        # Another machine: restored from the USB stick.
        self.path = restore_vault(self.backup, tmp_path / "new-laptop", OpenCopy(PASSPHRASE))
        self.kit = Vault.open(self.path, PASSPHRASE)
        network.kits.append(self.kit)


@pytest.fixture
def story(network: Network, tmp_path: Path) -> Story:
    return Story(network, tmp_path)


def test_restored_kit_sends_again_and_hq_keeps_both_timelines(story: Story) -> None:
    network, kit = story.network, story.kit
    assert restored(kit)
    # The restored copy adds an interview, edits one at the revision the lost copy also
    # reached, and edits another past the revision the lost copy reached.
    sixth = add_interview(kit, quote="Sixth testimony, new laptop.")
    edit_quote(kit, story.first, "First testimony, as corrected on the new laptop.")
    edit_quote(kit, story.second, "Second testimony, new laptop, once.")
    edit_quote(kit, story.second, "Second testimony, new laptop, twice.")
    assert records.get(kit, story.second).revision == 3  # the lost copy sent revision 2

    summary = kitx.export_bundle(kit, story.out)
    assert summary.sequence == 3 and summary.new_timeline_after == 2
    assert summary.path is not None
    outcome = hq.import_bundle(network.hq, summary.path)
    fingerprint = outcome.kit_fingerprint
    assert (
        f"kit {fingerprint} was restored from a backup: a new timeline starts after bundle 2; "
        "bundles 3–4 of the earlier timeline are already here"
    ) in outcome.warnings
    assert not any("missing" in w or "does not follow" in w for w in outcome.warnings)
    assert (outcome.new, outcome.quarantined) == (1, 2)
    assert not restored(kit)

    # Everything of both timelines: every interview, and every version each copy sent.
    stored = {r[0] for r in network.hq.read("SELECT id FROM interviews")}
    assert set(story.lost_ids) | {sixth} <= stored
    # The lost copy's versions stay HQ's, the restored copy's wait for a person, named.
    assert "lost laptop" in records.get(network.hq, story.first).quotes[0].text
    assert "lost laptop" in records.get(network.hq, story.second).quotes[0].text
    held = {item.interview_id: item for item in hq.quarantine(network.hq)}
    assert set(held) == {story.first, story.second}
    assert all(item.reason == timelines.TWO_TIMELINES for item in held.values())
    assert held[story.second].incoming.quotes[0].text == "Second testimony, new laptop, twice."
    assert story.lost_sent | _sent(kit) <= _held(network.hq)

    # The receipt applies on the restored kit; its next bundles go on in its timeline.
    assert outcome.receipt_path is not None
    assert kitx.apply_receipt(kit, outcome.receipt_path).quarantined == 2
    edit_quote(kit, sixth, "Sixth testimony, new laptop, corrected.")
    _path, after = _send(network, kit, story.out)
    assert (after.sequence, after.updated, after.warnings) == (4, 1, [])

    # A person takes the restored copy's version of the second: its later edits update it.
    hq.resolve(network.hq, held[story.second].id, accept=True)
    edit_quote(kit, story.second, "Second testimony, new laptop, thrice.")
    _path, later = _send(network, kit, story.out)
    assert later.updated == 1
    assert records.get(network.hq, story.second).quotes[0].text.endswith("thrice.")
    # The first is still undecided: a further edit of it waits beside the first one.
    edit_quote(kit, story.first, "First testimony, new laptop, again.")
    _path, again = _send(network, kit, story.out)
    assert again.updated == 0 and again.quarantined == 1
    waiting = [i.incoming.quotes[0].text for i in hq.quarantine(network.hq)]
    assert "First testimony, new laptop, again." in waiting
    assert "lost laptop" in records.get(network.hq, story.first).quotes[0].text
    assert story.lost_sent | _sent(kit) <= _held(network.hq)


def test_old_bundles_of_either_timeline_are_replays(story: Story) -> None:
    network, kit = story.network, story.kit
    add_interview(kit, quote="Sixth testimony, new laptop.")
    path, _outcome = _send(network, kit, story.out)
    before = network.hq.read("SELECT count(*) FROM bundles_in")[0][0]
    for old in (*story.paths, path):
        receipt = old.with_suffix(RECEIPT_SUFFIX)
        first = receipt.read_bytes()
        outcome = hq.import_bundle(network.hq, old)
        assert outcome.replay
        assert receipt.read_bytes() == first
    assert network.hq.read("SELECT count(*) FROM bundles_in")[0][0] == before


def test_the_lost_copy_s_late_bundle_still_imports_and_changes_nothing_silently(
    network: Network, tmp_path: Path
) -> None:
    """Bundle 4 of the lost copy reaches HQ only after the restored copy's bundle 3."""
    lost = network.kits[0]
    first = add_interview(lost, quote="First testimony.")
    out = tmp_path / "out"
    _send(network, lost, out)
    backup = backup_vault(lost, network.usb)
    edit_quote(lost, first, "Corrected on the lost laptop.")
    late = export(lost, tmp_path)  # bundle 2, still on a USB stick in the field
    lost.close()
    network.kits.remove(lost)
    kit = Vault.open(restore_vault(backup, tmp_path / "new", OpenCopy(PASSPHRASE)), PASSPHRASE)
    network.kits.append(kit)
    edit_quote(kit, first, "Corrected on the new laptop.")
    edit_quote(kit, first, "Corrected on the new laptop, twice.")
    _path, outcome = _send(network, kit, out)
    assert outcome.updated == 1 and outcome.sequence == 2
    assert any("a new timeline starts after bundle 1" in w for w in outcome.warnings)
    arriving = hq.import_bundle(network.hq, late)
    assert (arriving.sequence, arriving.quarantined, arriving.updated) == (2, 1, 0)
    assert records.get(network.hq, first).quotes[0].text.endswith("twice.")
    assert [i.reason for i in hq.quarantine(network.hq)] == [timelines.TWO_TIMELINES]


def test_a_forged_epoch_is_refused_and_changes_nothing(story: Story) -> None:
    network, kit = story.network, story.kit
    add_interview(kit, quote="Sixth testimony, new laptop.")
    path, _outcome = _send(network, kit, story.out)
    inner = Inner.of(path.read_bytes(), network.hq_identity)
    manifest = inner.manifest
    assert manifest["epoch"]["after"] == 2
    identity = ensure_kit_identity(kit)
    recipient = network.hq_identity.card.recipient()
    tables = ("bundles_in", "interviews", "quarantine", "provenance")

    def attempt(changed: dict[str, object], key: object, name: str) -> str:
        raw = signed({**manifest, **changed}, inner.records, key)  # type: ignore[arg-type]
        forged = story.out / name
        forged.write_bytes(seal(raw, recipient))
        before = {t: network.hq.read(f"SELECT count(*) FROM {t}")[0][0] for t in tables}
        with pytest.raises(fmt.BundleRejected) as refused:
            hq.import_bundle(network.hq, forged)
        assert before == {t: network.hq.read(f"SELECT count(*) FROM {t}")[0][0] for t in tables}
        return str(refused.value)

    # Someone without the kit's key claims a new timeline: the signature does not verify.
    other = SigningKey.generate()
    fresh = {"bundle_id": "6f9619ff-8b86-4011-b42d-00c04fc964ff", "sequence": 3}
    fork = {"id": "0d0a4b3c-1c1b-4c6e-8a3e-3b8f2b5d6c7e", "after": 0, "after_sha256": None}
    assert "signature" in attempt({**fresh, "epoch": fork}, other, "a.fkbundle")
    # The kit's own key, its timeline's fork moved to rewrite what came before: refused.
    moved = {**manifest["epoch"], "after": 1, "after_sha256": manifest["prev_manifest_sha256"]}
    assert "starting point" in attempt(
        {**fresh, "sequence": 4, "epoch": moved}, identity.signing, "b.fkbundle"
    )
    # Malformed epochs never reach the merge.
    for number, epoch in enumerate(
        (
            {**fork, "after": 3},  # forks after itself
            {**fork, "after": 2},  # a fork bundle without its hash
            {**fork, "id": "not-a-uuid"},
            {"id": fork["id"], "after": 0},
        )
    ):
        reason = attempt({**fresh, "epoch": epoch}, identity.signing, f"c{number}.fkbundle")
        assert "malformed epoch" in reason


def test_a_kit_never_restored_writes_no_epoch(network: Network, tmp_path: Path) -> None:
    kit = network.kits[0]
    add_interview(kit)
    path, _outcome = _send(network, kit, tmp_path / "out")
    assert "epoch" not in Inner.of(path.read_bytes(), network.hq_identity).manifest
    assert not restored(kit)


def test_a_copied_vault_is_refused_then_sends_in_a_new_timeline(
    network: Network, tmp_path: Path
) -> None:
    """A kit copied by hand (not restored) reuses a number: refused as before, nothing stored;
    asked to, it starts a new timeline and HQ takes it."""
    kit = network.kits[0]
    add_interview(kit, quote="First testimony.")
    kit.close()
    shutil.copytree(kit.path, tmp_path / "copy")
    with Vault.open(kit.path, PASSPHRASE) as original:
        add_interview(original, quote="Second testimony.")
        hq.import_bundle(network.hq, export(original, tmp_path))
    with Vault.open(tmp_path / "copy", PASSPHRASE) as copy:
        add_interview(copy, quote="Other second testimony.")
        with pytest.raises(
            fmt.BundleRejected, match="already sent a different bundle number 1"
        ) as no:
            hq.import_bundle(network.hq, export(copy, tmp_path))
        assert "--new-timeline" in str(no.value)
        out = tmp_path / "again"
        out.mkdir()
        summary = kitx.export_bundle(copy, out, new_timeline=True)
        assert summary.path is not None and summary.new_timeline_after == 1
        outcome = hq.import_bundle(network.hq, summary.path)
    # The bundle it forked after never reached HQ: one warning of that, no list of gaps.
    assert (outcome.sequence, outcome.new, outcome.unchanged) == (2, 1, 1)
    assert outcome.warnings == [
        f"kit {outcome.kit_fingerprint} was restored from a backup: a new timeline starts "
        "after bundle 1",
        f"bundle 2 of kit {outcome.kit_fingerprint} does not follow the bundle before it (the "
        "kit may have been restored from a backup)",
    ]
    assert network.hq.read("SELECT count(*) FROM interviews")[0][0] == 3
    network.kits.remove(kit)


def test_upgrading_keeps_every_bundle_in_the_first_timeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "hq"
    row = ("b-1", "kit-1", 1, "a" * 64, None, "2020-01-01T00:00:00Z", 2, 0, b"receipt")
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", [m for m in MIGRATIONS if m[0] <= 6])
        vault, _ = Vault.create(path, PASSPHRASE, organisation="ADC Memorial", kdf=FAST_KDF)
        with vault.transaction("a bundle of schema 6") as conn:
            conn.execute("INSERT INTO bundles_in VALUES (?,?,?,?,?,?,?,?,?)", row)
        vault.close()
    with Vault.open(path, PASSPHRASE) as upgraded:
        rows = upgraded.read("SELECT * FROM bundles_in")
        with upgraded.transaction("a second bundle 1, of another epoch") as conn:
            conn.execute(
                "INSERT INTO bundles_in VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    "b-2",
                    "kit-1",
                    1,
                    "b" * 64,
                    None,
                    "2020-01-02T00:00:00Z",
                    1,
                    0,
                    b"r",
                    "e",
                    0,
                    None,
                ),
            )
        assert not upgraded.integrity_problems()
    assert [tuple(r) for r in rows] == [(*row, "", None, None)]
