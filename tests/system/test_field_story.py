"""Issue 14's story on the command line, step by step, as a researcher and HQ live it.

A researcher sends, backs up to a USB stick and "loses" the laptop (which sent one more bundle
HQ never confirmed to it); the kit is restored on another laptop, sends what HQ lacked and gets
its receipt; HQ revokes the lost laptop's kit and the next bundle signed on the lost laptop is
held in the quarantine and counted. Every assertion is a line the person reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import make_hq, make_kit
from tests.helpers import PASSPHRASE, cli_in_process

cli = cli_in_process


class Story:
    """The folders of the story and the commands the person types."""

    def __init__(self, capsys: pytest.CaptureFixture[str], root: Path) -> None:
        self.capsys = capsys
        self.root = root
        self.hq = str(root / "hq")
        self.lost = str(root / "laptop-lost")
        self.new = str(root / "laptop-new")
        self.usb = root / "usb"
        self.usb.mkdir()
        self.ids: dict[str, str] = {}

    def ok(self, *args: str) -> str:
        """Run a command that must succeed: what it printed, stdout then stderr."""
        code, out, err = cli(self.capsys, *args)
        assert code == 0, (args, err)
        return out + err

    def add(self, vault: str, place: str, quote: str) -> None:
        out = self.ok(
            "add", "--vault", vault, "--date", "2026-11-02", "--place", place,
            "--role", f"Resident of {place}", "--quote", quote,
        )  # fmt: skip
        self.ids[quote] = out.strip()

    def export(self, vault: str, folder: str) -> tuple[str, Path]:
        """Export into a new folder on the stick: what export said, and the bundle."""
        out_dir = self.usb / folder
        out_dir.mkdir()
        text = self.ok("export", "--vault", vault, "--out", str(out_dir))
        [bundle] = out_dir.glob("*.fkbundle")
        return text, bundle

    def hq_import(self, bundle: Path) -> str:
        return self.ok("hq", "import", "--hq", self.hq, str(bundle))

    def listed(self, vault: str) -> str:
        return self.ok("list", "--vault", vault)


@pytest.fixture
def s(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Story:
    """HQ and the first laptop's kit, each enrolled with the other (the cards exchanged)."""
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    s = Story(capsys, tmp_path)
    make_hq(Path(s.hq))[0].close()
    make_kit(Path(s.lost)).close()
    hq_card, kit_card = str(s.root / "hq.card"), str(s.root / "kit.card")
    s.ok("hq", "card", "--hq", s.hq, "--out", hq_card)
    s.ok("enroll", "--vault", s.lost, hq_card)
    s.ok("card", "--vault", s.lost, "--out", kit_card)
    s.ok("hq", "enroll-kit", "--hq", s.hq, kit_card, "--name", "Osh 2")
    return s


