"""The weekly reading hours in words, for the welcome and the help text.

"du lundi au vendredi, de 8 h à 18 h", "lundi et mardi, de 8 h à 12 h et de 14 h à 18 h":
days that share the same ranges are named together (three or more in a row as a span),
every word around Babel's day names and our clock format comes from `hours.week.*`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from babel.dates import get_day_names

from bot.config.i18n import Catalogue
from bot.config.settings import WEEKDAYS, Settings
from bot.domain.lru import BoundedDict
from bot.schedule.phrasing import format_clock

_SPAN_MIN_DAYS = 3


_DESCRIBED: BoundedDict[tuple[object, ...], tuple[Catalogue, str]] = BoundedDict(64)
"""Recent phrases by (catalogue, locale, hours): the help text asks for it on every /aide."""


def describe_week(settings: Settings, locale: str, catalogue: Catalogue) -> str:
    """One phrase per set of ranges, in the order of the first day that has it."""
    key = (id(catalogue), locale, tuple(settings.hours.items()))
    known = _DESCRIBED.get(key)
    if known is not None and known[0] is catalogue:
        return known[1]
    phrase = _describe_week(settings, locale, catalogue)
    _DESCRIBED[key] = (catalogue, phrase)
    return phrase


def _describe_week(settings: Settings, locale: str, catalogue: Catalogue) -> str:
    names: Mapping[int, str] = get_day_names("wide", locale=catalogue.resolve_locale(locale))
    groups: dict[tuple[str, ...], list[int]] = {}
    for index, day in enumerate(WEEKDAYS):
        ranges = settings.hours.get(day, ())
        if ranges:
            spans = tuple(
                catalogue.text(
                    "hours.week.range",
                    locale,
                    start=format_clock(start, locale),
                    end=format_clock(end, locale),
                )
                for start, end in ranges
            )
            groups.setdefault(spans, []).append(index)
    phrases = [
        catalogue.text(
            "hours.week.group",
            locale,
            days=_days(days, names, locale, catalogue),
            ranges=_join(spans, locale, catalogue),
        )
        for spans, days in groups.items()
    ]
    return catalogue.text("hours.week.separator", locale).join(phrases)


def _days(days: Sequence[int], names: Mapping[int, str], locale: str, catalogue: Catalogue) -> str:
    """ "du lundi au jeudi", "lundi et mercredi", "le vendredi"."""
    day_name = names.__getitem__
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    if len(runs) == 1 and len(runs[0]) == 1:
        return catalogue.text("hours.week.one_day", locale, day=day_name(runs[0][0]))
    pieces: list[str] = []
    for run in runs:
        if len(run) >= _SPAN_MIN_DAYS:
            pieces.append(
                catalogue.text("hours.week.days_span", locale, first=day_name(run[0]), last=day_name(run[-1]))
            )
        else:
            pieces.extend(day_name(day) for day in run)
    return _join(pieces, locale, catalogue)


def _join(pieces: Sequence[str], locale: str, catalogue: Catalogue) -> str:
    """ "a", "a et b", "a, b et c"."""
    if len(pieces) == 1:
        return pieces[0]
    comma = catalogue.text("hours.week.comma", locale)
    last = catalogue.text("hours.week.and", locale)
    return f"{comma.join(pieces[:-1])}{last}{pieces[-1]}"
