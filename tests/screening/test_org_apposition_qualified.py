"""A firm named in apposition after a firm noun that is qualified first
(bot.screening.name_orgs._firm_in_apposition): "une agence d'intérim locale, X,", "the
client in Copenhagen, X,", a name joined by "&", a name in lower case closed by a company
head; and appositions of the same shape that name no firm."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def kinds(engine: ScreeningEngine, text: str) -> dict[str, str]:
    return {f.text: f.kind for f in engine.screen(text)}


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        ("fr", "une agence de nettoyage locale, Brillance Nord, oublie tout", "Brillance Nord"),
        ("fr", "On bosse pour une petite agence nantaise, Plume & Cactus, qui paie tard", "Plume & Cactus"),
        ("en", "The client in Rotterdam, Keystone, moved the deadline again", "Keystone"),
        ("en", "we use a survey firm, coastal heritage group, and they are slow", "coastal heritage group"),
    ],
)
def test_a_firm_after_a_qualified_firm_noun_is_found(
    engine: str, text: str, firm: str, fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert kinds(fr if engine == "fr" else en, text).get(firm) == "organization"


@pytest.mark.parametrize(
    ("engine", "text"),
    [
        ("en", "Chase the supplier, chase finance, chase legal: that is the whole job"),
        ("en", "the client in Leeds, Manchester and York all want the same report"),
        ("en", "our supplier, a logistics group, is late again"),
        ("fr", "notre prestataire habituel, grosse agence, ne répond plus"),
        ("fr", "le client de Lyon, Marseille aussi, veut une remise"),
    ],
)
def test_an_apposition_that_names_no_firm_stays_clean(
    engine: str, text: str, fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert not [f for f in (fr if engine == "fr" else en).screen(text) if f.kind == "organization"]
