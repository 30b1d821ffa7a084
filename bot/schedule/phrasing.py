"""Days and times in the mentee's language, and the "when will it be read" phrase.

The acknowledgement is the product's promise ("lu et traité lundi 24 novembre à partir de
8 h"), so its pieces follow each language's own typography rather than Babel's technical
defaults: French writes "8 h 30" and "1er mai", English (British usage, like the rest of
our English texts) writes "8:00" and "Monday 24 November". Other locales get Babel's
patterns. Every word around the pieces comes from the catalogue (`hours.*`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, match_skeleton

from bot.config.i18n import Catalogue
from bot.schedule.hours import NoOpeningError, ReadingCalendar

ReadingSubject = Literal["message", "question"]


#: Closer than this to the end of a window, the promise names the next opening instead.
LAST_MINUTES_DELAY = timedelta(minutes=30)

FALLBACK_LOCALE = "fr"
"""Used for a locale Babel does not know: the product speaks French by default."""


@lru_cache(maxsize=64)
def _babel_locale(locale: str) -> str:
    """`en-GB` → `en_GB`; an unknown or malformed code → French rather than a crash in the
    middle of an acknowledgement."""
    candidate = locale.replace("-", "_")
    try:
        Locale.parse(candidate)
    except (UnknownLocaleError, ValueError, TypeError):
        return FALLBACK_LOCALE
    return candidate


def _language(locale: str) -> str:
    return _babel_locale(locale).split("_")[0].lower()


def format_day(d: date, locale: str, reference: date | None = None, *, with_year: bool = False) -> str:
    """'lundi 24 novembre' / 'Monday 24 November', with the year only when it is not the
    reference's (a mentee reading on 30 December needs "4 janvier 2027", not every day),
    or always with `with_year` (a record kept for months)."""
    with_year = with_year or (reference is not None and d.year != reference.year)
    language = _language(locale)
    if language == "fr":
        day_number = "1er" if d.day == 1 else str(d.day)
        weekday = format_date(d, "EEEE", locale="fr")
        month = format_date(d, "MMMM", locale="fr")
        year = f" {d.year}" if with_year else ""
        return f"{weekday} {day_number} {month}{year}"
    if language == "en":
        return format_date(d, "EEEE d MMMM y" if with_year else "EEEE d MMMM", locale="en")
    return format_date(d, _wide_day_pattern(locale, with_year), locale=_babel_locale(locale))


def _wide_day_pattern(locale: str, with_year: bool) -> str:
    """The locale's own order for weekday, day and month, with full names.

    CLDR's closest skeleton often abbreviates ("Mo., 23. November"); a promise made to a
    person reads better in full, so the letters are widened outside quoted literals.
    """
    babel_locale = Locale.parse(_babel_locale(locale))
    skeletons = babel_locale.datetime_skeletons
    key = match_skeleton("yMMMMEEEEd" if with_year else "MMMMEEEEd", skeletons)
    if key is None:
        return "EEEE d MMMM y" if with_year else "EEEE d MMMM"
    pieces = str(skeletons[key].pattern).split("'")
    for index in range(0, len(pieces), 2):  # even pieces are outside quotes
        widened = re.sub(r"E+", "EEEE", pieces[index])
        pieces[index] = re.sub(r"(?<!M)M{3}(?!M)", "MMMM", widened)
    return "'".join(pieces)


def format_clock(t: time, locale: str) -> str:
    """'8 h', '8 h 30', '18 h' in French; '8:00', '18:00' in English.

    Babel gives "08:00" (fr) and "8:00 AM" (en); neither is how a person writes an
    appointment in those languages, hence explicit patterns for the two we ship.
    """
    wall = t.replace(tzinfo=None, second=0, microsecond=0)
    language = _language(locale)
    if language == "fr":
        return f"{wall.hour} h" if wall.minute == 0 else f"{wall.hour} h {wall.minute:02d}"
    if language == "en":
        return f"{wall.hour}:{wall.minute:02d}"
    return format_time(wall, "short", locale=_babel_locale(locale))


EXAMPLE_AHEAD = timedelta(days=30)
"""How far ahead an example day is: a month is a pause that is always allowed."""


def example_day(today: date, locale: str) -> str:
    """A day a month after `today`, as a person types it ('02/01' in French, where the year
    goes without saying; '2027-01-02' elsewhere, which no reader takes for 1 February): an
    example to copy that works whatever the date (`/pause`), where a fixed '31/08' is past,
    or too far ahead, half the year."""
    day = today + EXAMPLE_AHEAD
    if _language(locale) == "fr":
        return f"{day.day:02d}/{day.month:02d}"
    return day.isoformat()


def describe_when(calendar: ReadingCalendar, at: datetime, locale: str, catalogue: Catalogue) -> str:
    """Only the moment: "aujourd'hui, avant 18 h", "demain, mardi 24 novembre, à partir de
    8 h", "lundi 23 novembre à partir de 8 h".

    Separate from the verb so a text can build its own sentence around it ("votre mentor
    la lira {when}") without fighting French agreement.
    """
    window = calendar.current_window(at)
    today = at.astimezone(calendar.zone).date()
    if window is not None and window[1] - at >= LAST_MINUTES_DELAY:
        return catalogue.text("hours.when.today", locale, end=format_clock(window[1].time(), locale))
    try:
        # In a window's last minutes, "before 18 h" would be a promise nobody keeps.
        opening = calendar.next_opening(window[1] if window is not None else at)
    except NoOpeningError:
        # The item is already stored; the acknowledgement must still go out.
        return catalogue.text("hours.when.unknown", locale)
    day = opening.date()
    params = {"day": format_day(day, locale, reference=today), "time": format_clock(opening.time(), locale)}
    if day == today:
        return catalogue.text("hours.when.later_today", locale, **params)
    if day == today + timedelta(days=1):
        return catalogue.text("hours.when.tomorrow", locale, **params)
    return catalogue.text("hours.when.on_day", locale, **params)


def describe_reading(
    calendar: ReadingCalendar,
    at: datetime,
    locale: str,
    catalogue: Catalogue,
    *,
    subject: ReadingSubject = "message",
) -> str:
    """The full promise, e.g. "lu et traité lundi 24 novembre à partir de 8 h".

    `subject` picks the agreement of the participle: in French a message is read "lu et
    traité", a question "lue et traitée"; each language writes both keys its own way.
    """
    when = describe_when(calendar, at, locale, catalogue)
    return catalogue.text(f"hours.read.{subject}", locale, when=when)


def _duration(count: int, unit: str, catalogue: Catalogue, locale: str) -> str:
    """ "un an", "une semaine", "3 heures": the catalogue's words (Babel writes "1 an")."""
    return catalogue.text(f"hours.duration.{unit}", locale, count=max(1, count))


def describe_wait(delta: timedelta, catalogue: Catalogue, locale: str) -> str:
    """How long an item has waited ("10 jours", "22 heures"), to the nearest unit: minutes
    under an hour, hours under two days, days under three weeks, then weeks."""
    minutes = round(delta / timedelta(minutes=1))
    if minutes < 60:
        return _duration(minutes, "minute", catalogue, locale)
    if delta < timedelta(days=2):
        return _duration(round(delta / timedelta(hours=1)), "hour", catalogue, locale)
    if delta < timedelta(weeks=3):
        return _duration(round(delta / timedelta(days=1)), "day", catalogue, locale)
    return _duration(round(delta / timedelta(weeks=1)), "week", catalogue, locale)


def describe_duration(delta: timedelta, catalogue: Catalogue, locale: str) -> str:
    """A retention period as a person reads it ("un an", "6 mois", "2 weeks"), never rounded
    down: a legal notice must not promise less than what is kept. Whole years, months
    (30 days), weeks, days, in that order of preference; hours below a day."""
    days, remainder = divmod(delta, timedelta(days=1))
    if remainder or days == 0:
        hours = -(-delta // timedelta(hours=1))  # ceiling
        return _duration(hours, "hour", catalogue, locale)
    for size, unit in ((365, "year"), (30, "month"), (7, "week")):
        if days % size == 0:
            return _duration(days // size, unit, catalogue, locale)
    return _duration(days, "day", catalogue, locale)


def closed_reason(calendar: ReadingCalendar, at: datetime, catalogue: Catalogue, locale: str) -> str:
    """Why the window is closed at `at`: a named closure, a holiday, the weekly hours."""
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
