"""Decrypt every page of a vault's database and write-ahead log, free pages included.

A test that searches the encrypted files for a canary proves only that encryption is on. To
prove that replaced text is *gone* — not in free pages, not in old copies of pages in the
log, not in the search index — the pages have to be read as someone holding the key would.
This reads them independently of SQLite: SQLCipher 4's page format (AES-256-CBC per page,
16-byte IV and 64-byte HMAC in each page's reserved tail, the file's salt in the first 16
bytes of page 1), decrypted with the vault's raw data key.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80  # IV 16 + HMAC-SHA512 64
SALT = 16
WAL_HEADER = 32
FRAME_HEADER = 24


def decrypt_page(page: bytes, key: bytes, first: bool) -> bytes:
    start = SALT if first else 0
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize()


def database_pages(db: Path, key: bytes) -> Iterator[bytes]:
    data = db.read_bytes()
    for number, offset in enumerate(range(0, len(data) - PAGE + 1, PAGE), 1):
        yield decrypt_page(data[offset : offset + PAGE], key, number == 1)


def wal_pages(wal: Path, key: bytes) -> Iterator[bytes]:
    """Every frame still in the log, whether or not SQLite would read it again."""
    if not wal.exists():
        return
    data = wal.read_bytes()
    offset = WAL_HEADER
    while offset + FRAME_HEADER + PAGE <= len(data):
        number = int.from_bytes(data[offset : offset + 4], "big")
        frame = data[offset + FRAME_HEADER : offset + FRAME_HEADER + PAGE]
        yield decrypt_page(frame, key, number == 1)
        offset += FRAME_HEADER + PAGE


def plaintext(vault_dir: Path, key: bytes) -> bytes:
    """All decrypted pages of ``vault.db`` and ``vault.db-wal``, concatenated."""
    db = vault_dir / "vault.db"
    pages = list(database_pages(db, key))
    pages += wal_pages(db.with_name(db.name + "-wal"), key)
    return b"".join(pages)
