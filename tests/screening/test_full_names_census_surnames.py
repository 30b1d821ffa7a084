"""English full names whose surname the census holds only rarely ("Kent Obi"): a common
first name before it joins it, even when the first name is also a place."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(locale="en", follow_language=False)


def _people(engine: ScreeningEngine, text: str) -> list[str]:
    return [f.text for f in engine.screen(text) if f.kind == "person"]


def test_a_common_first_name_joins_a_rare_census_surname(engine: ScreeningEngine) -> None:
    assert _people(engine, "the two finalists are Kent Obi and Marta Nowak, both strong") == [
        "Kent Obi",
        "Marta Nowak",
    ]


@pytest.mark.parametrize("text", ["I moved to Kent last year and the commute is brutal"])
def test_the_place_alone_is_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _people(engine, text) == []
