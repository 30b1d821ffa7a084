"""Brands from the OpenStreetMap Name Suggestion Index (brands.txt, build_brands.py): shops,
chains, banks and insurers people work at, buy from or deal with, known by name; the
brands that are also words, towns, first names or workplace acronyms stay where the text
puts them.

Examples written for these tests (none copied from a labelled set).
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from bot.screening.knowledge import knowledge, split_folded
from tests.screening_engines import en, found, fr

__all__ = ["en", "fr"]  # fixtures


def test_brands_are_loaded_with_their_markers() -> None:
    phrases = knowledge().organizations.phrases
    assert phrases[("nando", "s")] == "plain"
    assert phrases[tuple(split_folded("cache cache"))] == "ordinary"
    assert phrases[("courir",)] == "tool"  # an everyday verb: only after an employer's cue


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("je suis vendeuse chez courir depuis deux ans", "courir"),
        ("ma soeur bosse à la caisse chez Cache Cache", "Cache Cache"),
        ("on a ouvert un rayon comme celui de Point Vert", "Point Vert"),
    ],
)
def test_a_french_brand_is_an_organization(fr: ScreeningEngine, text: str, firm: str) -> None:
    assert ("organization", firm) in found(fr, text)


@pytest.mark.parametrize(
    ("text", "firm"),
    [
        ("I did two summers on the tills at nando's before uni", "nando's"),
        ("my claim with Old Mutual is still open", "Old Mutual"),
        ("I used to run the breakfast shift at Pret A Manger", "Pret A Manger"),
    ],
)
def test_an_english_brand_is_an_organization(en: ScreeningEngine, text: str, firm: str) -> None:
    assert ("organization", firm) in found(en, text)


@pytest.mark.parametrize(
    "text",
    [
        "il faut courir après les validations tout le temps",
        "on a joué à cache cache avec les enfants pendant la pause",
        "le COMEX a validé le budget hier",
        "je suis inscrit à France Travail depuis mars",
        "j'ai pris un point vert sur mon tableau de suivi",
    ],
)
def test_french_words_that_are_brands_stay_clean(fr: ScreeningEngine, text: str) -> None:
    assert [f for f in found(fr, text) if f[0] == "organization"] == []


@pytest.mark.parametrize(
    "text",
    [
        "the new process was imposed by fiat, no consultation at all",
        "they're closing the Douglas office next spring",
        "we spent the bank holiday clearing the backlog",
    ],
)
def test_english_words_and_towns_that_are_brands_stay_clean(en: ScreeningEngine, text: str) -> None:
    assert [f for f in found(en, text) if f[0] == "organization"] == []


def test_a_first_name_that_is_a_brand_stays_a_person(fr: ScreeningEngine) -> None:
    assert ("person", "Chloé") in found(fr, "j'ai vu Rémi, Agathe et Chloé hier")


def test_operators_described_as_companies_are_loaded_and_public_bodies_are_not() -> None:
    phrases = knowledge().organizations.phrases
    assert tuple(split_folded("keolis bordeaux métropole")) in phrases  # "French transport company"
    assert tuple(split_folded("france travail")) not in phrases  # a public body
