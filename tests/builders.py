"""Builders for every test that needs an HQ, kits, or both: one way to make each, cheaply.

Every vault here uses the cheap key derivation (:data:`tests.helpers.FAST_KDF`). The pieces
(:func:`make_kit`, :func:`make_hq`, :func:`enroll_at_hq`, :func:`export`) serve tests that
build a small set of their own; :func:`build_template` builds the larger *world*: HQ and two
kits, enrolled both ways, with interviews. The world is built once per test module as a
*template* on disk; each test that changes anything gets its own copy (:func:`open_world`),
so tests never see each other's imports or receipts. Registered as a plugin in
tests/conftest.py, so the fixtures ``network`` (:func:`make_network`, fresh per test),
``template`` and ``world`` serve every folder.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from fieldkit import hq, kit
from fieldkit.core.jsonl import read_jsonl
from fieldkit.core.record import validate
from fieldkit.exchange.keys import Identity, Role, load_identity
from fieldkit.vault import attachments, importing, records
from fieldkit.vault.store import Vault
from tests.helpers import FAST_KDF, FIXTURES, PASSPHRASE

ORG = "ADC Memorial"

_WORDS = (
    "river field witness village market road winter morning council school bridge garden "
    "document letter evening station harvest mountain window kitchen"
).split()


def synthetic_rows(prefix: str, count: int) -> list[tuple[int, dict[str, Any]]]:
    """``count`` distinct, valid, ready interviews as (line, record) pairs for import_records."""
    rows = []
    for n in range(count):
        digest = hashlib.sha256(f"{prefix}/{n}".encode()).digest()
        body = " ".join(_WORDS[b % len(_WORDS)] for b in digest * 3)
        rows.append(
            (
                n + 1,
                {
                    "interview_date": f"2020-0{1 + n % 9}-{10 + n % 18}",
                    "place": ["Masanchi", "Sortobe", "Aukhatty", "Bulak"][n % 4],
                    "role": f"{prefix} resident number {n}",
                    "organisation": ORG,
                    "language": "en",
                    "country": "KZ",
                    "tags": ["pogrom", prefix],
                    "notes": f"private note {n} of {prefix}: never leaves the kit",
                    "quotes": [
                        {"text": f"{prefix} testimony {n}. {body}.", "tags": ["village"]},
                        {"text": f"Second quote {n} of {prefix}.", "tags": []},
                    ],
                },
            )
        )
    return rows


# --- one vault at a time --------------------------------------------------------------------


def make_kit(path: Path, hq_card: Path | None = None, organisation: str = ORG) -> Vault:
    """A new, open kit vault; with ``hq_card`` it has pinned that HQ (the kit's half)."""
    vault, _recovery = Vault.create(path, PASSPHRASE, organisation=organisation, kdf=FAST_KDF)
    if hq_card is not None:
        kit.enroll_hq(vault, hq_card)
    return vault


def make_hq(
    path: Path, card: Path | None = None, organisation: str = ORG
) -> tuple[Vault, Identity]:
    """A new, open HQ dataset at ``path`` and its identity; with ``card`` its card is written."""
    vault, _recovery, identity = hq.hq_init(path, PASSPHRASE, organisation, kdf=FAST_KDF)
    if card is not None:
        identity.write_card(card)
    return vault, identity


def enroll_at_hq(hq_vault: Vault, kit_vault: Vault, card: Path) -> Path:
    """HQ's half of enrollment: the kit's card written to ``card`` and enrolled at HQ."""
    kit.kit_card(kit_vault).write_card(card)
    hq.enroll_kit(hq_vault, card)
    return card


def kit_cards(hq_vault: Vault, enrolled: Vault, other: Vault, folder: Path) -> dict[str, Path]:
    """Two kits' cards at ``folder``: "a", of ``enrolled``, which HQ enrolls now, and "c", of
    ``other``, which it has not: their paths."""
    cards = {"a": enroll_at_hq(hq_vault, enrolled, folder / "kit-a.fkcard")}
    cards["c"] = folder / "kit-c.fkcard"
    kit.kit_card(other).write_card(cards["c"])
    return cards


def export(kit_vault: Vault, out: Path, **options: Any) -> Path:
    """Export a bundle from ``kit_vault`` to ``out``; the test fails if nothing was written."""
    summary = kit.export_bundle(kit_vault, out, **options)
    assert summary.path is not None
    return summary.path


def hq_and_kits(root: Path, names: Sequence[str], *, interviews: bool = False) -> None:
    """Under ``root``: HQ in ``hq`` (its card ``hq.card``), a kit per name that has pinned it,
    and an empty ``usb`` folder. ``interviews``: each kit holds one ready interview, said in
    and placed at its name."""
    make_hq(root / "hq", root / "hq.card")[0].close()
    for name in names:
        with make_kit(root / name, root / "hq.card") as vault:
            if interviews:
                add_interview(vault, f"Said in {name}.", place=name)
    (root / "usb").mkdir()


@dataclass
class HqSetup:
    """A closed HQ dataset (passphrase: PASSPHRASE) and its card."""

    path: Path
    card: Path
    fingerprint: str


def closed_hq(folder: Path, organisation: str = ORG) -> HqSetup:
    """HQ at ``folder``/hq, closed, with its card at ``folder``/hq.fkcard."""
    vault, identity = make_hq(folder / "hq", folder / "hq.fkcard", organisation)
    vault.close()
    return HqSetup(folder / "hq", folder / "hq.fkcard", identity.card.fingerprint)


def add_interview(vault: Vault, quote: str = "They came at night.", **fields: object) -> str:
    """Save one ready interview (Tokmok, 16 February 2020) with ``fields`` changed: its id."""
    raw: dict[str, object] = {
        "interview_date": "2020-02-16",
        "place": "Tokmok",
        "role": "Dungan woman",
        "quote": quote,
        "status": "ready",
    }
    raw.update(fields)
    return records.save(vault, validate(raw)).id


def attach_recording(vault: Vault, interview_id: str, folder: Path) -> attachments.Attachment:
    """A tagged WAV recording (written as ``folder``/voice.wav) attached to the interview."""
    from tests import media_samples

    voice = media_samples.written(folder / "voice.wav", media_samples.wav("Interview"))
    (item,) = attachments.attach(vault, interview_id, [voice])
    return item


def recorded(network: Network, folder: Path) -> tuple[str, attachments.Attachment]:
    """The first kit's interview "We ran to the fields." with :func:`attach_recording`'s
    recording: its id and the attachment."""
    kit_vault = network.kits[0]
    interview = add_interview(kit_vault, quote="We ran to the fields.")
    return interview, attach_recording(kit_vault, interview, folder)


def held_and_sent(kit_vault: Vault) -> tuple[str, str]:
    """Two ready interviews on the kit: "They took our papers." (the one a test's export is
    to hold back) and "We walked to the border." (the one it sends): their ids."""
    held = add_interview(kit_vault, quote="They took our papers.")
    return held, add_interview(kit_vault, quote="We walked to the border.")


def edit_quote(vault: Vault, interview_id: str, text: str) -> None:
    """Save a new revision of the interview whose only quote is its first, reading ``text``."""
    current = records.get(vault, interview_id)
    records.save(vault, replace(current, quotes=(replace(current.quotes[0], text=text),)))


@dataclass
class Network:
    """An open HQ with open kits, every kit enrolled both ways, and an empty USB folder."""

    hq: Vault
    hq_identity: Identity
    kits: list[Vault]
    usb: Path

    def send(self, kit_vault: Vault, **options: Any) -> hq.ImportOutcome:
        """Export a bundle from ``kit_vault`` to the USB folder and import it at HQ."""
        return hq.import_bundle(self.hq, export(kit_vault, self.usb, **options))

    def close(self) -> None:
        for vault in (self.hq, *self.kits):
            vault.close()


def make_network(folder: Path, names: Sequence[str] = ("a", "b")) -> Network:
    """HQ at ``folder``/hq and one empty kit per name at ``folder``/kit-NAME, enrolled."""
    hq_vault, identity = make_hq(folder / "hq", folder / "hq.card")
    kits = []
    for name in names:
        vault = make_kit(folder / f"kit-{name}", folder / "hq.card")
        enroll_at_hq(hq_vault, vault, folder / f"kit-{name}.card")
        kits.append(vault)
    usb = folder / "usb"
    usb.mkdir()
    return Network(hq_vault, identity, kits, usb)


def quarantined(network: Network, folder: Path) -> tuple[str, hq.ImportOutcome]:
    """Kit a sends an interview; kit b then sends other words under its id, with a photo
    (``folder``/b.jpg): the id, and HQ's outcome of kit b's bundle (a quarantined record)."""
    from tests import media_samples

    kit_a, kit_b = network.kits
    interview = add_interview(kit_a, quote="Original words.")
    network.send(kit_a)
    add_interview(kit_b, quote="Another kit's words.", id=interview)
    photo = media_samples.written(folder / "b.jpg", media_samples.jpeg("kit b's photo"))
    attachments.attach(kit_b, interview, [photo])
    return interview, network.send(kit_b)


# --- building and copying a set of vaults ----------------------------------------------------


def build_template(
    root: Path,
    *,
    kit_a_rows: Sequence[tuple[int, Any]] | None = None,
    kit_b_rows: Sequence[tuple[int, Any]] | None = None,
) -> Path:
    """HQ plus kits A and B (both enrolled both ways) with data, all closed, under ``root``.

    Kit A holds the published Korday testimonies unless ``kit_a_rows`` says otherwise.
    """
    root.mkdir(parents=True, exist_ok=True)
    cards = root / "cards"
    cards.mkdir()
    hq_vault, _identity = make_hq(root / "hq", cards / "hq.card")
    with hq_vault:
        for name, rows in (
            ("kit_a", list(kit_a_rows) if kit_a_rows is not None else list(read_jsonl(FIXTURES))),
            ("kit_b", list(kit_b_rows) if kit_b_rows is not None else synthetic_rows("B", 3)),
        ):
            with make_kit(root / name, cards / "hq.card") as kit_vault:
                enroll_at_hq(hq_vault, kit_vault, cards / f"{name}.card")
                importing.import_records(kit_vault, rows)
    return root


@dataclass
class World:
    """Open copies of HQ and kits A and B, and a folder for bundles and receipts."""

    root: Path
    hq: Vault
    kit_a: Vault
    kit_b: Vault
    out: Path

    @property
    def hq_identity(self) -> Identity:
        return hq.hq_identity(self.hq)

    def kit_identity(self, vault: Vault) -> Identity:
        identity = load_identity(vault, Role.KIT)
        assert identity is not None
        return identity

    def card(self, name: str) -> Path:
        return self.root / "cards" / f"{name}.card"

    def ids(self, vault: Vault) -> list[str]:
        return [r[0] for r in vault.read("SELECT id FROM interviews ORDER BY rowid")]

    def export(self, vault: Vault, ids: Sequence[str] | None = None) -> Path:
        return export(vault, self.out, ids=ids)

    def close(self) -> None:
        for vault in (self.hq, self.kit_a, self.kit_b):
            vault.close()


def open_world(template: Path, dest: Path) -> World:
    """A private copy of ``template`` with every vault open."""
    shutil.copytree(template, dest)
    out = dest / "usb"
    out.mkdir()
    return World(
        dest,
        Vault.open(dest / "hq", PASSPHRASE),
        Vault.open(dest / "kit_a", PASSPHRASE),
        Vault.open(dest / "kit_b", PASSPHRASE),
        out,
    )


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    """HQ and two empty kits, ``a`` and ``b``, built fresh for each test."""
    made = make_network(tmp_path)
    yield made
    made.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per test module; copy it (``world``) before changing anything."""
    return build_template(tmp_path_factory.mktemp("template") / "world")


@pytest.fixture
def world(template: Path, tmp_path: Path) -> Iterator[World]:
    opened = open_world(template, tmp_path / "world")
    yield opened
    opened.close()
