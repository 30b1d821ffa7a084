"""Sessions in the conversation: when to ask, what the agenda holds, when the mentor gets it.

All pure: each rule takes the programme, the calendars and the instant.

- The **prompt**: a configurable delay before each session (default three days) the
  mentee is asked what they want to bring. Their answer must make the agenda, so the
  prompt comes at the latest `ANSWER_TIME` before the agenda leaves for the mentor (a
  Monday session's prompt comes by Thursday morning, not on the Friday of the agenda: a
  moment past that comes as many days earlier as it takes, at the same wall-clock time).
  The moment is then moved into the mentee's allowed hours: forward to the next opening
  when that is not past this latest moment, else back to the last opening before it.
- The **agenda**: the mentee's answer plus every item the mentor kept for the session
  (redirected since the previous session). The mentor receives it at the first opening
  of their window on the working day before the session.
- The **no-session notice**: when nothing is planned in the next four weeks and the
  programme is not over, the coach is told once; the key changes only when a session is
  added, so the notice is not repeated digest after digest.
- The **note**: after a session the mentor may leave a short note for the mentee.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.domain import Item, ItemStatus, ReplyKind
from bot.journey.programme import Programme, Session
from bot.schedule.hours import NoOpeningError, ReadingCalendar

DEFAULT_PROMPT_DELAY = timedelta(days=3)
ANSWER_TIME = timedelta(days=1)
"""The least time the mentee has between a session prompt and the agenda's delivery."""
NO_SESSION_HORIZON = timedelta(weeks=4)
_LOOK_BACK_DAYS = 14


@dataclass(frozen=True)
class Prompt:
    alias: str
    session_number: int
    due_at: datetime

    @property
    def key(self) -> str:
        return f"journey:prompt:{self.alias}:{self.session_number}"


def _last_opening_before(calendar: ReadingCalendar, before_at: datetime) -> datetime | None:
    """The latest moment in a window strictly before `before_at`, or None within two weeks."""
    window = calendar.current_window(before_at - timedelta(microseconds=1))
    if window is not None:
        return window[0] if window[0] < before_at else None
    openings = calendar.openings_between(before_at - timedelta(days=_LOOK_BACK_DAYS), before_at)
    earlier = [at for at in openings if at < before_at]
    return earlier[-1] if earlier else None


def _days_before(at: datetime, days: int, zone: ZoneInfo) -> datetime:
    """The same wall-clock time `days` days earlier in `zone`."""
    local = at.astimezone(zone)
    earlier = datetime.combine(local.date() - timedelta(days=days), local.time().replace(tzinfo=None))
    return earlier.replace(tzinfo=zone).astimezone(UTC)


def latest_prompt_moment(session: Session, mentor_hours: ReadingCalendar) -> datetime:
    """The latest a prompt may go out: `ANSWER_TIME` before the agenda reaches the mentor
    (the session's eve when the mentor has no working day before it)."""
    agenda_at = agenda_delivery_moment(session, mentor_hours)
    if agenda_at is None:
        return session.starts_at - timedelta(days=1)
    return agenda_at - ANSWER_TIME


def prompt_moment(
    session: Session, delay: timedelta, mentee_hours: ReadingCalendar, mentor_hours: ReadingCalendar
) -> datetime:
    """When the mentee is asked what to bring to `session`, inside their allowed hours and
    at least `ANSWER_TIME` before the agenda leaves for the mentor.

    A delay in whole days keeps the wall-clock time ("three days before, at 14 h"), even
    across a daylight-saving change; other delays are exact durations. A moment past the
    latest one comes as many days earlier as it takes, at the same wall-clock time.
    """
    wanted_at = session.starts_at - delay
    if delay % timedelta(days=1) == timedelta(0):
        wanted_at = _days_before(session.starts_at, delay.days, mentee_hours.zone)
    latest_at = latest_prompt_moment(session, mentor_hours)
    while wanted_at > latest_at:
        wanted_at = _days_before(wanted_at, 1, mentee_hours.zone)
    if mentee_hours.is_open(wanted_at):
        return wanted_at.astimezone(UTC)
    try:
        forward_at = mentee_hours.next_opening(wanted_at)
    except NoOpeningError:
        forward_at = None
    if forward_at is not None and forward_at <= latest_at:
        return forward_at.astimezone(UTC)
    backward_at = _last_opening_before(mentee_hours, wanted_at)
    return (backward_at or wanted_at).astimezone(UTC)


