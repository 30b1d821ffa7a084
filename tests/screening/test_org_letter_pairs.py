"""Firms named by two initials and "&" (bot.screening.name_orgs._letter_pairs): after a link
to an employer or a firm noun they are a firm; the pairs that name a function, a document
or a ward are not, whatever comes before them."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def orgs(engine: ScreeningEngine, text: str) -> list[str]:
    return [f.text for f in engine.screen(text) if f.kind == "organization"]


@pytest.mark.parametrize(
    ("engine", "text", "firm"),
    [
        ("en", "my brother works at K&N and they move him every year", "K&N"),
        ("en", "the courier partner D&J lost forty parcels this week", "D&J"),
        ("fr", "on a signé un contrat avec S&K pour la maintenance", "S&K"),
    ],
)
def test_initials_joined_by_an_ampersand_after_a_cue_are_a_firm(
    engine: str, text: str, firm: str, fr: ScreeningEngine, en: ScreeningEngine
) -> None:
    assert firm in orgs(fr if engine == "fr" else en, text)


@pytest.mark.parametrize(
    "text",
    [
        "she is a nurse at A&E and the shifts are brutal",
        "I moved from R&D to sales last year",
        "we had a Q&A with the CEO and nobody asked anything",
        "my manager wants a deck for the L&D budget",
        "the K&N figures were on the slide",
    ],
)
def test_a_function_or_an_uncued_pair_is_no_firm(text: str, en: ScreeningEngine) -> None:
    assert orgs(en, text) == []
