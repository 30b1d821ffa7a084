"""Colours that are also first names (Rose, Ambre, Jade, Olive) used as colours: after
"couleur", before a shade, or listed with a colour no one is named. Two such names listed
together may be two colleagues. Sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import found, fr

__all__ = ["fr"]  # fixtures


@pytest.mark.parametrize(
    "text",
    [
        "les étiquettes couleur ambre signalent les palettes à reprendre",
        "Rose foncé pour les urgences, c'est la nouvelle règle du tableau",
        "Jade, bleu ou gris : on vote pour la couleur des badges",
    ],
)
def test_a_colour_is_no_one(fr: ScreeningEngine, text: str) -> None:
    assert [k for k, _ in found(fr, text) if k == "person"] == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Rose et Violette ont démissionné le même jour", ["Rose", "Violette"]),
        ("j'ai croisé Rose ce matin, elle porte toujours du vert", ["Rose"]),
    ],
)
def test_colleagues_named_like_colours_are_found(fr: ScreeningEngine, text: str, names: list[str]) -> None:
    people = [t for k, t in found(fr, text) if k == "person"]
    assert all(n in people for n in names), people
