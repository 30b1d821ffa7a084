"""Durable writes in helper processes, whose system calls never wait for this interpreter.

A batch of files written from a thread of `cadre run` (bot/storage/tiny/writer.py, the
inbox) makes six system calls per file, and after each one the thread waits for the
interpreter lock: while the event loop is busy with fifty people's messages, up to the
switch interval (5 ms) every time. Measured here, fifty person files written by one
thread took 17-25 ms with the interpreter idle, 0.8-1.3 s beside a busy thread, and
40-160 ms inside `cadre run` during a burst. A helper process has an interpreter of its
own: the thread hands it the whole batch through a pipe (the bytes already encrypted: no
clear text leaves this process that the disk would not get anyway) and waits once for the
answer.

The helper runs `write_atomic_many`, the very code a thread would run, so each file is
still answered only once it and its folder entry are durable. It cannot outlive its
parent: the kernel kills it when `cadre run` dies (PR_SET_PDEATHSIG), and it holds the
data folder's lock with it, so a restarted `cadre run` never shares the folder with a
helper of the previous one. It ignores SIGINT and SIGTERM (a terminal's Ctrl-C, a service
manager's stop reach the whole group): it ends when its parent closes the pipe, once
what was asked is written. A helper that is gone (killed, out of memory) is not replaced:
its batch, and every later one, is written by the thread itself, as without helpers.
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import os
import queue
import signal
import struct
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

from bot.storage.atomic import FileStamp, write_atomic_many

log = logging.getLogger(__name__)

_LENGTH = struct.Struct("<I")
_PR_SET_PDEATHSIG = 1
HELPER_THREADS = 16
"""A helper's threads for the fsyncs of one batch (BATCH_FILES at most), side by side:
only they use its interpreter, so none waits for the event loop's."""
CLOSE_TIMEOUT_S = 10.0
"""How long closing waits for a helper to finish what it was asked before killing it."""


_HELPER_MAIN = "import sys; from bot.storage.write_helper import main; raise SystemExit(main(sys.argv[1:]))"
"""Not `-m` on this module: the package imports it first, and runpy warns about that."""


class HelperGone(Exception):
    """The helper process died or its pipe broke: the batch was not confirmed."""


def _send(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_LENGTH.pack(len(payload)) + payload)
    stream.flush()


def _receive(stream: IO[bytes]) -> bytes | None:
    """One message, or None at the end of the stream."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    payload = stream.read(size)
    if len(payload) < size:
        return None
    return payload


class WriteHelper:
    """One helper process: one batch at a time (the caller holds it meanwhile)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        assert process.stdin is not None and process.stdout is not None
        self._to, self._from = process.stdin, process.stdout
        self.is_gone = False

    @classmethod
    def start(cls, keep_fds: Sequence[int] = ()) -> WriteHelper:
        process = subprocess.Popen(
            [sys.executable, "-c", _HELPER_MAIN, str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            pass_fds=tuple(keep_fds),
        )
        return cls(process)

    @property
    def pid(self) -> int:
        return self._process.pid

    def write_many(self, files: Sequence[tuple[Path, bytes]]) -> list[FileStamp | OSError]:
        """`write_atomic_many` done by the helper; HelperGone when it could not answer."""
        request = marshal.dumps([(str(path), bytes(data)) for path, data in files])
        try:
            _send(self._to, request)
            answer = _receive(self._from)
        except (OSError, ValueError) as error:  # a broken pipe, or a pipe closed meanwhile
            raise HelperGone(type(error).__name__) from None
        if answer is None:
            raise HelperGone("no answer")
        outcomes: list[FileStamp | OSError] = []
        for outcome in marshal.loads(answer):
            if outcome[0] == "ok":
                outcomes.append(FileStamp(outcome[1], outcome[2], outcome[3]))
            else:
                outcomes.append(OSError(outcome[1], outcome[2]))
        if len(outcomes) != len(files):
            raise HelperGone("answer of another size")
        return outcomes

    def close(self) -> None:
        """Let it finish and end (it reads the end of its pipe); killed if it does not."""
        with contextlib.suppress(OSError, ValueError):
            self._to.close()
        try:
            self._process.wait(timeout=CLOSE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        with contextlib.suppress(OSError, ValueError):
            self._from.close()


class WriteHelpers:
    """A few helpers shared by the threads that write a data folder: `write_many` takes a
    free one (each thread its own at a time); once a helper is gone, the thread holding
    it writes in-process instead."""

    def __init__(self, helpers: Sequence[WriteHelper]) -> None:
        self._all = list(helpers)
        self._free: queue.SimpleQueue[WriteHelper] = queue.SimpleQueue()
        for helper in self._all:
            self._free.put(helper)

    @classmethod
    def start(cls, count: int, *, keep_fds: Sequence[int] = ()) -> WriteHelpers:
        """`count` helpers holding `keep_fds` (the folder's lock) open with them."""
        return cls([WriteHelper.start(keep_fds) for _ in range(count)])

    @property
    def pids(self) -> list[int]:
        return [helper.pid for helper in self._all]

    def write_many(self, files: Sequence[tuple[Path, bytes]]) -> list[FileStamp | OSError]:
        helper = self._free.get()
        try:
            if not helper.is_gone:
                try:
                    return helper.write_many(files)
                except HelperGone as gone:
                    helper.is_gone = True
                    log.warning("store write helper pid=%d gone (%s): writing in-process", helper.pid, gone)
            return write_atomic_many(files)
        finally:
            self._free.put(helper)

    def close(self) -> None:
        for helper in self._all:
            helper.close()


def _die_with_parent(parent: int) -> None:
    """Killed by the kernel when the parent dies; gone at once if it already has."""
    import ctypes  # in the helper process only: the store's own start does without it

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        raise SystemExit(0)


def main(argv: Sequence[str]) -> int:
    """The helper's side: batches from stdin, outcomes to stdout, until stdin ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with_parent(int(argv[0]))
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    with ThreadPoolExecutor(max_workers=HELPER_THREADS, thread_name_prefix="cadre-helper") as pool:
        while (request := _receive(requests)) is not None:
            files = [(Path(path), data) for path, data in marshal.loads(request)]
            answer = [
                ("ok", *outcome)
                if isinstance(outcome, FileStamp)
                else ("error", outcome.errno or 0, outcome.strerror or str(outcome))
                for outcome in write_atomic_many(files, pool=pool)
            ]
            _send(answers, marshal.dumps(answer))
    return 0
