"""The ⚠ column's counts, checked in the background only while the person is not working.

The detector takes tens of milliseconds an interview and holds Python's interpreter lock
while it runs: checking a whole page of 200 rows at once, every time a page is fetched
(each keystroke in the search box fetches one), made typing and the first paint after
unlocking several times slower (measured in benchmarks/gui.py). So the rows wanting a
count wait in a queue; a small slice of them is checked once the list has been still for
:data:`IDLE_MS`, one slice at a time, newest request first, and rows no longer shown are
dropped from the queue.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from fieldkit.core.errors import FieldkitError
from fieldkit.gui.base.work import Op
from fieldkit.gui.widgets.list_model import InterviewTableModel
from fieldkit.vault import search
from fieldkit.vault.store import Vault

#: How long the list must be still (no fetch, no keystroke) before checking starts.
IDLE_MS = 800
#: Interviews checked in one background slice (about a second of detection at most).
SLICE = 20


class ReviewCounter(QObject):
    """Feeds ``model.set_review_counts`` for the rows it asks about, while idle."""

    def __init__(
        self, model: InterviewTableModel, vault: Callable[[], Vault | None], owner: QWidget
    ) -> None:
        super().__init__(owner)
        self._owner = owner
        self._model = model
        self._vault = vault
        self._pending: dict[str, None] = {}  # insertion-ordered: the newest request last
        self._running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check_slice)
        model.review_wanted.connect(self.want)
        model.modelReset.connect(self._wait)  # a new search: wait until the list is still

    def want(self, ids: list[str]) -> None:
        for interview_id in ids:
            self._pending.pop(interview_id, None)
            self._pending[interview_id] = None
        self._wait()

    def _wait(self) -> None:
        self._timer.start(IDLE_MS)  # (re)start: nothing is checked while rows keep coming

    def clear(self) -> None:
        self._pending.clear()
        self._timer.stop()

    def _check_slice(self) -> None:
        vault = self._vault()
        if vault is None or self._running:
            return
        shown = self._model.shown_ids()
        for interview_id in [i for i in self._pending if i not in shown]:
            del self._pending[interview_id]
        if not self._pending:
            return
        ids = list(self._pending)[-SLICE:]
        for interview_id in ids:
            del self._pending[interview_id]
        self._running = True

        def counted(counts: dict[str, int]) -> None:
            self._running = False
            if self._vault() is vault:
                self._model.set_review_counts(counts)
                if self._pending and not self._timer.isActive():
                    self._timer.start(0)  # still idle: the next slice

        def failed(error: BaseException) -> None:
            self._running = False
            if not isinstance(error, FieldkitError):  # the vault was locked meanwhile: drop it
                raise error

        Op(lambda: search.check_review_counts(vault, ids), self._owner).success(counted).failure(
            failed
        ).run()
