"""A mentee's programme: the frame of the accompaniment, agreed at the tripartite launch.

A programme is a frozen value: alias, start, planned end, the sessions, the objectives in
the coach's own anonymised words, the sponsor as an opaque label. Sessions are declared one
by one or as a rhythm ("every 3 weeks from …, except …"), which `expand_rhythm` turns into
dated sessions once, so everything downstream reads plain dates.

`programme_problems` is the one validation, used by the YAML loader (which adds file and
line) and by the `cadre programme` commands: a session in the past, overlapping sessions,
an end before the start, an unknown alias, identifying words in an objective. Problems
name the place and the fix, never the words themselves.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from bot.errors import shown_place
from bot.ports import Screener

DEFAULT_SESSION_DURATION = timedelta(hours=2)


@dataclass(frozen=True)
class Session:
    """One formal session; `number` counts from 1 in date order."""

    number: int
    starts_at: datetime
    duration: timedelta = DEFAULT_SESSION_DURATION

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + self.duration


@dataclass(frozen=True)
class Rhythm:
    """Sessions every `every_delay` from `first_at` until `last_day`, minus exceptions.

    `skipped_days` are dates the rhythm would give and that do not happen; `moved` maps
    such a date to the moment the session happens instead. Wall times are local.
    """

    first_at: datetime
    every_delay: timedelta
    last_day: date
    duration: timedelta = DEFAULT_SESSION_DURATION
    skipped_days: tuple[date, ...] = ()
    moved: tuple[tuple[date, datetime], ...] = ()


@dataclass(frozen=True)
class Programme:
    alias: str
    start_day: date
    planned_end_day: date
    sessions: tuple[Session, ...]
    objectives: tuple[str, ...] = ()
    sponsor: str = ""
    mentor: str | None = None
    prompt_delay: timedelta | None = None
    """Overrides the configured delay before each session's prompt for this mentee."""
    declared_at: datetime | None = None

    def session(self, number: int) -> Session | None:
        return next((s for s in self.sessions if s.number == number), None)

    def next_session(self, after_at: datetime) -> Session | None:
        """The first session that has not started at `after_at`."""
        return next((s for s in self.sessions if s.starts_at > after_at), None)

    def held_sessions(self, at: datetime) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.ends_at <= at)

    def with_sessions(self, sessions: Sequence[Session]) -> Programme:
        return replace(self, sessions=numbered(sessions))


def numbered(sessions: Sequence[Session]) -> tuple[Session, ...]:
    """Sessions in date order, numbered 1…n (a moved or added session renumbers the rest)."""
    ordered = sorted(sessions, key=lambda s: s.starts_at)
    return tuple(replace(s, number=index) for index, s in enumerate(ordered, start=1))


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def expand_rhythm(rhythm: Rhythm, zone: ZoneInfo) -> tuple[Session, ...]:
    """The rhythm's sessions, keeping the local wall time across daylight-saving changes."""
    first_local = rhythm.first_at.astimezone(zone)
    wall = first_local.time().replace(tzinfo=None)
    moved = dict(rhythm.moved)
    skipped = set(rhythm.skipped_days)
    sessions: list[Session] = []
    for day in rhythm_days(rhythm, zone):
        if day in moved:
            sessions.append(Session(0, moved[day].astimezone(UTC), rhythm.duration))
        elif day not in skipped:
            sessions.append(Session(0, local_instant(day, wall, zone), rhythm.duration))
    return numbered(sessions)


def rhythm_days(rhythm: Rhythm, zone: ZoneInfo) -> list[date]:
    """The local dates the rhythm gives before exceptions."""
    day = rhythm.first_at.astimezone(zone).date()
    days = []
    while day <= rhythm.last_day:
        days.append(day)
        day += timedelta(days=max(1, rhythm.every_delay.days))
    return days


def rhythm_problems(rhythm: Rhythm, zone: ZoneInfo) -> list[Problem]:
    """An exception on a date the rhythm does not give is a typo the coach must hear about."""
    days = set(rhythm_days(rhythm, zone))
    problems = []
    for index, day in enumerate(rhythm.skipped_days):
        if day not in days:
            problems.append(
                Problem(
                    f"sessions.except.{index}",
                    f"{day} is not a date of the rhythm",
                    f"write one of the rhythm's dates, e.g. {_nearest(days, day)}",
                    "rhythm_date",
                    (("day", str(day)), ("nearest", _nearest(days, day))),
                )
            )
    for day, _moment in rhythm.moved:
        if day not in days:
            problems.append(
                Problem(
                    f"sessions.moved.{day}",
                    f"{day} is not a date of the rhythm",
                    f"write one of the rhythm's dates, e.g. {_nearest(days, day)}",
                    "rhythm_date",
                    (("day", str(day)), ("nearest", _nearest(days, day))),
                )
            )
    return problems


