"""The command line. Every command calls the same functions as the desktop app.

Errors are one line on stderr and a non-zero exit; nothing half-written is left behind.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date

from fieldkit.cli import attachments as attachment_cmds
from fieldkit.cli import forms as forms_cmds
from fieldkit.cli import hq as hq_cmds
from fieldkit.cli import kit as exchange_cmds
from fieldkit.cli import revoke as revoke_cmds
from fieldkit.cli.common import (
    ENV_NEW_PASSPHRASE,
    ENV_PASSPHRASE,
    ENV_RECOVERY,
    EXIT_ERROR,
    EXIT_REJECTED,
    exit_code,
    fail,
    interview_arg,
)
from fieldkit.cli.vault import (
    cmd_add,
    cmd_backup,
    cmd_check,
    cmd_destroy,
    cmd_gui,
    cmd_import,
    cmd_init,
    cmd_list,
    cmd_passwd,
    cmd_restore,
    cmd_review,
    cmd_show,
    cmd_wipe_after,
)
from fieldkit.core.errors import FieldkitError, ImportRejected, ValidationError
from fieldkit.core.escape import for_terminal
from fieldkit.core.record import Status
from fieldkit.vault.hardening import harden_process
from fieldkit.vault.store import default_vault_dir
from fieldkit.version import version_line

__all__ = ["build_parser", "main"]


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
    parser.add_argument("--version", action="version", version=version_line())
    parser.add_argument(
        "--vault",
        metavar="DIR",
        default=None,
        help=f"the vault folder (default: {default_vault_dir()})",
    )
    parser.add_argument(
        "--hq",
        dest="hq_gui",
        metavar="DIR",
        nargs="?",
        const="",
        default=None,
        help="open HQ's central dataset in the desktop app: DIR, as 'hq … --hq DIR' takes it "
        "(default folder: the data folder's 'hq'; --vault DIR also names one)",
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
    p.add_argument(
        "--field",
        action="append",
        metavar="NAME=VALUE",
        help="a form field's answer (repeatable; a select_multiple's choice names separated "
        "by spaces; leave out fields the form's skip logic hides)",
    )
    p.add_argument(
        "--form",
        metavar="ID[@VERSION]",
        help="the form the --field answers belong to (default: the newest loaded form)",
    )

    p = command("import", cmd_import, "import interviews from a JSONL file (all or nothing)")
    p.add_argument("file", help="JSON Lines, one interview per line")
    p.add_argument(
        "--group",
        action="store_true",
        help="merge lines with the same date, place, role and organisation (anywhere in the "
        "file) into one interview with several quotes, in file order",
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
    interview_arg(p)
    p.add_argument("--json", action="store_true")

    p = command("review", cmd_review, "list an interview's identifying details to review")
    interview_arg(p)
    p.add_argument(
        "--not-identifying",
        type=int,
        nargs="+",
        metavar="N",
        help="mark findings N (numbers as listed) as identifying nobody",
    )

    p = command("passwd", cmd_passwd, "change the passphrase")
    p.add_argument(
        "--recovery",
        action="store_true",
        help=f"use the recovery key instead of the old passphrase ({ENV_RECOVERY})",
    )

    command("check", cmd_check, "verify the database and every revision chain")

    p = command("backup", cmd_backup, "write a checked copy of the vault into a new folder")
    p.add_argument("--out", required=True, metavar="DIR", help="where the backup folder goes")

    p = command(
        "restore", cmd_restore, "put a backup back as a new vault (--vault names its folder)"
    )
    p.add_argument("backup", help="the backup folder 'fieldkit backup' wrote")
    p.add_argument(
        "--recovery",
        action="store_true",
        help=f"prove it with the recovery key instead of the passphrase ({ENV_RECOVERY})",
    )

    p = command(
        "wipe-after",
        cmd_wipe_after,
        "destroy the vault's keys after N wrong passphrases in a row (0: never, the default)",
    )
    p.add_argument("count", type=int, metavar="N")

    attachment_cmds.register(command)
    exchange_cmds.register(command)
    revoke_cmds.register_kit(command)
    forms_cmds.register(sub)
    hq_cmds.register(sub)

    p = command("destroy", cmd_destroy, "crypto-erase the vault: destroy its keys, then its files")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Before anything can hold a key or a record: no core file, no reading this memory.
    # The desktop app starts from here too (cmd_gui).
    harden_process()
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ImportRejected as error:
        for line, problem in error.problems[:50]:
            print(f"  line {line}: {for_terminal(problem)}", file=sys.stderr)
        if len(error.problems) > 50:
            print(f"  … and {len(error.problems) - 50} more", file=sys.stderr)
        fail(f"import refused: {error}", EXIT_REJECTED)
    except ValidationError as error:
        fail(f"not saved: {error}", EXIT_REJECTED)
    except FieldkitError as error:
        fail(str(error), exit_code(error))
    except KeyboardInterrupt:
        fail("interrupted; nothing was changed", 130)
    except BrokenPipeError:
        # A pager or `head` closed the pipe: not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as error:
        # A file the person named cannot be read or written (missing folder, permissions,
        # a full disk): say which and why, in one line.
        where = f" {error.filename}" if error.filename else ""
        fail(f"cannot use{where}: {error.strerror or error}", EXIT_ERROR)


if __name__ == "__main__":
    sys.exit(main())
