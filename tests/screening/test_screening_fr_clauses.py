"""A capitalised first name that is also a word or a feast, made someone by a clause: its
age ("Pierre, qui a 62 ans"), a cleft sentence where it handles something ("c'est Noël qui
gère les plannings"), or what one proposes or advises to a person ("proposé à Pierre de…").
A feast that comes or weighs on someone stays a feast. Sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import found, fr

__all__ = ["fr"]  # fixtures


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Blanche, qui a 58 ans, refuse de passer sur le nouveau logiciel", "Blanche"),
        ("c'est Noël qui valide les congés de toute l'équipe", "Noël"),
        ("c'est Rose qui signe les bons de commande", "Rose"),
        ("j'ai conseillé à Pierre de demander une formation", "Pierre"),
    ],
)
def test_a_clause_makes_the_word_someone(fr: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in found(fr, text)


@pytest.mark.parametrize(
    "text",
    [
        "c'est Noël qui arrive et personne n'a posé ses congés",
        "c'est Noël qui me stresse le plus, avec les inventaires",
        "Le mois de Mai, qui a 31 jours, paraît toujours long",
    ],
)
def test_a_feast_or_a_month_stays_clean(fr: ScreeningEngine, text: str) -> None:
    assert [k for k, _ in found(fr, text) if k == "person"] == []
