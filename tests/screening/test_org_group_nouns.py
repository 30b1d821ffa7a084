"""A company noun in lower case, then the firm's own name: "la compagnie Les Semeurs"."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def _orgs(engine: ScreeningEngine, text: str) -> list[str]:
    return [text[f.start : f.end] for f in engine.screen(text) if f.kind == "organization"]


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("La compagnie Les Tréteaux Bleus arrive lundi pour le montage.", "Les Tréteaux Bleus"),
        ("Je dirige un café du groupe Les Comptoirs Nantais depuis mai.", "Les Comptoirs Nantais"),
        ("La troupe Vents Contraires joue samedi soir.", "Vents Contraires"),
    ],
)
def test_group_noun_then_name(fr: ScreeningEngine, text: str, firm: str) -> None:
    assert any(firm in found for found in _orgs(fr, text))


def test_group_noun_before_lower_case_words_stays_clean(fr: ScreeningEngine) -> None:
    assert _orgs(fr, "la compagnie arrive lundi et le groupe repart mardi") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ma sœur tient la boutique Fil & Aiguille à Dinan et cherche une associée", "Fil & Aiguille"),
        ("la troupe Sel & Poivre joue samedi et je suis de corvée", "Sel & Poivre"),
    ],
)
def test_a_name_joined_by_an_ampersand_after_a_shop_or_a_group(
    text: str, name: str, fr: ScreeningEngine
) -> None:
    assert any(name in f.text and f.kind == "organization" for f in fr.screen(text))


def test_a_shop_named_by_its_place_is_no_firm(fr: ScreeningEngine) -> None:
    assert not [f for f in fr.screen("on ouvre une boutique Paris Nord en mars") if f.kind == "organization"]
