"""Publishing forms at HQ: an XLSForm checked, given its version, signed and kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fieldkit.core.errors import FieldkitError, FormRefused
from fieldkit.core.forms.model import Form, FormError, form_from_dict
from fieldkit.core.record import now_iso
from fieldkit.exchange.formfile import FORM_SUFFIX, FormFile, form_body, seal
from fieldkit.hq.dataset import hq_identity
from fieldkit.hq.storage import HqStore
from fieldkit.hq.xlsform import xlsform_to_dict
from fieldkit.vault.forms import StoredForm
from fieldkit.vault.fsutil import atomic_write
from fieldkit.vault.store import Vault


def publish(vault: Vault, xlsform: Path, out: Path) -> tuple[FormFile, bool]:
    """Read the XLSForm at ``xlsform``, sign it with HQ's key, keep it and write ``out``.

    The version is the settings sheet's; without one, the newest published when the form is
    unchanged, else the one after it. Publishing
    the same version again with the same content writes the same file again (False: not
    new); with other content it is refused.
    """
    out = Path(out)
    if out.suffix != FORM_SUFFIX:
        raise FieldkitError(f"the form file must end in {FORM_SUFFIX}")
    if not out.parent.is_dir():
        raise FieldkitError(f"no such folder: {out.parent}")
    identity = hq_identity(vault)
    description = xlsform_to_dict(xlsform)
    store = HqStore(vault)
    newest = store.newest_form_version(description["id"])
    if description["version"] is None:
        # No version in the settings sheet: the newest again if nothing changed, else the next.
        same = newest is not None and _form(xlsform, {**description, "version": newest}) == (
            existing_form(store, description["id"], newest)
        )
        description["version"] = newest if same else (newest or 0) + 1
    form = _form(xlsform, description)
    existing = store.published_form(form.id, form.version)
    if existing is not None and existing.form == form:
        atomic_write(out, existing.data, mode=0o644)
        return existing, False
    published_at = now_iso()
    data = seal(form, identity.ident, published_at, identity.signing)
    body = form_body(form, identity.ident, published_at)
    store.publish_form(form, published_at, body, data)  # refuses other content, same version
    atomic_write(out, data, mode=0o644)
    return FormFile(form, identity.ident, published_at, body, data), True


def _form(xlsform: Path, description: dict[str, Any]) -> Form:
    try:
        return form_from_dict(description)
    except FormError as error:
        raise FormRefused(f"{Path(xlsform).name}: {error.message}") from None


def existing_form(store: HqStore, form_id: str, version: int) -> Form | None:
    found = store.published_form(form_id, version)
    return found.form if found is not None else None


def published(vault: Vault) -> list[StoredForm]:
    """Every version HQ published, by form id, newest version first."""
    return HqStore(vault).published_forms()
