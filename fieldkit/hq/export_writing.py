"""Writing an export's file: to a private file beside its target, renamed into place only
when complete; as UTF-8 text over the bytes of a file or a ZIP entry."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

from fieldkit.core.errors import FieldkitError
from fieldkit.vault.fsutil import create_private


@contextlib.contextmanager
def text_over(raw: IO[bytes]) -> Iterator[IO[str]]:
    """UTF-8 text written to ``raw`` (a file, a ZIP entry), flushed at the end and let go of
    without closing ``raw``, which its owner closes."""
    handle = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    try:
        yield handle
        handle.flush()
    finally:
        with contextlib.suppress(ValueError, OSError):  # the error that ended it propagates
            handle.detach()


T = TypeVar("T")


def write_atomically(target: Path, write: Callable[[IO[bytes]], T]) -> T:
    """Call ``write`` with a new private file beside ``target`` (``.NAME.partial``, 0600,
    never through a link planted under that name), renamed to ``target`` once it returns;
    removed on any error, an OSError becoming one line."""
    if not target.parent.is_dir():
        raise FieldkitError(f"no such folder: {target.parent}")
    partial = target.with_name(f".{target.name}.partial")
    try:
        with open(create_private(partial), "wb") as raw:
            written = write(raw)
        os.replace(partial, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        if isinstance(error, OSError):
            raise FieldkitError(
                f"the export could not be written to {target} ({error.strerror or error})"
            ) from error
        raise
    return written
