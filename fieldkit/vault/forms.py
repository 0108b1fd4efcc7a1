"""The forms a vault holds (a kit's loaded forms, HQ's published ones): one table, ``forms``.

Rows are only added. A form is stored with the exact file it came in and the signed body it
was read from; the body is what :func:`load` parses again (the vault is trusted storage: the
signature was checked when the file was accepted).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fieldkit.core.errors import FormConflict, FormMissing, VaultDamaged
from fieldkit.core.forms.model import Form, FormError, form_from_dict, form_ref
from fieldkit.core.record import now_iso
from fieldkit.vault.store import Vault


@dataclass(frozen=True)
class StoredForm:
    form_id: str
    version: int
    title: str
    published_at: str
    stored_at: str


def store(vault: Vault, form: Form, published_at: str, body: bytes, file: bytes) -> bool:
    """Keep ``form`` (its signed ``body`` and whole ``file``); False when that version is
    already here with the same body. A version held with other content is refused."""
    with vault.transaction("storing a form") as conn:
        return store_in(conn, form, published_at, body, file)


def store_in(conn: Any, form: Form, published_at: str, body: bytes, file: bytes) -> bool:
    """:func:`store` inside the caller's transaction."""
    row = conn.execute(
        "SELECT body FROM forms WHERE form_id = ? AND version = ?", (form.id, form.version)
    ).fetchone()
    if row is not None:
        if _form_json(bytes(row[0])) != _form_json(body):
            raise FormConflict(
                f"version {form.version} of form {form.id} is already here with other "
                "content; publish the change as a new version"
            )
        return False
    conn.execute(
        "INSERT INTO forms (form_id, version, title, published_at, body, file, stored_at) "
        "VALUES (?,?,?,?,?,?,?)",
        (form.id, form.version, form.title, published_at, body, file, now_iso()),
    )
    return True


def _form_json(body: bytes) -> Any:
    """The form a signed body holds, without when or by whom it was published."""
    return json.loads(body).get("form")


def stored(vault: Vault) -> list[StoredForm]:
    """Every form version held, by id, newest version first."""
    rows = vault.read(
        "SELECT form_id, version, title, published_at, stored_at FROM forms "
        "ORDER BY form_id, version DESC"
    )
    return [StoredForm(r[0], int(r[1]), r[2], r[3], r[4]) for r in rows]


def newest_version(vault: Vault, form_id: str) -> int | None:
    rows = vault.read("SELECT max(version) FROM forms WHERE form_id = ?", (form_id,))
    return int(rows[0][0]) if rows and rows[0][0] is not None else None


def file_of(vault: Vault, form_id: str, version: int) -> bytes:
    """The signed file of one stored version."""
    rows = vault.read(
        "SELECT file FROM forms WHERE form_id = ? AND version = ?", (form_id, version)
    )
    if not rows:
        raise FormMissing(f"there is no version {version} of form {form_id}")
    return bytes(rows[0][0])


def load(vault: Vault, form_id: str, version: int | None = None) -> Form:
    """One stored form: ``version``, or the newest when None."""
    if version is None:
        version = newest_version(vault, form_id)
        if version is None:
            raise FormMissing(f"no form {form_id} is loaded (see 'fieldkit form list')")
    rows = vault.read(
        "SELECT body FROM forms WHERE form_id = ? AND version = ?", (form_id, version)
    )
    if not rows:
        raise FormMissing(f"version {version} of form {form_id} is not loaded")
    return parse_stored(bytes(rows[0][0]))


def parse_stored(body: bytes) -> Form:
    try:
        return form_from_dict(_form_json(body))
    except (FormError, ValueError, AttributeError) as error:
        raise VaultDamaged("a stored form cannot be read; the vault is damaged") from error


def default(vault: Vault) -> Form | None:
    """The form new answers go to unless one is named: the newest version of the form
    published last (None when no form is loaded)."""
    rows = vault.read("SELECT form_id FROM forms ORDER BY published_at DESC, version DESC LIMIT 1")
    return load(vault, rows[0][0]) if rows else None


def resolve(vault: Vault, ref: str | None) -> Form | None:
    """The form ``ref`` names (``id`` or ``id@version``), else :func:`default`."""
    if ref is None:
        return default(vault)
    parsed = form_ref(ref)
    if parsed is None:
        raise FormMissing(f"'{ref[:80]}' does not name a form: write ID or ID@VERSION")
    return load(vault, *parsed)


def all_forms(vault: Vault) -> dict[tuple[str, int], Form]:
    """Every stored form version, for an import that may name any of them."""
    rows = vault.read("SELECT form_id, version, body FROM forms")
    return {(r[0], int(r[1])): parse_stored(bytes(r[2])) for r in rows}
