"""The readable export says what a delivered message keeps, and `cadre … | head` ends
quietly when its reader goes away."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bot.channels.console import CONSOLE_USER
from bot.cli import main
from bot.cli.main import SIGPIPE_EXIT
from bot.domain import Attachment, Outbound, OutboxStatus
from bot.domain.values import OutboxEntry
from tests.conftest import paris
from tests.harness import Harness


async def test_a_delivered_message_has_no_dangling_separator_in_the_export(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.type("J'accepte")
    now = harness.clock.now()
    entry = OutboxEntry(
        Outbound(to=CONSOLE_USER, text="Votre réponse", key="note:1", is_durable=True),
        created_at=now,
        next_attempt_at=now,
    )
    await harness.store.enqueue(replace(entry, status=OutboxStatus.SENT).without_content())
    await harness.command("export")
    markdown = next(
        o.attachment for o in harness.sent if o.attachment and o.attachment.media_type == "text/markdown"
    )
    assert isinstance(markdown, Attachment)
    lines = [line for line in markdown.content.decode().splitlines() if "· envoyé" in line]
    assert lines and all(not line.rstrip().endswith("·") for line in lines)
    assert "ses mots ne sont plus conservés une fois le message remis" in lines[0]


def test_a_closed_stdout_ends_the_command_quietly(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # `| head` has read what it wanted and left
    stream = open(write_end, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    monkeypatch.setattr(sys, "stdout", stream)
    try:
        assert (
            main(["--config", str(project / "config"), "hours", "--at", "2026-11-23T10:00"]) == SIGPIPE_EXIT
        )
        stream.write("x" * 70000)
        stream.flush()  # now on devnull: the interpreter's flush at exit cannot fail either
    finally:
        stream.close()
