"""The forms loaded on this kit as the editor needs them: each version parsed once, and the
form a new interview is filled with (the only one, or the one the person picks)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from fieldkit.core.errors import FieldkitError
from fieldkit.core.forms.answers import with_defaults
from fieldkit.core.forms.model import Form
from fieldkit.core.record import Interview
from fieldkit.gui.base import prompts
from fieldkit.gui.base.errors import show_error
from fieldkit.vault import forms
from fieldkit.vault.store import Vault

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate


class KitForms:
    """The forms loaded on this kit as the editor needs them: each version parsed once (a
    published version never changes), and the form a new interview is filled with."""

    def __init__(self) -> None:
        self._vault: Vault | None = None
        self._parsed: dict[tuple[str, int], Form] = {}
        self._last: str | None = None  # the form id chosen last in this session

    def set_vault(self, vault: Vault | None) -> None:
        self._vault, self._parsed, self._last = vault, {}, None

    def load(self, form_id: str, version: int | None = None) -> Form:
        """One version (the newest when None); :class:`FormMissing` when it is not here."""
        assert self._vault is not None
        if version is not None and (form_id, version) in self._parsed:
            return self._parsed[(form_id, version)]
        form = forms.load(self._vault, form_id, version)
        self._parsed[(form.id, form.version)] = form
        return form

    def of(self, interview: Interview) -> Form | None:
        """The form ``interview`` was filled with (None: none); FormMissing when that
        version is not on this kit."""
        if interview.form is None:
            return None
        return self.load(interview.form, interview.form_version)

    def for_new(self, parent: QWidget) -> tuple[bool, Form | None]:
        """The form a new interview is filled with: none when no form is loaded, the only
        one, or the one the person picks (the last one picked, else the one HQ published
        last, is offered first). (False, None) when the person cancels, or the forms could
        not be read (said in one dialog)."""
        try:
            return self._for_new(parent)
        except FieldkitError as error:
            show_error(parent, error, translate("KitForms", "New interview"))
            return False, None

    def _for_new(self, parent: QWidget) -> tuple[bool, Form | None]:
        if self._vault is None:
            return True, None
        newest: dict[str, forms.StoredForm] = {}
        for stored in forms.stored(self._vault):  # newest version first for each id
            newest.setdefault(stored.form_id, stored)
        if not newest:
            return True, None
        if len(newest) == 1:
            return True, self.load(next(iter(newest)))
        ids = list(newest)
        names = [
            translate("KitForms", "{title} ({id}, version {version})").format(
                title=newest[i].title, id=i, version=newest[i].version
            )
            for i in ids
        ]
        offered = self._last
        if offered not in newest:
            default = forms.default(self._vault)
            offered = default.id if default is not None else ids[0]
        picked = prompts.choose(
            parent,
            translate("KitForms", "New interview"),
            translate("KitForms", "Which form is this interview filled with?"),
            [*names, translate("KitForms", "No form")],
            ids.index(offered) if offered in ids else 0,
        )
        if picked is None:
            return False, None
        if picked >= len(ids):
            return True, None
        self._last = ids[picked]
        return True, self.load(ids[picked])


def starting_answers(form: Form | None) -> dict[str, Any]:
    """What a new interview's form starts with: the form's defaults for the fields shown."""
    return with_defaults(form, {}) if form is not None else {}
