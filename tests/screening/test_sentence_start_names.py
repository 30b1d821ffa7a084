"""English first names that are also words, opening a sentence, found by what the sentence
says of them (a person's predicate, a role in apposition, "he"/"she" taking them up), and
the same words left alone when the sentence speaks of a thing, a virtue or a season."""

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
        ("Rusty is our most reliable welder and the night crew love him", "Rusty"),
        ("Grace is the only one who reads the handover notes properly", "Grace"),
        ("Frank is the quietest guy in the depot but the customers adore him", "Frank"),
        ("Joy our office manager is leaving in June and nobody has a plan", "Joy"),
        ("Sandy is brilliant with the kids but she won't touch the paperwork", "Sandy"),
        ("Hunter was my best recruiter last year, so I want to keep him", "Hunter"),
    ],
)
def test_a_first_name_said_of_as_someone(engine: ScreeningEngine, text: str, name: str) -> None:
    assert _people(engine, text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Summer is our busiest season and the team is exhausted by August",
        "Patience is a virtue but my manager has none left",
        "Grace is the answer he gave when I asked about the deadline",
        "Will is the number one thing they look for in a promotion case",
        "Hope is not a plan, and she keeps telling me that",
        "Frank feedback is what my team needs and what she never gives",
    ],
)
def test_the_same_words_as_things_stay_clean(engine: ScreeningEngine, text: str) -> None:
    assert _people(engine, text) == []
