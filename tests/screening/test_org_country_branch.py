"""A brand typed in lower case, then its country or town in lower case: one firm."""

from __future__ import annotations

from bot.screening.engine import ScreeningEngine


def _orgs(engine: ScreeningEngine, text: str) -> list[str]:
    return [text[f.start : f.end] for f in engine.screen(text) if f.kind == "organization"]


def test_brand_and_country_in_lower_case_fr(fr: ScreeningEngine) -> None:
    text = "ma sœur bosse chez orange cameroun depuis la rentrée"
    assert _orgs(fr, text) == ["orange cameroun"]


def test_brand_and_country_in_lower_case_en(en: ScreeningEngine) -> None:
    text = "my husband works for vodafone ghana now"
    assert _orgs(en, text) == ["vodafone ghana"]


def test_a_word_after_the_brand_stays_out(fr: ScreeningEngine) -> None:
    text = "j'ai une offre chez orange mardi prochain"
    assert _orgs(fr, text) == ["orange"]
