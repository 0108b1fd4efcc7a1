"""The background-work helper (the shape of Anki's ``QueryOp``).

``Op(fn).success(cb).failure(cb).run()`` calls ``fn`` on a thread-pool worker and then
``cb`` with its result (or the exception) on the GUI thread. The window never freezes on key
derivation, integrity checks or anything else slow.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

T = TypeVar("T")
log = logging.getLogger(__name__)


class Cancelled(Exception):
    """The person cancelled the work; raised inside it at the next chunk boundary."""


class Progress(QObject):
    """A progress callback for work that runs off the GUI thread, with a cancel switch.

    Pass the object itself as the ``progress(done, total)`` callable of a core function.
    :attr:`changed` arrives on the GUI thread; once :meth:`cancel` is called, the next call
    from the work raises :class:`Cancelled`, so the work stops between chunks and rolls back.
    """

    changed = Signal(int, int)
    _reported = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        # Queued to this object's (the GUI) thread; `changed` is then emitted there.
        self._reported.connect(self._relay)

    def __call__(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self._reported.emit(done, total)

    @Slot(int, int)
    def _relay(self, done: int, total: int) -> None:
        self.changed.emit(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Relay(QObject):
    """Lives on the GUI thread; a signal emitted by the worker arrives here queued."""

    finished = Signal(bool, object)

    def __init__(self, deliver: Callable[[bool, object], None]) -> None:
        super().__init__()
        self._deliver = deliver
        # A slot of a QObject on the GUI thread: the worker's emit is queued to this thread.
        self.finished.connect(self._on_finished)

    @Slot(bool, object)
    def _on_finished(self, ok: bool, value: object) -> None:
        self._deliver(ok, value)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as error:  # delivered to the failure callback, never lost
            self._relay.finished.emit(False, error)
        else:
            self._relay.finished.emit(True, result)
        finally:
            self._fn = None  # type: ignore[assignment]


class Op(Generic[T]):
    """One piece of work off the GUI thread; configure with :meth:`success`/:meth:`failure`.

    If ``parent`` is given and has been deleted by the time the work ends, neither callback
    runs. Without a failure callback, an error goes to ``sys.excepthook`` (one safe dialog).
    """

    # Ops whose result has not been delivered yet (keeps their relay alive).
    _running: ClassVar[set[Op[Any]]] = set()

    def __init__(self, fn: Callable[[], T], parent: QWidget | None = None) -> None:
        self._fn = fn
        self._parent = parent
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._relay: _Relay | None = None

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op[T]:
        self._on_failure = callback
        return self

    def run(self, pool: QThreadPool | None = None) -> Op[T]:
        """Start the work; the callbacks run later on the GUI thread."""
        self._relay = _Relay(self._deliver)
        Op._running.add(self)
        (pool or QThreadPool.globalInstance()).start(_Runnable(self._fn, self._relay))
        return self

    def _deliver(self, ok: bool, value: object) -> None:
        Op._running.discard(self)
        self._relay = None
        if self._parent is not None and not shiboken6.isValid(self._parent):
            return
        if ok:
            if self._on_success is not None:
                self._on_success(value)  # type: ignore[arg-type]
            return
        assert isinstance(value, BaseException)
        if self._on_failure is not None:
            self._on_failure(value)
        else:
            import sys

            sys.excepthook(type(value), value, value.__traceback__)

    @classmethod
    def pending(cls) -> int:
        """How many ops have not delivered their result yet (for tests and quitting)."""
        return len(cls._running)
