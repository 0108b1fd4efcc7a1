"""Every phrase with a count in it, in the plural form its number takes.

Qt picks "1 interview" or "2 interviews" (and Russian's three forms) from the numerus forms
of a translation; pyside6-lupdate finds those only in ``self.tr(text, "", n)`` calls, so
the phrases live here, on one QObject. English has its own plural forms
(resources/translations/fieldkit_en_plurals.ts, installed by :mod:`language`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject


class Counted(QObject):
    """``Counted().interviews(3)`` → "3 interviews"."""

    def interviews(self, n: int) -> str:
        return self.tr("%n interview(s)", "", n)

    def revisions(self, n: int) -> str:
        return self.tr("%n revision(s)", "", n)

    def rows(self, n: int) -> str:
        return self.tr("%n row(s)", "", n)

    def quotes(self, n: int) -> str:
        return self.tr("%n quote(s)", "", n)

    def problems_found(self, n: int) -> str:
        return self.tr("The check found %n problem(s). Restore the vault from a backup.", "", n)

    def in_bundle(self, n: int) -> str:
        """Followed by .format(sequence=..., folder=...)."""
        return self.tr(
            "%n interview(s) are in bundle number {sequence}, written to {folder}. "
            "Take the file to HQ; they will send back a receipt.",
            "",
            n,
        )

    def already_confirmed(self, n: int) -> str:
        return self.tr("%n interview(s) were already confirmed by HQ.", "", n)

    def held_back(self, n: int) -> str:
        return self.tr(
            "%n interview(s) were held back and stay on this computer. Click one to open it.",
            "",
            n,
        )

    def confirmed(self, n: int) -> str:
        return self.tr("HQ confirmed receiving %n interview(s).", "", n)

    def purged(self, n: int) -> str:
        return self.tr("The quotes and notes of %n interview(s) were removed from here.", "", n)

    def changed_since(self, n: int) -> str:
        return self.tr(
            "%n interview(s) changed after they were sent; they go with the next export.", "", n
        )

    def not_backed_up(self, n: int) -> str:
        return self.tr(
            "%n interview(s) not confirmed by HQ have no backup yet: Vault → Back up…", "", n
        )

    def kits_enrolled(self, n: int) -> str:
        """Followed by .format(waiting=...)."""
        return self.tr("%n kit(s) enrolled · {waiting} in quarantine", "", n)

    def unreviewed_details(self, n: int) -> str:
        return self.tr("⚠ %n identifying detail(s) nobody reviewed", "", n)

    def held_at_hq(self, n: int) -> str:
        return self.tr(
            "HQ holds %n interview(s) for review because they disagree with a version it "
            "already has.",
            "",
            n,
        )
