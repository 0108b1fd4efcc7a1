"""What every command shares: prompts, locating and opening the vault, failing in one line."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import platformdirs

from fieldkit import hq
from fieldkit.core.errors import (
    FieldkitError,
    FormFileRejected,
    FormRefused,
    ImportRejected,
    SchemaTooNew,
    ValidationError,
    VaultDamaged,
    VaultNotFound,
    VaultWiped,
    WeakPassphrase,
    WrongPassphrase,
)
from fieldkit.core.escape import for_terminal
from fieldkit.core.passphrase import require_strong, strength
from fieldkit.core.plural import counted
from fieldkit.exchange.keys import Identity
from fieldkit.vault.store import Vault, default_vault_dir

ENV_PASSPHRASE = "FIELDKIT_PASSPHRASE"  # noqa: S105 - a variable name
ENV_NEW_PASSPHRASE = "FIELDKIT_NEW_PASSPHRASE"  # noqa: S105
ENV_RECOVERY = "FIELDKIT_RECOVERY_KEY"
ENV_VAULT = "FIELDKIT_VAULT"

#: Exit codes scripts can tell apart.
EXIT_ERROR, EXIT_USAGE, EXIT_PASSPHRASE, EXIT_DAMAGED, EXIT_REJECTED = 1, 2, 3, 4, 5


#: How a module adds its commands: ``command(name, func, help)`` gives the new subparser.
Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


class Refused(FieldkitError):
    """The person (or the script's environment) did not give what a command needs."""


# --- prompts -------------------------------------------------------------------------------


def interactive() -> bool:
    return sys.stdin.isatty()


def ask_secret(prompt: str, env: str | None = ENV_PASSPHRASE) -> str:
    if env and env in os.environ:
        return os.environ[env]
    if not interactive():
        raise Refused(f"no terminal to ask for the {prompt.lower()}; set {env} for scripts")
    return getpass.getpass(f"{prompt}: ")


def ask_new_passphrase(env: str) -> str:
    if env in os.environ:
        require_strong(os.environ[env])  # asked interactively, a weak one is asked again
        return os.environ[env]
    if not interactive():
        raise Refused(f"no terminal to ask for a new passphrase; set {env} for scripts")
    while True:
        first = getpass.getpass("New passphrase: ")
        verdict = strength(first)
        if not verdict.acceptable:
            print(f"Too easy to guess. {verdict.warning}".strip(), file=sys.stderr)
            for tip in verdict.suggestions:
                print(f"  {tip}", file=sys.stderr)
            continue
        if getpass.getpass("Repeat it: ") == first:
            return first
        print("The two did not match; try again.", file=sys.stderr)


def vault_dir(args: argparse.Namespace) -> Path:
    if args.vault:
        return Path(args.vault).expanduser()
    if os.environ.get(ENV_VAULT):
        return Path(os.environ[ENV_VAULT]).expanduser()
    return default_vault_dir()


def open_vault(args: argparse.Namespace) -> Vault:
    path = vault_dir(args)
    if not Vault.exists(path):
        return Vault.open(path, "")  # raises the precise "not found"/"damaged" error
    vault = Vault.open(path, ask_secret("Passphrase"))
    if vault.recovered:
        print(
            f"fieldkit: {counted(len(vault.recovered), 'recording')} a crash interrupted "
            f"{'was' if len(vault.recovered) == 1 else 'were'} saved as attachments, up to "
            "about the last second before it",
            file=sys.stderr,
        )
    return vault


def hq_dir(args: argparse.Namespace) -> Path:
    if args.hq:
        return Path(args.hq).expanduser()
    if getattr(args, "vault", None):  # 'fieldkit --vault DIR hq …'
        return Path(args.vault).expanduser()
    return Path(platformdirs.user_data_dir("fieldkit", appauthor=False)) / "hq"


def open_hq(args: argparse.Namespace) -> Vault:
    path = hq_dir(args)
    if not Vault.exists(path):
        if not (path / "vault.keys").exists() and not (path / "vault.db").exists():
            raise VaultNotFound(
                f"no HQ dataset in {path} (create one with 'fieldkit hq init --hq DIR')"
            )
        return Vault.open(path, "")  # the precise "damaged" error
    vault = Vault.open(path, ask_secret("HQ passphrase"))
    try:
        hq.hq_identity(vault)
    except BaseException:
        vault.close()
        raise
    return vault


def flag(parser: argparse.ArgumentParser, name: str, text: str) -> None:
    """A yes-or-no option: off unless given."""
    parser.add_argument(name, action="store_true", help=text)


def interview_arg(parser: argparse.ArgumentParser) -> None:
    """The interview a command is about, named by its id or a beginning of it."""
    parser.add_argument("id", help="the interview id (the first characters are enough)")


def attachment_args(parser: argparse.ArgumentParser, listing: str) -> None:
    """An interview and one of its attachments: its number in ``listing`` ("fieldkit
    attachments"), or its id."""
    parser.add_argument("id", help="the interview id")
    parser.add_argument("attachment", help=f"its number in '{listing}', or its id")


def attachment_save(
    command: Command, func: Callable[[argparse.Namespace], int], text: str, listing: str
) -> argparse.ArgumentParser:
    """``attachment-save`` (the kit's and HQ's): an attachment named as for
    :func:`attachment_args`, and the new file its copy goes to."""
    p = command("attachment-save", func, text)
    attachment_args(p, listing)
    p.add_argument("--out", required=True, metavar="FILE", help="a new file")
    return p


def write_card(identity: Identity, out: str, whose: str, label: str, compared: str) -> None:
    """Write ``identity``'s public card to ``out`` and say so: ``whose`` card ("HQ's"), and
    its fingerprint (``label``: "HQ") that ``compared`` ("kits compare it") by phone."""
    identity.write_card(Path(out))
    print(f"wrote {whose} card to {for_terminal(out)}")
    print(f"{label} fingerprint: {identity.card.fingerprint}  ({compared} by phone)")


def fail(message: str, code: int) -> NoReturn:
    print(f"fieldkit: {for_terminal(message)}", file=sys.stderr)
    raise SystemExit(code)


def exit_code(error: FieldkitError) -> int:
    if isinstance(error, VaultDamaged | SchemaTooNew):  # first: a damaged slot is both
        return EXIT_DAMAGED
    if isinstance(error, WrongPassphrase | VaultWiped):
        return EXIT_PASSPHRASE
    if isinstance(
        error, ImportRejected | ValidationError | WeakPassphrase | FormRefused | FormFileRejected
    ):
        return EXIT_REJECTED
    return EXIT_ERROR


def size_text(n: int) -> str:
    """A number of bytes for people: 4.2 MB."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"
