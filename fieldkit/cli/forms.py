"""Forms on the command line: the kit's ``form add`` and ``form list``, the answers of
``add --field``, and how ``show`` prints them; HQ's ``hq form publish`` and ``hq form list``
are in :mod:`fieldkit.cli.hq` and print through :func:`print_forms`."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fieldkit.cli.common import open_vault
from fieldkit.core.errors import FieldkitError, FormMissing
from fieldkit.core.escape import for_terminal as shown
from fieldkit.core.forms.answers import labelled, with_defaults
from fieldkit.core.forms.model import Form
from fieldkit.core.plural import counted
from fieldkit.core.record import Interview
from fieldkit.kit.forms import add_form
from fieldkit.vault import forms
from fieldkit.vault.store import Vault


def cli_language() -> str:
    """The language the command line shows a form in: the locale's (LC_ALL, LC_MESSAGES,
    LANG), "en" when it names none."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        code = value.split(".", 1)[0].split("_", 1)[0].lower()
        if code and code not in ("c", "posix"):
            return code
    return "en"


def form_answers(vault: Vault, args: argparse.Namespace) -> tuple[Form | None, dict[str, Any]]:
    """The form and answers ``add --form/--field`` give (no form unless one is named or a
    field is given: then the newest loaded form)."""
    given: dict[str, str] = {}
    for item in args.field or []:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise FieldkitError(f"--field takes NAME=VALUE, not '{shown(item[:60])}'")
        if name in given:
            raise FieldkitError(f"--field {shown(name[:60])} is given twice")
        given[name] = value
    if args.form is None and not given:
        return None, {}
    form = forms.resolve(vault, args.form)
    if form is None:
        raise FormMissing("no form is loaded: load one with 'fieldkit form add FILE'")
    return form, with_defaults(form, given)


def print_answers(vault: Vault, interview: Interview) -> None:
    """The form and answers of ``interview`` under ``show``: labels in the CLI's language."""
    if interview.form is None:
        return
    try:
        form: Form | None = forms.load(vault, interview.form, interview.form_version)
    except FormMissing:
        form = None
    title = f" ({shown(form.title)})" if form else " (not loaded here: names only)"
    print(f"\n  Form {shown(interview.form)}@{interview.form_version}{title}")
    if form is None:
        for name, value in interview.answers:
            text = " ".join(value) if isinstance(value, tuple) else str(value)
            print(f"  {shown(name)}: {shown(text, multiline=True)}")
        return
    for label, text in labelled(form, interview.answers, cli_language()):
        print(f"  {shown(label)}: {shown(text, multiline=True)}")


def cmd_form_add(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        read, new = add_form(vault, Path(args.file))
    print_form("loaded" if new else "already loaded", read.form)
    return 0


def cmd_form_list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        print_forms(forms.stored(vault))
    return 0


def print_form(state: str, form: Form) -> None:
    """One line: what happened to ``form`` (published, loaded…), its id, version and title."""
    fields = counted(len(form.fields), "field")
    print(f"{state}: form {shown(form.ref)} ({shown(form.title)}), {fields}")


def print_forms(rows: Sequence[forms.StoredForm]) -> None:
    print(f"{'FORM':24}  {'VERSION':>10}  {'PUBLISHED':20}  TITLE")
    for row in rows:
        print(
            f"{shown(row.form_id):24}  {row.version:>10}  {row.published_at:20}  {shown(row.title)}"
        )


def register(sub: Any) -> None:
    """``fieldkit form add|list`` under the kit's commands."""
    top = sub.add_parser("form", help="forms HQ published", description="Forms HQ published.")
    form_sub = top.add_subparsers(dest="form_command", metavar="FORM_COMMAND", required=True)
    for name, func, text in (
        ("add", cmd_form_add, "load a form file HQ published (verified against the pinned HQ)"),
        ("list", cmd_form_list, "list the forms loaded, newest version first"),
    ):
        p = form_sub.add_parser(name, help=text, description=text)
        p.add_argument("--vault", metavar="DIR", default=argparse.SUPPRESS)
        p.set_defaults(func=func)
        if name == "add":
            p.add_argument("file", metavar="FILE", help="the .fkform file")
