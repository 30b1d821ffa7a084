"""Pause: the mentee stops reminders and session prompts until a date, then they resume.

What a pause suppresses is deliberately short: the bot's own nudges (a draft reminder, a
session prompt). Everything the mentee is owed still reaches them: the mentor's answers,
acknowledgements, a report waiting for their validation, their rights. The mentee may
still write; the mentor still reads. A pause ends at the start of its `until_day` (local),
or earlier when the mentee resumes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

MAX_PAUSE = timedelta(days=183)
"""Longer than half a year is no longer a pause inside a twelve-month programme."""


class Nudge(StrEnum):
    """What the bot sends on its own initiative to a mentee."""

    DRAFT_REMINDER = "draft_reminder"
    SESSION_PROMPT = "session_prompt"
    MENTOR_ANSWER = "mentor_answer"
    REPORT_REQUEST = "report_request"
    SESSION_NOTE = "session_note"


SUPPRESSED = frozenset({Nudge.DRAFT_REMINDER, Nudge.SESSION_PROMPT})


@dataclass(frozen=True)
class Pause:
    alias: str
    until_day: date
    started_at: datetime
    resumed_at: datetime | None = None

    def resumes_at(self, zone: ZoneInfo) -> datetime:
        """The instant the pause ends by itself: local midnight of `until_day`."""
        return datetime.combine(self.until_day, datetime.min.time(), tzinfo=zone)

    def is_active(self, at: datetime, zone: ZoneInfo) -> bool:
        if self.resumed_at is not None and self.resumed_at <= at:
            return False
        return self.started_at <= at < self.resumes_at(zone)


def is_paused(pause: Pause | None, at: datetime, zone: ZoneInfo) -> bool:
    """The one rule "is this mentee paused at `at`": draft reminders, session prompts and
    the digest's list of paused mentees all ask it."""
    return pause is not None and pause.is_active(at, zone)


def suppresses(pause: Pause | None, nudge: Nudge, at: datetime, zone: ZoneInfo) -> bool:
    """Whether `nudge` must not be sent at `at` because of the pause."""
    return nudge in SUPPRESSED and is_paused(pause, at, zone)


class PauseRefusal(StrEnum):
    """Why a pause was not accepted; each value is a catalogue key under journey.pause."""

    UNREADABLE = "unreadable"
    PAST = "past"
    TOO_LONG = "too_long"


_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?\s*$")


def parse_pause_day(text: str, today: date) -> date | None:
    """'2026-08-31', '31/08/2026' or '31/08' (the next such date); None when unreadable."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = _DMY.match(text)
    if not match:
        return None
    day, month = int(match[1]), int(match[2])
    year_text = match[3]
    try:
        if year_text:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
            return date(year, month, day)
        found = date(today.year, month, day)
        return found if found > today else date(today.year + 1, month, day)
    except ValueError:
        return None


def check_pause(until_day: date, at: datetime, zone: ZoneInfo) -> PauseRefusal | None:
    today = at.astimezone(zone).date()
    if until_day <= today:
        return PauseRefusal.PAST
    if until_day - today > MAX_PAUSE:
        return PauseRefusal.TOO_LONG
    return None


def start_pause(alias: str, until_day: date, at: datetime, zone: ZoneInfo) -> Pause | PauseRefusal:
    refusal = check_pause(until_day, at, zone)
    return refusal if refusal is not None else Pause(alias, until_day, at)


def resume(pause: Pause, at: datetime) -> Pause:
    return Pause(pause.alias, pause.until_day, pause.started_at, resumed_at=at)
