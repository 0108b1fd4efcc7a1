"""The desktop app session timed in a fresh child process (``python -m benchmarks._child gui``).

``qt``: the real :class:`~fieldkit.gui.app.Controller` on the offscreen platform. Unlock through
the unlock dialog, then (``session``) type into the search box, scroll the list to the bottom
and report the process's peak memory. Only timing wrappers are added (around key unwrapping,
``Vault.open``, ``MainWindow.set_vault``, ``FilterBar.query``, the model's ``fetchMore`` and
the repository's read functions); no fieldkit code is changed.

``noqt``: the same repository calls, in the same order, without Qt: the baseline.

The parent (``benchmarks/gui.py``) sets ``QT_QPA_PLATFORM=offscreen`` and points HOME and the
XDG folders at a temporary folder, so no real settings are read or written.
"""

from __future__ import annotations

import functools
import resource
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

now = time.perf_counter


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def texts(spec: dict[str, Any]) -> Iterator[str]:
    """What the search box holds after each measured keystroke: every prefix of each word as
    it is typed, then empty (the box cleared) after each word."""
    for word in spec["typed"]:
        for end in range(1, len(word) + 1):
            yield word[:end]
        yield ""


class Recorder:
    """Durations of the repository's read calls (and key stamps) while ``on``."""

    def __init__(self) -> None:
        self.on = False
        self.calls: list[tuple[str, float]] = []
        self.ui: list[tuple[str, float]] = []  # app code around them (not repository calls)
        self.stamps: dict[str, float] = {}

    def take(self) -> list[tuple[str, float]]:
        calls, self.calls = self.calls, []
        return calls

    def take_ui(self) -> list[tuple[str, float]]:
        ui, self.ui = self.ui, []
        return ui

    def wrap_ui(self, owner: type, name: str, label: str) -> None:
        """Time ``owner.name`` (patched on the class before any instance connects it)."""
        setattr(owner, name, self._timed(label, getattr(owner, name), "ui"))

    def wrap_repository(self) -> None:
        from fieldkit.vault import records
        from fieldkit.vault import search as searching

        for module, names in (
            (searching, ("count", "search", "known_tags", "known_places")),
            (records, ("organisation",)),
        ):
            for name in names:
                setattr(module, name, self._timed(name, getattr(module, name), "calls"))

    def _timed(self, label: str, fn: Callable[..., Any], into: str) -> Callable[..., Any]:
        """``fn`` timed into the list ``self.<into>`` while timing is on (looked up at each
        call: :meth:`take` and :meth:`take_ui` swap the lists)."""

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = now()
            try:
                return fn(*args, **kwargs)
            finally:
                if self.on:
                    getattr(self, into).append((label, now() - start))

        return timed

    def wrap_unlock(self) -> None:
        """Stamp the moment the key is in hand (after derivation) and the end of Vault.open."""
        from fieldkit.vault import keyslot
        from fieldkit.vault.store import Vault

        unwrap = keyslot.KeySlots.open
        opener = Vault.open
        stamps = self.stamps

        def timed_unwrap(slots: keyslot.KeySlots, secret: str, kinds: tuple[str, ...]) -> bytes:
            begin = now()
            dek = unwrap(slots, secret, kinds)
            stamps["key"] = now()
            stamps["unwrap"] = stamps["key"] - begin
            return dek

        def timed_open(cls: type[Vault], path: Path, passphrase: str, **options: Any) -> Vault:
            vault = opener(path, passphrase, **options)
            stamps["vault_open"] = now()
            return vault

        keyslot.KeySlots.open = timed_unwrap  # type: ignore[method-assign]
        Vault.open = classmethod(timed_open)  # type: ignore[method-assign, assignment]


def run(engine: str, vault_path: Path, spec: dict[str, Any]) -> dict[str, Any]:
    if engine == "qt":
        return _qt(vault_path, spec)
    return _noqt(vault_path, spec)


# --- the baseline: the same repository calls without Qt --------------------------------------


def _reload(vault: Any, query: Any, page: int) -> list[tuple[str, float]]:
    """What ``InterviewTableModel.reload`` reads for ``query``: counts and the first page."""
    from fieldkit.vault import search as vault_search

    calls = []
    start = now()
    matching = vault_search.count(vault, query)
    calls.append(("count", now() - start))
    if query != vault_search.Query():
        start = now()
        vault_search.count(vault)
        calls.append(("count", now() - start))
    size = min(page, matching)
    if size > 0:
        start = now()
        vault_search.search(vault, replace(query, limit=size, offset=0))
        calls.append(("search", now() - start))
    return calls


