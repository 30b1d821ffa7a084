"""English clean text people write: capitals inside a noun phrase, the verb "miss", and
abstract nouns opening a sentence identify no one; the same words as a person's name
are still found."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(locale="en")


def _found(engine: ScreeningEngine, text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in engine.screen(text)]


@pytest.mark.parametrize(
    "text",
    [
        "I took the figures to the HSC and I still got no answer.",
        "The supervisor keeps promising to repair the leaking AC by Friday.",
        "We moved everything onto our new CRM and nobody can find a thing.",
    ],
)
def test_capitals_after_a_determiner_are_a_thing(engine: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in _found(engine, text) if kind == "person"] == []


def test_initials_without_a_determiner_are_still_someone(engine: ScreeningEngine) -> None:
    assert ("person", "KD") in _found(engine, "me and KD both put in for the same shift swap.")


@pytest.mark.parametrize(
    "text",
    [
        "Since the transfer I miss Pretoria more than I expected.",
        "Honestly we'll miss Durban once the office closes.",
    ],
)
def test_the_verb_miss_is_no_title(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


def test_the_title_miss_still_names_someone(engine: ScreeningEngine) -> None:
    assert ("person", "Okafor") in _found(engine, "I asked Miss Okafor to move the review.")


@pytest.mark.parametrize(
    "text",
    [
        "Stewardship is what the new director keeps talking about.",
        "Parenthood is why I asked for flexible hours.",
    ],
)
def test_an_abstract_noun_opening_a_sentence_is_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []
