"""English grammar that names a thing with a capitalised word (round screen12): an event
before its noun, a town's team, an author read, what something is named after, and
three-letter abbreviations frequent in English text.

Examples written for these tests (none copied from a labelled set).
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found

__all__ = ["en"]  # fixtures


@pytest.mark.parametrize(
    "text",
    [
        "We're short-staffed every year during the Hogmanay week.",
        "the Thingyan holidays always leave the warehouse empty",
        "After the Onam rush my team needs a proper break.",
        "The Songkran weekend is chaos for the call centre.",
    ],
)
def test_a_capitalised_word_before_an_event_noun_is_the_event(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "the Kisumu team never hears about changes in time",
        "I moved over to the Pune office last spring.",
    ],
)
def test_a_town_before_its_team_or_site_is_the_town(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


def test_a_frequent_surname_before_a_team_is_still_someone(en: ScreeningEngine) -> None:
    assert ("person", "Jackson") in found(en, "We met the Jackson team in the lab.")


@pytest.mark.parametrize(
    "text",
    [
        "I've read Drucker twice and it still doesn't tell me what to do.",
        "my mentor keeps quoting Covey at me",
        "Our rooms are named after Grace Hopper and the big one after Katherine Johnson.",
        "The meeting room is called after Rosalind Franklin, which is a bit grand.",
    ],
)
def test_an_author_read_or_a_namesake_is_no_one_here(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


def test_what_is_read_of_someone_is_still_theirs(en: ScreeningEngine) -> None:
    text = "I read Priyanka's email twice before answering."
    findings = en.screen(text)
    assert [(f.kind, f.start, f.end) for f in findings] == [("person", 7, 15)]


@pytest.mark.parametrize(
    "text",
    [
        "BAU has eaten the whole planning week, again",
        "I'm the only IT person at a 40-person SME.",
    ],
)
def test_a_three_letter_abbreviation_frequent_in_english_is_no_one(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Before this I spent four years at RBC in the custody team.", 34, 37),
        ("the other offer is from CCI in Durban, more money", 24, 27),
    ],
)
def test_a_firms_initials_after_an_employer_link_are_still_found(
    en: ScreeningEngine, text: str, start: int, end: int
) -> None:
    assert [(f.start, f.end) for f in en.screen(text)] == [(start, end)]


def test_rare_three_letter_initials_are_still_someone(en: ScreeningEngine) -> None:
    assert ("person", "JBW") in found(en, "JBW told me the rota is final.")
