"""The name a team gives someone after "on l'appelle" or "qu'on appelle" is a person's.

A nickname may be a day, a title or an article and a letter ("qu'on appelle Dimanche",
"on l'appelle Le Vieux K"): the frame names someone. "ce qu'on appelle le Lean" names a
notion, "je t'appelle Lundi" is a phone call. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import found, fr

__all__ = ["fr"]  # fixtures


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("le magasinier qu'on appelle Samedi arrive toujours le premier", "Samedi"),
        ("ma cheffe, on l'appelle La Grande Sophie, ne lâche rien", "La Grande Sophie"),
        ("le livreur, on le surnomme Capitaine, connaît tout le quartier", "Capitaine"),
    ],
)
def test_a_nickname_after_the_naming_frame_is_someone(fr: ScreeningEngine, text: str, name: str) -> None:
    people = [t for k, t in found(fr, text) if k == "person"]
    assert any(name in t for t in people), people


@pytest.mark.parametrize(
    "text",
    [
        "je t'appelle Lundi pour en parler",
        "ce qu'on appelle le Lean, c'est surtout des réunions",
        "c'est ce qu'on appelle Noël avant l'heure",
    ],
)
def test_a_call_or_a_notion_is_no_nickname(fr: ScreeningEngine, text: str) -> None:
    assert [k for k, _ in found(fr, text) if k == "person"] == []
