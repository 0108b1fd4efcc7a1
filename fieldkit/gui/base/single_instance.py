"""The app started twice on one vault: the second start asks the first to come forward.

The first session listens on a local socket named by a hash of the vault's resolved path (the
path itself is never shown), in a folder only this user can enter. The second start sends one
fixed request and, once the first answers, exits. Nothing else crosses the socket: no path, no
passphrase, no state. A client sending anything else, too much or too slowly is cut off:
the first session reads at most :data:`MAX_READ` bytes of a connection, holds at most
:data:`MAX_CLIENTS` at once, and drops each after :data:`TIMEOUT_MS`.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

REQUEST = b"fieldkit: come forward\n"
REPLY = b"ok\n"
#: Bytes read of one connection: the request, and one more to see that it is longer.
MAX_READ = len(REQUEST) + 1
MAX_CLIENTS = 8
TIMEOUT_MS = 2_000
#: How long the second start waits for the first to answer.
ASK_MS = 2_000


#: A local socket's path must fit in ``sockaddr_un`` (108 bytes on Linux, 104 on macOS).
MAX_PATH = 100


def _private(folder: Path) -> bool:
    """Whether ``folder`` is (made, if missing) a folder only this user can enter: mode
    0700, owned by this user, not a link."""
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not stat.S_IMODE(info.st_mode) & 0o077
    )


def _private_folder(name: str) -> Path | None:
    """This user's folder for fieldkit's sockets: in the runtime folder, else in /tmp
    (where the runtime folder's path is too long for a socket), or None."""
    if not hasattr(os, "getuid"):
        return None
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
    candidates = [Path(base) / "fieldkit"] if base else []
    # Checked before use (_private): one another user made there first is refused.
    candidates.append(Path("/tmp") / f"fieldkit-{os.getuid()}")  # noqa: S108
    for folder in candidates:
        if len(os.fsencode(folder / name)) <= MAX_PATH and _private(folder):
            return folder
    return None


def instance_name(vault_path: Path) -> str:
    """The socket of the session on ``vault_path``: a hash of its resolved path, in this
    user's private runtime folder (on Windows, a named pipe open to this user only)."""
    digest = hashlib.sha256(b"fieldkit instance\x00" + os.fsencode(Path(vault_path).resolve()))
    name = f"fieldkit-{digest.hexdigest()[:32]}"
    folder = _private_folder(name)
    if folder is not None:
        return str(folder / name)
    return name if sys.platform == "win32" else ""


def ask_first_session(vault_path: Path) -> bool:
    """Whether a session already open on ``vault_path`` answered (and came forward).
    Blocks for at most ~2 × :data:`ASK_MS`; call before this session shows anything."""
    name = instance_name(vault_path)
    if not name:
        return False
    socket = QLocalSocket()
    socket.connectToServer(name)
    try:
        if not socket.waitForConnected(ASK_MS):
            return False
        socket.write(REQUEST)
        if not socket.waitForBytesWritten(ASK_MS):
            return False
        answer = b""
        while len(answer) < len(REPLY) and socket.waitForReadyRead(ASK_MS):
            answer += bytes(socket.read(len(REPLY) - len(answer)).data())
        return answer == REPLY
    finally:
        socket.abort()


class InstanceServer(QObject):
    """Listens for a second start on the same vault; :attr:`come_forward` when one asks."""

    come_forward = Signal()

    def __init__(self, vault_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = instance_name(vault_path)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.setMaxPendingConnections(MAX_CLIENTS)
        self._server.newConnection.connect(self._accept)
        self._clients: dict[QLocalSocket, bytearray] = {}

    def listen(self) -> bool:
        """Start listening; a socket left by a session that ended without closing it (the
        second start found nobody answering there) is replaced."""
        if not self._name:
            return False
        if self._server.listen(self._name):
            return True
        QLocalServer.removeServer(self._name)
        return self._server.listen(self._name)

    def move_to(self, vault_path: Path) -> None:
        """Answer for ``vault_path`` from now on (the session moved to another vault)."""
        self.close()
        self._name = instance_name(vault_path)
        self.listen()

    @property
    def name(self) -> str:
        return self._server.fullServerName()

    def close(self) -> None:
        for socket in list(self._clients):
            self._cut(socket)
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if len(self._clients) >= MAX_CLIENTS:
                socket.abort()
                socket.deleteLater()
                continue
            socket.setReadBufferSize(MAX_READ)
            self._clients[socket] = bytearray()
            timer = QTimer(socket)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda s=socket: self._cut(s))
            timer.start(TIMEOUT_MS)
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._drop(s))

    def _drop(self, socket: QLocalSocket) -> None:
        self._clients.pop(socket, None)
        socket.deleteLater()

    def _cut(self, socket: QLocalSocket) -> None:
        self._drop(socket)
        socket.abort()

    def _read(self, socket: QLocalSocket) -> None:
        received = self._clients.get(socket)
        if received is None:
            return
        received += bytes(socket.read(MAX_READ - len(received)).data())
        if not REQUEST.startswith(received):  # anything else, or more: cut off
            self._cut(socket)
            return
        if len(received) == len(REQUEST):
            self._clients.pop(socket, None)  # read nothing more of it
            socket.write(REPLY)
            socket.flush()
            socket.disconnectFromServer()
            self.come_forward.emit()
