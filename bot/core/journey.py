"""What the core needs from the accompaniment as a journey, as a port the runtime fills.

The core never imports bot/journey (tests/test_layers.py): the router hands the journey's
commands (/seance, /pause, /reprendre), its choices (payloads under `journey:`) and the
texts it waits for (a session prompt's answer, a change comment) to this handler; the
mentor desk hands it /rapport and /note and their texts; the draft reminders ask it
whether a mentee is paused; the rights desk exports and erases its records through
bot.privacy.export.KeptElsewhere. bot/runtime/journey_chat.py implements it on the
JourneyDesk; `NoJourney` stands in where no journey is wired (a bare engine in tests):
every journey command then answers that no programme is declared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.turn import MentorTurn, Turn
from bot.domain import Conversation, Mentee
from bot.privacy.export import ExportSection

JOURNEY_PAYLOAD = "journey:"
"""Choices whose value starts so belong to the journey (a report's validation)."""
MENTEE_COMMANDS = ("session", "pause", "resume")
MENTOR_COMMANDS = ("report", "note")


@dataclass(frozen=True)
class SessionSlot:
    """One session of a mentee's programme as the core tells it: its number and start."""

    number: int
    starts_at: datetime


class JourneyHandler(Protocol):
    async def command(self, turn: Turn, name: str) -> Conversation:
        """/seance, /pause, /reprendre (`name` is one of MENTEE_COMMANDS)."""
        ...

    async def choice(self, turn: Turn) -> Conversation:
        """A tapped (or typed) choice whose value starts with JOURNEY_PAYLOAD."""
        ...

    async def text(self, turn: Turn) -> Conversation | None:
        """A text the journey waits for (the conversation's pending says so, or a report
        waits for the mentee's answer); None when the text is not the journey's."""
        ...

    async def mentor_command(self, turn: MentorTurn, name: str, argument: str) -> Conversation:
        """/rapport ALIAS [text], /note ALIAS [N] [text] (`name` one of MENTOR_COMMANDS)."""
        ...

    async def mentor_text(self, turn: MentorTurn) -> Conversation | None:
        """The mentor's text when their conversation waits for a report or a note; else None."""
        ...

    async def is_paused(self, mentee: Mentee, at: datetime) -> bool:
        """Whether the bot's own nudges (draft reminders, session prompts) are held back."""
        ...

    async def next_session(self, mentee: Mentee, at: datetime) -> SessionSlot | None:
        """The session a question kept for a session at `at` goes to (the next one not yet
        begun), or None when none is planned."""
        ...

    async def export_section(self, mentee: Mentee) -> ExportSection | None: ...

    async def erase(self, mentee: Mentee) -> None: ...


class NoJourney:
    """The journey handler of an engine built without one: no programme, nothing kept."""

    async def command(self, turn: Turn, name: str) -> Conversation:
        turn.replies.say_key("journey.chat.no_programme")
        return turn.conversation

    async def choice(self, turn: Turn) -> Conversation:
        turn.replies.say_key("journey.chat.no_programme")
        return turn.conversation

    async def text(self, turn: Turn) -> Conversation | None:
        return None

    async def mentor_command(self, turn: MentorTurn, name: str, argument: str) -> Conversation:
        turn.replies.say_key("journey.chat.mentor_no_journey")
        return turn.conversation

    async def mentor_text(self, turn: MentorTurn) -> Conversation | None:
        return None

    async def is_paused(self, mentee: Mentee, at: datetime) -> bool:
        return False

    async def next_session(self, mentee: Mentee, at: datetime) -> SessionSlot | None:
        return None

    async def export_section(self, mentee: Mentee) -> ExportSection | None:
        return None

    async def erase(self, mentee: Mentee) -> None:
        return None
