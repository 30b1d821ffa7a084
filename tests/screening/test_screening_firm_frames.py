"""Frames of the 2026-12-03 evening round: what names a firm whatever word it is named by
(someone's employer, a parent, what only a firm has or undergoes, an account one works on),
and English frames that make a first name that is also a word someone.

Examples written for these tests (none copied from a labelled set); `found` checks every
finding's offsets against the text.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("my boss at Halcyon is never around on Fridays", "Halcyon"),
        ("a recruiter at Monster called me twice this week", "Monster"),
        ("my wife's at JLR too, so a round of cuts would hit us both", "JLR"),
        ("a friend at Brightwell Foods says they are hiring", "Brightwell Foods"),
        ("we became a subsidiary of Veldora in May", "Veldora"),
        ("after the collapse of Carillion we lost half our contracts", "Carillion"),
        ("Monster's HR never answers my emails", "Monster"),
        ("we're on the Nest account until March", "Nest"),
        ("our KCB account manager left last week", "KCB"),
    ],
)
def test_an_english_frame_names_the_firm(en: ScreeningEngine, text: str, firm: str) -> None:
    assert ("organization", firm) in found(en, text)


@pytest.mark.parametrize(
    "text",
    [
        "my friend at work says I should ask for a raise",
        "someone at HR lost my file",
        "my mum at the hospital needs me on Tuesdays",
        "my friend at Leeds is a nurse",
        "the acquisition of new skills takes time",
        "my bank account is empty at the end of the month",
        "the Sales account review is on Monday",
        "someone at Christmas asked me about my plans",
    ],
)
def test_an_english_frame_before_an_ordinary_thing_names_no_firm(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("nous sommes devenus une filiale de Halcyon l'an dernier", "Halcyon"),
        ("le PDG de Halcyon vient visiter le site lundi", "Halcyon"),
        ("depuis le rachat de Veldora tout passe par le siège", "Veldora"),
        ("la mutuelle de Harmonie me relance sans arrêt", "Harmonie"),
        ("le contrat Veolia se termine en juin et on doit le renouveler", "Veolia"),
    ],
)
def test_a_french_frame_names_the_firm(fr: ScreeningEngine, text: str, firm: str) -> None:
    assert ("organization", firm) in found(fr, text)


@pytest.mark.parametrize(
    "text",
    [
        "le siège de Lyon ferme en août",
        "la fusion de deux services me fait peur",
        "la liquidation de la boîte est prévue",
        "le contrat CDI est enfin signé",
        "le marché Asie est en baisse",
    ],
)
def test_a_french_frame_before_a_place_or_a_word_names_no_firm(fr: ScreeningEngine, text: str) -> None:
    assert found(fr, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pearl on nights keeps leaving the van unlocked", [("person", "Pearl")]),
        ("the rota is fine, but Rose on the tills is exhausted", [("person", "Rose")]),
        (
            "Ivy from Hastings Direct called about the claim",
            [("person", "Ivy"), ("organization", "Hastings Direct")],
        ),
        ("Pearl has been at the front desk for 31 years", [("person", "Pearl")]),
    ],
)
def test_a_word_first_name_is_someone_on_a_shift_from_a_firm_or_at_a_post(
    en: ScreeningEngine, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(en, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Honestly on nights it is quieter",
        "Summer has been hot for two months now",
        "Hope from Leeds is what keeps the branch going",
        "Grace from God is a theme of the poster",
        "Frank feedback from the team would help",
    ],
)
def test_a_word_on_a_shift_or_from_a_place_is_no_one(en: ScreeningEngine, text: str) -> None:
    assert found(en, text) == []


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        ("en", "I hear Halcyon is hiring again, should I apply?", "Halcyon"),
        ("en", "Veldora went bust last year and I lost my job", "Veldora"),
        ("en", "At Halcyon we never get feedback before the review", "Halcyon"),
        ("fr", "la SG me propose un poste au siège", "SG"),
        ("fr", "la SG m'a proposé un poste à la Défense", "SG"),
        ("fr", "le groupe Halcyon recrute des chefs de rayon", "Halcyon"),
    ],
)
def test_what_only_a_firm_does_names_the_firm(
    request: pytest.FixtureRequest, engine: str, text: str, firm: str
) -> None:
    assert ("organization", firm) in found(request.getfixturevalue(engine), text)


@pytest.mark.parametrize(
    ("engine", "text"),
    [
        ("en", "Retail is hiring again in the spring"),
        ("en", "Nobody is hiring in December"),
        ("en", "At Christmas we close the depot for a week"),
        ("fr", "l usine d Évian recrute, mais je ne veux pas bouger"),
        ("fr", "Personne ne recrute en ce moment"),
    ],
)
def test_a_sector_a_pronoun_a_feast_or_a_plant_s_town_is_no_firm(
    request: pytest.FixtureRequest, engine: str, text: str
) -> None:
    assert found(request.getfixturevalue(engine), text) == []


@pytest.mark.parametrize(
    ("engine", "text", "name"),
    [
        ("fr", "ma collègue Pau se fait couper la parole en réunion", "Pau"),
        ("fr", "notre comptable Rose part en mars", "Rose"),
        ("en", "my colleague Florence said the rota is final", "Florence"),
        ("en", "Mike the plumber never shows up before ten", "Mike"),
        ("en", "I told Pearl the receptionist to lock up", "Pearl"),
    ],
)
def test_a_role_next_to_a_word_makes_it_someone(
    request: pytest.FixtureRequest, engine: str, text: str, name: str
) -> None:
    assert ("person", name) in found(request.getfixturevalue(engine), text)


@pytest.mark.parametrize(
    ("engine", "text"),
    [
        ("fr", "mon collègue Excel plante tous les matins"),
        ("en", "Bill the client for the extra hours or absorb them?"),
        ("en", "Brexit the disaster is all anyone talks about"),
    ],
)
def test_a_role_next_to_a_tool_or_a_verb_makes_no_one(
    request: pytest.FixtureRequest, engine: str, text: str
) -> None:
    assert found(request.getfixturevalue(engine), text) == []


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        ("en", "we supply dashboards to Jaguar Land Rover and their team is brutal", "Jaguar Land Rover"),
        ("en", "we ship to Halcyon every Tuesday", "Halcyon"),
        ("fr", "on livre la pulpe a tereos et ils nous mettent la pression", "tereos"),
    ],
)
def test_what_one_sells_or_delivers_to_names_the_client(
    request: pytest.FixtureRequest, engine: str, text: str, firm: str
) -> None:
    assert ("organization", firm) in found(request.getfixturevalue(engine), text)


@pytest.mark.parametrize(
    ("engine", "text"),
    [
        ("en", "we deliver to Leeds on Mondays"),
        ("en", "we sell to customers who never pay on time"),
        ("fr", "on livre à Paris demain matin"),
        ("fr", "on vend à perte depuis des mois"),
    ],
)
def test_what_one_delivers_to_a_town_or_a_crowd_names_no_firm(
    request: pytest.FixtureRequest, engine: str, text: str
) -> None:
    assert found(request.getfixturevalue(engine), text) == []


def test_a_client_sold_to_by_first_name_is_someone(en: ScreeningEngine) -> None:
    assert found(en, "we sold the van to Mark last week") == [("person", "Mark")]


def test_two_firm_names_one_space_apart_are_one_firm(en: ScreeningEngine) -> None:
    text = "a friend at Jaguar Land Rover says they are hiring"
    assert found(en, text) == [("organization", "Jaguar Land Rover")]


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        ("en", "my partner works at octopus and they have a four-day week", "octopus"),
        ("en", "she works at boots, the pay is fine", "boots"),
    ],
)
def test_a_lower_case_word_after_a_verb_of_working_is_the_employer(
    request: pytest.FixtureRequest, engine: str, text: str, firm: str
) -> None:
    assert ("organization", firm) in found(request.getfixturevalue(engine), text)


@pytest.mark.parametrize(
    ("engine", "text"),
    [
        ("en", "she works at home on Fridays"),
        ("en", "I work at night mostly, the day team hates me"),
        ("en", "we work at pace and nobody checks anything"),
        ("en", "the family gave me my first job at nineteen, and now I want to leave"),
        ("fr", "je travaille chez moi le lundi"),
        ("fr", "je travaille chez mes parents le week-end"),
    ],
)
def test_where_or_when_one_works_names_no_employer(
    request: pytest.FixtureRequest, engine: str, text: str
) -> None:
    assert found(request.getfixturevalue(engine), text) == []


def test_a_listed_brand_that_is_a_word_counts_after_what_only_a_firm_undergoes(fr: ScreeningEngine) -> None:
    text = "après la faillite de camaïeu je suis passée chez cache cache"
    assert found(fr, text) == [("organization", "camaïeu"), ("organization", "cache cache")]
    assert found(fr, "la faillite de la boîte me pend au nez") == []


def test_a_frequent_word_before_a_lower_case_name_is_not_its_first_name(fr: ScreeningEngine) -> None:
    assert found(fr, "on a vu julien hier soir") == [("person", "julien")]
    assert found(fr, "constance ferrand m'a dit non") == [("person", "constance ferrand")]


def test_an_unknown_abbreviation_someone_is_from_is_their_organization(en: ScreeningEngine) -> None:
    text = "the union delegate Craig Mullins from the AMWU wants a list"
    assert found(en, text) == [("person", "Craig Mullins"), ("organization", "AMWU")]
    assert found(en, "a guy from the NHS called about my mum") == []
    assert found(en, "my manager from the UK office is visiting") == []
