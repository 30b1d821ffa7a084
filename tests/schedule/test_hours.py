"""Reading windows at the instants that matter: Friday 18:00, Monday 07:59, the nights the
clocks change, public holidays, closures, split days."""

from __future__ import annotations

import time as perf
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.errors import CadreError
from bot.schedule.hours import (
    DEFAULT_WEEKLY,
    SEARCH_HORIZON_DAYS,
    Closure,
    InvalidCalendarError,
    NoOpeningError,
    ReadingCalendar,
    TimeRange,
)

PARIS = ZoneInfo("Europe/Paris")


def paris(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def calendar(**kwargs: object) -> ReadingCalendar:
    options: dict[str, object] = {"weekly": DEFAULT_WEEKLY, "holiday_country": "FR"}
    options.update(kwargs)
    return ReadingCalendar("Europe/Paris", **options)  # type: ignore[arg-type]


SPLIT_WEEKLY = {day: (TimeRange(time(8), time(12)), TimeRange(time(14), time(18))) for day in range(5)}


# ---------------------------------------------------------------------- the week's edges
def test_friday_just_before_closing_is_open() -> None:
    cal = calendar()
    at = paris("2026-11-27T17:59")
    assert cal.is_open(at)
    assert cal.current_window(at) == (paris("2026-11-27T08:00"), paris("2026-11-27T18:00"))


def test_friday_at_closing_is_closed_until_monday_eight() -> None:
    cal = calendar()
    at = paris("2026-11-27T18:00")
    assert not cal.is_open(at)
    assert cal.current_window(at) is None
    assert cal.next_opening(at) == paris("2026-11-30T08:00")


def test_monday_before_opening_opens_the_same_morning() -> None:
    cal = calendar()
    at = paris("2026-11-23T07:59")
    assert not cal.is_open(at)
    assert cal.next_opening(at) == paris("2026-11-23T08:00")


def test_opening_instant_itself_is_open_and_next_opening_is_tomorrow() -> None:
    cal = calendar()
    at = paris("2026-11-23T08:00")
    assert cal.is_open(at)
    assert cal.next_opening(at) == paris("2026-11-24T08:00")


def test_open_from_is_the_instant_itself_when_open_else_the_next_opening() -> None:
    cal = calendar()
    assert cal.open_from(paris("2026-11-27T17:59")) == paris("2026-11-27T17:59")
    assert cal.open_from(paris("2026-11-27T18:00")) == paris("2026-11-30T08:00")  # Friday closing
    assert cal.open_from(paris("2026-11-23T08:00")) == paris("2026-11-23T08:00")


def test_results_are_in_the_calendar_zone_whatever_the_input_zone() -> None:
    cal = calendar()
    at = datetime(2026, 11, 27, 17, 30, tzinfo=UTC)  # 18:30 in Paris
    assert not cal.is_open(at)
    opening = cal.next_opening(at)
    assert opening.tzinfo is PARIS
    assert opening.isoformat() == "2026-11-30T08:00:00+01:00"
    tokyo = datetime(2026, 11, 23, 17, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # 09:00 Paris
    assert cal.is_open(tokyo)


def test_naive_datetime_is_refused_with_a_fix() -> None:
    with pytest.raises(InvalidCalendarError, match="aware datetime"):
        calendar().is_open(datetime(2026, 11, 23, 10, 0))


# ---------------------------------------------------------------------- daylight saving
def test_spring_forward_weekend_monday_opens_at_eight_summer_time() -> None:
    cal = calendar()
    opening = cal.next_opening(paris("2026-03-27T18:00"))  # Friday before 29 March
    assert opening == paris("2026-03-30T08:00")
    assert opening.utcoffset() == timedelta(hours=2)
    assert opening.astimezone(UTC).hour == 6


def test_fall_back_weekend_monday_opens_at_eight_winter_time() -> None:
    cal = calendar()
    opening = cal.next_opening(paris("2026-10-23T18:00"))  # Friday before 25 October
    assert opening == paris("2026-10-26T08:00")
    assert opening.utcoffset() == timedelta(hours=1)
    assert opening.astimezone(UTC).hour == 7


def test_night_of_the_spring_change_is_closed_and_keys_one_period() -> None:
    cal = calendar()
    before = datetime(2026, 3, 29, 0, 59, tzinfo=UTC)  # 01:59 CET
    after = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 CEST
    assert not cal.is_open(before) and not cal.is_open(after)
    assert cal.closed_period_key(before) == cal.closed_period_key(after)
    assert cal.next_opening(after) == paris("2026-03-30T08:00")


def test_window_in_the_missing_hour_does_not_crash_and_stays_closed() -> None:
    weekly = {6: (TimeRange(time(2), time(3)),)}  # Sunday 02:00-03:00
    cal = calendar(weekly=weekly, holiday_country=None)
    change = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # the instant 02:00 CET became 03:00 CEST
    assert not cal.is_open(change)
    assert cal.openings_between(paris("2026-03-28T12:00"), paris("2026-03-30T12:00")) == []
    assert cal.next_opening(paris("2026-03-28T12:00")) == paris("2026-04-05T02:00")


def test_window_starting_in_the_missing_hour_opens_when_the_clock_resumes() -> None:
    weekly = {6: (TimeRange(time(2, 30), time(4)),)}
    cal = calendar(weekly=weekly, holiday_country=None)
    opening = cal.next_opening(paris("2026-03-28T12:00"))
    assert opening.isoformat() == "2026-03-29T03:30:00+02:00"
    assert cal.is_open(paris("2026-03-29T03:45"))


def test_window_in_the_repeated_hour_lasts_two_real_hours() -> None:
    weekly = {6: (TimeRange(time(2), time(3)),)}
    cal = calendar(weekly=weekly, holiday_country=None)
    start, end = cal.current_window(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) or (None, None)
    assert start is not None and end is not None
    assert start.isoformat() == "2026-10-25T02:00:00+02:00"
    assert end.isoformat() == "2026-10-25T03:00:00+01:00"
    # Same-zone subtraction is wall-clock in Python; real elapsed time needs UTC.
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=2)
    assert cal.is_open(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # second 02:30
    assert not cal.is_open(datetime(2026, 10, 25, 2, 0, tzinfo=UTC))


# ---------------------------------------------------------------------- holidays, closures
def test_labour_day_and_christmas_are_closed() -> None:
    cal = calendar()
    assert cal.day_is_closed(date(2026, 5, 1)) == "holiday"  # a Friday
    assert not cal.is_open(paris("2026-05-01T10:00"))
    assert cal.next_opening(paris("2026-04-30T18:00")) == paris("2026-05-04T08:00")
    assert cal.day_is_closed(date(2026, 12, 25)) == "holiday"
    assert not cal.is_open(paris("2026-12-25T10:00"))
    assert cal.holiday_name(date(2026, 5, 1), "fr") == "Fête du Travail"
    assert cal.holiday_name(date(2026, 12, 25), "en") == "Christmas Day"


def test_no_holiday_country_reads_on_public_holidays() -> None:
    cal = calendar(holiday_country=None)
    assert cal.is_open(paris("2026-12-25T10:00"))
    assert cal.holiday_name(date(2026, 12, 25), "fr") is None


def test_good_friday_is_closed_only_in_alsace_moselle() -> None:
    good_friday = paris("2027-03-26T10:00")
    assert calendar().is_open(good_friday)
    moselle = calendar(holiday_subdivision="57")
    assert not moselle.is_open(good_friday)
    assert moselle.day_is_closed(date(2027, 3, 26)) == "holiday"
    # Thursday evening → Good Friday, weekend, Easter Monday → Tuesday.
    assert moselle.next_opening(paris("2027-03-25T18:00")) == paris("2027-03-30T08:00")
    assert moselle.day_is_closed(date(2026, 12, 26)) == "holiday"  # Saint-Étienne, a Saturday


def test_closure_range_is_skipped_inclusively() -> None:
    cal = calendar(closures=[Closure(date(2026, 12, 21), date(2027, 1, 2))])
    assert cal.is_open(paris("2026-12-18T17:00"))
    assert cal.day_is_closed(date(2026, 12, 21)) == "closure"
    assert cal.day_is_closed(date(2027, 1, 2)) == "closure"
    assert cal.day_is_closed(date(2027, 1, 3)) == "weekly"
    assert not cal.is_open(paris("2026-12-22T10:00"))
    assert cal.next_opening(paris("2026-12-18T18:00")) == paris("2027-01-04T08:00")


def test_closure_reason_wins_over_holiday_and_weekend() -> None:
    cal = calendar(closures=[Closure(date(2026, 12, 21), date(2027, 1, 2), "hiver")])
    assert cal.day_is_closed(date(2026, 12, 25)) == "closure"
    assert cal.day_is_closed(date(2026, 12, 26)) == "closure"
    assert cal.closure_on(date(2026, 12, 25)) == Closure(date(2026, 12, 21), date(2027, 1, 2), "hiver")
    assert cal.day_is_closed(date(2026, 11, 1)) == "holiday"  # Toussaint, a Sunday
    assert cal.day_is_closed(date(2026, 11, 22)) == "weekly"
    assert cal.day_is_closed(date(2026, 11, 23)) is None


# ---------------------------------------------------------------------- split days
def test_two_ranges_per_day_closed_at_lunch() -> None:
    cal = calendar(weekly=SPLIT_WEEKLY)
    assert cal.is_open(paris("2026-11-23T11:59"))
    lunch = paris("2026-11-23T12:30")
    assert not cal.is_open(lunch)
    assert cal.next_opening(lunch) == paris("2026-11-23T14:00")
    assert cal.current_window(paris("2026-11-23T15:00")) == (
        paris("2026-11-23T14:00"),
        paris("2026-11-23T18:00"),
    )
    assert cal.next_opening(paris("2026-11-23T09:00")) == paris("2026-11-23T14:00")


def test_touching_or_overlapping_ranges_are_one_window() -> None:
    weekly = {0: (TimeRange(time(12), time(14)), TimeRange(time(8), time(12)), TimeRange(time(13), time(15)))}
    cal = calendar(weekly=weekly, holiday_country=None)
    assert cal.weekly[0] == (TimeRange(time(8), time(15)),)
    assert cal.openings_between(paris("2026-11-22T00:00"), paris("2026-11-24T00:00")) == [
        paris("2026-11-23T08:00")
    ]


# ---------------------------------------------------------------------- scans
def test_openings_between_across_a_weekend() -> None:
    cal = calendar()
    openings = cal.openings_between(paris("2026-11-27T08:00"), paris("2026-12-01T08:00"))
    # (after, until]: Friday's opening is excluded, Tuesday's included.
    assert openings == [paris("2026-11-30T08:00"), paris("2026-12-01T08:00")]
    assert cal.openings_between(paris("2026-11-28T00:00"), paris("2026-11-29T23:59")) == []
    assert cal.openings_between(paris("2026-12-01T08:00"), paris("2026-11-27T08:00")) == []


def test_openings_between_with_split_days() -> None:
    cal = calendar(weekly=SPLIT_WEEKLY)
    assert cal.openings_between(paris("2026-11-23T09:00"), paris("2026-11-24T09:00")) == [
        paris("2026-11-23T14:00"),
        paris("2026-11-24T08:00"),
    ]


def test_digest_slots_with_an_extra_time_inside_the_window() -> None:
    cal = calendar()
    slots = cal.digest_slots_between(
        paris("2026-11-27T07:00"), paris("2026-11-30T23:00"), extra_times=[time(13)]
    )
    assert slots == [
        paris("2026-11-27T08:00"),
        paris("2026-11-27T13:00"),
        paris("2026-11-30T08:00"),
        paris("2026-11-30T13:00"),
    ]


def test_digest_extra_time_outside_windows_or_on_an_opening_adds_nothing() -> None:
    cal = calendar(weekly=SPLIT_WEEKLY)
    slots = cal.digest_slots_between(
        paris("2026-11-23T00:00"),
        paris("2026-11-23T23:59"),
        extra_times=[time(13), time(14), time(20), time(8)],
    )
    assert slots == [paris("2026-11-23T08:00"), paris("2026-11-23T14:00")]
    assert (
        cal.digest_slots_between(paris("2026-11-28T00:00"), paris("2026-11-29T23:59"), extra_times=[time(13)])
        == []
    )


def test_digest_slots_bounds_are_after_exclusive_until_inclusive() -> None:
    cal = calendar()
    slots = cal.digest_slots_between(
        paris("2026-11-23T08:00"), paris("2026-11-23T13:00"), extra_times=[time(13)]
    )
    assert slots == [paris("2026-11-23T13:00")]


# ---------------------------------------------------------------------- away notices
def test_closed_period_key_is_stable_across_one_evening_and_changes_the_next() -> None:
    cal = calendar()
    monday_evening = cal.closed_period_key(paris("2026-11-23T18:00"))
    assert monday_evening is not None
    assert cal.closed_period_key(paris("2026-11-23T22:30")) == monday_evening
    assert cal.closed_period_key(paris("2026-11-24T07:59")) == monday_evening
    assert cal.closed_period_key(paris("2026-11-24T10:00")) is None
    tuesday_evening = cal.closed_period_key(paris("2026-11-24T19:00"))
    assert tuesday_evening is not None and tuesday_evening != monday_evening


def test_closed_period_key_spans_the_whole_weekend() -> None:
    cal = calendar()
    keys = {
        cal.closed_period_key(paris(t))
        for t in ("2026-11-27T18:00", "2026-11-28T12:00", "2026-11-29T23:00", "2026-11-30T07:59")
    }
    assert len(keys) == 1 and None not in keys


# ---------------------------------------------------------------------- absurd configs
def test_no_window_at_all_raises_a_cadre_error_quickly() -> None:
    cal = calendar(weekly={})
    started = perf.perf_counter()
    with pytest.raises(NoOpeningError, match=str(SEARCH_HORIZON_DAYS)) as caught:
        cal.next_opening(paris("2026-11-23T10:00"))
    assert isinstance(caught.value, CadreError)
    assert perf.perf_counter() - started < 2


def test_closure_longer_than_the_horizon_raises() -> None:
    cal = calendar(closures=[Closure(date(2026, 1, 1), date(2028, 12, 31))])
    with pytest.raises(NoOpeningError):
        cal.next_opening(paris("2026-11-23T10:00"))


def test_long_scans_stay_fast() -> None:
    cal = calendar(holiday_subdivision="57")
    started = perf.perf_counter()
    openings = cal.openings_between(paris("2026-01-01T00:00"), paris("2029-01-01T00:00"))
    assert perf.perf_counter() - started < 2
    assert 700 < len(openings) < 3 * 261


@pytest.mark.parametrize(
    ("build", "fix"),
    [
        (lambda: TimeRange(time(18), time(8)), "earlier time first"),
        (lambda: Closure(date(2027, 1, 2), date(2026, 12, 21)), "first day first"),
        (lambda: ReadingCalendar("Europe/Pariss", DEFAULT_WEEKLY), "Europe/Paris"),
        (lambda: ReadingCalendar("Europe/Paris", {7: ()}), "0 \\(Monday\\)"),
        (lambda: ReadingCalendar("Europe/Paris", DEFAULT_WEEKLY, "XX"), "ISO code"),
        (lambda: ReadingCalendar("Europe/Paris", DEFAULT_WEEKLY, "FR", "99"), "subdivision"),
        (lambda: ReadingCalendar("Europe/Paris", DEFAULT_WEEKLY, None, "57"), "country"),
    ],
)
def test_invalid_primitives_say_what_to_write(build: object, fix: str) -> None:
    with pytest.raises(InvalidCalendarError, match=fix):
        build()  # type: ignore[operator]
