"""Initials opening a clause and followed by what only a person does ("MJ runs the night
shift") are someone; a workplace abbreviation doing the same is a team ("HR runs payroll")."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(locale="en", follow_language=False)


def _people(engine: ScreeningEngine, text: str) -> list[str]:
    return [f.text for f in engine.screen(text) if f.kind == "person"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("TK runs the loading bay and nobody dares argue with him", "TK"),
        ("honestly DW manages the whole warehouse single-handed", "DW"),
    ],
)
def test_initials_that_act_are_someone(engine: ScreeningEngine, text: str, name: str) -> None:
    assert _people(engine, text) == [name]


@pytest.mark.parametrize("text", ["HR runs payroll on Thursdays", "QA runs the regression suite every night"])
def test_an_abbreviation_that_acts_is_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _people(engine, text) == []
