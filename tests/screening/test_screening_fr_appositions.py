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


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("mon binôme Kevin Pareto m'a aidé à préparer la revue", "Kevin Pareto"),
        ("la docteure Herzberg m'a prescrit du repos", "Herzberg"),
        ("madame Maslow de la compta m'a appelée deux fois", "Maslow"),
    ],
)
def test_a_title_or_a_first_name_before_an_authors_name_is_someone(
    fr: ScreeningEngine, text: str, name: str
) -> None:
    assert any(name in t for k, t in found(fr, text) if k == "person")


@pytest.mark.parametrize(
    "text",
    [
        "selon Peter Drucker la culture mange la stratégie au petit-déjeuner",
        "comme disait Peter Drucker, on ne gère que ce qu'on mesure",
        "la loi de Murphy s'applique toujours chez nous",
    ],
)
def test_an_author_cited_by_full_name_stays_clean(fr: ScreeningEngine, text: str) -> None:
    assert [k for k, _ in found(fr, text) if k == "person"] == []


def test_a_kin_nickname_is_part_of_the_name(fr: ScreeningEngine) -> None:
    assert ("person", "Tonton Gérard") in found(fr, "Tonton Gérard, le mécanicien, est le seul qui m'aide")
