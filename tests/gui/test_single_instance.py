"""The app started twice on one vault: the second start brings the first forward and exits;
a hostile local client can neither hang nor crash the first."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication, QWidget

from fieldkit.gui.app import Controller, answer_second_starts
from fieldkit.gui.base import single_instance
from fieldkit.gui.base.single_instance import REPLY, REQUEST, InstanceServer, instance_name
from tests.gui.helpers import unlock


@pytest.fixture(autouse=True)
def short_runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A runtime folder as short as a real one (/run/user/UID): a socket's path is bounded."""
    with tempfile.TemporaryDirectory(prefix="fk-", dir="/tmp") as folder:
        os.chmod(folder, 0o700)
        monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
        yield Path(folder)


@pytest.fixture
def server(controller: Controller) -> Iterator[InstanceServer]:
    made = answer_second_starts(controller)
    assert made.name
    yield made
    made.close()


def _second_start(qtbot: Any, vault: Path) -> subprocess.CompletedProcess[str]:
    """``fieldkit --vault VAULT`` in another process, this one's events running."""
    process = subprocess.Popen(
        [sys.executable, "-m", "fieldkit", "--vault", str(vault)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=60_000)
    out, err = process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _elsewhere(qtbot: Any) -> QWidget:
    """Another window in front, as when the researcher went on working in another app."""
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)
    return other


def test_a_second_start_shows_the_locked_session_s_unlock_dialog(
    qtbot: Any, controller: Controller, closed_vault: Path, server: InstanceServer
) -> None:
    controller.start()
    _elsewhere(qtbot)
    result = _second_start(qtbot, closed_vault)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout == "fieldkit is already open on this vault: its window was brought forward\n"
    )
    qtbot.waitUntil(lambda: QApplication.activeWindow() is controller.unlock_dialog)


def test_a_second_start_brings_the_open_window_forward(
    qtbot: Any, controller: Controller, closed_vault: Path, server: InstanceServer
) -> None:
    unlock(qtbot, controller)
    controller.window.showMinimized()
    _elsewhere(qtbot)
    result = _second_start(qtbot, closed_vault)
    assert result.returncode == 0, result.stderr
    assert "brought forward" in result.stdout
    qtbot.waitUntil(lambda: QApplication.activeWindow() is controller.window)
    assert not controller.window.isMinimized()


def test_the_socket_names_no_path_and_sits_in_a_private_folder(
    closed_vault: Path, short_runtime_dir: Path
) -> None:
    name = Path(instance_name(closed_vault))
    assert name.parent == short_runtime_dir / "fieldkit"
    assert stat.S_IMODE(name.parent.stat().st_mode) == 0o700
    assert closed_vault.name not in name.name and "vault" not in name.name
    assert instance_name(closed_vault) != instance_name(closed_vault.parent)
    # A folder someone else could enter is not used: no socket, the app starts as before.
    os.chmod(name.parent, 0o755)
    assert not instance_name(closed_vault).startswith(str(short_runtime_dir))


def _client(qtbot: Any, server: InstanceServer) -> QLocalSocket:
    socket = QLocalSocket()
    socket.connectToServer(server.name)
    qtbot.waitUntil(lambda: socket.state() == QLocalSocket.LocalSocketState.ConnectedState)
    return socket


def _answered(qtbot: Any, server: InstanceServer) -> None:
    """A proper request is still answered: the first session is alive and listening."""
    socket = _client(qtbot, server)
    with qtbot.waitSignal(server.come_forward, timeout=5_000):
        socket.write(REQUEST)
    qtbot.waitUntil(lambda: socket.bytesAvailable() >= len(REPLY))
    assert bytes(socket.readAll().data()) == REPLY
    socket.abort()


def _cut_off(qtbot: Any, socket: QLocalSocket, timeout: int = 5_000) -> None:
    qtbot.waitUntil(
        lambda: socket.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=timeout
    )


def test_garbage_a_huge_message_and_silence_are_cut_off(
    qtbot: Any, controller: Controller, closed_vault: Path, server: InstanceServer
) -> None:
    controller.start()
    heard: list[bool] = []
    server.come_forward.connect(lambda: heard.append(True))

    garbage = _client(qtbot, server)
    garbage.write(b"GET / HTTP/1.1\r\n\r\n")
    _cut_off(qtbot, garbage)

    huge = _client(qtbot, server)
    huge.write(REQUEST[:-1] + b"x" * (8 * 1024 * 1024))  # the right start, then far too much
    _cut_off(qtbot, huge)

    longer = _client(qtbot, server)
    longer.write(REQUEST + b"and a passphrase")
    qtbot.wait(200)
    silent = [_client(qtbot, server) for _ in range(single_instance.MAX_CLIENTS + 4)]
    for socket in silent:  # held for TIMEOUT_MS at most, then dropped
        _cut_off(qtbot, socket, timeout=single_instance.TIMEOUT_MS + 5_000)
    assert heard in ([], [True])  # the request then more: answered once, the rest unread
    _answered(qtbot, server)
    assert controller.unlock_dialog.isVisible()


def test_a_socket_left_by_a_session_that_crashed_is_taken_over(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    stale = Path(instance_name(closed_vault))
    stale.write_bytes(b"")  # what a killed session leaves behind
    made = answer_second_starts(controller)
    try:
        assert made.name == str(stale)
        _answered(qtbot, made)
    finally:
        made.close()


def test_a_session_that_moves_to_another_vault_answers_for_that_one(
    qtbot: Any, controller: Controller, vault_dir: Path, tmp_path: Path, server: InstanceServer
) -> None:
    elsewhere = tmp_path / "made-elsewhere"
    controller.start()  # no vault yet: the first-run dialog
    assert controller.first_run is not None
    controller.first_run.open_requested.emit(elsewhere)
    assert server.name == instance_name(elsewhere)
    _answered(qtbot, server)
