"""Initials between quotes that a naming verb announces, or that "c'est" presents, are what
people call someone; a name found once is found again when the message repeats it, initials
too. A quoted acronym after "ce qu'on appelle" names a notion. Sentences written for these
tests."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import found, fr

__all__ = ["fr"]  # fixtures


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("Le directeur d'usine, que les gars appellent « PFD », ne descend jamais à l'atelier.", "PFD"),
        ("on appelle la nouvelle DAF « MCL » depuis son premier jour", "MCL"),
        ('le responsable du magasin c\'est "TK", il ne répond jamais', "TK"),
    ],
)
def test_quoted_initials_named_are_someone(fr: ScreeningEngine, text: str, initials: str) -> None:
    assert ("person", initials) in found(fr, text)


def test_initials_repeated_are_found_each_time(fr: ScreeningEngine) -> None:
    text = "c'est avec PFD que tout se décide, et PFD ne lit jamais mes mails"
    assert [t for k, t in found(fr, text) if k == "person"].count("PFD") == 2


@pytest.mark.parametrize(
    "text",
    [
        "c'est ce qu'on appelle « ROI » dans le jargon de la direction",
        "le mot d'ordre de l'année c'est « RSE » partout",
    ],
)
def test_a_quoted_notion_is_no_one(fr: ScreeningEngine, text: str) -> None:
    assert [k for k, _ in found(fr, text) if k == "person"] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("PLV (c'est comme ça qu'on appelle le chef d'équipe) refuse mes congés", "PLV"),
        ("Charpentier (c'est le nom de ma collègue, oui) me pique mes créneaux", "Charpentier"),
        ("le Grizzly (c'est son surnom) a encore oublié la clé du local", "Grizzly"),
    ],
)
def test_a_bracket_explaining_a_name_makes_it_someone(fr: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in found(fr, text)


def test_a_code_name_in_brackets_is_no_one(fr: ScreeningEngine) -> None:
    assert [
        k for k, _ in found(fr, "le projet Apollo (nom de code interne) est en retard") if k == "person"
    ] == []
