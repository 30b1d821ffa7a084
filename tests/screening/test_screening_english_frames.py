"""English frames of the 2026-12-03 late-morning round: a stay counted in years names an
employer, a vocative opens a request, a town after "in" stays a town after a verb of meeting.

Examples written for these tests (none copied from a labelled set).
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found

__all__ = ["en"]  # fixtures


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("back then i was with swoop for three years, good pay", "swoop"),
        ("I've been at kestrel nine years and nobody listens", "kestrel"),
        ("i worked for marble & finch for 2 years before this", "marble & finch"),
        ("I was at Bright Harbour for a couple of years", "Bright Harbour"),
    ],
)
def test_a_stay_counted_in_years_names_the_employer(en: ScreeningEngine, text: str, firm: str) -> None:
    assert ("organization", firm) in found(en, text)


@pytest.mark.parametrize(
    "text",
    [
        "I was at home for two years with the baby",
        "I was at uni for three years and never spoke up",
        "I've been with my partner for ten years",
        "she was at school for twelve years with the same friends",
        "I was with them for five years",
    ],
)
def test_a_stay_at_home_or_at_school_names_no_firm(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


def test_a_vocative_before_a_request_is_someone(en: ScreeningEngine) -> None:
    assert ("person", "Kwaku") in found(en, 'my lead texted: "Kwaku, send the manifest tonight"')
    assert ("person", "Yaw") in found(en, "Yaw, ring the depot before noon.")


@pytest.mark.parametrize(
    "text",
    ["Honestly, call it what you like", "Sorry, can you read this?", "Anyway, tell me what you think"],
)
def test_an_interjection_before_a_request_is_no_one(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


def test_a_town_after_in_stays_a_town_after_a_verb_of_meeting(en: ScreeningEngine) -> None:
    assert found(en, "we met in Jackson last spring for the audit") == []
    assert ("person", "Preston") in found(en, "I spoke to Preston about the rota")


def test_a_site_in_a_town_named_like_people_is_a_place(en: ScreeningEngine) -> None:
    assert found(en, "the depot in Shelby opens at five and nobody warned me") == []
    assert found(en, "our twins go to school in Beverley now") == []
    assert ("person", "Shelby") in found(en, "the only one on the team in Shelby's view")
    assert ("person", "Shelby") in found(en, "I confided in Shelby about the move")


def test_a_place_followed_by_its_kind_is_that_place(en: ScreeningEngine) -> None:
    assert found(en, "Jordan the country, not Jordan from payroll, is where the plant is") == [
        ("person", "Jordan")
    ]
    assert found(en, "Florence, the city, is where the offsite will be") == []
    assert ("person", "Georgia") in found(en, "Georgia, the state manager, said no")


def test_a_town_named_like_people_after_a_verb_of_giving_is_someone(en: ScreeningEngine) -> None:
    assert ("person", "Preston") in found(en, "I report to Preston every Friday")
    assert ("person", "Tyler") in found(en, "I handed the keys back to Tyler last night")
    assert found(en, "we are relocating to Preston in the spring") == []


def test_a_name_before_what_the_land_is_names_the_land(en: ScreeningEngine) -> None:
    assert found(en, "two years in the Amazon basin before this desk job") == []
    assert found(en, "our growers in the Jordan valley want a new contract") == []
    assert ("organization", "Tesco") in found(en, "the Tesco region is where I started")
    assert ("organization", "Amazon") in found(en, "the Amazon region manager called me")


def test_a_prefixed_word_opening_a_sentence_is_no_name(en: ScreeningEngine) -> None:
    assert found(en, "Micromanagement is what my director calls support") == []
    assert found(en, "Underperformance is how they framed my review") == []
    assert ("person", "Underwood") in found(en, "Underwood is my new line manager")


def test_a_lower_case_name_before_a_role_apposition_is_someone(en: ScreeningEngine) -> None:
    assert ("person", "felicity") in found(en, "we think felicity, the other assistant, was told too")
    assert ("person", "Pearl") in found(en, "Pearl, the other receptionist, quit on Friday")
    assert found(en, "fine, the other manager said, do it your way") == []
