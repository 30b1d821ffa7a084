"""The local console channel: chat with Cadre in a terminal, or script it through stdin.

Like errbot's test backend: a line in is one inbound message, the bot's messages go out
as plain text. Choices are numbered; the person answers with the number or the label.
"""

from __future__ import annotations

import asyncio
import os
import re
import textwrap
from pathlib import Path
from typing import TextIO
from uuid import uuid4

from bot.domain import Choice, Inbound, InboundKind, Outbound, UserRef, as_choice
from bot.ports import Clock, OnMessage, OnStatus

CONSOLE_USER = UserRef("console", "local")
CONSOLE_MENTOR = UserRef("console", "mentor")


def parse_line(line: str, user: UserRef, clock: Clock, choices: tuple[Choice, ...]) -> Inbound | None:
    """One typed line → an Inbound; None for a blank line."""
    text = line.strip()
    if not text:
        return None
    message_id = f"console:{uuid4().hex}"
    now_at = clock.now()
    if text.startswith("/") and len(text) > 1:
        word, _, argument = text[1:].partition(" ")
        return Inbound(
            user=user,
            message_id=message_id,
            kind=InboundKind.COMMAND,
            received_at=now_at,
            text=word.lower(),
            payload=argument.strip(),
        )
    return as_choice(
        Inbound(user=user, message_id=message_id, kind=InboundKind.TEXT, received_at=now_at, text=text),
        choices,
    )


def render(outbound: Outbound, width: int | None = None) -> str:
    """Text plus numbered choices; wrapped at `width` in a terminal for readability."""
    lines = []
    for paragraph in outbound.text.split("\n"):
        if width and len(paragraph) > width:
            lines.extend(textwrap.wrap(paragraph, width=width, subsequent_indent="  ") or [""])
        else:
            lines.append(paragraph)
    for index, choice in enumerate(outbound.choices, start=1):
        lines.append(f"  {index}. {choice.label}")
    return "\n".join(lines)


class ConsoleChannel:
    """Reads lines from `stdin` as one person, prints every message to `stdout`."""

    name = "console"

    def __init__(
        self,
        stdin: TextIO,
        stdout: TextIO,
        *,
        clock: Clock,
        user: UserRef = CONSOLE_USER,
        is_interactive: bool = False,
        prompt: str = "> ",
        width: int | None = None,
        exports_dir: Path | None = None,
    ) -> None:
        self._stdin = stdin
        # Attachments (exports) are written here; by default the data folder's exports/.
        self.exports_dir = exports_dir or Path(os.environ.get("CADRE_DATA_DIR", "data")) / "exports"
        self._stdout = stdout
        self._clock = clock
        self.user = user
        self._is_interactive = is_interactive
        self._prompt = prompt
        self._width = width
        self._choices: tuple[Choice, ...] = ()
        self._is_stopped = False
        self.sent: list[Outbound] = []

    async def start(self, on_message: OnMessage, on_status: OnStatus | None = None) -> None:
        """Feed lines to `on_message` until end of input (Ctrl-D) or stop(); a terminal
        reports no delivery statuses."""
        while not self._is_stopped:
            if self._is_interactive:
                self._stdout.write(self._prompt)
                self._stdout.flush()
            line = await asyncio.to_thread(self._stdin.readline)
            if line == "":
                break
            inbound = parse_line(line, self.user, self._clock, self._choices)
            if inbound is not None:
                await on_message(inbound)

    async def send(self, outbound: Outbound) -> str | None:
        if outbound.to.channel != self.name:
            return None
        if outbound.to == self.user:
            self._choices = outbound.choices
        self.sent.append(outbound)
        prefix = "" if outbound.to == self.user else f"[→ {outbound.to.id}] "
        text = render(outbound, self._width)
        attachment = outbound.attachment
        if attachment is not None:
            text += f"\n  [{self._write_attachment(attachment.filename, attachment.content)}]"
        self._stdout.write(prefix + text + "\n\n")
        self._stdout.flush()
        return outbound.key

    def _write_attachment(self, filename: str, content: bytes) -> Path:
        """A terminal can't receive a document: write it (owner-only) and show the path."""
        self.exports_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(filename).name).lstrip(".-")
        path = self.exports_dir / (safe or "export")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        return path

    async def forget(self, user: UserRef) -> None:
        """The console keeps only the choices last shown, which name no one."""
        if user == self.user:
            self._choices = ()

    async def stop(self) -> None:
        self._is_stopped = True
