"""Faults a researcher can run into: wrong secrets, damaged files, a newer schema, destroy.

Each test checks what a person would notice: one clear line on stderr, the documented exit
code, and that fieldkit did not write to (let alone replace) the files it could not read.
"""

from __future__ import annotations

import hashlib
import json
import pathlib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from fieldkit.core.errors import (
    SchemaTooNew,
    VaultDamaged,
    VaultExists,
    VaultNotFound,
    WrongPassphrase,
)
from fieldkit.vault import fsutil, importing, integrity, search
from fieldkit.vault.database import SCHEMA_VERSION
from fieldkit.vault.store import Vault, destroy_vault
from tests.helpers import FAST_KDF, FIXTURES, PASSPHRASE, run_cli

PAGE = 4096  # SQLCipher 4's default page size
EXIT_PASSPHRASE, EXIT_DAMAGED = 3, 4
WRONG = "wrong horse battery staple 24"
SQLITE_MAGIC = b"SQLite format 3\x00"


def snapshot(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path (hidden files included)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def one_error_line(stderr: str) -> str:
    """The single line fieldkit printed on stderr (and no traceback)."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("fieldkit: "), stderr
    return lines[0]


def flip(path: Path, offset: int, count: int = 16) -> None:
    data = bytearray(path.read_bytes())
    for i in range(offset, offset + count):
        data[i] ^= 0xA5
    path.write_bytes(bytes(data))


def test_snapshot_notices_a_changed_byte(tmp_path: Path) -> None:
    """Self-check: the byte-identical assertions below can fail."""
    (tmp_path / "a").write_bytes(b"x" * 100)
    before = snapshot(tmp_path)
    flip(tmp_path / "a", 50, 1)
    assert snapshot(tmp_path) != before


# --- wrong passphrase, wrong recovery key --------------------------------------------------


@pytest.fixture
def filled(vault: Vault, fixture_rows: list[dict[str, object]]) -> Path:
    """A closed vault holding the Korday testimonies."""
    importing.import_records(vault, enumerate(fixture_rows, start=1))
    vault.close()
    return vault.path


def test_wrong_passphrase_api_changes_nothing(filled: Path) -> None:
    before = snapshot(filled)
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        Vault.open(filled, WRONG)
    assert snapshot(filled) == before


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--search", "Dungan"],
        ["check"],
        ["add", "--date", "2020-02-16", "--place", "Tokmok", "--role", "resident", "--quote", "q"],
        ["import", str(FIXTURES)],
        ["passwd"],
    ],
    ids=lambda c: c[0] + ("-search" if "--search" in c else ""),
)
def test_wrong_passphrase_cli_exits_3_and_changes_nothing(filled: Path, command: list[str]) -> None:
    before = snapshot(filled)
    result = run_cli(
        command[0],
        "--vault",
        str(filled),
        *command[1:],
        passphrase=WRONG,
        env={"FIELDKIT_NEW_PASSPHRASE": "violet tundra harmonica 93 quietly"},
    )
    assert result.returncode == EXIT_PASSPHRASE
    assert one_error_line(result.stderr) == "fieldkit: wrong passphrase"
    assert result.stdout == ""
    assert snapshot(filled) == before


def _passwd_with_recovery(path: Path, key: str) -> subprocess.CompletedProcess[str]:
    """``fieldkit passwd --recovery`` with ``key``, as a script would run it."""
    return run_cli(
        "passwd",
        "--vault",
        str(path),
        "--recovery",
        passphrase=None,
        env={
            "FIELDKIT_RECOVERY_KEY": key,
            "FIELDKIT_NEW_PASSPHRASE": "violet tundra harmonica 93 quietly",
        },
    )


def test_wrong_recovery_key_api_and_cli(new_vault: tuple[Vault, str]) -> None:
    vault, recovery = new_vault
    vault.close()
    before = snapshot(vault.path)
    wrong = "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH"
    assert wrong != recovery

    with pytest.raises(WrongPassphrase, match="recovery key"):
        Vault.open_with_recovery(vault.path, wrong)
    result = _passwd_with_recovery(vault.path, wrong)
    assert result.returncode == EXIT_PASSPHRASE
    assert "recovery key does not open this vault" in one_error_line(result.stderr)
    assert snapshot(vault.path) == before

    # The right key, typed sloppily, does open it (and the snapshot notices the new slot).
    sloppy = recovery.lower().replace("-", " ")
    Vault.open_with_recovery(vault.path, sloppy).close()
    result = _passwd_with_recovery(vault.path, sloppy)
    assert result.returncode == 0, result.stderr
    assert snapshot(vault.path) != before


# --- a damaged database --------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_vault_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed vault with 330 interviews over a few hundred pages (built once)."""
    folder = tmp_path_factory.mktemp("big") / "vault"
    vault, _ = Vault.create(folder, PASSPHRASE, organisation="ADC Memorial", kdf=FAST_KDF)
    rows = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines()]
    for copy in range(30):
        places = [dict(row, place=f"{row['place']} {copy}") for row in rows]
        importing.import_records(vault, enumerate(places, start=1))
    vault.close()
    return folder


