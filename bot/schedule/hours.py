"""Office hours: when the mentor reads, as a pure function of the instant.

The frame of the product rests on this module: a mentee is told exactly when a question
will be read, the mentor is never notified outside a window, and digests go out at each
opening. Nothing here reads a clock or a file; every method takes the instant, so tests
cover Friday 18:00, Monday 07:59, daylight-saving nights and holidays without sleeping.

Wall times are turned into instants with `zoneinfo` one day at a time, so "08:00 on the
Monday after the October change" is 08:00 local whatever the offset was on Friday. A window
edge that falls in a nonexistent hour (02:00-03:00 on the March change day) is moved
forward as PEP 495 prescribes and a window that ends up empty is skipped; an ambiguous edge
(October) takes its first occurrence. Comparisons are made in UTC; results come back in
the calendar's zone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from bot.config.holiday_regions import holiday_countries, holiday_subdivisions
from bot.errors import CadreError

SEARCH_HORIZON_DAYS = 400
"""How far ahead `next_opening` looks: over a year, so a long closure plus a holiday still
fits, yet bounded so that a calendar with no window at all fails fast instead of looping."""

ClosedReason = Literal["holiday", "closure", "weekly"]


class InvalidCalendarError(CadreError, ValueError):
    """The primitives given to the calendar cannot describe reading hours.

    Settings are validated with file and line before they reach this module; this error
    only catches a caller that bypassed that validation, so it names the value and the fix.
    """


class NoOpeningError(CadreError):
    """No reading window opens within the search horizon (weekly hours empty, or closed
    by closures and holidays for more than `SEARCH_HORIZON_DAYS` days)."""


@dataclass(frozen=True)
class TimeRange:
    """One reading range inside a day, start inclusive, end exclusive.

    A range never crosses midnight: the settings write "24:00" as 23:59:59 and a night
    shift is two ranges on two days.
    """

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise InvalidCalendarError(
                "'TimeRange' times must be wall-clock times without tzinfo "
                f"(got {self.start!r}-{self.end!r}); the calendar's timezone applies"
            )
        if self.end <= self.start:
            raise InvalidCalendarError(
                f"'TimeRange.end' must be after start (got {self.start:%H:%M}-"
                f"{self.end:%H:%M}); write the earlier time first"
            )


@dataclass(frozen=True)
class Closure:
    """Days the coach does not read (vacation), both ends included, in the calendar's zone.

    `label` is the coach's own name for it ("congés d'hiver"), shown in `cadre hours`.
    """

    first_day: date
    last_day: date
    label: str = ""

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise InvalidCalendarError(
                f"'Closure.last_day' must not be before first_day (got {self.first_day}"
                f"..{self.last_day}); write the first day first"
            )

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


DEFAULT_WEEKLY: Mapping[int, tuple[TimeRange, ...]] = {
    weekday: (TimeRange(time(8), time(18)),) for weekday in range(5)
}
"""Monday to Friday, 08:00-18:00: the product's default frame."""


def _merged(ranges: Sequence[TimeRange]) -> tuple[TimeRange, ...]:
    """Sort and merge overlapping or touching ranges.

    "08:00-12:00" and "12:00-14:00" are one stretch of reading for the mentee; keeping them
    apart would invent an opening (and a digest) at 12:00.
    """
    merged: list[TimeRange] = []
    for current in sorted(ranges, key=lambda r: (r.start, r.end)):
        if merged and current.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = TimeRange(last.start, max(last.end, current.end))
        else:
            merged.append(current)
    return tuple(merged)


def _require_aware(at: datetime, name: str) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidCalendarError(
            f"'{name}' must be an aware datetime (got naive {at.isoformat()}); "
            "pass clock.now() or attach a timezone"
        )