def _nearest(days: set[date], day: date) -> str:
    return str(min(days, key=lambda d: abs((d - day).days))) if days else "the first date"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a programme: where (a dotted path), what, and what to write.

    `what` and `fix` are English; `code` and `params` name the wording the coach reads in
    their language (`cli.problem.<code>` in the catalogue), as for every other coach file."""

    where: str
    what: str
    fix: str = ""
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()


def programme_problems(
    programme: Programme,
    *,
    now_at: datetime,
    zone: ZoneInfo,
    screener: Screener | None = None,
    known_aliases: Collection[str] | None = None,
    session_paths: Sequence[str] | None = None,
    sponsors: Collection[str] = (),
    held: Collection[datetime] = (),
) -> list[Problem]:
    """Every problem at once. `session_paths` names where each session was declared
    (e.g. "sessions.3" or "sessions.moved.2026-05-01") so errors point at the right line.
    `sponsors` are the labels `journey.sponsors` gives an address: once the coach lists
    any, a label outside them is a typo found now rather than at the release, months on.
    `held` are the starts of the sessions the loaded programme already has: one of them in
    the past is history kept as it is (mid-year, the coach edits the file to move a session
    to come), while a new date in the past is still a mistake."""
    problems: list[Problem] = []
    paths = list(session_paths) if session_paths is not None else []

    def path_of(index: int) -> str:
        return paths[index] if index < len(paths) else f"sessions.{index}"

    if known_aliases is not None and programme.alias not in known_aliases:
        problems.append(
            Problem(
                "alias",
                f"no mentee has the alias '{programme.alias}'",
                f"invite them first (cadre invite --alias {programme.alias}), then load once they joined",
                "programme_alias",
                (("alias", programme.alias),),
            )
        )
    if programme.planned_end_day < programme.start_day:
        problems.append(
            Problem(
                "end",
                f"the planned end {programme.planned_end_day} is before the start {programme.start_day}",
                "write an end after the start, e.g. twelve months later",
                "programme_end",
                (("end", str(programme.planned_end_day)), ("start", str(programme.start_day))),
            )
        )
    if not programme.sessions:
        problems.append(
            Problem(
                "sessions", "no session is declared", "list dates or give a rhythm", "programme_no_session"
            )
        )
    ordered = sorted(enumerate(programme.sessions), key=lambda pair: pair[1].starts_at)
    for index, session in enumerate(programme.sessions):
        local = session.starts_at.astimezone(zone)
        if session.starts_at < now_at and session.starts_at not in held:
            problems.append(
                Problem(
                    path_of(index),
                    f"the session of {local:%Y-%m-%d %H:%M} is in the past",
                    "remove it or write a date to come",
                    "session_past",
                    (("moment", f"{local:%Y-%m-%d %H:%M}"),),
                )
            )
        day = local.date()
        is_ordered = programme.start_day <= programme.planned_end_day
        if is_ordered and not programme.start_day <= day <= programme.planned_end_day:
            problems.append(
                Problem(
                    path_of(index),
                    f"the session of {local:%Y-%m-%d %H:%M} is outside the programme "
                    f"({programme.start_day} to {programme.planned_end_day})",
                    "move it inside, or change start or end",
                    "session_outside",
                    (
                        ("moment", f"{local:%Y-%m-%d %H:%M}"),
                        ("start", str(programme.start_day)),
                        ("end", str(programme.planned_end_day)),
                    ),
                )
            )
        if session.duration <= timedelta(0):
            problems.append(
                Problem(
                    path_of(index), "the session has no duration", 'write e.g. "2h"', "session_no_duration"
                )
            )
    for (first_index, first), (second_index, second) in pairwise(ordered):
        if second.starts_at < first.ends_at:
            problems.append(
                Problem(
                    path_of(second_index),
                    f"overlaps the session of {first.starts_at.astimezone(zone):%Y-%m-%d %H:%M} "
                    f"(declared at {shown_place(path_of(first_index))})",
                    "start it after the other one ends",
                    "session_overlap",
                    (
                        ("moment", f"{first.starts_at.astimezone(zone):%Y-%m-%d %H:%M}"),
                        ("other", shown_place(path_of(first_index))),
                    ),
                )
            )
    label = programme.sponsor.strip()
    if label and sponsors and label not in sponsors:
        known = sorted(sponsors)
        problems.append(
            Problem(
                "sponsor",
                f"'{label}' has no address in journey.sponsors of cadre.yaml",
                f"write one of {', '.join(known)}, or add  {label}: <address>  under journey.sponsors",
                "sponsor_unknown",
                (("value", label), ("known", ", ".join(known))),
            )
        )
    if not programme.sponsor.strip():
        problems.append(
            Problem("sponsor", "is empty", 'write an opaque label such as "sponsor-A"', "sponsor_empty")
        )
    if screener is not None:
        for index, objective in enumerate(programme.objectives):
            findings = sorted(screener.screen(objective), key=lambda f: f.start)
            if findings:
                places = ", ".join(f"{f.kind} at characters {f.start}-{f.end}" for f in findings)
                problems.append(
                    Problem(
                        f"objectives.{index}",
                        f"contains identifying data ({places})",
                        "write it in anonymised words, e.g. [personne] or [entreprise]; a word that "
                        "identifies no one goes in screening.allow_words of cadre.yaml",
                        "objective_identifying",
                        (
                            ("kinds", ",".join(dict.fromkeys(f.kind for f in findings))),
                            ("spans", ", ".join(f"{f.start}-{f.end}" for f in findings)),
                        ),
                    )
                )
        kinds = sorted({finding.kind for finding in screener.screen(programme.sponsor)})
        if kinds:
            problems.append(
                Problem(
                    "sponsor",
                    f"looks identifying ({', '.join(kinds)})",
                    'write an opaque label such as "sponsor-A"',
                    "sponsor_identifying",
                    (("kinds", ",".join(kinds)),),
                )
            )
    return problems


def held_starts(programme: Programme | None) -> frozenset[datetime]:
    """The session starts a loaded programme already holds (none when nothing is loaded)."""
    return frozenset(s.starts_at for s in programme.sessions) if programme is not None else frozenset()
