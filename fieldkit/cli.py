"""The command line. Every command calls the same vault functions as the desktop app.

Errors are one line on stderr and a non-zero exit; nothing half-written is left behind.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from fieldkit import __version__
from fieldkit.core.citation import citation
from fieldkit.core.errors import (
    FieldkitError,
    ImportRejected,
    SchemaTooNew,
    ValidationError,
    VaultDamaged,
    WeakPassphrase,
    WrongPassphrase,
)
from fieldkit.core.jsonl import read_jsonl
from fieldkit.core.passphrase import strength
from fieldkit.core.record import Interview, Status, validate
from fieldkit.vault import repository as repo
from fieldkit.vault.store import Vault, default_vault_dir, destroy_vault

ENV_PASSPHRASE = "FIELDKIT_PASSPHRASE"  # noqa: S105 - a variable name
ENV_NEW_PASSPHRASE = "FIELDKIT_NEW_PASSPHRASE"  # noqa: S105
ENV_RECOVERY = "FIELDKIT_RECOVERY_KEY"
ENV_VAULT = "FIELDKIT_VAULT"

#: Exit codes scripts can tell apart.
EXIT_ERROR, EXIT_USAGE, EXIT_PASSPHRASE, EXIT_DAMAGED, EXIT_REJECTED = 1, 2, 3, 4, 5


class Refused(FieldkitError):
    """The person (or the script's environment) did not give what a command needs."""


# --- prompts -------------------------------------------------------------------------------


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask_secret(prompt: str, env: str | None = ENV_PASSPHRASE) -> str:
    if env and env in os.environ:
        return os.environ[env]
    if not _interactive():
        raise Refused(f"no terminal to ask for the {prompt.lower()}; set {env} for scripts")
    return getpass.getpass(f"{prompt}: ")


def _ask_new_passphrase(env: str) -> str:
    if env in os.environ:
        return os.environ[env]
    if not _interactive():
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


def _vault_dir(args: argparse.Namespace) -> Path:
    if args.vault:
        return Path(args.vault).expanduser()
    if os.environ.get(ENV_VAULT):
        return Path(os.environ[ENV_VAULT]).expanduser()
    return default_vault_dir()


def _open(args: argparse.Namespace) -> Vault:
    path = _vault_dir(args)
    if not Vault.exists(path):
        return Vault.open(path, "")  # raises the precise "not found"/"damaged" error
    return Vault.open(path, _ask_secret("Passphrase"))


# --- commands ------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    path = _vault_dir(args)
    if Vault.exists(path) or (path / "vault.keys").exists() or (path / "vault.db").exists():
        raise FieldkitError(f"a vault already exists in {path}")
    passphrase = _ask_new_passphrase(ENV_PASSPHRASE)
    if not strength(passphrase).acceptable:
        raise WeakPassphrase("that passphrase is too easy to guess; use several unrelated words")
    organisation = args.org
    if organisation is None and _interactive() and ENV_PASSPHRASE not in os.environ:
        organisation = input("Organisation (printed in citations, may be left empty): ")
    print("Creating the vault (deriving the key takes about a second)…", file=sys.stderr)
    vault, recovery = Vault.create(path, passphrase, organisation=(organisation or "").strip())
    vault.close()
    print(f"Vault created in {path}")
    print()
    print("Recovery key — write it down and keep it apart from this computer.")
    print("It is shown only this once and opens the vault if the passphrase is lost:")
    print()
    print(f"    {recovery}")
    print()
    if _interactive() and ENV_PASSPHRASE not in os.environ:
        while True:
            typed = input("To confirm you wrote it down, type its last group: ")
            if typed.strip().upper() == recovery.rsplit("-", 1)[-1]:
                break
            print("That is not the last group; look at the key again.", file=sys.stderr)
    return 0


def _record_from_flags(args: argparse.Namespace) -> dict[str, Any]:
    consent: dict[str, Any] = {
        "kind": args.consent,
        "quote_anonymously": args.quote_anonymously,
        "share_with_partners": args.share_with_partners,
    }
    return {
        "interview_date": args.date,
        "place": args.place,
        "role": args.role,
        "quotes": args.quote or [],
        "tags": args.tag or [],
        "organisation": args.org,
        "language": args.language,
        "country": args.country,
        "interviewer": args.interviewer,
        "notes": args.notes,
        "status": args.status,
        "consent": consent,
    }


def cmd_add(args: argparse.Namespace) -> int:
    raw = _record_from_flags(args)
    with _open(args) as vault:
        interview = validate(
            raw, default_status=Status.READY, default_organisation=repo.organisation(vault)
        )
        stored = repo.save(vault, interview)
    print(stored.id)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise FieldkitError(f"no such file: {source}")
    with _open(args) as vault:
        result = repo.import_records(
            vault, read_jsonl(source), group=args.group, default_status=Status(args.status)
        )
    print(
        f"imported {result.imported} interview(s) with {result.quotes} quote(s)"
        + (
            f"; skipped {result.skipped_duplicates} already in the vault"
            if result.skipped_duplicates
            else ""
        )
    )
    return 0


def _query(args: argparse.Namespace) -> repo.Query:
    return repo.Query(
        text=args.search or "",
        date_from=args.date_from,
        date_to=args.date_to,
        place=args.place or "",
        tag=args.tag or "",
        status=Status(args.status) if args.status else None,
        limit=args.limit,
    )


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_list(args: argparse.Namespace) -> int:
    with _open(args) as vault:
        query = _query(args)
        if args.search:
            history = [
                args.search,
                *[s for s in vault.get_setting("recent_searches", []) if s != args.search],
            ][:20]
            vault.set_setting("recent_searches", history)
        rows = repo.search(vault, query)
        if args.json:
            records = repo.get_many(vault, [r.id for r in rows])
            json.dump([r.to_dict() for r in records], sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
            return 0
    width = max(shutil.get_terminal_size((100, 20)).columns, 80)
    role_width = max(width - 8 - 12 - 20 - 8 - 10 - 5, 20)
    print(f"{'ID':8}  {'DATE':10}  {'PLACE':18}  {'ROLE':{role_width}}  {'QUOTES':>6}  STATUS")
    for r in rows:
        when = r.interview_date.isoformat() if r.interview_date else "-"
        print(
            f"{r.id[:8]}  {when:10}  {_clip(r.place, 18):18}  "
            f"{_clip(r.role, role_width):{role_width}}  {r.quote_count:>6}  {r.status.value}"
        )
    print(f"{len(rows)} interview(s)", file=sys.stderr)
    return 0


def _print_interview(interview: Interview) -> None:
    wrap = textwrap.TextWrapper(width=88, initial_indent="    ", subsequent_indent="    ")
    consent = interview.consent
    consent_text = consent.kind.value.replace("_", " ") if consent.kind else "not recorded"
    if consent.quote_anonymously:
        consent_text += "; may be quoted anonymously"
    if consent.share_with_partners:
        consent_text += "; may be shared with partners"
    print(f"Interview {interview.id}  ({interview.status.value}, revision {interview.revision})")
    for label, value in (
        ("Date", interview.interview_date.isoformat() if interview.interview_date else "-"),
        ("Place", interview.place + (f" [{interview.country}]" if interview.country else "")),
        ("Role", interview.role),
        ("Organisation", interview.organisation or "-"),
        ("Language", interview.language or "-"),
        ("Interviewer", interview.interviewer or "-"),
        ("Consent", consent_text),
        ("Tags", ", ".join(interview.tags) or "-"),
    ):
        print(f"  {label + ':':14}{value}")
    for number, quote in enumerate(interview.quotes, start=1):
        print(f"\n  Quote {number}" + (f"  [{', '.join(quote.tags)}]" if quote.tags else ""))
        for paragraph in quote.text.split("\n\n"):
            print(wrap.fill(paragraph))
        print(f"    — ({citation(interview)})")
    if interview.notes:
        print("\n  Private field notes (never leave this computer):")
        for paragraph in interview.notes.split("\n\n"):
            print(wrap.fill(paragraph))


def cmd_show(args: argparse.Namespace) -> int:
    with _open(args) as vault:
        interview = repo.get(vault, repo.resolve_id(vault, args.id))
    if args.json:
        json.dump(interview.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_interview(interview)
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    path = _vault_dir(args)
    if args.recovery:
        key = _ask_secret("Recovery key", ENV_RECOVERY)
        vault = Vault.open_with_recovery(path, key)
    else:
        vault = _open(args)
    with vault:
        new = _ask_new_passphrase(ENV_NEW_PASSPHRASE)
        vault.change_passphrase(new)
    print("Passphrase changed. The recovery key is unchanged.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with _open(args) as vault:
        report = repo.check(vault)
    if report.ok:
        print(
            f"vault is sound: {report.interviews} interview(s), "
            f"{report.revisions} revision(s) verified"
        )
        return 0
    for problem in report.problems:
        print(f"problem: {problem}")
    raise VaultDamaged(f"check found {len(report.problems)} problem(s) in the vault")


def cmd_destroy(args: argparse.Namespace) -> int:
    path = _vault_dir(args)
    if not args.yes:
        if not _interactive():
            raise Refused("destroy needs --yes when no one is at a terminal")
        print(
            f"This destroys the vault in {path} for good: no passphrase or recovery key "
            "will open it again.",
            file=sys.stderr,
        )
        if input("Type DESTROY to go on: ").strip() != "DESTROY":
            raise Refused("not destroyed")
    destroy_vault(path)
    print(f"Vault in {path} destroyed: its keys are gone and its files removed.")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from fieldkit.gui.app import run
    except ImportError as error:
        raise FieldkitError(
            "the desktop app is not installed here (pip install 'fieldkit[gui]')"
        ) from error
    return run(Path(args.vault).expanduser() if args.vault else None)


# --- parser --------------------------------------------------------------------------------


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fieldkit",
        description="Record field interviews offline in an encrypted vault. "
        "Without a command, opens the desktop app.",
        epilog=f"Scripts pass the passphrase in {ENV_PASSPHRASE} (the new one for passwd in "
        f"{ENV_NEW_PASSPHRASE}); then no command asks anything.",
    )
    parser.add_argument("--version", action="version", version=f"fieldkit {__version__}")
    parser.add_argument(
        "--vault", metavar="DIR", help="the vault folder (default: %(default)s)", default=None
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parser.set_defaults(func=cmd_gui)

    def command(
        name: str, func: Callable[[argparse.Namespace], int], text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument(
            "--vault",
            metavar="DIR",
            default=argparse.SUPPRESS,
            help=f"the vault folder (default: {default_vault_dir()})",
        )
        p.set_defaults(func=func)
        return p

    p = command("init", cmd_init, "create a vault (asks for the passphrase twice)")
    p.add_argument("--org", help="organisation named in citations")

    p = command("add", cmd_add, "add one interview")
    p.add_argument("--date", required=True, help="interview date, YYYY-MM-DD")
    p.add_argument("--place", required=True, help="place of interview, as you write it")
    p.add_argument("--role", required=True, help="the interviewee, described without naming")
    p.add_argument("--quote", action="append", help="an anonymised quote (repeatable)")
    p.add_argument("--tag", action="append", help="a topic tag (repeatable)")
    p.add_argument("--org", help="organisation (default: the vault's)")
    p.add_argument("--language", help="language of the quotes, e.g. en, ru, kk")
    p.add_argument("--country", help="ISO 3166 country code or name of the place")
    p.add_argument("--interviewer", help="interviewer code")
    p.add_argument("--consent", choices=["oral", "written", "not_given"])
    p.add_argument(
        "--quote-anonymously", action="store_true", help="consent to be quoted anonymously"
    )
    p.add_argument(
        "--share-with-partners",
        action="store_true",
        help="consent to share with partners such as UN bodies",
    )
    p.add_argument("--notes", help="private field notes (never leave this computer)")
    p.add_argument("--status", choices=[s.value for s in Status], default=None)

    p = command("import", cmd_import, "import interviews from a JSONL file (all or nothing)")
    p.add_argument("file", help="JSON Lines, one interview per line")
    p.add_argument(
        "--group",
        action="store_true",
        help="merge consecutive lines with the same date, place, role and "
        "organisation into one interview with several quotes",
    )
    p.add_argument(
        "--status",
        choices=[s.value for s in Status],
        default=Status.READY.value,
        help="status of lines that carry none (default: %(default)s)",
    )

    p = command("list", cmd_list, "list interviews, newest first")
    p.add_argument("--search", help="full-text search in quotes, role, place and tags")
    p.add_argument("--from", dest="date_from", type=_date_arg, help="from this date")
    p.add_argument("--to", dest="date_to", type=_date_arg, help="up to this date")
    p.add_argument("--place", help="place contains this text")
    p.add_argument("--tag", help="has this tag")
    p.add_argument("--status", choices=[s.value for s in Status])
    p.add_argument("--limit", type=int, help="at most this many")
    p.add_argument("--json", action="store_true", help="full records as a JSON array")

    p = command("show", cmd_show, "show one interview with its citations")
    p.add_argument("id", help="the interview id (the first characters are enough)")
    p.add_argument("--json", action="store_true")

    p = command("passwd", cmd_passwd, "change the passphrase")
    p.add_argument(
        "--recovery",
        action="store_true",
        help=f"use the recovery key instead of the old passphrase ({ENV_RECOVERY})",
    )

    command("check", cmd_check, "verify the database and every revision chain")

    p = command("destroy", cmd_destroy, "crypto-erase the vault: destroy its keys, then its files")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    return parser


def _fail(message: str, code: int) -> NoReturn:
    print(f"fieldkit: {message}", file=sys.stderr)
    raise SystemExit(code)


def _exit_code(error: FieldkitError) -> int:
    if isinstance(error, WrongPassphrase):
        return EXIT_PASSPHRASE
    if isinstance(error, VaultDamaged | SchemaTooNew):
        return EXIT_DAMAGED
    if isinstance(error, ImportRejected | ValidationError | WeakPassphrase):
        return EXIT_REJECTED
    return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ImportRejected as error:
        for line, problem in error.problems[:50]:
            print(f"  line {line}: {problem}", file=sys.stderr)
        if len(error.problems) > 50:
            print(f"  … and {len(error.problems) - 50} more", file=sys.stderr)
        _fail(f"import refused: {error}", EXIT_REJECTED)
    except ValidationError as error:
        _fail(f"not saved: {error}", EXIT_REJECTED)
    except FieldkitError as error:
        _fail(str(error), _exit_code(error))
    except KeyboardInterrupt:
        _fail("interrupted; nothing was changed", 130)
    except BrokenPipeError:
        # A pager or `head` closed the pipe: not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
