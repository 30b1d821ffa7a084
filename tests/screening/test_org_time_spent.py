"""An employer named after the time spent there: "six years at X", "dix ans chez X"."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def _orgs(engine: ScreeningEngine, text: str) -> list[str]:
    return [text[f.start : f.end] for f in engine.screen(text) if f.kind == "organization"]


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("After eight years at Kelvara I finally asked for a raise.", "Kelvara"),
        ("I spent 12 years at Canon before moving to sales coaching.", "Canon"),
        ("We did three months with Brightmoor on the pilot.", "Brightmoor"),
        ("Five years at DHL taught me how depots really run.", "DHL"),
    ],
)
def test_a_stay_names_the_employer_en(en: ScreeningEngine, text: str, firm: str) -> None:
    assert firm in _orgs(en, text)


def test_a_stay_names_the_employer_fr(fr: ScreeningEngine) -> None:
    text = "Après dix ans chez Canon, je change de métier."
    assert "Canon" in _orgs(fr, text)


@pytest.mark.parametrize(
    "text",
    [
        "I spent two years at Oxford and loved every term.",
        "We spent three years at Christmas markets selling candles.",
        "I spent two years at HR before moving to the floor.",
        "Two years at school taught me patience.",
    ],
)
def test_a_stay_at_a_place_or_department_is_no_firm(en: ScreeningEngine, text: str) -> None:
    assert _orgs(en, text) == []


def test_a_stay_with_someone_is_a_person(en: ScreeningEngine) -> None:
    text = "I spent two years with Sarah in Leeds."
    assert _orgs(en, text) == []
