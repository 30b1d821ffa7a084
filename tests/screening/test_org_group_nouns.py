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
