"""A child process for the player's closing test: the kit window, a recording opened in the
app's player by keyboard and closed at one moment, again and again; a freeze shows as the
parent's timeout, with the moment it froze at the last line printed.

Run as ``python tests/gui/kit/player_child.py VAULT TIMES MOMENT...`` with
``FIELDKIT_PASSPHRASE`` set and ``QT_QPA_PLATFORM=offscreen``. VAULT holds interviews (the
test fixtures, cheap key derivation); a ten-second recording is made into the first one.
Each MOMENT is closed at TIMES times; ``lock`` locks the app with a player opening, and
``quit`` (last) closes the window with one open, which ends the app. Prints ``MOMENT N``
after each close and ``done`` at the end; without Qt Multimedia, only ``cannot play here``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Run as a script: make the repository importable without relying on the current directory.
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from fieldkit.gui.app import Controller
from fieldkit.gui.base.actions import Act
from fieldkit.gui.base.config import AppConfig
from fieldkit.gui.kit import attachment_viewer as viewer
from fieldkit.media.opus import PcmFormat, tone
from fieldkit.vault import attachments, clips, records
from fieldkit.vault.clips import Clip
from fieldkit.vault.recording import Recording
from tests.helpers import FAST_KDF

#: How long the child waits for one step (the player's loading, a position) before it says
#: which step never came; the parent's timeout, longer, is what catches a freeze.
STEP_S = 20


def wait_until(check: Callable[[], bool], what: str) -> None:
    until = time.monotonic() + STEP_S
    while not check():
        if time.monotonic() > until:
            raise SystemExit(f"{what} did not happen")
        QTest.qWait(5)


class Session:
    """The kit window unlocked on VAULT's first interview, which holds the recording."""

    def __init__(self, vault_path: Path) -> None:
        self.controller = Controller(
            AppConfig(vault_path=vault_path, kdf=FAST_KDF, watch_session=False)
        )
        self.ended = False
        self.controller.finished.connect(lambda _code: setattr(self, "ended", True))
        self.controller.start()
        self.unlock()
        window = self.controller.window
        editor = window.editor
        recording = Recording(window.vault, editor.current_id, PcmFormat(48000, 1))
        for block in tone(PcmFormat(48000, 1), 10.0):
            recording.write(block)
        self.item = recording.finish()
        clips.set_clip(window.vault, editor.current_id, 1, Clip(self.item.id, 2_000, 3_000))

    def unlock(self) -> None:
        dialog = self.controller.unlock_dialog
        wait_until(dialog.isVisible, "the unlock dialog")
        dialog.passphrase.setText(os.environ["FIELDKIT_PASSPHRASE"])
        dialog.unlock_button.click()
        wait_until(lambda: self.controller.is_open, "unlocking")
        window = self.controller.window
        window.activateWindow()
        window.table.selectRow(0)
        wait_until(window.editor.attachments.add_button.isEnabled, "the interview")

    @property
    def panel(self) -> Any:
        return self.controller.window.editor.attachments

    def open_by_keyboard(self) -> Any:
        """Enter on the recording's row: its player, just opened (loading)."""
        panel = self.panel
        panel.reload(select=self.item.id)
        panel.list.setFocus()
        QTest.keyClick(panel.list, Qt.Key.Key_Return)
        return newly_opened(panel, "the player")

    def play_this_stretch(self) -> Any:
        """Space on the first quote's Play this stretch: its player, just opened."""
        editor = self.controller.window.editor
        editor.load(records.get(self.controller.window.vault, editor.current_id))
        panel = self.panel
        panel.reload()
        button = editor.quotes.editors[0].play_button
        QTest.keyClick(button, Qt.Key.Key_Space)
        return newly_opened(panel, "the stretch's player")

    def open_as_hq_does(self) -> Any:
        """The same recording in the player HQ's window opens (sealed bytes, no attachment)."""
        vault, item = self.controller.window.vault, self.item
        return viewer.open_sealed(
            lambda: attachments.open_original(vault, item),
            item.media_type,
            item.size,
            "HQ's copy",
            self.controller.window,
        )


def newly_opened(panel: Any, what: str) -> Any:
    """The player the panel opened last, once it has (a closed one is not counted)."""

    def shown() -> bool:
        return any(isinstance(v, viewer.Player) and v.isVisible() for v in alive(panel))

    wait_until(shown, what)
    return alive(panel)[-1]


def alive(panel: Any) -> list[Any]:
    return [v for v in panel.viewers if shiboken6.isValid(v)]


def playing(player: Any) -> bool:
    return bool(player.player.position() > 0)


def close_once(session: Session, moment: str) -> None:
    """Open the recording, close its player at ``moment`` (Escape), see the dialog gone."""
    if moment == "stretch":
        player = session.play_this_stretch()
    elif moment == "hq":
        player = session.open_as_hq_does()
    else:
        player = session.open_by_keyboard()
    if moment.startswith("after-"):
        QTest.qWait(int(moment.removeprefix("after-").removesuffix("ms")))
    elif moment in ("playing", "seeking"):
        QTest.keyClick(player.play_button, Qt.Key.Key_Space)
        wait_until(lambda: playing(player), "playing")
        if moment == "seeking":
            QTest.keyClick(player.slider, Qt.Key.Key_Right)  # five seconds on: a seek
    if moment == "lock":
        session.controller.window.actions_[Act.LOCK].trigger()
        session.unlock()
    elif moment == "quit":
        session.controller.window.actions_[Act.QUIT].trigger()  # File → Quit: the window closes
        wait_until(lambda: session.ended, "quitting")
    else:
        QTest.keyClick(player, Qt.Key.Key_Escape)
    wait_until(lambda: not shiboken6.isValid(player) or not player.isVisible(), "closing")


def main() -> None:
    vault_path, times, moments = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    app = QApplication([])
    session = Session(vault_path)
    try:
        viewer.multimedia()
    except viewer.CannotShow:
        print("cannot play here", flush=True)
        return
    for moment in moments:
        for n in range(1 if moment == "quit" else times):
            close_once(session, moment)
            print(moment, n + 1, flush=True)
    if not session.ended:
        session.controller.shutdown()
    app.processEvents()
    print("done", flush=True)


if __name__ == "__main__":
    main()