def test_back_up_lose_restore_send_and_revoke_the_lost_kit(s: Story) -> None:

    # Two interviews go to HQ and come back confirmed.
    s.add(s.lost, "Tokmok", "We stood there for nine hours.")
    s.add(s.lost, "Bishkek", "They took the ledger at night.")
    text, bundle = s.export(s.lost, "first")
    assert "wrote bundle 1 with 2 interviews" in text
    assert "2 new, 0 already sent by another kit, 0 updated, 0 unchanged" in s.hq_import(bundle)
    [receipt] = bundle.parent.glob("*.fkreceipt")
    assert "HQ confirmed 2 interviews" in s.ok("receipt", "--vault", s.lost, str(receipt))

    # A third, not sent yet, then the backup onto the stick.
    s.add(s.lost, "Osh", "The school was closed for a month.")
    text = s.ok("backup", "--vault", s.lost, "--out", str(s.usb))
    assert "Backup written and checked: " in text
    [backup] = [p for p in s.usb.iterdir() if (p / "vault.keys").exists()]

    # The laptop sends once more (HQ stores it; its receipt never comes back), takes one more
    # interview, and is lost.
    s.add(s.lost, "Osh", "Nobody came to help for two days.")
    text, bundle = s.export(s.lost, "lost-laptop")
    assert "wrote bundle 2 with 2 interviews" in text
    assert "2 new" in s.hq_import(bundle)
    s.add(s.lost, "Osh", "We ran out of bandages on the first night.")

    # Restored on the new laptop: every interview the backup held is back, and checked.
    text = s.ok("restore", str(backup), "--vault", s.new)
    assert "Backup restored and checked" in text and "new timeline" in text
    listed = s.listed(s.new)
    assert "3 interviews" in listed
    for quote in list(s.ids)[:3]:
        assert s.ids[quote][:8] in listed
        assert quote in s.ok("show", "--vault", s.new, s.ids[quote][:8])
    assert "3 interviews, 3 revisions verified" in s.ok("check", "--vault", s.new)

    # It sends what HQ lacked; HQ says a new timeline starts instead of refusing.
    s.add(s.new, "Jalal-Abad", "The checkpoint turned everyone back.")
    text, bundle = s.export(s.new, "new-laptop")
    assert "wrote bundle 2 with 2 interviews" in text
    assert "bundle 2 starts a new timeline after bundle 1" in text
    imported = s.hq_import(bundle)
    assert "1 new, 0 already sent by another kit, 0 updated, 1 unchanged, 0 quarantined" in imported
    assert "was restored from a backup: a new timeline starts after bundle 1" in imported
    assert "bundle 2 of the earlier timeline is already here" in imported
    [receipt] = bundle.parent.glob("*.fkreceipt")
    assert "HQ confirmed 2 interviews" in s.ok("receipt", "--vault", s.new, str(receipt))
    listed = s.listed(s.new)
    assert listed.count("received") == 4 and "ready" not in listed

    # HQ revokes the lost laptop's kit.
    text = s.ok("hq", "revoke-kit", "--hq", s.hq, "Osh 2", "--reason", "laptop lost", "--yes")
    assert "revoked kit 'Osh 2'" in text and "laptop lost" in text
    assert "REVOKED on " in s.ok("hq", "kits", "--hq", s.hq)

    # The lost laptop, in someone else's hands, sends its next bundle: held, named, counted.
    text, bundle = s.export(s.lost, "after-revocation")
    assert "wrote bundle 3 with 3 interviews" in text
    held = s.hq_import(bundle)
    assert "held, not merged: sent by kit Osh 2 after HQ revoked it on " in held
    assert "3 interviews in quarantine, no receipt written" in held
    assert "1 bundle quarantined because its kit was revoked" in held
    assert not list(bundle.parent.glob("*.fkreceipt"))
    quarantine = s.ok("hq", "quarantine", "--hq", s.hq)
    assert "3 open items" in quarantine
    assert quarantine.count("sent by kit Osh 2 after HQ revoked it") == 3

    # Nothing lost: HQ holds every interview of both laptops, the one only the lost laptop
    # had waiting in the quarantine until a person accepts it.
    stored = s.ok("hq", "list", "--hq", s.hq)
    assert "5 interviews" in stored
    only_on_lost = s.ids["We ran out of bandages on the first night."]
    assert only_on_lost[:8] not in stored
    line = next(row for row in quarantine.splitlines() if only_on_lost[:8] in row)
    item = line.split("]")[0].strip("[")
    assert "incoming version accepted" in s.ok("hq", "quarantine", "--hq", s.hq, "--accept", item)
    stored = s.ok("hq", "list", "--hq", s.hq)
    assert "6 interviews" in stored
    for interview_id in s.ids.values():
        assert interview_id[:8] in stored
    assert f"{only_on_lost[:8]}" in next(r for r in stored.splitlines() if "stored after" in r)


def test_a_restored_kit_moves_to_new_keys_and_the_lost_laptop_is_held(s: Story) -> None:
    """The other answer docs/hq.md gives: the restored copy rekeys, so the kit keeps sending
    while whatever the lost laptop signs is held."""
    s.add(s.lost, "Tokmok", "We stood there for nine hours.")
    s.hq_import(s.export(s.lost, "first")[1])
    s.ok("backup", "--vault", s.lost, "--out", str(s.usb))
    [backup] = [p for p in s.usb.iterdir() if (p / "vault.keys").exists()]
    s.add(s.lost, "Osh", "Sent by the lost laptop after the backup.")
    assert "1 new" in s.hq_import(s.export(s.lost, "lost-before-rekey")[1])
    s.ok("restore", str(backup), "--vault", s.new)

    statement = str(s.usb / "osh.fkrekey")
    text = s.ok("rekey", "--vault", s.new, "--out", statement)
    assert "the old keys are destroyed in this vault" in text
    s.ok("hq", "rekey-kit", "--hq", s.hq, statement, "--yes")
    assert "new key since" in s.ok("hq", "kits", "--hq", s.hq)

    s.add(s.lost, "Osh", "Written on the lost laptop.")
    held = s.hq_import(s.export(s.lost, "lost-after-rekey")[1])
    assert "held, not merged: signed with the key " in held
    assert "that kit Osh 2 moved away from" in held

    s.add(s.new, "Osh", "Written on the new laptop.")
    _text, bundle = s.export(s.new, "new-after-rekey")
    imported = s.hq_import(bundle)
    assert "held" not in imported and "1 new" in imported
    assert "was restored from a backup: a new timeline starts after bundle 1" in imported
    [receipt] = bundle.parent.glob("*.fkreceipt")
    assert "HQ confirmed 2 interviews" in s.ok("receipt", "--vault", s.new, str(receipt))
    assert "REVOKED" not in s.ok("hq", "kits", "--hq", s.hq)
    assert "3 interviews" in s.ok("hq", "list", "--hq", s.hq)  # all but the held one


def test_revoking_at_a_terminal_says_a_restored_copy_is_revoked_too(
    s: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldkit.cli import revoke as revoke_cli

    monkeypatch.setattr(revoke_cli, "interactive", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "Osh 2")
    text = s.ok("hq", "revoke-kit", "--hq", s.hq, "Osh 2")
    assert "A copy of the kit restored from a backup signs with the same key" in text
    assert "'fieldkit rekey', then 'fieldkit hq rekey-kit'" in text
    assert "revoked kit 'Osh 2'" in text
