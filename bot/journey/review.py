"""The closing review: what was worked on over the months, from the mentee's own data only.

`build_review` gathers the objectives, the sessions held, the questions per month by
theme, the waiting and answer times and the thread. It refuses items of anyone else: a
review is about one person and is given to that person (and to their mentor).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain import Item, ItemStatus, ReplyKind, StepAnswer
from bot.errors import CadreError
from bot.journey.programme import Programme, Session
from bot.journey.sessions import SessionNote
from bot.schedule.hours import NoOpeningError, ReadingCalendar

FINAL_REVIEW_MARK = "journey:review:final"
"""The journey mark of the closing review given by itself at the planned end (once)."""

NO_THEME = ""
"""Theme of an item the mentor did not classify; the picture names it from the catalogue."""


class ForeignItemError(CadreError):
    """An item of another mentee reached a review; nothing is built (ids only)."""


@dataclass(frozen=True)
class ThreadEntry:
    ref: str
    submitted_at: datetime
    theme: str
    answers: tuple[StepAnswer, ...]
    replies: tuple[tuple[datetime, str], ...]
    status: str


@dataclass(frozen=True)
class Review:
    alias: str
    built_at: datetime
    start_day: date
    planned_end_day: date
    objectives: tuple[str, ...]
    sessions_held: tuple[Session, ...]
    sessions_planned: tuple[Session, ...]
    months: tuple[date, ...]
    """First day of every month of the programme up to the review, in order."""
    themes: tuple[str, ...]
    counts: tuple[tuple[date, str, int], ...]
    """(month, theme, number of questions) for every non-zero cell."""
    question_count: int
    answered_count: int
    median_answer_delay: timedelta | None
    longest_answer_delay: timedelta | None
    median_wait_delay: timedelta | None
    """How long the still-open questions have waited, at the review."""
    thread: tuple[ThreadEntry, ...]
    notes: tuple[SessionNote, ...]

    def count(self, month: date, theme: str) -> int:
        return next((n for m, t, n in self.counts if m == month and t == theme), 0)


def _month(at: datetime, zone: ZoneInfo) -> date:
    local = at.astimezone(zone)
    return date(local.year, local.month, 1)


def _months_between(first: date, last: date) -> tuple[date, ...]:
    months = []
    current = date(first.year, first.month, 1)
    while current <= last:
        months.append(current)
        current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return tuple(months)


def _first_answer_at(item: Item) -> datetime | None:
    times = [r.at for r in item.replies if r.kind in (ReplyKind.ANSWER, ReplyKind.CANNED, ReplyKind.REDIRECT)]
    return min(times) if times else None


def _median(delays: Sequence[timedelta]) -> timedelta | None:
    if not delays:
        return None
    return timedelta(seconds=statistics.median(d.total_seconds() for d in delays))


def build_review(
    programme: Programme,
    items: Iterable[Item],
    notes: Iterable[SessionNote],
    *,
    at: datetime,
    zone: ZoneInfo,
) -> Review:
    own = sorted(items, key=lambda i: (i.submitted_at, i.id))
    foreign = [i.id for i in own if i.alias != programme.alias]
    if foreign:
        raise ForeignItemError(f"review of {programme.alias}: {len(foreign)} item(s) of another mentee")
    last_day = min(at.astimezone(zone).date(), programme.planned_end_day)
    months = _months_between(programme.start_day, max(last_day, programme.start_day))
    cells: Counter[tuple[date, str]] = Counter()
    answer_delays: list[timedelta] = []
    wait_delays: list[timedelta] = []
    thread = []
    for item in own:
        theme = item.theme or NO_THEME
        cells[(_month(item.submitted_at, zone), theme)] += 1
        answered_at = _first_answer_at(item)
        if answered_at is not None:
            answer_delays.append(answered_at - item.submitted_at)
        elif item.status is ItemStatus.WAITING:
            wait_delays.append(at - item.submitted_at)
        thread.append(
            ThreadEntry(
                item.ref,
                item.submitted_at,
                theme,
                item.answers,
                tuple((r.at, r.text) for r in item.replies if r.kind is not ReplyKind.CLOSE),
                item.status.value,
            )
        )
    extra_months = sorted({m for m, _t in cells} - set(months))
    all_months = tuple(sorted(set(months) | set(extra_months)))
    totals: Counter[str] = Counter()
    for (_month_day, theme), count in cells.items():
        totals[theme] += count
    # Most asked first, the unclassified last: the table and the picture read the same.
    themes = tuple(sorted(totals, key=lambda t: (t == NO_THEME, -totals[t], t)))
    return Review(
        alias=programme.alias,
        built_at=at,
        start_day=programme.start_day,
        planned_end_day=programme.planned_end_day,
        objectives=programme.objectives,
        sessions_held=programme.held_sessions(at),
        sessions_planned=programme.sessions,
        months=all_months,
        themes=themes,
        counts=tuple((m, t, n) for (m, t), n in sorted(cells.items())),
        question_count=len(own),
        answered_count=len(answer_delays),
        median_answer_delay=_median(answer_delays),
        longest_answer_delay=max(answer_delays) if answer_delays else None,
        median_wait_delay=_median(wait_delays),
        thread=tuple(thread),
        notes=tuple(n for n in sorted(notes, key=lambda n: n.written_at) if n.alias == programme.alias),
    )


def final_review_moment(programme: Programme, mentee_hours: ReadingCalendar) -> datetime | None:
    """When the closing review goes out by itself: the first moment the bot may write to the
    mentee on the programme's planned end day or after (its own hours, holidays skipped);
    None when no such moment exists (no hours at all)."""
    start_at = datetime.combine(programme.planned_end_day, time.min, tzinfo=mentee_hours.zone)
    try:
        return mentee_hours.open_from(start_at)
    except NoOpeningError:
        return None


def is_final_review_due(
    programme: Programme, marks: Iterable[tuple[str, datetime]], at: datetime, mentee_hours: ReadingCalendar
) -> bool:
    """Due from its moment on, inside the mentee's hours (a service back at night waits for
    the morning), once: never again after the mark is kept."""
    moment = final_review_moment(programme, mentee_hours)
    if moment is None or at < moment or not mentee_hours.is_open(at):
        return False
    return not any(key == FINAL_REVIEW_MARK for key, _at in marks)