def prompts(
    programme: Programme,
    default_delay: timedelta,
    mentee_hours: ReadingCalendar,
    mentor_hours: ReadingCalendar,
) -> tuple[Prompt, ...]:
    return _prompts(programme, programme.prompt_delay or default_delay, mentee_hours, mentor_hours)


@lru_cache(maxsize=256)
def _prompts(
    programme: Programme, delay: timedelta, mentee_hours: ReadingCalendar, mentor_hours: ReadingCalendar
) -> tuple[Prompt, ...]:
    """Cached: a scheduler asks every few minutes, the answer only changes with the
    programme (a frozen value, so a changed programme is a new key)."""
    return tuple(
        Prompt(programme.alias, s.number, prompt_moment(s, delay, mentee_hours, mentor_hours))
        for s in programme.sessions
    )


def due_prompts(
    programme: Programme,
    *,
    after_at: datetime,
    until_at: datetime,
    default_delay: timedelta,
    mentee_hours: ReadingCalendar,
    mentor_hours: ReadingCalendar,
) -> tuple[Prompt, ...]:
    """Prompts due in (after_at, until_at] whose session has not started yet: a scheduler
    that wakes late still sends them, but never for a session already under way."""
    found = []
    for prompt in prompts(programme, default_delay, mentee_hours, mentor_hours):
        session = programme.session(prompt.session_number)
        if session is not None and after_at < prompt.due_at <= until_at and until_at < session.starts_at:
            found.append(prompt)
    return tuple(found)


def working_day_before(session: Session, mentor_hours: ReadingCalendar) -> date | None:
    """The last day before the session's local date on which the mentor's window opens."""
    day = session.starts_at.astimezone(mentor_hours.zone).date()
    for back in range(1, _LOOK_BACK_DAYS + 1):
        candidate = day - timedelta(days=back)
        if mentor_hours.day_is_closed(candidate) is None:
            return candidate
    return None


def agenda_delivery_moment(session: Session, mentor_hours: ReadingCalendar) -> datetime | None:
    """The first opening of the mentor's window on the working day before the session."""
    day = working_day_before(session, mentor_hours)
    if day is None:
        return None
    zone = mentor_hours.zone
    day_start = datetime.combine(day, time(0), tzinfo=zone) - timedelta(microseconds=1)
    day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    openings = mentor_hours.openings_between(day_start, day_end)
    return openings[0].astimezone(UTC) if openings else None


@lru_cache(maxsize=256)
def agenda_moments(programme: Programme, mentor_hours: ReadingCalendar) -> tuple[datetime | None, ...]:
    """Each session's agenda delivery moment, cached like the prompts."""
    return tuple(agenda_delivery_moment(s, mentor_hours) for s in programme.sessions)


class AgendaSource(StrEnum):
    """Where an agenda entry came from."""

    PROMPT = "prompt"
    """The mentee's answer to the session prompt (what they want to bring)."""
    KEPT = "kept"
    """A question the mentee kept for the session with /seance: a sent question (its ref)
    or the draft they were writing (its words)."""


@dataclass(frozen=True)
class AgendaEntry:
    """One line of a session's agenda, written by the mentee (screened before it is kept).

    The mentor's own redirects are not entries: they are read from the items themselves
    (status REDIRECTED), so closing or erasing an item takes it off the agenda too.
    """

    alias: str
    session_number: int
    source: AgendaSource
    added_at: datetime
    text: str = ""
    """The mentee's words: a prompt answer or a kept draft; empty for a sent question."""
    item_ref: str | None = None
    """The sent question's ref when the mentee kept one with /seance."""

    @property
    def id(self) -> str:
        """Entries with the same id replace each other: one prompt answer per session (the
        latest counts), one session per kept question (the last /seance counts)."""
        if self.source is AgendaSource.PROMPT:
            return f"prompt:{self.session_number}"
        if self.item_ref is not None:
            return f"item:{self.item_ref}"
        return f"draft:{self.added_at.isoformat()}"


