"""The acknowledgement's words: days, clock times and the reading promise, fr and en."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from bot.config.i18n import Catalogue
from bot.schedule.hours import DEFAULT_WEEKLY, Closure, ReadingCalendar, TimeRange
from bot.schedule.phrasing import describe_reading, describe_when, format_clock, format_day
from tests.conftest import PARIS, paris


@pytest.fixture(scope="module")
def cal() -> ReadingCalendar:
    return ReadingCalendar(
        "Europe/Paris", DEFAULT_WEEKLY, "FR", closures=[Closure(date(2026, 12, 21), date(2027, 1, 2))]
    )


# ---------------------------------------------------------------------- pieces
@pytest.mark.parametrize(
    ("d", "locale", "expected"),
    [
        (date(2026, 11, 24), "fr", "mardi 24 novembre"),
        (date(2026, 11, 23), "en", "Monday 23 November"),
        (date(2026, 5, 1), "fr", "vendredi 1er mai"),
        (date(2026, 5, 1), "en", "Friday 1 May"),
        (date(2026, 11, 23), "en-GB", "Monday 23 November"),
        (date(2026, 11, 23), "fr_FR", "lundi 23 novembre"),
    ],
)
def test_format_day(d: date, locale: str, expected: str) -> None:
    assert format_day(d, locale) == expected


def test_format_day_adds_the_year_only_when_it_differs_from_the_reference() -> None:
    today = date(2026, 12, 30)
    assert format_day(date(2027, 1, 4), "fr", reference=today) == "lundi 4 janvier 2027"
    assert format_day(date(2027, 1, 4), "en", reference=today) == "Monday 4 January 2027"
    assert format_day(date(2026, 12, 31), "fr", reference=today) == "jeudi 31 décembre"
    assert format_day(date(2027, 1, 4), "fr") == "lundi 4 janvier"


def test_format_day_other_locales_use_babel() -> None:
    assert format_day(date(2026, 11, 23), "de") == "Montag, 23. November"
    assert format_day(date(2027, 1, 4), "de", reference=date(2026, 12, 30)) == ("Montag, 4. Januar 2027")
    assert format_day(date(2026, 11, 23), "es") == "lunes, 23 de noviembre"


@pytest.mark.parametrize(
    ("t", "fr", "en"),
    [
        (time(8), "8 h", "8:00"),
        (time(8, 30), "8 h 30", "8:30"),
        (time(18), "18 h", "18:00"),
        (time(0, 5), "0 h 05", "0:05"),
        (time(13, 0, 42), "13 h", "13:00"),
    ],
)
def test_format_clock(t: time, fr: str, en: str) -> None:
    assert format_clock(t, "fr") == fr
    assert format_clock(t, "en") == en


def test_format_clock_ignores_tzinfo_and_falls_back_to_babel() -> None:
    assert format_clock(time(8, tzinfo=PARIS), "fr") == "8 h"
    assert format_clock(time(8), "de") == "08:00"


# ---------------------------------------------------------------------- the promise
def test_saturday_evening_names_monday_morning(cal: ReadingCalendar, catalogue: Catalogue) -> None:
    at = paris("2026-11-21T20:00")
    assert describe_reading(cal, at, "fr", catalogue) == ("lu et traité lundi 23 novembre à partir de 8 h")
    assert describe_reading(cal, at, "en", catalogue) == ("read and handled on Monday 23 November from 8:00")


def test_inside_the_window_says_today_before_closing(cal: ReadingCalendar, catalogue: Catalogue) -> None:
    at = paris("2026-11-23T10:15")
    assert describe_reading(cal, at, "fr", catalogue) == "lu et traité aujourd'hui, avant 18 h"
    assert describe_reading(cal, at, "en", catalogue) == "read and handled today, before 18:00"


def test_weekday_evening_says_tomorrow(cal: ReadingCalendar, catalogue: Catalogue) -> None:
    at = paris("2026-11-23T18:00")
    assert describe_reading(cal, at, "fr", catalogue) == (
        "lu et traité demain, mardi 24 novembre, à partir de 8 h"
    )
    assert describe_reading(cal, at, "en", catalogue) == (
        "read and handled tomorrow, Tuesday 24 November, from 8:00"
    )


def test_early_morning_says_later_today(cal: ReadingCalendar, catalogue: Catalogue) -> None:
    at = paris("2026-11-23T07:59")
    assert describe_when(cal, at, "fr", catalogue) == "aujourd'hui à partir de 8 h"
    assert describe_when(cal, at, "en", catalogue) == "today from 8:00"


def test_lunch_break_names_the_afternoon(catalogue: Catalogue) -> None:
    split = {d: (TimeRange(time(8), time(12)), TimeRange(time(14), time(18, 30))) for d in range(5)}
    cal = ReadingCalendar("Europe/Paris", split, "FR")
    assert describe_when(cal, paris("2026-11-23T12:30"), "fr", catalogue) == ("aujourd'hui à partir de 14 h")
    assert describe_when(cal, paris("2026-11-23T15:00"), "fr", catalogue) == ("aujourd'hui, avant 18 h 30")


def test_closure_across_new_year_names_the_year(cal: ReadingCalendar, catalogue: Catalogue) -> None:
    at = paris("2026-12-18T19:00")
    assert describe_reading(cal, at, "fr", catalogue) == ("lu et traité lundi 4 janvier 2027 à partir de 8 h")


def test_question_subject_agrees_in_french(cal: ReadingCalendar, catalogue: Catalogue) -> None:
    at = paris("2026-11-21T20:00")
    assert describe_reading(cal, at, "fr", catalogue, subject="question") == (
        "lue et traitée lundi 23 novembre à partir de 8 h"
    )
    assert describe_reading(cal, at, "en", catalogue, subject="question") == (
        "read and handled on Monday 23 November from 8:00"
    )


def test_no_opening_still_gives_a_sentence(catalogue: Catalogue) -> None:
    cal = ReadingCalendar("Europe/Paris", {}, None)
    text = describe_reading(cal, paris("2026-11-23T10:00"), "fr", catalogue)
    assert text.startswith("lu et traité dès la prochaine")


def test_unknown_locale_falls_back_to_french_texts(cal: ReadingCalendar, catalogue: Catalogue) -> None:
    at = paris("2026-11-23T10:15")
    assert describe_reading(cal, at, "fr-CA", catalogue) == "lu et traité aujourd'hui, avant 18 h"


def test_every_hours_key_exists_in_both_languages_with_the_same_placeholders(catalogue: Catalogue) -> None:
    from bot.config.i18n import placeholders

    fr = catalogue.section("hours", "fr")
    en = catalogue.section("hours", "en")
    assert fr.keys() == en.keys()
    assert "when.on_day" in fr  # a bare `on:` key would be read by YAML as True
    for key in fr:
        assert placeholders(fr[key]) == placeholders(en[key]), key


def test_unknown_locale_code_falls_back_to_french_instead_of_crashing() -> None:
    assert format_day(date(2026, 11, 23), "zz") == "lundi 23 novembre"
    assert format_clock(time(8), "") == "8 h"


def test_durations_are_never_rounded_down_and_one_is_spelt(catalogue: Catalogue) -> None:
    from bot.schedule.phrasing import describe_duration

    def say(delta: timedelta, locale: str) -> str:
        return describe_duration(delta, catalogue, locale).replace("\xa0", " ")

    assert say(timedelta(days=365), "fr") == "un an"
    assert say(timedelta(days=7), "fr") == "une semaine"
    assert say(timedelta(days=365), "en") == "a year"
    assert say(timedelta(days=400), "fr") == "400 jours"
    assert say(timedelta(days=180), "fr") == "6 mois"
    assert say(timedelta(days=14), "en") == "2 weeks"
    assert say(timedelta(hours=36), "en") == "36 hours"
    assert say(timedelta(hours=1, minutes=1), "fr") == "2 heures"
    assert say(timedelta(days=365 * 1000), "fr") == "1\u202f000 ans"  # Babel's French grouping


def test_waiting_times_are_rounded_to_the_nearest_unit(catalogue: Catalogue) -> None:
    from bot.schedule.phrasing import describe_wait

    def say(delta: timedelta, locale: str = "fr") -> str:
        return describe_wait(delta, catalogue, locale).replace("\xa0", " ")

    assert say(timedelta(hours=21, minutes=59, seconds=30)) == "22 heures"  # not truncated to 21
    assert say(timedelta(hours=1, minutes=10)) == "une heure"
    assert say(timedelta(seconds=20)) == "une minute"
    assert say(timedelta(days=10)) == "10 jours"
    assert say(timedelta(days=24)) == "3 semaines"
    assert say(timedelta(minutes=59, seconds=40), "en") == "an hour"


def test_no_promise_of_today_in_the_windows_last_minutes(cal: ReadingCalendar, catalogue: Catalogue) -> None:
    at = paris("2026-11-23T17:59")
    assert (
        describe_reading(cal, at, "fr", catalogue)
        == "lu et traité demain, mardi 24 novembre, à partir de 8 h"
    )