def _noqt(vault_path: Path, spec: dict[str, Any]) -> dict[str, Any]:
    from fieldkit.vault import search as vault_search
    from fieldkit.vault.store import Vault

    recorder = Recorder()
    recorder.wrap_unlock()
    page = int(spec["page_size"])
    vault = Vault.open(vault_path, spec["passphrase"])
    key = recorder.stamps["key"]
    connected = now()
    first = _reload(vault, vault_search.Query(), page)
    listed = now()
    out: dict[str, Any] = {
        "unwrap": recorder.stamps["unwrap"],
        "key_to_connected": connected - key,
        "key_to_list": listed - key,
        "first_calls": first,
    }
    if spec["session"]:
        keys = []
        for text in texts(spec):
            start = now()
            calls = _reload(vault, vault_search.Query(text=text), page)
            keys.append({"text": text, "work": now() - start, "calls": calls})
        out["keys"] = keys
        total = vault_search.count(vault)
        pages = []
        loaded = min(page, total)
        start = now()
        while loaded < total:
            size = min(page, total - loaded)
            begin = now()
            vault_search.search(vault, vault_search.Query(limit=size, offset=loaded))
            pages.append(now() - begin)
            loaded += size
        out["scroll"] = {"total": now() - start, "pages": pages, "rows": loaded}
    vault.close()
    out["hwm_kib"] = _status_kib("VmHWM")
    return out


# --- the app ------------------------------------------------------------------------------


