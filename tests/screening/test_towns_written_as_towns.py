"""Towns whose names are first names, read as towns by the way they are written: before
their state or country after a comma, listed before a place or another town that is no
common first name, and named again in the same message."""

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
        "the warehouse is out in Carmel, Indiana so I drive an hour each way",
        "they're moving the call centre to Troy, Michigan next spring",
        "Hastings or Brighton for the relocation? Hastings is cheaper but the commute is awful",
        "my patch now covers Phoenix and Reno and I only have two reps",
        "they're shutting the Rosetown location and moving everyone to the city",  # what a town has
    ],
)
def test_a_town_written_as_a_town_is_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _people(engine, text) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Sarah, Georgia and I are on the late rota this week", ["Sarah", "Georgia"]),
        ("I moved to Preston last year and Mr Preston my landlord is lovely", ["Preston"]),
        ("Jackson and Brighton are fighting over the overtime again", ["Jackson"]),
    ],
)
def test_people_with_those_names_stay_people(engine: ScreeningEngine, text: str, names: list[str]) -> None:
    assert _people(engine, text) == names
