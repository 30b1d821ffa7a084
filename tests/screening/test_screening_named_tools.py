"""A word before an apposition naming a kind of tool or project is that tool: teams name
software after people ("Céleste, le nouveau logiciel"); someone before a role stays someone.
Sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import found, fr

__all__ = ["fr"]  # fixtures


@pytest.mark.parametrize(
    "text",
    [
        "Mélodie, le nouveau logiciel de paie, plante chaque fin de mois",
        "Victor, notre outil de réservation des salles, refuse toutes mes demandes",
    ],
)
def test_a_tool_named_like_someone_is_no_one(fr: ScreeningEngine, text: str) -> None:
    assert [k for k, _ in found(fr, text) if k == "person"] == []


def test_someone_before_a_project_role_is_someone(fr: ScreeningEngine) -> None:
    assert ("person", "Julie") in found(fr, "Julie, notre nouvelle cheffe de projet, arrive lundi")
