"""Feasts named as the countries whose mentees write English name them, and the holidays
of their states and provinces, are no one (data: feasts.txt, built from python-holidays);
a word of a local feast's name that is someone's name too still names a colleague."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(locale="en", follow_language=False)


def _people(engine: ScreeningEngine, text: str) -> list[str]:
    return [f.text for f in engine.screen(text) if f.kind == "person"]


@pytest.mark.parametrize(
    "text",
    [
        "The store is rammed every Mardi Gras and I never get the day off",  # a state's holiday
        "We shut for Divali and the Indian Arrival Day weekend, so orders back up",  # Trinidad's English
        "Harela is coming up and half the office is away",  # one-word feast of an Indian state
        "Hari Raya open house is at my supervisor's place on Sunday",  # the head several feasts share
    ],
)
def test_local_feasts_are_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _people(engine, text) == []


def test_a_word_of_a_local_feast_that_is_a_first_name_still_names_someone(engine: ScreeningEngine) -> None:
    assert _people(engine, "Vinayak said the audit is on Monday") == ["Vinayak"]
