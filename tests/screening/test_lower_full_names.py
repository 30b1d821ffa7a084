"""English full names typed in lower case: a first name, even one that is also a word, then
a surname no dictionary holds ("mercy wanjiru", "dudley okafor"); the word alone, or before
a dictionary word, stays a word."""

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
        ("i spent the whole morning with grace achieng on the stock count", "grace achieng"),
        ("the new shift lead is rupert okonjo and he already changed the rota", "rupert okonjo"),
        ("can you help me give feedback to hamish mcbride without starting a war", "hamish mcbride"),
    ],
)
def test_a_lower_case_full_name_is_someone(engine: ScreeningEngine, text: str, name: str) -> None:
    assert _people(engine, text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "she handled the whole restructure with grace and patience",
        "i showed mercy to the new starter and now everyone expects it",
    ],
)
def test_the_words_alone_stay_words(engine: ScreeningEngine, text: str) -> None:
    assert _people(engine, text) == []