@pytest.fixture
def big_vault(big_vault_template: Path, vault_dir: Path) -> Path:
    shutil.copytree(big_vault_template, vault_dir)
    db = vault_dir / "vault.db"
    # Closed means checkpointed: everything is in vault.db, no write-ahead log is pending.
    assert not (vault_dir / "vault.db-wal").exists()
    assert db.stat().st_size // PAGE > 150
    assert not db.read_bytes().startswith(SQLITE_MAGIC)  # encrypted from its first byte
    return vault_dir


def _listing_fails(folder: Path) -> bool:
    try:
        with Vault.open(folder, PASSPHRASE) as vault:
            search.search(vault)
    except VaultDamaged:
        return True
    return False


def damage_a_page_the_list_reads(folder: Path) -> int:
    """Damage the page nearest the middle of vault.db whose loss the interview list notices.

    Which pages hold the list's rows depends on SQLite's layout, so try them from the
    middle outwards, restoring the file after each miss. Returns the (0-based) page.
    """
    db = folder / "vault.db"
    original = db.read_bytes()
    pages = len(original) // PAGE
    middle = pages // 2
    for distance in range(pages):
        for page in (middle - distance, middle + distance):
            if 1 <= page < pages:
                flip(db, page * PAGE + 1000)
                if _listing_fails(folder):
                    return page
                db.write_bytes(original)
    raise AssertionError("no page of the interview list could be found")


