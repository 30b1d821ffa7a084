"""A listed brand of three ordinary English words counts in lower case without a cue."""

from __future__ import annotations

from bot.screening.engine import ScreeningEngine


def _orgs(engine: ScreeningEngine, text: str) -> list[str]:
    return [text[f.start : f.end] for f in engine.screen(text) if f.kind == "organization"]


def test_three_word_brand_in_lower_case_is_found(en: ScreeningEngine) -> None:
    text = "half my team now shop at american eagle outfitters on their lunch break"
    assert _orgs(en, text) == ["american eagle outfitters"]


def test_two_word_ordinary_brand_stays_clean_without_a_cue(en: ScreeningEngine) -> None:
    assert _orgs(en, "we had red mango for dessert after the meeting") == []


def test_ordinary_words_of_no_brand_stay_clean(en: ScreeningEngine) -> None:
    assert en.screen("the new hire was so quiet all day yesterday") == []
