"""Whose employee one is (bot.screening.name_orgs._employee_of): "salarié de X",
"employée chez X" name the employer, its capitalised article and particles too; a post,
a place, a department or someone named there is no firm. A firm named after a country or
a region after a takeover's cue (`_place_led_name`): "racheté par France Thermes"."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def kinds(engine: ScreeningEngine, text: str) -> dict[str, str]:
    return {f.text: f.kind for f in engine.screen(text)}


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("Je suis salarié de La Boussole depuis huit ans et je n'en peux plus.", "La Boussole"),
        ("je suis salariée de Vergers du Haut Pays depuis 2019, même coefficient", "Vergers du Haut Pays"),
        ("on est tous employés de Les Compagnons Réunis, pas de la mairie", "Les Compagnons Réunis"),
    ],
)
def test_the_employer_of_an_employee_is_a_firm(text: str, firm: str, fr: ScreeningEngine) -> None:
    assert kinds(fr, text).get(firm) == "organization"


@pytest.mark.parametrize(
    "text",
    [
        "je suis employée de Mairie depuis mes vingt ans",
        "les salariés de Lyon ont voté la grève",
        "je suis salarié de la DRH, pas des opérations",
        "les employés de Marseille et de Toulon sont mutés",
    ],
)
def test_a_post_or_a_place_after_the_employee_noun_is_no_firm(text: str, fr: ScreeningEngine) -> None:
    assert not [f for f in fr.screen(text) if f.kind == "organization"]


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("on a été rachetés par France Plastiques et tout change", "France Plastiques"),
        ("la clinique a été rachetée par Bretagne Soins l'an dernier", "Bretagne Soins"),
    ],
)
def test_a_firm_named_after_a_country_or_a_region_after_a_takeover(
    text: str, firm: str, fr: ScreeningEngine
) -> None:
    assert kinds(fr, text).get(firm) == "organization"


def test_a_first_name_and_surname_after_a_takeover_cue_stay_a_person(fr: ScreeningEngine) -> None:
    assert kinds(fr, "un entretien avec Florence Martin demain").get("Florence Martin") == "person"