def test_check_reports_a_damaged_page_in_the_middle(big_vault: Path) -> None:
    db = big_vault / "vault.db"
    flip(db, (db.stat().st_size // PAGE // 2) * PAGE + 1000)
    damaged = snapshot(big_vault)

    result = run_cli("check", "--vault", str(big_vault))

    assert result.returncode == EXIT_DAMAGED
    assert "problem" in one_error_line(result.stderr)
    assert "problem: page authentication failed" in result.stdout
    assert all(line.startswith("problem: ") for line in result.stdout.splitlines())
    assert snapshot(big_vault) == damaged


def test_list_and_check_on_a_damaged_page_say_damaged_and_write_nothing(
    big_vault: Path,
) -> None:
    damage_a_page_the_list_reads(big_vault)
    damaged = snapshot(big_vault)

    listed = run_cli("list", "--vault", str(big_vault))
    assert listed.returncode == EXIT_DAMAGED
    assert "damaged" in one_error_line(listed.stderr)
    assert "wrong passphrase" not in listed.stderr
    assert listed.stdout == ""

    checked = run_cli("check", "--vault", str(big_vault))
    assert checked.returncode == EXIT_DAMAGED
    one_error_line(checked.stderr)
    assert "page authentication failed" in checked.stdout

    # Nothing was overwritten and no new (plaintext) database took the damaged one's place.
    assert snapshot(big_vault) == damaged
    assert not (big_vault / "vault.db").read_bytes().startswith(SQLITE_MAGIC)


@pytest.mark.parametrize("offset", [0, 8, 200, 2000], ids=lambda o: f"byte{o}")
def test_damaged_first_page_says_damaged_not_wrong_passphrase(big_vault: Path, offset: int) -> None:
    flip(big_vault / "vault.db", offset)
    damaged = snapshot(big_vault)

    with pytest.raises(VaultDamaged):
        Vault.open(big_vault, PASSPHRASE)
    result = run_cli("list", "--vault", str(big_vault))

    assert result.returncode == EXIT_DAMAGED
    line = one_error_line(result.stderr)
    assert "damaged" in line and "passphrase" not in line
    assert snapshot(big_vault) == damaged


# --- damaged or missing files -------------------------------------------------------------


def _truncate_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _edit_slots(edit: Callable[[dict], None]) -> Callable[[bytes], bytes]:
    def apply(data: bytes) -> bytes:
        parsed = json.loads(data)
        edit(parsed)
        return json.dumps(parsed).encode()

    return apply


def _set_all(key: str, value: object) -> Callable[[dict], None]:
    def edit(parsed: dict) -> None:
        for slot in parsed["slots"]:
            target = slot["kdf"] if key in ("salt", "memory_kib", "time_cost") else slot
            target[key] = value

    return edit


SLOT_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": _truncate_half,
    "empty": lambda data: b"",
    "garbage": lambda data: bytes(range(256)) * 4,
    "json-list": lambda data: b"[]",
    "json-null": lambda data: b"null",
    "no-slots": _edit_slots(lambda parsed: parsed.pop("slots")),
    "future-version": _edit_slots(lambda parsed: parsed.update(version=99)),
    "short-sealed-key": _edit_slots(_set_all("sealed_key", "AAAA")),
    "short-nonce": _edit_slots(_set_all("nonce", "AAAA")),
    "short-salt": _edit_slots(_set_all("salt", "AAAA")),
    "absurd-memory": _edit_slots(_set_all("memory_kib", 2**40)),
    "absurd-time": _edit_slots(_set_all("time_cost", 2**40)),
}


def _listing_refused_as_damage(folder: Path, before: dict[str, str], said: str) -> str:
    """``fieldkit list`` exits as damaged with one error line saying ``said`` (returned), and
    the vault's files are still exactly ``before``."""
    result = run_cli("list", "--vault", str(folder))
    assert result.returncode == EXIT_DAMAGED
    line = one_error_line(result.stderr)
    assert said in line
    assert snapshot(folder) == before
    return line


@pytest.mark.parametrize("damage", list(SLOT_DAMAGE))
def test_damaged_key_slot_file_is_reported_clearly(closed_vault: Path, damage: str) -> None:
    slots = closed_vault / "vault.keys"
    slots.write_bytes(SLOT_DAMAGE[damage](slots.read_bytes()))
    damaged = snapshot(closed_vault)

    with pytest.raises(VaultDamaged, match="key slot file"):
        Vault.open(closed_vault, PASSPHRASE)
    _listing_refused_as_damage(closed_vault, damaged, "key slot file")


def test_missing_database_is_never_recreated(closed_vault: Path) -> None:
    (closed_vault / "vault.db").unlink()
    before = snapshot(closed_vault)

    with pytest.raises(VaultDamaged, match="database file is missing"):
        Vault.open(closed_vault, PASSPHRASE)
    with pytest.raises(VaultExists):
        Vault.create(closed_vault, PASSPHRASE, kdf=FAST_KDF)
    for command in (
        ["list"],
        ["check"],
        ["import", str(FIXTURES)],
        ["add", "--date", "2020-02-16", "--place", "Tokmok", "--role", "resident", "--quote", "q"],
    ):
        result = run_cli(command[0], "--vault", str(closed_vault), *command[1:])
        assert result.returncode == EXIT_DAMAGED, command
        assert "database file is missing" in one_error_line(result.stderr)
    result = run_cli("init", "--vault", str(closed_vault))
    assert result.returncode != 0
    assert "already exists" in one_error_line(result.stderr)

    assert snapshot(closed_vault) == before
    assert not (closed_vault / "vault.db").exists()


def test_empty_database_file_is_damage_not_a_new_vault(closed_vault: Path) -> None:
    """A truncated vault.db must not be quietly set up as a fresh, empty vault."""
    (closed_vault / "vault.db").write_bytes(b"")
    before = snapshot(closed_vault)

    with pytest.raises(VaultDamaged, match="empty"):
        Vault.open(closed_vault, PASSPHRASE)
    _listing_refused_as_damage(closed_vault, before, "damaged")
    assert (closed_vault / "vault.db").stat().st_size == 0


def test_missing_key_slot_file_is_damage(closed_vault: Path) -> None:
    (closed_vault / "vault.keys").unlink()
    before = snapshot(closed_vault)

    _listing_refused_as_damage(closed_vault, before, "key slot file is missing")


# --- a schema newer than this fieldkit -----------------------------------------------------


def test_schema_too_new_is_refused_without_writing(vault: Vault) -> None:
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO schema_migrations (version, applied_at) "
            "VALUES (?, '2031-01-01T00:00:00Z')",
            (SCHEMA_VERSION + 1,),
        )
    vault.close()
    before = snapshot(vault.path)

    with pytest.raises(SchemaTooNew, match="newer fieldkit"):
        Vault.open(vault.path, PASSPHRASE)
    line = _listing_refused_as_damage(vault.path, before, "newer fieldkit")
    assert f"schema {SCHEMA_VERSION + 1}" in line


# --- destroy: crypto-erase -----------------------------------------------------------------


