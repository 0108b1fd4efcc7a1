"""HQ's published forms, as intake and the form commands read them (the table and its SQL
are the vault's: :mod:`fieldkit.vault.forms`)."""

from __future__ import annotations

from fieldkit.core.errors import FieldkitError, FormMissing
from fieldkit.core.forms.model import Form
from fieldkit.exchange.formfile import FormFile, parse_form_file
from fieldkit.exchange.keys import Role, load_identity
from fieldkit.vault import forms
from fieldkit.vault.store import Vault


class FormReads:
    """The forms HQ published."""

    vault: Vault

    def newest_form_version(self, form_id: str) -> int | None:
        return forms.newest_version(self.vault, form_id)

    def published_form(self, form_id: str, version: int) -> FormFile | None:
        """A version HQ published, read back from its own signed file (None: not published)."""
        try:
            data = forms.file_of(self.vault, form_id, version)
        except FormMissing:
            return None
        identity = load_identity(self.vault, Role.HQ)
        if identity is None:
            raise FieldkitError("this vault is not an HQ dataset")
        return parse_form_file(data, identity.signing.verify_key, identity.ident)

    def publish_form(self, form: Form, published_at: str, body: bytes, data: bytes) -> None:
        forms.store(self.vault, form, published_at, body, data)

    def published_forms(self) -> list[forms.StoredForm]:
        return forms.stored(self.vault)
