"""zxcvbn's advice on a passphrase, in the reader's language.

zxcvbn words its verdict in English only. Its phrases are listed here for pyside6-lupdate
(``QT_TRANSLATE_NOOP`` marks a literal for translation and returns it unchanged), so that a
translation can give them; a phrase not listed (from a newer zxcvbn) is shown as written.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from fieldkit.core.passphrase import MIN_LENGTH

CONTEXT = "PassphraseAdvice"

# The phrases of zxcvbn 4.x (zxcvbn/feedback.py), as it writes them.
ZXCVBN_PHRASES = frozenset(
    (
        QT_TRANSLATE_NOOP("PassphraseAdvice", "Use a few words, avoid common phrases."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "No need for symbols, digits, or uppercase letters."),
        QT_TRANSLATE_NOOP(
            "PassphraseAdvice", "Add another word or two. Uncommon words are better."
        ),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "Straight rows of keys are easy to guess."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "Short keyboard patterns are easy to guess."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "Use a longer keyboard pattern with more turns."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", 'Repeats like "aaa" are easy to guess.'),
        QT_TRANSLATE_NOOP(
            "PassphraseAdvice",
            'Repeats like "abcabcabc" are only slightly harder to guess than "abc".',
        ),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "Avoid repeated words and characters."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", 'Sequences like "abc" or "6543" are easy to guess.'),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "Avoid sequences."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "Recent years are easy to guess."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "Avoid recent years."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "Avoid years that are associated with you."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "Dates are often easy to guess."),
        QT_TRANSLATE_NOOP(
            "PassphraseAdvice", "Avoid dates and years that are associated with you."
        ),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "This is a top-10 common password."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "This is a top-100 common password."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "This is a very common password."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "This is similar to a commonly used password."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "A word by itself is easy to guess."),
        QT_TRANSLATE_NOOP(
            "PassphraseAdvice", "Names and surnames by themselves are easy to guess."
        ),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "Common names and surnames are easy to guess."),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "Capitalization doesn't help very much."),
        QT_TRANSLATE_NOOP(
            "PassphraseAdvice", "All-uppercase is almost as easy to guess as all-lowercase."
        ),
        QT_TRANSLATE_NOOP("PassphraseAdvice", "Reversed words aren't much harder to guess."),
        QT_TRANSLATE_NOOP(
            "PassphraseAdvice",
            "Predictable substitutions like '@' instead of 'a' don't help very much.",
        ),
    )
)


def advice_text(phrase: str) -> str:
    """``phrase`` (zxcvbn's, or fieldkit's own too-short warning) in the interface language."""
    too_short = (
        f"Use at least {MIN_LENGTH} characters; several unrelated words are easiest to remember."
    )
    if phrase == too_short:
        return QCoreApplication.translate(
            "PassphraseAdvice",
            "Use at least {n} characters; several unrelated words are easiest to remember.",
        ).format(n=MIN_LENGTH)
    if phrase in ZXCVBN_PHRASES:
        return QCoreApplication.translate(CONTEXT, phrase)
    return phrase
