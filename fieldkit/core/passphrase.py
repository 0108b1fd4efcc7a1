"""How strong a passphrase is, by zxcvbn's estimate rather than a homemade rule."""

from __future__ import annotations

from dataclasses import dataclass

from zxcvbn import zxcvbn

from fieldkit.core.errors import WeakPassphrase

#: zxcvbn score (0-4) a vault passphrase needs: 4, "very unguessable" (over 10^10 guesses), as
#: a seized laptop gives an attacker unlimited offline time; Argon2id slows each guess.
MIN_SCORE = 4
MIN_LENGTH = 10


@dataclass(frozen=True)
class Strength:
    score: int
    acceptable: bool
    warning: str
    suggestions: tuple[str, ...]


def strength(passphrase: str) -> Strength:
    """Score ``passphrase`` (0-4) and say whether a vault may use it."""
    # zxcvbn's cost grows with length; the first 100 characters are what it can judge.
    result = zxcvbn(passphrase[:100]) if passphrase else None
    score = int(result["score"]) if result else 0
    warning = str(result["feedback"]["warning"]) if result else ""
    suggestions = tuple(str(s) for s in result["feedback"]["suggestions"]) if result else ()
    acceptable = score >= MIN_SCORE and len(passphrase) >= MIN_LENGTH
    if not acceptable and not warning:
        warning = (
            f"Use at least {MIN_LENGTH} characters; several unrelated words are easiest "
            "to remember."
        )
    return Strength(score, acceptable, warning, suggestions)


def require_strong(passphrase: str) -> None:
    """Raise :class:`WeakPassphrase` unless a vault may use ``passphrase``."""
    if not strength(passphrase).acceptable:
        raise WeakPassphrase("that passphrase is too easy to guess; use several unrelated words")