def test_destroy_removes_every_file_and_the_vault_is_gone(filled: Path) -> None:
    # A temporary slot file left by an interrupted passphrase change holds the key too.
    shutil.copy(filled / "vault.keys", filled / ".vault.keys.0badc0de.tmp")

    result = run_cli("destroy", "--vault", str(filled), "--yes", passphrase=None)

    assert result.returncode == 0, result.stderr
    assert not filled.exists() or not any(filled.iterdir())
    with pytest.raises(VaultNotFound):
        Vault.open(filled, PASSPHRASE)
    listed = run_cli("list", "--vault", str(filled))
    assert listed.returncode != 0
    assert "no vault" in one_error_line(listed.stderr)


def test_destroy_overwrites_every_key_copy_before_removing_anything_else(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    leftover = filled / ".vault.keys.0badc0de.tmp"
    shutil.copy(filled / "vault.keys", leftover)
    originals = {p.name: p.read_bytes() for p in filled.iterdir()}
    removed: list[tuple[str, bytes]] = []
    real_unlink = pathlib.Path.unlink

    def spy(self: Path, missing_ok: bool = False) -> None:
        if self.parent == filled and self.exists():
            removed.append((self.name, self.read_bytes()))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(pathlib.Path, "unlink", spy)
    destroy_vault(filled)
    monkeypatch.setattr(pathlib.Path, "unlink", real_unlink)

    names = [name for name, _ in removed]
    assert sorted(names) == sorted(originals)
    # Both copies of the wrapped key go first; the database only after them.
    assert set(names[:2]) == {"vault.keys", leftover.name}
    for name, content in removed:
        assert len(content) == len(originals[name]), name
        assert content != originals[name], f"{name} was removed without being overwritten"
    assert b"sealed_key" not in removed[0][1] and b"sealed_key" not in removed[1][1]
    assert not filled.exists()


def test_overwrite_covers_a_large_file_without_holding_it_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Destroying a big vault must not need memory the size of its database."""
    target = tmp_path / "vault.db"
    size = 5 * fsutil.OVERWRITE_CHUNK + 123
    original = b"\x00" * size
    target.write_bytes(original)
    written: list[bytes] = []
    real_unlink = pathlib.Path.unlink
    requested: list[int] = []
    real_token_bytes = fsutil.secrets.token_bytes

    def token_bytes(n: int) -> bytes:
        requested.append(n)
        return real_token_bytes(n)

    def keep(self: Path, missing_ok: bool = False) -> None:
        written.append(self.read_bytes())
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(fsutil.secrets, "token_bytes", token_bytes)
    monkeypatch.setattr(pathlib.Path, "unlink", keep)
    fsutil.overwrite_and_unlink(target)
    monkeypatch.setattr(pathlib.Path, "unlink", real_unlink)

    assert not target.exists()
    (content,) = written
    assert len(content) == size
    # Every 4 KiB block was overwritten (all-zero blocks would mean bytes were skipped).
    assert all(content[i : i + PAGE] != original[i : i + PAGE] for i in range(0, size, PAGE))
    assert max(requested) <= fsutil.OVERWRITE_CHUNK


def test_every_damaged_page_is_reported_as_damage_and_never_written(big_vault: Path) -> None:
    """Flip bytes in each page in turn: opening, listing or checking always says "damaged"
    (never a raw driver error, never "wrong passphrase", never a clean check), and the
    damaged file is left exactly as it was."""
    db = big_vault / "vault.db"
    original = db.read_bytes()
    pages = len(original) // PAGE
    unnoticed = []
    for page in range(pages):
        damaged = bytearray(original)
        for i in range(page * PAGE + 1000, page * PAGE + 1016):
            damaged[i] ^= 0xA5
        db.write_bytes(bytes(damaged))
        try:
            with Vault.open(big_vault, PASSPHRASE) as vault:
                search.search(vault)
                report = integrity.check(vault)
            if report.ok:
                unnoticed.append(page)
            # `fieldkit check` prints one "problem:" line per problem.
            assert all("\n" not in problem for problem in report.problems), (page, report)
            # ... and names the damage, not a vague "could not be used (OperationalError)".
            assert not any("could not be used" in p for p in report.problems), (page, report)
        except VaultDamaged:
            pass
        assert db.read_bytes() == damaged, f"page {page}: the damaged file was written to"
        assert (
            not (big_vault / "vault.db-wal").exists()
            or not (big_vault / "vault.db-wal").read_bytes()
        ), f"page {page}: a write-ahead log was left with content"
    assert unnoticed == [], f"damage in these pages went unnoticed: {unnoticed}"
