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


def test_a_month_capitalised_by_grammar_names_no_firm(en: ScreeningEngine) -> None:
    assert found(en, "I haven't taken leave since April and it shows.") == []


def test_a_firm_named_like_a_month_is_found_after_its_cue(en: ScreeningEngine) -> None:
    text = "I work at April, the insurer, since May."
    assert [(f.kind, f.start, f.end) for f in en.screen(text)] == [("organization", 10, 15)]


def test_list_heads_beside_a_found_person_are_people(en: ScreeningEngine) -> None:
    text = "My reports:\n- Oisin: steady\n- Chiamaka: new, unsure\n- Priya K.: away until June"
    spans = [(f.kind, f.start, f.end) for f in en.screen(text)]
    heads = [(text.index(h), text.index(h) + len(h)) for h in ("Oisin", "Chiamaka", "Priya K.")]
    assert spans == [("person", start, end) for start, end in heads]


def test_list_heads_that_are_words_places_or_days_stay_clean(en: ScreeningEngine) -> None:
    text = "Plan:\n- Budget: tight\n- Leeds: four people\n- Priya K.: on leave\n- Monday: kickoff"
    assert found(en, text) == [("person", "Priya K.")]


@pytest.mark.parametrize(
    "text",
    [
        "Durban was lovely this time of year.",
        "Accra is so hot this week, nobody wants to commute.",
        "I flew back from Kingston on Sunday night.",
        "We spent a long weekend in Montego Bay with the kids.",
        "Jurong West was packed, the new depot opens in March.",
    ],
)
def test_a_large_city_named_alone_in_english_is_the_city(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I handed the keys to Durban yesterday.", "Durban"),
        ("I report to Kingston now and he never replies", "Kingston"),
        ("I told Kingston twice about the rota.", "Kingston"),
        ("my new hire Brooklyn is 19 and nobody listens to her", "Brooklyn"),
    ],
)
def test_a_city_named_as_someone_is_someone(en: ScreeningEngine, text: str, name: str) -> None:
    findings = en.screen(text)
    start = text.index(name)
    assert [(f.kind, f.start, f.end) for f in findings] == [("person", start, start + len(name))]


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("Can you send the figures by Friday? Thanks, RJ", "RJ"),
        ("it's DT who signs off the rota, not my manager", "DT"),
        ("no matter what SB says, the night shift is short", "SB"),
        ("VN the forklift driver keeps skipping the checks", "VN"),
        ("In that thread, DW is the head of logistics.", "DW"),
    ],
)
def test_initials_named_by_english_grammar_are_someone(en: ScreeningEngine, text: str, initials: str) -> None:
    start = text.index(initials)
    assert [(f.kind, f.start, f.end) for f in en.screen(text)] == [("person", start, start + len(initials))]


@pytest.mark.parametrize(
    "text",
    [
        "the GM said no to the overtime",
        "HR says the policy is final",
        "IT who never answer tickets",
        "our QA said the build is fine",
    ],
)
def test_abbreviations_in_those_frames_stay_clean(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


def test_initials_moved_from_to_a_role_are_a_role(en: ScreeningEngine) -> None:
    assert found(en, "I got moved from CSR to dispatch supervisor in March.") == []


def test_initials_moved_from_to_a_firm_are_still_found(en: ScreeningEngine) -> None:
    text = "I moved from RBC to TD last year"
    assert [(f.start, f.end) for f in en.screen(text)] == [(13, 16), (20, 22)]
