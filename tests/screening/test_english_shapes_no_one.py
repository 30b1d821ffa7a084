"""English shapes that are no one's name: capitals in the plural ("MBAs"), a letter before
a word ("C-level"), a lower-case word after "this" or "every" ("this arvo"), the word a role
qualifies after "a" ("a junior merchandiser"), and "I" after a title ("Madam I want…")."""

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
        "the consultants they hire all have MBAs from abroad and none of them has run a shift",
        "I have to pitch the budget to all C-level on Friday and I'm terrified",
        "can't get anything done this arvo, the system keeps crashing",
        "I started as a junior merchandiser and now I run the whole category",
        "Madam I need advice on how to ask for a raise without sounding ungrateful",
    ],
)
def test_english_shapes_that_name_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _people(engine, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mr D wants the report by Friday", "D"),
        ("Madam Okafor wants the report by Friday", "Okafor"),
        ("my manager priya wants the report by Friday", "priya"),
    ],
)
def test_titles_and_roles_still_name_someone(engine: ScreeningEngine, text: str, name: str) -> None:
    assert _people(engine, text) == [name]


def test_the_idiom_any_tom_dick_or_harry_is_no_one(engine: ScreeningEngine) -> None:
    assert _people(engine, "they'd hire any Tom, Dick or Harry who can hold a clipboard") == []
    assert _people(engine, "Tom, Dick and I are on the late shift") == ["Tom", "Dick"]
