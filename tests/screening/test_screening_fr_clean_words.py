"""French words that are also first names or surnames, left clean by their frame, and idioms
named after a literary figure.

A lower-case word after an indefinite or partitive article is a thing ("un margaux", "une
vraie perle"); after "est" a surname of the files that the dictionary holds is an
adjective ("il est picard"); Molière's Monsieur Jourdain, Gros-Jean and "Pierre, Paul ou
Jacques" name nobody. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import found, fr

__all__ = ["fr"]  # fixtures


@pytest.mark.parametrize(
    "text",
    [
        "pour le départ de Luc on a débouché un margaux, le seul bon moment de la semaine",
        "au séminaire ils ont servi du margaux et des petits fours",
        "ma nouvelle apprentie est une vraie perle, je veux la garder",
        "mon voisin de bureau est picard et il en est fier",
        "elle fait du Monsieur Jourdain sans le savoir avec ses rétros",
        "au final je suis Gros-Jean comme devant, rien n'a changé",
        "ici c'est Pierre, Paul ou Jacques qui tranche, jamais l'équipe",
        "il joue les Trissotin en réunion dès qu'il a lu un article",
    ],
)
def test_a_word_or_an_idiom_is_no_one(fr: ScreeningEngine, text: str) -> None:
    assert [k for k, _ in found(fr, text) if k == "person"] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("y a un kevin qui m'a appelé trois fois ce matin", "kevin"),
        ("j'ai un ami pierre qui bosse là-bas", "pierre"),
        ("j'ai croisé Monsieur Jourdain, le nouveau directeur, ce matin", "Jourdain"),
    ],
)
def test_someone_so_named_is_still_found(fr: ScreeningEngine, text: str, name: str) -> None:
    assert any(name in t for k, t in found(fr, text) if k == "person")


def test_a_first_name_field_holding_a_town_name_is_a_person(fr: ScreeningEngine) -> None:
    text = "Fiche d'accueil :\nNom : Randrianarisoa\nPrénom : Hery\nPoste : cariste"
    people = [t for k, t in found(fr, text) if k == "person"]
    assert "Hery" in people and "Randrianarisoa" in people