class ReadingCalendar:
    """The mentor's reading windows: weekly ranges minus public holidays minus closures.

    Built from primitives (not from `Settings`) so the schedule package depends on nothing
    but the standard library and `holidays`.
    """

    def __init__(
        self,
        timezone: str,
        weekly: Mapping[int, Sequence[TimeRange]],
        holiday_country: str | None = "FR",
        holiday_subdivision: str | None = None,
        closures: Sequence[Closure] = (),
    ) -> None:
        try:
            self._zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidCalendarError(
                f"'timezone' must be an IANA time zone (got {timezone!r}); write e.g. 'Europe/Paris'"
            ) from None
        unknown_days = sorted(set(weekly) - set(range(7)))
        if unknown_days:
            raise InvalidCalendarError(
                f"'weekly' keys must be weekdays 0 (Monday) to 6 (Sunday) (got {unknown_days})"
            )
        self._weekly: tuple[tuple[TimeRange, ...], ...] = tuple(
            _merged(weekly.get(weekday, ())) for weekday in range(7)
        )
        if holiday_country is not None:
            if holiday_country not in holiday_countries():
                raise InvalidCalendarError(
                    f"'holiday_country' must be a country the holidays package knows "
                    f"(got {holiday_country!r}); write an ISO code such as 'FR' or None"
                )
            if holiday_subdivision is not None:
                subdivisions = holiday_subdivisions(holiday_country)
                if holiday_subdivision not in subdivisions:
                    raise InvalidCalendarError(
                        f"'holiday_subdivision' must be a subdivision of {holiday_country} "
                        f"(got {holiday_subdivision!r}); write one of "
                        f"{', '.join(subdivisions)} or None"
                    )
        elif holiday_subdivision is not None:
            raise InvalidCalendarError(
                f"'holiday_subdivision' needs a holiday_country (got {holiday_subdivision!r} "
                "without one); set the country or drop the subdivision"
            )
        self._country = holiday_country
        self._subdivision = holiday_subdivision
        self._closures = tuple(sorted(closures, key=lambda c: c.first_day))
        # One plain dict per (year, language): a `holidays` object expands lazily on every
        # lookup outside its years, which is slow and would make a scan depend on history.
        self._holiday_cache: dict[tuple[int, str | None], dict[date, str]] = {}
        self._language_cache: dict[str, str | None] = {}

    # ------------------------------------------------------------------ description
    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    @property
    def timezone(self) -> str:
        return self._zone.key

    @property
    def weekly(self) -> tuple[tuple[TimeRange, ...], ...]:
        """Seven tuples of merged, sorted ranges, Monday first."""
        return self._weekly

    @property
    def closures(self) -> tuple[Closure, ...]:
        return self._closures

    # ------------------------------------------------------------------ days
    def _holidays(self, year: int, language: str | None = None) -> dict[date, str]:
        if self._country is None:
            return {}
        key = (year, language)
        cached = self._holiday_cache.get(key)
        if cached is None:
            table = holidays.country_holidays(
                self._country, subdiv=self._subdivision, years=year, language=language
            )
            cached = dict(table.items())
            self._holiday_cache[key] = cached
        return cached

    def _is_holiday(self, day: date) -> bool:
        # Any cached language will do to know the dates; names are only needed for reports.
        for (year, _language), table in self._holiday_cache.items():
            if year == day.year:
                return day in table
        return day in self._holidays(day.year)

    def holiday_name(self, day: date, locale: str | None = None) -> str | None:
        """The public holiday's name in the mentee's language when the package has it."""
        if self._country is None:
            return None
        return self._holidays(day.year, self._holiday_language(locale)).get(day)

    def _holiday_language(self, locale: str | None) -> str | None:
        """Best language the package offers for `locale` ('en' → 'en_US'), else its default.

        Passing one explicitly matters: left to itself the package follows the process's
        LANG, so the same report would differ between a laptop and the server.
        """
        if self._country is None:
            return None
        wanted = (locale or "").replace("-", "_").lower()
        if wanted in self._language_cache:
            return self._language_cache[wanted]
        table = holidays.country_holidays(self._country, subdiv=self._subdivision, years=())
        languages: tuple[str, ...] = tuple(table.supported_languages)
        short = wanted.split("_")[0]
        default: str | None = (
            next((c for c in languages if c.lower() == wanted), None)
            or next((c for c in languages if c.split("_")[0].lower() == short), None)
            or table.default_language
        )
        self._language_cache[wanted] = default
        return default

    def closure_on(self, day: date) -> Closure | None:
        return next((c for c in self._closures if c.covers(day)), None)

    def day_is_closed(self, d: date) -> ClosedReason | None:
        """Why a whole local day has no reading, or None when it has windows.

        The coach's closure is named before the holiday and the holiday before the weekly
        rhythm: the more specific reason is the one a mentee or the coach wants to read.
        """
        if self.closure_on(d) is not None:
            return "closure"
        if self._is_holiday(d):
            return "holiday"
        if not self._weekly[d.weekday()]:
            return "weekly"
        return None

    def _windows_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's windows as UTC instants; empty ones (a DST gap) are dropped."""
        ranges = self._weekly[day.weekday()]
        if not ranges or self.closure_on(day) is not None or self._is_holiday(day):
            return []
        windows: list[tuple[datetime, datetime]] = []
        for span in ranges:
            start_at = datetime.combine(day, span.start, tzinfo=self._zone).astimezone(UTC)
            end_at = datetime.combine(day, span.end, tzinfo=self._zone).astimezone(UTC)
            if end_at > start_at:
                windows.append((start_at, end_at))
        return windows

    def _local_day(self, at: datetime) -> date:
        return at.astimezone(self._zone).date()

    def _local(self, at: datetime) -> datetime:
        return at.astimezone(self._zone)

    # ------------------------------------------------------------------ instants
    def current_window(self, at: datetime) -> tuple[datetime, datetime] | None:
        """The window containing `at` (start inclusive, end exclusive), or None.

        Every window of a local day starts and ends on that same local day, so only the
        day of `at` needs looking at.
        """
        _require_aware(at, "at")
        for start_at, end_at in self._windows_on(self._local_day(at)):
            if start_at <= at < end_at:
                return self._local(start_at), self._local(end_at)
        return None

    def is_open(self, at: datetime) -> bool:
        return self.current_window(at) is not None

    def open_from(self, at: datetime) -> datetime:
        """`at` itself when the window is open then, else the next opening: the first moment
        from `at` on when the reader may be written to. Raises `NoOpeningError` like
        `next_opening`."""
        return at if self.is_open(at) else self.next_opening(at)

    def next_opening(self, at: datetime) -> datetime:
        """The first window start after `at`.

        When open, the current window's own start is in the past, so this is the next one;
        when closed, a start equal to `at` would mean open, so "strictly after" is also
        "the first start >= at" the product describes. Raises `NoOpeningError` past
        `SEARCH_HORIZON_DAYS`.
        """
        _require_aware(at, "at")
        first_day = self._local_day(at)
        for offset in range(SEARCH_HORIZON_DAYS + 1):
            for start_at, _end_at in self._windows_on(first_day + timedelta(days=offset)):
                if start_at > at:
                    return self._local(start_at)
        raise NoOpeningError(
            f"no reading window opens within {SEARCH_HORIZON_DAYS} days after "
            f"{first_day.isoformat()}; give the weekly hours at least one range and check "
            "that closures do not cover the whole period"
        )

    def _days_between(self, after: datetime, until: datetime) -> list[date]:
        first, last = self._local_day(after), self._local_day(until)
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def openings_between(self, after: datetime, until: datetime) -> list[datetime]:
        """Window starts in (after, until]: the digest instants a scheduler must not miss
        when it wakes up late (after a restart, the missed openings are in this list)."""
        _require_aware(after, "after")
        _require_aware(until, "until")
        if until <= after:
            return []
        return [
            self._local(start_at)
            for day in self._days_between(after, until)
            for start_at, _end_at in self._windows_on(day)
            if after < start_at <= until
        ]

    def digest_slots_between(
        self, after: datetime, until: datetime, extra_times: Sequence[time] = ()
    ) -> list[datetime]:
        """Openings plus the coach's extra digest times that fall inside an open window.

        An extra time on a closed day or between two ranges is dropped rather than moved:
        the mentor is never notified outside the window, and the next opening sends a
        digest anyway. An extra time equal to an opening yields one slot, not two.
        """
        _require_aware(after, "after")
        _require_aware(until, "until")
        if until <= after:
            return []
        slots: set[datetime] = set()
        for day in self._days_between(after, until):
            windows = self._windows_on(day)
            slots.update(start_at for start_at, _end_at in windows)
            for extra in extra_times:
                slot_at = datetime.combine(day, extra.replace(tzinfo=None), tzinfo=self._zone).astimezone(UTC)
                if any(start_at <= slot_at < end_at for start_at, end_at in windows):
                    slots.add(slot_at)
        return [self._local(slot_at) for slot_at in sorted(slots) if after < slot_at <= until]

    def closed_period_key(self, at: datetime) -> str | None:
        """None when open; otherwise one key per closed period, so a mentee who writes five
        times on a Saturday gets one away notice, and another one next weekend.

        The key is the ISO instant of the opening that ends the period, in UTC so that a
        change of the calendar's zone cannot reuse an old key.
        """
        if self.is_open(at):
            return None
        return self.next_opening(at).astimezone(UTC).isoformat()
