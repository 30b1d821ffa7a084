"""Towns by the way a journey or a town's name is written: where a journey to a known
place started ("to Dublin from Bologna"), a journey's end of two words ("to Canary
Wharf"), a port's or a fort's town ("Port Talbot", "Fort Worth")."""

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
        "I moved to Manchester from Bologna for this role and I miss the food",
        "they're moving my whole team from Chelsea to Canary Wharf in January",
        "I cover the depots in Swansea, Neath and Port Talbot on my own",
        "Port Elizabeth and Durban both missed target this quarter",
    ],
)
def test_towns_by_the_journey_or_their_name_are_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _people(engine, text) == []


def test_someone_a_journey_passes_by_stays_someone(engine: ScreeningEngine) -> None:
    assert _people(engine, "I moved to Leeds from Becky's flat last month") == ["Becky"]
