"""A local SMTP server (aiosmtpd on 127.0.0.1) that records what it accepts, or refuses."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


class Recorder:
    """The server's handler: keeps accepted messages; `answer` other than 250 refuses."""

    def __init__(self, answer: str = "250 OK") -> None:
        self.answer = answer
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.answer.startswith("250"):
            self.messages.append(email.message_from_bytes(envelope.content))
        return self.answer


def free_port() -> int:
    """A loopback port nobody listens on (also how a test gets a "down" server)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_smtp() -> Iterator[tuple[Recorder, int]]:
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()
