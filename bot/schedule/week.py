"""The weekly reading hours in words, for the help text ("du lundi au vendredi, 8 h – 18 h")."""

from __future__ import annotations

from babel.dates import get_day_names

from bot.config.settings import WEEKDAYS, Settings
from bot.schedule.phrasing import format_clock


def describe_week(settings: Settings, locale: str) -> str:
    """Group consecutive days that share the same ranges; name them in the mentee's language."""
    names = get_day_names("wide", locale=locale)
    groups: list[tuple[list[int], tuple[str, ...]]] = []
    for index, day in enumerate(WEEKDAYS):
        ranges = settings.hours.get(day, ())
        if not ranges:
            continue
        spans = tuple(f"{format_clock(start, locale)} – {format_clock(end, locale)}" for start, end in ranges)
        if groups and groups[-1][0][-1] == index - 1 and groups[-1][1] == spans:
            groups[-1][0].append(index)
        else:
            groups.append(([index], spans))
    connector = {"fr": (" au ", ", ", " et "), "en": (" to ", ", ", " and ")}.get(
        locale, (" – ", ", ", " & ")
    )
    parts = []
    for days, spans in groups:
        label = names[days[0]] if len(days) == 1 else (f"{names[days[0]]}{connector[0]}{names[days[-1]]}")
        parts.append(
            f"{label} : {connector[2].join(spans)}"
            if locale == "fr"
            else f"{label}: {connector[2].join(spans)}"
        )
    return connector[1].join(parts)
