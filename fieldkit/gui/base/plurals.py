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

    def will_go(self, n: int) -> str:
        return self.tr("%n interview(s) will go in this bundle.", "", n)

    def left_for_next(self, n: int) -> str:
        return self.tr(
            "%n more interview(s) do not fit in one bundle: the next export sends them.", "", n
        )

    def to_review(self, n: int) -> str:
        return self.tr("%n identifying detail(s) to review", "", n)

    def kits_enrolled(self, n: int) -> str:
        return self.tr("%n kit(s) enrolled", "", n)

    def unreviewed_sent(self, n: int) -> str:
        """The mark of a revision a kit sent with identifying details nobody reviewed."""
        return self.tr("⚠ %n identifying detail(s) nobody reviewed", "", n)

    def not_backed_up(self, n: int) -> str:
        return self.tr(
            "%n interview(s) not confirmed by HQ have no backup yet: Vault → Back up…", "", n
        )

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

    def attachments_go(self, n: int) -> str:
        """Followed by .format(size=...)."""
        return self.tr("With them go %n attachment(s) ({size}).", "", n)

    def attachments_stay(self, n: int) -> str:
        return self.tr("%n attachment(s) stay on this computer: set to be kept here.", "", n)

    def attachments_confirmed(self, n: int) -> str:
        return self.tr("HQ confirmed holding %n attachment(s).", "", n)

    def attachments_erased(self, n: int) -> str:
        return self.tr(
            "%n attachment(s) HQ holds were erased from here, with their originals.", "", n
        )

    def attachments_kept(self, n: int) -> str:
        return self.tr(
            "%n attachment(s) of those interviews stay here: kept here by choice, or HQ does "
            "not hold them as they are now.",
            "",
            n,
        )

    def purged(self, n: int) -> str:
        return self.tr("The quotes and notes of %n interview(s) were removed from here.", "", n)

    def changed_since(self, n: int) -> str:
        return self.tr(
            "%n interview(s) changed after they were sent; they go with the next export.", "", n
        )

    def held_at_hq(self, n: int) -> str:
        return self.tr(
            "HQ holds %n interview(s) for review because they disagree with a version it "
            "already has.",
            "",
            n,
        )
