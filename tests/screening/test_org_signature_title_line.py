"""A signature whose title and firm share a line, set apart by a dash or a bar
(bot.screening.name_orgs._firm_after_title): the part after the separator is the firm; a
site, a department or a region there is no firm, and neither is such a line without a
contact line under it."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def kinds(engine: ScreeningEngine, text: str) -> dict[str, str]:
    return {f.text: f.kind for f in engine.screen(text)}


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        (
            "fr",
            "Bien cordialement,\nOdile Marchetti\nResponsable achats – Cartonneries du Vexin SAS\n"
            "01 39 47 22 10",
            "Cartonneries du Vexin SAS",
        ),
        ("fr", "Merci,\nAwa Diop Ndiaye\nChargée RH - Teranga\nawa.ndiaye@teranga-rh.sn", "Teranga"),
        ("en", "Cheers,\nGareth Owen\nAccount Manager | Velmont\n07700 900123", "Velmont"),
    ],
)
def test_the_firm_after_the_title_is_found(
    engine: str, text: str, firm: str, fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert kinds(fr if engine == "fr" else en, text).get(firm) == "organization"


@pytest.mark.parametrize(
    "place",
    ["Site de Lyon", "Bretagne", "Service Paie", "Direction Commerciale"],
)
def test_a_site_a_department_or_a_region_after_the_title_is_no_firm(place: str, fr: ScreeningEngine) -> None:
    text = f"Bonne journée,\nPaul Girard\nResponsable logistique – {place}\n06 12 34 56 78"
    assert not [f for f in fr.screen(text) if f.kind == "organization"]


def test_without_a_contact_line_the_title_line_names_no_firm(en: ScreeningEngine) -> None:
    text = "Notes from the call\nGareth Owen\nAccount Manager | Velmont\nsee you Monday"
    assert kinds(en, text).get("Velmont") != "organization"
