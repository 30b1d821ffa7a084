"""Clean text about places, models and public bodies of any country (2026-12-03 afternoon):
what the data knows is no one, unless a frame says someone or a firm.

Examples written for these tests (none copied from a labelled set); the words come from the
data files (GeoNames towns no name file holds, and so on), so each test checks the data and
the rule that reads it.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from bot.screening.knowledge import knowledge
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


def test_far_places_hold_towns_no_name_file_holds() -> None:
    k = knowledge()
    assert {"elbasan", "ghazni", "krujë".replace("ë", "e")} <= k.far_places
    assert "ngozi" not in k.far_places  # a town in Burundi, and a first name Faker knows
    assert "punto fijo" in k.world_places  # several nameless words: a place wherever it stands


@pytest.mark.parametrize(
    "text",
    [
        "Elbasan was lovely this time of year.",
        "We spent a long weekend in Elbasan with the kids.",
        "The roads around Ghazni were jammed all week.",
        "I flew back from Punto Fijo on Sunday night.",
    ],
)
def test_a_town_no_name_file_holds_is_a_place_en(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Elbasan était magnifique sous la neige.",
        "On a passé le week-end à Ghazni en famille.",
        "Je rentre de Punto Fijo dimanche soir.",
    ],
)
def test_a_town_no_name_file_holds_is_a_place_fr(fr: ScreeningEngine, text: str) -> None:
    assert found(fr, text) == []


def test_such_a_town_is_still_a_firm_or_someone_where_a_frame_says_so(en: ScreeningEngine) -> None:
    assert ("organization", "Elbasan") in found(en, "She works for Elbasan now.")
    assert ("organization", "Elbasan") in found(en, "I've been at Elbasan for six years.")
    assert ("person", "Elbasan") in found(en, "My boss at Elbasan keeps moving deadlines.")
    assert ("person", "Ghazni") in found(en, "Ghazni told me the plan changed.")
    assert ("person", "Ghazni") in found(en, "Ghazni is my new assistant manager.")


def test_such_a_town_is_still_someone_who_speaks_fr(fr: ScreeningEngine) -> None:
    assert ("person", "Ghazni") in found(fr, "Ghazni m'a dit que le planning changeait.")
    assert found(fr, "Ghazni a doublé sa population en dix ans.") == []


@pytest.mark.parametrize(
    "text",
    [
        "India was lovely this time of year.",
        "Madrid was lovely this time of year.",
        "Sydney was lovely this time of year.",
        "Adelaide was lovely this time of year.",
    ],
)
def test_a_famous_place_opens_a_clean_sentence(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


def test_a_famous_place_is_someone_by_what_a_person_does(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert ("person", "Sydney") in found(en, "Sydney said the deck was late.")
    assert ("person", "India") in found(en, "India told me she would cover.")
    assert ("person", "Sydney") in found(en, "Sydney is my new assistant manager.")
    assert ("person", "sydney") in found(en, "my colleague sydney is off today")
    assert ("person", "Sydney Martin") in found(en, "Sydney Martin joined last week.")
    # a dictionary word's frequency is the word's, not the place's: "Ange" (a commune) acts
    assert ("person", "Ange") in found(fr, "Ange a refusé de me passer le relais.")


@pytest.mark.parametrize(
    "text",
    [
        "Our team visited Baldwin County for the trade fair.",
        "Jackson County was lovely this time of year.",
        "The new depot near Caldwell Parish opens in March.",
        "We moved to County Durham last year.",
        "Hunan Province has huge factories.",
    ],
)
def test_a_name_before_a_division_head_is_that_division(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


def test_a_division_name_with_a_firm_head_after_it_is_a_firm(en: ScreeningEngine) -> None:
    text = "I work at Orange County Choppers Ltd."
    assert ("organization", "Orange County Choppers Ltd.") in found(en, text)
    assert ("person", "Jackson") in found(en, "I spoke to Mr Jackson about the county fair.")


@pytest.mark.parametrize(
    "text",
    [
        "The Flynn effect was in the reading.",
        "The Overton window has shifted.",
        "The Feynman technique helps me learn.",
        "The Ivy Lee method is simple.",
        "The Matthew effect rewards the early winners.",
        "The Baader-Meinhof phenomenon again.",
    ],
)
def test_the_name_then_a_model_word_is_an_eponym(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


def test_the_name_then_another_noun_is_still_someone(en: ScreeningEngine) -> None:
    assert ("person", "Jackson") in found(en, "We met the Jackson team in the lab.")
    assert ("organization", "Gartner") in found(en, "The Gartner hype cycle fits this tool.")


@pytest.mark.parametrize(
    "text",
    [
        "IRS told me to wait.",
        "CRA says the refund is coming.",
        "DMV needs another form.",
        "KRA says my PIN is wrong.",
        "Centrelink called me twice.",
        "WorkSafeBC sent an inspector.",
    ],
)
def test_a_public_body_that_acts_is_no_one(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


def test_initials_that_act_are_still_someone(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert ("person", "JB") in found(en, "JB told me to wait.")
    assert ("person", "JB") in found(fr, "JB m'a dit d'attendre.")
    assert found(fr, "La CAF m'a dit d'attendre.") == []


def test_a_small_town_named_like_a_surname_is_a_place_after_a_place_word(en: ScreeningEngine) -> None:
    assert found(en, "Sat in a lay-by outside Melton eating lunch.") == []
    assert found(en, "They want to move me to a site out past Newman.") == []


def test_a_small_town_named_like_a_first_name_stays_someone(en: ScreeningEngine) -> None:
    assert ("person", "Casey") in found(en, "I sent the deck to Casey yesterday.")
    assert ("person", "Cameron") in found(en, "I sat near Cameron in the briefing.")
    assert ("person", "Skye") in found(en, "Skye is our only female dozer operator.")


def test_a_french_public_platform_is_no_one(fr: ScreeningEngine) -> None:
    assert found(fr, "Parcoursup a changé son calendrier et personne ne répond.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Darwin in the wet season is brutal, and the site wants us outside.",
        "Florence in the autumn is my reward if I survive this quarter.",
        "Jackson in March was hot.",
    ],
)
def test_a_town_at_a_time_of_year_is_a_place(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


def test_a_person_at_a_time_of_year_is_still_someone(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert ("person", "Florence") in found(en, "I met Florence in the summer at the conference.")
    assert ("person", "Florence") in found(en, "Florence in March told me to wait.")
    assert ("person", "Florence") in found(fr, "Florence en mars m'a dit non.")
    assert found(fr, "Lyon en hiver, c'est gris.") == []


def test_a_town_abroad_named_like_a_surname_is_a_place_after_in(en: ScreeningEngine) -> None:
    assert found(en, "We spent a long weekend in Cáceres with the kids.") == []
    assert ("person", "Cáceres") in found(en, "I asked Cáceres for the figures.")


def test_idioms_of_several_words_are_no_one(en: ScreeningEngine, fr: ScreeningEngine) -> None:
    assert found(en, "We did a Secret Santa this year.") == []
    assert found(en, "It's the Wild West out there.") == []
    assert found(fr, "Il a fait le Jacques pendant toute la réunion.") == []
    assert ("person", "Jacques") in found(fr, "Jacques a fait le point avec moi.")


def test_a_town_no_name_file_holds_is_a_place_mid_sentence(en: ScreeningEngine) -> None:
    assert found(en, "Our team visited Elbasan for the trade fair.") == []
    assert ("person", "Elbasan") in found(en, "Then Elbasan said no.")
    assert ("organization", "Elbasan") in found(en, "I had a call with Elbasan yesterday.")