def _qt(vault_path: Path, spec: dict[str, Any]) -> dict[str, Any]:
    rss: dict[str, int] = {"start": _status_kib("VmRSS")}
    begin_imports = now()
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from fieldkit.gui.app import APP_NAME, Controller
    from fieldkit.gui.base import prompts
    from fieldkit.gui.base.config import AppConfig
    from fieldkit.gui.base.language import Language, chosen_language
    from fieldkit.gui.kit.main_window import MainWindow
    from fieldkit.gui.widgets.filter_bar import FilterBar
    from fieldkit.gui.widgets.list_model import InterviewTableModel

    imports_s = now() - begin_imports
    recorder = Recorder()
    recorder.wrap_unlock()
    recorder.wrap_repository()
    stamps = recorder.stamps

    def refuse(kind: str) -> Callable[..., Any]:
        def refused(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError(f"the app asked for a {kind} dialog: {args[1:3]!r}")

        return refused

    for kind in prompts.SEAM:
        setattr(prompts, kind, refuse(kind))

    set_vault = MainWindow.set_vault

    def timed_set_vault(window: MainWindow, vault: Any) -> None:
        stamps["set_vault"] = now()
        set_vault(window, vault)
        stamps["set_vault_done"] = now()

    MainWindow.set_vault = timed_set_vault  # type: ignore[method-assign]

    query = FilterBar.query

    def stamped_query(bar: FilterBar) -> Any:
        stamps["query"] = now()  # emit_query asks for the query first: the debounce is over
        return query(bar)

    FilterBar.query = stamped_query  # type: ignore[method-assign]

    fetch_more = InterviewTableModel.fetchMore
    fetches: list[float] = []

    def timed_fetch_more(model: InterviewTableModel, *args: Any) -> None:
        start = now()
        fetch_more(model, *args)
        fetches.append(now() - start)

    InterviewTableModel.fetchMore = timed_fetch_more  # type: ignore[method-assign]
    # The editor opens the current row when the list gets focus; a search selects it again.
    recorder.wrap_ui(MainWindow, "_current_changed", "editor opens the current row")
    recorder.wrap_ui(MainWindow, "_reselect", "selecting the edited row again")

    # As fieldkit.gui.app.run prepares the application.
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setQuitOnLastWindowClosed(False)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    language = Language(app)
    language.apply(chosen_language())
    config = AppConfig(
        vault_path=vault_path,
        page_size=int(spec["page_size"]),
        search_debounce_ms=int(spec["debounce_ms"]),
        watch_session=False,
    )
    controller = Controller(config, language=language)
    window = controller.window
    model = window.model
    bar = window.filter_bar

    class PaintWatch(QObject):
        """Counts paint events of the list's viewport; stamps the end of the next one and
        quits ``loop`` then."""

        def __init__(self) -> None:
            super().__init__()
            self.count = 0
            self.done = 0.0  # when the last paint waited for had finished
            self.loop: QEventLoop | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
                if self.loop is not None:
                    QTimer.singleShot(0, self._finished)  # runs once this paint is over
            return False

        def _finished(self) -> None:
            self.done = now()
            if self.loop is not None:
                self.loop.quit()

    paints = PaintWatch()
    window.table.viewport().installEventFilter(paints)

    def run_loop(until: Callable[[], bool], timeout_ms: int = 60_000) -> None:
        loop = QEventLoop()
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        guard.start(timeout_ms)
        paints.loop = loop
        while not until() and guard.isActive():
            loop.exec()
        paints.loop = None
        if not until():
            raise RuntimeError("the app did not get there in time")

    controller.start()
    dialog = controller.unlock_dialog
    for _ in range(5):
        app.processEvents()
    rss["locked"] = _status_kib("VmRSS")
    out: dict[str, Any] = {"imports_s": imports_s}

    # --- G1: unlock to the list ---
    opened: dict[str, float] = {}

    def on_opened() -> None:
        opened["at"] = now()
        opened["paints"] = paints.count

    controller.opened.connect(on_opened)
    dialog.passphrase.setText(spec["passphrase"])
    recorder.on = True
    clicked = now()
    dialog.unlock_button.click()
    run_loop(lambda: "at" in opened)
    run_loop(lambda: paints.count > opened["paints"] and paints.done > opened["at"])
    painted = paints.done
    unlock_calls = recorder.take()
    unlock_ui = recorder.take_ui()
    recorder.on = False
    key = stamps["key"]
    out["unlock"] = {
        "unwrap": stamps["unwrap"],
        "click_to_key": key - clicked,
        "key_to_vault_open": stamps["vault_open"] - key,
        "vault_open_to_set_vault": stamps["set_vault"] - stamps["vault_open"],
        "set_vault": stamps["set_vault_done"] - stamps["set_vault"],
        "key_to_opened": opened["at"] - key,
        "key_to_painted": painted - key,
        "calls": unlock_calls,
        "ui": unlock_ui,
        "editing": window.editor.current_id is not None,
        "rows": model.rowCount(),
        "counts": list(model.counts()),
        "label": bar.count.text(),
    }
    rss["unlocked"] = _status_kib("VmRSS")
    if not spec["session"]:
        controller.shutdown()
        out["rss"] = rss
        out["hwm_kib"] = _status_kib("VmHWM")
        return out

    # --- G2: keystrokes in the search box ---
    search = bar.search
    search.setFocus()
    wanted = list(texts(spec))
    keys = []

    def measure(press: Callable[[], None]) -> dict[str, Any]:
        recorder.take()
        recorder.take_ui()
        recorder.on = True
        start = now()
        press()
        pressed = now()
        if not bar._debounce.isActive():
            raise RuntimeError("typing did not start the search debounce timer")
        bar.emit_query()  # what the debounce timer's timeout runs, without the wait
        updated = now()
        before = paints.count
        app.processEvents()
        shown = now()
        recorder.on = False
        return {
            "text": search.text(),
            "key": pressed - start,
            "work": updated - pressed,
            "painted": shown - pressed if paints.count > before else None,
            "calls": recorder.take(),
            "ui": recorder.take_ui(),
            "matching": model.counts()[0],
            "rows": model.rowCount(),
        }

    def press(key: int, text: str) -> None:
        """One key pressed and released, delivered as the platform would (event filters
        included); QTest.keyClicks cannot type non-ASCII text."""
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                search, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            )

    def type_text(text: str) -> None:
        for char in text:
            code = ord(char.upper())
            press(code if char.isalnum() or char == " " else int(Qt.Key.Key_unknown), char)

    def clear() -> None:
        search.selectAll()
        press(int(Qt.Key.Key_Backspace), "")

    for word in spec["typed"]:
        for char in word:
            keys.append(measure(lambda char=char: type_text(char)))
        keys.append(measure(clear))
    if [k["text"] for k in keys] != wanted:
        raise RuntimeError(f"typed {[k['text'] for k in keys]}, wanted {wanted}")
    out["keys"] = keys
    rss["typed"] = _status_kib("VmRSS")

    # With the real debounce timer: a whole word typed at once, one search after the pause.
    debounced = []
    for word in spec["debounced"]:
        done: dict[str, float] = {}

        def updated(*_counts: int, done: dict[str, float] = done) -> None:
            done["at"] = now()

        model.counts_changed.connect(updated)
        start = now()
        type_text(word)
        typed = now()
        run_loop(lambda done=done: "at" in done)
        model.counts_changed.disconnect(updated)
        debounced.append(
            {
                "text": word,
                "typing": typed - start,
                "debounce": stamps["query"] - typed,
                "work": done["at"] - stamps["query"],
                "total": done["at"] - typed,
            }
        )
        measure(clear)
    out["debounced"] = debounced

    # --- G3: scrolling to the bottom ---
    if model.rowCount() != min(int(spec["page_size"]), model.counts()[0]) or bar.search.text():
        raise RuntimeError("the list is not back at its first page before scrolling")
    bar_v = window.table.verticalScrollBar()
    fetches.clear()
    paints_before = paints.count
    pages = []
    stalls = 0
    start = now()
    while model.canFetchMore():
        rows = model.rowCount()
        begin = now()
        bar_v.setValue(bar_v.maximum())
        app.processEvents()
        if model.rowCount() == rows:
            stalls += 1
            if stalls > 1000:
                raise RuntimeError("scrolling to the bottom stopped fetching rows")
            continue
        pages.append(now() - begin)
    bar_v.setValue(bar_v.maximum())
    app.processEvents()
    out["scroll"] = {
        "total": now() - start,
        "pages": pages,
        "fetch_more": list(fetches),
        "rows": model.rowCount(),
        "stalls": stalls,
        "paints": paints.count - paints_before,
    }
    rss["scrolled"] = _status_kib("VmRSS")
    out["rss"] = rss
    out["hwm_kib"] = _status_kib("VmHWM")
    out["maxrss_kib"] = int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    controller.shutdown()
    return out
