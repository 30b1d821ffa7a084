"""The weekly reading hours in words, as a native reader writes them."""

from __future__ import annotations

import pytest

from bot.config.i18n import load_catalogue
from bot.config.settings import Settings
from bot.schedule.week import describe_week

CATALOGUE = load_catalogue(None)
WORKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


def week(**hours: list[str]) -> Settings:
    return Settings.model_validate({"hours": hours})


def say(settings: Settings, locale: str) -> str:
    return describe_week(settings, locale, CATALOGUE)


@pytest.mark.parametrize(
    ("hours", "french", "english"),
    [
        (
            {day: ["08:00-18:00"] for day in WORKDAYS},
            "du lundi au vendredi, de 8 h à 18 h",
            "Monday to Friday, from 8:00 to 18:00",
        ),
        (
            {"monday": ["08:00-12:00", "14:00-18:00"], "tuesday": ["08:00-12:00", "14:00-18:00"]},
            "lundi et mardi, de 8 h à 12 h et de 14 h à 18 h",
            "Monday and Tuesday, from 8:00 to 12:00 and from 14:00 to 18:00",
        ),
        (
            {"wednesday": ["09:30-12:00"]},
            "le mercredi, de 9 h 30 à 12 h",
            "Wednesdays, from 9:30 to 12:00",
        ),
        (
            {
                "monday": ["08:00-18:00"],
                "tuesday": ["08:00-18:00"],
                "wednesday": ["08:00-18:00"],
                "thursday": ["08:00-18:00"],
                "friday": ["08:00-12:00"],
            },
            "du lundi au jeudi, de 8 h à 18 h ; le vendredi, de 8 h à 12 h",
            "Monday to Thursday, from 8:00 to 18:00; Fridays, from 8:00 to 12:00",
        ),
        (
            {"monday": ["08:00-18:00"], "wednesday": ["08:00-18:00"], "friday": ["08:00-18:00"]},
            "lundi, mercredi et vendredi, de 8 h à 18 h",
            "Monday, Wednesday and Friday, from 8:00 to 18:00",
        ),
    ],
)
def test_hours_are_written_grammatically(hours: dict[str, list[str]], french: str, english: str) -> None:
    settings = week(**hours)
    assert say(settings, "fr") == french
    assert say(settings, "en") == english
