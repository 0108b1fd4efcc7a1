"""Text as fieldkit stores it: Unicode NFC, Unix line ends, no control characters."""

from __future__ import annotations

import re
import unicodedata

from fieldkit.core.escape import BIDI_CONTROLS, CONTROLS

#: Removed from every text (after line ends became ``\n``): C0 controls but tab and line
#: feed, DEL, C1 controls, and the bidi embedding, override and isolate controls, which make
#: text display other than it reads (docs/exports.md). The marks LRM, RLM and ALM and the
#: joiners ZWJ and ZWNJ, which Arabic-script and Persian text needs, are kept.
_CONTROL = re.compile(f"[{CONTROLS}{BIDI_CONTROLS}]")
_SPACES = re.compile(r"\s+")


def normalise_text(value: str) -> str:
    """NFC, Unix line ends, no control characters (bidi overrides included), no outer white
    space."""
    value = unicodedata.normalize("NFC", value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    return value.strip()


def normalise_line(value: str) -> str:
    """Like :func:`normalise_text`, for one-line fields: any run of white space (line breaks,
    tabs, no-break and other Unicode spaces) becomes one space."""
    value = normalise_text(value)
    # Every white space character but U+0020 is unprintable: a printable value without a
    # double space has nothing to collapse (the common case; the regex costs more).
    if value.isprintable() and "  " not in value:
        return value
    return _SPACES.sub(" ", value)
