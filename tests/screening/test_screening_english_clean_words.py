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


def test_towns_listed_after_a_place_cue_are_places(engine: ScreeningEngine) -> None:
    assert _found(engine, "Our depots are in Warwick, Beverley and Shirley, so I drive a lot.") == []


def test_the_same_names_listed_after_with_are_people(engine: ScreeningEngine) -> None:
    found = _found(engine, "I share the rota with Beverley and Shirley this month.")
    assert ("person", "Beverley") in found and ("person", "Shirley") in found


def test_a_name_word_after_its_article_is_a_title(engine: ScreeningEngine) -> None:
    assert _found(engine, "Every request has to go through the Dean's office first.") == []


def test_the_same_word_as_a_possessive_name_is_someone(engine: ScreeningEngine) -> None:
    assert ("person", "Dean") in _found(engine, "I was moved onto Dean's team last week.")


@pytest.mark.parametrize(
    "text",
    [
        "The panel asks for SMART goals in every single section.",
        "Since the merger the ATM's been broken twice a week.",
    ],
)
def test_an_acronym_after_a_link_or_an_article_is_no_one(engine: ScreeningEngine, text: str) -> None:
    assert [kind for kind, _ in _found(engine, text) if kind == "person"] == []


def test_initials_after_a_link_are_still_someone(engine: ScreeningEngine) -> None:
    assert ("person", "KD") in _found(engine, "I had a long chat with KD about the rota.")


def test_a_suburb_listed_after_a_town_is_a_place(engine: ScreeningEngine) -> None:
    assert _found(engine, "Most of the crew live in Hillsborough and Crosspool these days.") == []


def test_a_surname_opening_a_clause_after_a_town_is_someone(engine: ScreeningEngine) -> None:
    assert ("person", "Kowalski") in _found(engine, "We met in Leeds and Kowalski was there too.")


def test_a_co_author_of_a_known_author_is_cited(engine: ScreeningEngine) -> None:
    text = "Our coach says the hierarchy of needs was proposed by Abraham Maslow and Walter Pinkney."
    assert [kind for kind, _ in _found(engine, text) if kind == "person"] == []


def test_names_after_by_with_no_known_author_are_people(engine: ScreeningEngine) -> None:
    found = _found(engine, "The new rota was written by Carl Jensen and Richard Farson last week.")
    assert ("person", "Richard Farson") in found
