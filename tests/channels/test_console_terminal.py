"""`cadre console` in a real terminal (a pseudo-terminal): quitting and wrapping.

The process runs as a user would start it; Ctrl-C is the SIGINT the terminal sends, Ctrl-D
the end-of-file character typed at the start of a line. Reads wait on the terminal's
output with a deadline, never a sleep.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.channels.console import CONSOLE_USER
from bot.storage import TinyStore

COLUMNS = 60
PROMPT = "> "


class Terminal:
    def __init__(self, project: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, COLUMNS, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "CADRE_DATA_KEY")}
        env |= {"CADRE_CONFIG_DIR": str(project / "config"), "CADRE_DATA_DIR": str(project / "data")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "console", "--at", "2026-11-23T10:00"],
            stdin=slave,
            stdout=slave,
            stderr=subprocess.PIPE,
            env=env,
            cwd=project,
        )
        os.close(slave)
        self.screen = ""

    def read_until(self, text: str, timeout_s: float = 90) -> str:
        deadline = time.monotonic() + timeout_s
        while text not in self.screen:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{text!r} never appeared; screen: {self.screen[-500:]!r}"
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    break
                self.screen += chunk.decode("utf-8", errors="replace")
        return self.screen

    def type(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8"))

    def wait(self, timeout_s: float = 10) -> int:
        return self.process.wait(timeout=timeout_s)

    def drain(self) -> str:
        while True:
            ready, _, _ = select.select([self.master], [], [], 0)
            if not ready:
                return self.screen
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return self.screen
            if not chunk:
                return self.screen
            self.screen += chunk.decode("utf-8", errors="replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.process.stderr is not None:
            self.process.stderr.close()
        os.close(self.master)


@pytest.fixture
def terminal(project: Path) -> Iterator[Terminal]:
    term = Terminal(project)
    yield term
    term.close()


def test_ctrl_c_quits_at_once_and_keeps_nothing_half_typed(terminal: Terminal, project: Path) -> None:
    terminal.read_until("Acceptez-vous cette charte ?")
    terminal.read_until(PROMPT)
    terminal.type("J'accepte\n")
    terminal.read_until("première question")
    terminal.read_until(PROMPT)
    terminal.type("Deux personnes de mon équipe ne se parlent plus")  # no Enter
    terminal.process.send_signal(signal.SIGINT)
    code = terminal.wait(timeout_s=10)  # at once: nobody presses Enter
    assert code == 130
    assert b"Traceback" not in (terminal.process.stderr.read() if terminal.process.stderr else b"")
    assert terminal.drain().endswith("\n")
    with TinyStore(project / "data") as store:
        conversation = asyncio.run(store.get_conversation(CONSOLE_USER))
        assert conversation is None or conversation.draft is None
        assert asyncio.run(store.items_of(CONSOLE_USER)) == []


def test_ctrl_d_leaves_a_clean_line(terminal: Terminal) -> None:
    terminal.read_until("Acceptez-vous cette charte ?")
    terminal.read_until(PROMPT)
    terminal.type("\x04")
    assert terminal.wait() == 0
    assert terminal.drain().endswith(PROMPT + "\r\n")


def test_text_and_banner_wrap_to_the_terminals_width(terminal: Terminal) -> None:
    screen = terminal.read_until("Acceptez-vous cette charte ?")
    terminal.read_until(PROMPT)
    terminal.type("\x04")
    terminal.wait()
    lines = screen.replace("\r\n", "\n").split("\n")
    assert "console locale" in lines[0]
    too_long = [line for line in lines if len(line) > COLUMNS]
    assert too_long == []
