"""The local console channel: chat with Cadre in a terminal, or script it through stdin.

Like errbot's test backend: a line in is one inbound message, the bot's messages go out
as plain text. Choices are numbered; the person answers with the number or the label.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import textwrap
from pathlib import Path
from typing import TextIO
from uuid import uuid4

from bot.domain import Attachment, Choice, Inbound, InboundKind, Outbound, UserRef, as_choice
from bot.ports import Clock, OnMessage, OnStatus

CONSOLE_USER = UserRef("console", "local")
CONSOLE_MENTOR = UserRef("console", "mentor")
#: Someone invited, trying an invitation on the console (`cadre console --invited`).
CONSOLE_INVITED = UserRef("console", "invited")


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


_GLUED_SPACE = re.compile(r" (?=[?!:;»])|(?<=«) ")
"""The spaces French typography keeps on the line: before ? ! : ; » and after «."""


def _glue_for(paragraph: str) -> str:
    """A character the paragraph does not hold (textwrap never breaks at it)."""
    glue = 0xE000  # the private use area: not in any catalogue text
    while chr(glue) in paragraph:
        glue += 1
    return chr(glue)


def wrap(text: str, width: int | None) -> str:
    """Each paragraph wrapped at `width` (None: as is); a word is split only when it is
    longer than a whole line (a data folder's path). A line never starts with French high
    punctuation nor ends with «: the space there stays a space, never a line break."""
    lines = []
    for paragraph in text.split("\n"):
        if width and len(paragraph) > width:
            glue = _glue_for(paragraph)
            wrapped = textwrap.wrap(
                _GLUED_SPACE.sub(glue, paragraph),
                width=width,
                subsequent_indent="  ",
                break_on_hyphens=False,
            )
            lines.extend([line.replace(glue, " ") for line in wrapped] or [""])
        else:
            lines.append(paragraph)
    return "\n".join(lines)


def render(outbound: Outbound, width: int | None = None) -> str:
    """Text plus numbered choices; wrapped at `width` in a terminal for readability."""
    choices = [f"  {index}. {choice.label}" for index, choice in enumerate(outbound.choices, start=1)]
    return "\n".join([wrap(outbound.text, width), *(wrap(line, width) for line in choices)])


def terminal_width(stream: TextIO) -> int:
    """The terminal's width now (it may have been resized), at least 20 columns."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        columns = shutil.get_terminal_size().columns
    return max(20, columns)


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
        # Files the console receives are written here; by default the data folder's exports/
        # (`cadre review --send` passes its documents/).
        self.exports_dir = exports_dir or Path(os.environ.get("CADRE_DATA_DIR", "data")) / "exports"
        self._stdout = stdout
        self._clock = clock
        self.user = user
        self._is_interactive = is_interactive
        self._prompt = prompt
        # None: the terminal's own width, read at each message (terminals get resized).
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
            line = await self._readline()
            if line == "":
                if self._is_interactive:
                    self._stdout.write("\n")  # Ctrl-D: the shell's prompt starts on its own line
                    self._stdout.flush()
                break
            inbound = parse_line(line, self.user, self._clock, self._choices)
            if inbound is not None:
                await on_message(inbound)

    async def _readline(self) -> str:
        """One line. In a terminal, read on the event loop, not in a thread: Ctrl-C then
        stops the loop at once (a thread blocked in readline() would hold the exit until
        Enter), and a line still being typed is never read, so never sent."""
        fd = _terminal_fd(self._stdin) if self._is_interactive else None
        if fd is None:
            return await asyncio.to_thread(self._stdin.readline)
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, wake)
        try:
            await ready
        finally:
            loop.remove_reader(fd)
        # In canonical mode the terminal hands over one whole line (or b"" for Ctrl-D).
        return os.read(fd, 65536).decode("utf-8", errors="replace")

    def interrupted(self) -> None:
        """Ctrl-C: what was half typed is dropped; leave the shell a clean line."""
        if self._is_interactive:
            self._stdout.write("\n")
            self._stdout.flush()

    async def send(self, outbound: Outbound) -> str | None:
        if outbound.to.channel != self.name:
            return None
        if outbound.to == self.user:
            self._choices = outbound.choices
        self.sent.append(outbound)
        text = render(outbound, self._current_width())
        attachment = outbound.attachment
        if attachment is not None:
            text += f"\n  [{self._write_attachment(attachment.filename, attachment.content)}]"
        self._print(outbound.to, text)
        return outbound.key

    async def send_document(self, to: UserRef, document: Attachment, caption: str = "") -> str | None:
        """A terminal can't show a file: it is written to the files folder, its path printed."""
        return await self._send_file(to, document, caption)

    async def send_image(self, to: UserRef, image: Attachment, caption: str = "") -> str | None:
        """As a document: the PNG is written beside the others; an image viewer opens it."""
        return await self._send_file(to, image, caption)

    async def _send_file(self, to: UserRef, attachment: Attachment, caption: str) -> str | None:
        if to.channel != self.name:
            return None
        key = f"console:file:{uuid4().hex}"
        self.sent.append(Outbound(to=to, text=caption, key=key, attachment=attachment))
        path = self._write_attachment(attachment.filename, attachment.content)
        text = wrap(caption, self._current_width())
        self._print(to, f"{text}\n  [{path}]" if text else f"[{path}]")
        return key

    def _current_width(self) -> int | None:
        if self._width is not None or not self._is_interactive:
            return self._width
        return terminal_width(self._stdout)

    def _print(self, to: UserRef, text: str) -> None:
        prefix = "" if to == self.user else f"[→ {to.id}] "
        self._stdout.write(prefix + text + "\n\n")
        self._stdout.flush()

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


def _terminal_fd(stream: TextIO) -> int | None:
    try:
        fd = stream.fileno()
    except (AttributeError, ValueError, OSError):
        return None
    return fd if os.isatty(fd) else None
