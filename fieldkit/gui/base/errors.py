"""What a person sees when something fails: one dialog, never record text.

Messages of :class:`FieldkitError` are written to be shown (they name fields, files and
counts). Any other exception may carry data in its message (a ``KeyError`` of a quote, say),
so only its type is shown and logged, with the code locations of the traceback.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from fieldkit.core.errors import FieldkitError
from fieldkit.gui.base import prompts

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate

log = logging.getLogger("fieldkit.gui")

T = TypeVar("T")


def sentence(text: str) -> str:
    """The core's lower-case message ("the bundle is …") as a sentence for a dialog."""
    return text[:1].upper() + text[1:]


def safe_message(error: BaseException) -> str:
    """A message that cannot contain record text."""
    if isinstance(error, FieldkitError):
        return sentence(str(error))
    if isinstance(error, OSError) and error.strerror:
        # The system's words (e.g. "No space left on device"), never the file's content.
        return translate("Errors", "The file could not be read or written: {reason}.").format(
            reason=error.strerror
        )
    return translate(
        "Errors", "An unexpected error occurred ({name}). Your saved interviews are safe."
    ).format(name=type(error).__name__)


def log_safely(error_type: type[BaseException], tb: TracebackType | None) -> None:
    """Log where it failed (files, lines, code), not the exception's message."""
    where = "".join(traceback.format_tb(tb)) if tb else ""
    log.error("unhandled %s\n%s", error_type.__name__, where)


def show_error(parent: QWidget | None, error: BaseException, title: str = "") -> None:
    """Report a failed operation through the prompt seam."""
    prompts.critical(parent, title or translate("Errors", "fieldkit"), safe_message(error))


def report(parent: QWidget | None, error: BaseException, title: str) -> None:
    """One calm dialog for an operation that did not work: a warning for what fieldkit
    expected (not enrolled, a rejected file, a full disk), a critical box for the rest."""
    if isinstance(error, FieldkitError | OSError):
        prompts.warning(parent, title, safe_message(error))
    else:
        log_safely(type(error), error.__traceback__)
        prompts.critical(parent, title, safe_message(error))


def or_reported(parent: QWidget | None, title: str, work: Callable[[], T]) -> T | None:
    """What ``work()`` returns, or None when it failed as fieldkit expects a step to fail (a
    :class:`FieldkitError`, or the file system's ``OSError``): said by :func:`report`."""
    try:
        return work()
    except (FieldkitError, OSError) as error:
        report(parent, error, title)
        return None


def ran(parent: QWidget | None, title: str, work: Callable[[], object]) -> bool:
    """Whether ``work()`` ran through; a failure is reported as by :func:`or_reported`."""

    def through() -> bool:
        work()
        return True

    return or_reported(parent, title, through) is not None


class ExceptHook:
    """``sys.excepthook`` for the app: log safely, show one dialog at a time."""

    def __init__(self, parent: Callable[[], QWidget | None] = lambda: None) -> None:
        self._parent = parent
        self._showing = False
        self._previous = sys.excepthook

    def __call__(
        self,
        error_type: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(error_type, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        log_safely(error_type, tb)
        if self._showing:  # a burst of errors: one dialog is enough
            return
        self._showing = True
        try:
            prompts.critical(self._parent(), translate("Errors", "fieldkit"), safe_message(error))
        finally:
            self._showing = False

    def install(self) -> ExceptHook:
        sys.excepthook = self
        return self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous
