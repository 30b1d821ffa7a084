"""`cadre hours`: is the reading window open at that moment, and when does the next open.

A pure function of the calendar and the instant (the command line supplies `--at` or the
clock) so the public contract — the `--json` line other tools parse — is tested directly.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TextIO

from bot.cli import registry
from bot.cli.registry import Common, Invocation, Subparsers
from bot.config.i18n import Catalogue
from bot.schedule.hours import SEARCH_HORIZON_DAYS, NoOpeningError, ReadingCalendar
from bot.schedule.phrasing import closed_reason, format_clock, format_day


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
            "hours.report.closed", locale, reason=closed_reason(calendar, at, catalogue, locale)
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


def register(sub: Subparsers, common: Common) -> None:
    parser = registry.register(sub, common, "hours", "is the reading window open, when it next opens", run)
    parser.add_argument("--at", help="local time to ask about (default: now)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(invocation: Invocation) -> int:
    setup = invocation.setup()
    return run_hours(
        setup.calendar,
        registry.instant(invocation.args, setup),
        as_json=invocation.args.json,
        catalogue=setup.catalogue,
        locale=setup.catalogue.resolve_locale(setup.settings.locale),
        stdout=invocation.stdout,
    )
