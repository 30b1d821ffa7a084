"""`cadre hours`: is the reading window open at that moment, and when does the next open.

A pure function of the calendar and the instant (the command line supplies `--at` or the
clock) so the public contract — the `--json` line other tools parse — is tested directly.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TextIO

from bot.config.i18n import Catalogue
from bot.schedule.hours import SEARCH_HORIZON_DAYS, NoOpeningError, ReadingCalendar
from bot.schedule.phrasing import format_clock, format_day


def hours_json(calendar: ReadingCalendar, at: datetime) -> str:
    """Exactly `{"open": bool, "next_opening": "<ISO 8601 with offset>"}`, one line.

    `next_opening` is null only when no window opens within the search horizon, which a
    valid configuration never produces.
    """
    return json.dumps({"open": calendar.is_open(at), "next_opening": _next_iso(calendar, at)})


def _next_iso(calendar: ReadingCalendar, at: datetime) -> str | None:
    try:
        return calendar.next_opening(at).isoformat()
    except NoOpeningError:
        return None


def _closed_reason(calendar: ReadingCalendar, at: datetime, catalogue: Catalogue, locale: str) -> str:
    day = at.astimezone(calendar.zone).date()
    reason = calendar.day_is_closed(day)
    if reason == "closure":
        closure = calendar.closure_on(day)
        assert closure is not None  # day_is_closed just found it
        dates = {
            "first": format_day(closure.first_day, locale, reference=day),
            "last": format_day(closure.last_day, locale, reference=day),
        }
        if closure.label:
            return catalogue.text("hours.report.reason.closure_named", locale, label=closure.label, **dates)
        return catalogue.text("hours.report.reason.closure", locale, **dates)
    if reason == "holiday":
        return catalogue.text(
            "hours.report.reason.holiday", locale, name=calendar.holiday_name(day, locale) or ""
        )
    if reason == "weekly":
        return catalogue.text("hours.report.reason.weekly", locale)
    return catalogue.text("hours.report.reason.outside", locale)


def hours_text(
    calendar: ReadingCalendar, at: datetime, *, catalogue: Catalogue, locale: str
) -> tuple[str, bool]:
    """The human report and whether a next opening was found (the exit status)."""
    local_at = at.astimezone(calendar.zone)
    today = local_at.date()
    head = catalogue.text(
        "hours.report.at",
        locale,
        day=format_day(today, locale),
        time=format_clock(local_at.time(), locale),
        timezone=calendar.timezone,
    )
    window = calendar.current_window(at)
    if window is not None:
        state = catalogue.text("hours.report.open", locale, end=format_clock(window[1].time(), locale))
    else:
        state = catalogue.text(
            "hours.report.closed", locale, reason=_closed_reason(calendar, at, catalogue, locale)
        )
    try:
        opening = calendar.next_opening(at)
    except NoOpeningError:
        return (
            f"{head} {state}\n" + catalogue.text("hours.report.none", locale, days=SEARCH_HORIZON_DAYS),
            False,
        )
    following = catalogue.text(
        "hours.report.next",
        locale,
        day=format_day(opening.date(), locale, reference=today),
        time=format_clock(opening.time(), locale),
    )
    return f"{head} {state}\n{following}", True


def run_hours(
    calendar: ReadingCalendar,
    at: datetime,
    *,
    as_json: bool,
    catalogue: Catalogue,
    locale: str,
    stdout: TextIO,
) -> int:
    """Print the report; 0 when a next opening exists, 1 when the hours never open."""
    if as_json:
        stdout.write(hours_json(calendar, at) + "\n")
        return 0 if _next_iso(calendar, at) is not None else 1
    text, has_opening = hours_text(calendar, at, catalogue=catalogue, locale=locale)
    stdout.write(text + "\n")
    return 0 if has_opening else 1
