"""Publishing forms at HQ: an XLSForm checked, given its version, signed and kept."""

from __future__ import annotations

from pathlib import Path

from fieldkit.core.errors import FieldkitError, FormRefused
from fieldkit.core.forms.model import FormError, form_from_dict
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

    The version is the settings sheet's, or the one after the newest published. Publishing
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
    if description["version"] is None:
        description["version"] = (store.newest_form_version(description["id"]) or 0) + 1
    try:
        form = form_from_dict(description)
    except FormError as error:
        raise FormRefused(f"{Path(xlsform).name}: {error.message}") from None
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


def published(vault: Vault) -> list[StoredForm]:
    """Every version HQ published, by form id, newest version first."""
    return HqStore(vault).published_forms()
