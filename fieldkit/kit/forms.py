"""The kit's side of forms: load a form file HQ published, if the pinned HQ signed it."""

from __future__ import annotations

from pathlib import Path

from fieldkit.exchange.formfile import FormFile, read_form_file
from fieldkit.kit.enroll import NotEnrolled, pinned_hq
from fieldkit.vault import forms
from fieldkit.vault.store import Vault


def add_form(vault: Vault, path: Path) -> tuple[FormFile, bool]:
    """Verify the form file at ``path`` against the pinned HQ and keep it.

    Returns the file read and whether it was new (False: that version was loaded already).
    """
    hq = pinned_hq(vault)
    if hq is None:
        raise NotEnrolled("this kit has no HQ yet: enroll HQ's card before loading its forms")
    read = read_form_file(path, hq.verify_key(), hq.ident)
    new = forms.store(vault, read.form, read.published_at, read.body, read.data)
    return read, new