@dataclass(frozen=True)
class Agenda:
    alias: str
    session_number: int
    session_at: datetime
    answer: AgendaEntry | None
    """The mentee's latest answer to the session prompt."""
    kept: tuple[AgendaEntry, ...]
    """What the mentee kept for the session with /seance, oldest first."""
    item_refs: tuple[str, ...]
    """Every question for the session: kept by the mentor or by the mentee, by submission."""

    @property
    def is_empty(self) -> bool:
        return self.answer is None and not self.kept and not self.item_refs


def redirected_at(item: Item) -> datetime | None:
    """When the mentor kept the item for a session (its last redirect reply)."""
    if item.status is not ItemStatus.REDIRECTED:
        return None
    times = [reply.at for reply in item.replies if reply.kind is ReplyKind.REDIRECT]
    return max(times) if times else None


def session_for_redirect(programme: Programme, redirected_on: datetime) -> Session | None:
    """The session an item kept at `redirected_on` is for: the next one not yet started."""
    return programme.next_session(redirected_on)


def agenda_for(
    programme: Programme,
    session: Session,
    items: Iterable[Item],
    entries: Sequence[AgendaEntry],
) -> Agenda:
    """The session's agenda from the mentee's own items and entries only (others ignored)."""
    own = [e for e in entries if e.alias == programme.alias and e.session_number == session.number]
    kept_refs = {e.item_ref for e in own if e.item_ref is not None}
    known_refs = set()
    refs = []
    for item in sorted(items, key=lambda i: i.submitted_at):
        if item.alias != programme.alias:
            continue
        known_refs.add(item.ref)
        if item.ref in kept_refs:
            refs.append(item.ref)
            continue
        at = redirected_at(item)
        if at is None:
            continue
        target = session_for_redirect(programme, at)
        if target is not None and target.number == session.number:
            refs.append(item.ref)
    prompt_answers = sorted(
        (e for e in own if e.source is AgendaSource.PROMPT), key=lambda e: e.added_at, reverse=True
    )
    # A kept question that is gone (erased by retention) leaves the agenda with it.
    kept = tuple(
        sorted(
            (
                e
                for e in own
                if e.source is AgendaSource.KEPT and (e.item_ref is None or e.item_ref in known_refs)
            ),
            key=lambda e: e.added_at,
        )
    )
    answer = prompt_answers[0] if prompt_answers else None
    return Agenda(programme.alias, session.number, session.starts_at, answer, kept, tuple(refs))


def no_session_notice_key(
    programme: Programme, at: datetime, zone: ZoneInfo, horizon: timedelta = NO_SESSION_HORIZON
) -> str | None:
    """A key when nothing is planned within `horizon` and the programme still runs, else None.

    The key names the last session planned (or none), so it is the same digest after digest
    until the coach adds a session; the caller sends the notice when the key is new.
    """
    if at.astimezone(zone).date() > programme.planned_end_day:
        return None
    upcoming = [s for s in programme.sessions if at < s.starts_at <= at + horizon]
    if upcoming:
        return None
    if programme.planned_end_day <= (at + horizon).astimezone(zone).date() and not [
        s for s in programme.sessions if s.starts_at > at
    ]:
        # The programme ends within the horizon and its sessions are done: nothing to plan.
        return None
    planned = [s for s in programme.sessions if s.starts_at <= at]
    last = planned[-1].number if planned else 0
    return f"journey:no_session:{programme.alias}:{len(programme.sessions)}:{last}"


@dataclass(frozen=True)
class SessionNote:
    """The mentor's short note for the mentee after a session (screened before)."""

    alias: str
    session_number: int
    text: str
    mentor: str
    written_at: datetime


def note_problem(programme: Programme, session_number: int, at: datetime) -> str | None:
    """Why a note cannot be written now (a catalogue key under journey.note), or None."""
    session = programme.session(session_number)
    if session is None:
        return "unknown_session"
    if session.ends_at > at:
        return "not_held"
    return None
