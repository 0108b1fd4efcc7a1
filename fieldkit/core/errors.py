"""The error hierarchy shared by every layer.

Messages never contain record text, passphrases or keys: they name fields, files and counts.
"""

from __future__ import annotations

from fieldkit.core.plural import counted


class FieldkitError(Exception):
    """Base of every error fieldkit reports to a person (CLI line or GUI dialog)."""


class ValidationError(FieldkitError):
    """A record failed validation; ``problems`` lists every field that is wrong."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class FieldProblem:
    """One problem with one field: a machine-readable code plus an English message.

    The GUI maps ``code`` to a translated label; the CLI prints ``message``.
    """

    __slots__ = ("code", "field", "message")

    def __init__(self, field: str, code: str, message: str) -> None:
        self.field = field
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"

    def __repr__(self) -> str:
        return f"FieldProblem({self.field!r}, {self.code!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldProblem) and (self.field, self.code) == (
            other.field,
            other.code,
        )

    def __hash__(self) -> int:
        return hash((self.field, self.code))


class WeakPassphrase(FieldkitError):
    """The passphrase chosen for a vault is too easy to guess."""


class VaultError(FieldkitError):
    """Base for problems with the encrypted vault."""


class VaultNotFound(VaultError):
    """No vault exists at the given location."""


class VaultExists(VaultError):
    """A vault (or other files) already exist where a new vault was to be created."""


class WrongPassphrase(VaultError):
    """The passphrase or recovery key does not open this vault."""


class VaultDamaged(VaultError):
    """The vault files are damaged (bad key slot, failed page authentication, corruption)."""


class SchemaTooNew(VaultError):
    """The vault was written by a newer fieldkit than this one."""


class DiskFull(VaultError):
    """The disk filled up during a write; the transaction was rolled back."""


class VaultLocked(VaultError):
    """An operation needed an open vault, but it is closed."""


class KeySlotDamaged(VaultDamaged, WrongPassphrase):
    """No slot opens, and the key slot file does not match its checksum: it is damaged.

    Also a :class:`WrongPassphrase`, since that is what a failed unlock has always raised
    (and code that only asks "did the passphrase open it?" gets the right answer).
    """


class VaultWiped(VaultError):
    """Too many wrong passphrases in a row: the key slots were destroyed, as set."""


class VaultInUse(VaultError):
    """Another process (or window) has the vault open for writing."""


class Purged(FieldkitError):
    """The interview was confirmed by HQ and its text removed from this kit: read only."""


class StaleSave(FieldkitError):
    """A save based on an older revision than the stored one, whose content differs.

    The stored version stays as it is; the refused content was kept as a new draft interview
    (``copy_id``) tagged as a conflicting copy, so neither version is lost.
    """

    def __init__(self, message: str, copy_id: str) -> None:
        super().__init__(message)
        self.copy_id = copy_id


class NotFound(FieldkitError):
    """No record matches the given id."""


class ImportRejected(FieldkitError):
    """An import file has bad records; nothing was imported."""

    def __init__(self, problems: list[tuple[int, FieldProblem]]) -> None:
        self.problems = problems
        lines = sorted({line for line, _ in problems})
        super().__init__(
            f"{counted(len(lines), 'bad record')} in the import file; nothing was imported"
        )


class FormError(FieldkitError):
    """Base for problems with a form: its spreadsheet, its signed file, or finding it."""


class FormRefused(FormError):
    """An XLSForm uses something fieldkit does not support (named with its sheet and row),
    or is not a valid form; nothing was published."""


class FormFileRejected(FormError):
    """A form file is not one the pinned HQ signed (another HQ's, altered, damaged)."""


class FormMissing(FormError):
    """No loaded form has the id (and version) asked for."""


class FormConflict(FormError):
    """A form version already stored holds other content than the one given."""
