"""The local admin socket: operator commands while `cadre run` holds the data folder.

`cadre run` listens on `<data>/admin.sock`, a Unix socket created 0600 in the 0700 data
folder, and serves only a peer whose uid (SO_PEERCRED) is the folder's owner. Every
operator command (`cadre invite`, `export`, `erase`, `hold`, `audit`, `purge`, `digest
--preview`, `outbox`, `programme`, `report`, `review`: those registered with
`register_operator`) first tries that socket: when a service answers, it runs the command
on its own store (the same functions, so the same audit trail) and the CLI prints what it
wrote; when no service is there, the CLI opens the folder itself, as before.

One request per connection: a JSON line {"argv": [...], "text": str} (at most
MAX_REQUEST_BYTES), one JSON answer {"exit": int, "stdout": str}. "text" is what a command
that takes a text (a session note, a report) read on the operator's side, from its --file
or its stdin: the service never reads the operator's terminal or paths. The answer
carries what the command prints to an operator (aliases, codes, counts), as on the
command line.

A data folder whose socket path is longer than a Unix socket allows (MAX_SOCKET_PATH, about
107 bytes) gets no socket: `cadre run` logs a warning saying so at start, and operator
commands then exit "already in use" while it runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import struct
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

SOCKET_NAME = "admin.sock"
MAX_REQUEST_BYTES = 1024 * 1024
"""A request carries a command's text (a report), JSON-escaped: room for a long one."""
#: How long the CLI waits for the service to run one command.
CALL_TIMEOUT_S = 120.0
#: sockaddr_un's sun_path on Linux: longer paths cannot be bound.
MAX_SOCKET_PATH = 107

Handler = Callable[[list[str], str], Awaitable[tuple[int, str]]]
"""(argv, the text the operator's side read for it) -> (exit code, what it printed)."""


def socket_path(data_dir: Path) -> Path:
    return Path(data_dir) / SOCKET_NAME


def _peer_uid(sock: socket.socket) -> int | None:
    try:
        raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return None
    _pid, uid, _gid = struct.unpack("3i", raw)
    return int(uid)


class AdminServer:
    """Serves operator commands on the data folder's socket, one at a time."""

    def __init__(self, data_dir: Path, handler: Handler) -> None:
        self._data_dir = Path(data_dir)
        self._path = socket_path(data_dir)
        self._handler = handler
        self._server: asyncio.AbstractServer | None = None
        self._one_at_a_time = asyncio.Lock()

    @property
    def path(self) -> Path:
        return self._path

    async def start(self) -> bool:
        """Listen; False (logged) when the folder's path is too long for a Unix socket."""
        if len(os.fsencode(self._path)) > MAX_SOCKET_PATH:
            log.warning(
                "admin socket not started: its path is %d bytes, more than the %d a Unix socket "
                "allows; operator commands exit 'already in use' while this service runs "
                "(use a shorter data folder path, see docs/operations.md)",
                len(os.fsencode(self._path)),
                MAX_SOCKET_PATH,
            )
            return False
        # On PostgreSQL nothing else may have created the data folder yet.
        self._path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # The folder lock is ours: a socket file left here is a dead process's.
        with contextlib.suppress(FileNotFoundError):
            self._path.unlink()
        previous = os.umask(0o177)  # created 0600: no window where others could connect
        try:
            self._server = await asyncio.start_unix_server(
                self._serve, path=str(self._path), limit=MAX_REQUEST_BYTES + 1
            )
        finally:
            os.umask(previous)
        os.chmod(self._path, 0o600)
        log.info("admin socket listening")
        return True

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        await server.wait_closed()
        with contextlib.suppress(FileNotFoundError):
            self._path.unlink()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            try:  # read the request first: closing on unread bytes would reset the answer
                line = await reader.readuntil(b"\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                await self._answer(writer, 2, "refused: malformed request\n")
                return
            sock = writer.get_extra_info("socket")
            owner = self._data_dir.stat().st_uid
            uid = _peer_uid(sock) if sock is not None else None
            if uid != owner:
                log.warning("admin socket refused a peer that does not own the data folder uid=%s", uid)
                await self._answer(writer, 77, "refused: only the owner of the data folder may do this\n")
                return
            request = json.loads(line) if len(line) <= MAX_REQUEST_BYTES else None
            argv = request.get("argv") if isinstance(request, dict) else None
            text = request.get("text", "") if isinstance(request, dict) else None
            if (
                not isinstance(argv, list)
                or not all(isinstance(part, str) for part in argv)
                or not isinstance(text, str)
            ):
                await self._answer(writer, 2, "refused: malformed request\n")
                return
            async with self._one_at_a_time:
                code, output = await self._handler(argv, text)
            await self._answer(writer, code, output)
        except (ConnectionError, ValueError) as error:
            log.warning("admin request failed (%s)", type(error).__name__)
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    @staticmethod
    async def _answer(writer: asyncio.StreamWriter, code: int, output: str) -> None:
        writer.write(json.dumps({"exit": code, "stdout": output}).encode("utf-8") + b"\n")
        await writer.drain()


def call_admin(data_dir: Path, argv: Sequence[str], text: str = "") -> tuple[int, str] | None:
    """Run `argv` in the service holding `data_dir` (with `text` for a command that takes
    one); None when no service listens there."""
    path = socket_path(data_dir)
    if not path.exists():
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(CALL_TIMEOUT_S)
        try:
            client.connect(str(path))
        except (ConnectionRefusedError, FileNotFoundError):
            return None  # a socket left by a process that died: the folder is free
        with contextlib.suppress(BrokenPipeError):  # refused before reading: the answer says why
            client.sendall(json.dumps({"argv": list(argv), "text": text}).encode("utf-8") + b"\n")
        chunks: list[bytes] = []
        while chunk := client.recv(65536):
            chunks.append(chunk)
    answer = json.loads(b"".join(chunks))
    return int(answer["exit"]), str(answer["stdout"])
