"""The countries and subdivisions checked without loading every country module agree with
what the `holidays` package lists when it loads them all."""

from __future__ import annotations

import holidays

from bot.config.holiday_regions import holiday_countries, holiday_subdivisions


def test_the_countries_are_the_ones_the_package_lists() -> None:
    assert holiday_countries() == frozenset(holidays.list_supported_countries())


def test_each_country_has_the_subdivisions_the_package_lists() -> None:
    listed = holidays.list_supported_countries()
    assert {code: list(holiday_subdivisions(code)) for code in listed} == listed


def test_an_unknown_or_missing_country_has_no_subdivision() -> None:
    assert holiday_subdivisions("XX") == ()
    assert holiday_subdivisions(None) == ()
    assert "75" not in holiday_subdivisions("FR") and "974" in holiday_subdivisions("FR")
