"""A name opening a French sentence, then who it is between commas or brackets.

The role may be a trade no list holds, told by its suffix ("l'administrateur", "notre
logisticien"), or one of a group ("un des fournisseurs"); a name that is also an author's
or a model's is a colleague when the apposition makes it ours ("notre consultant", "le
nouveau contrôleur"), not when it tells who the author was. Sentences written for these
tests.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import found, fr

__all__ = ["fr"]  # fixtures


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gaudreau, l'administratrice du théâtre, signe tout la veille.", "Gaudreau"),
        ("Morvan, le mécanicien, répare les lignes sans personne.", "Morvan"),
        ("Herzberg, notre consultant, parle de facteurs d'hygiène.", "Herzberg"),
        ("Vroom, mon nouveau formateur, m'a appris beaucoup.", "Vroom"),
        ("Ringelmann, notre logisticien, refuse de porter les cartons.", "Ringelmann"),
    ],
)
def test_a_role_in_apposition_makes_the_word_someone(fr: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in found(fr, text)


@pytest.mark.parametrize(
    "text",
    [
        "Drucker, le père du management moderne, disait que la culture mange la stratégie.",
        "Maslow, le psychologue américain, a proposé une pyramide des besoins.",
        "Bref, le facteur, il ne passe jamais avant midi.",
        "Ensuite, l'animateur, lui, ne savait pas quoi dire.",
        "Un constat (le plus ancien des problèmes) reste.",
    ],
)
def test_an_author_described_or_an_interjection_stays_clean(fr: ScreeningEngine, text: str) -> None:
    assert [k for k, _ in found(fr, text) if k == "person"] == []
