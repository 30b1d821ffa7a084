"""French lists of people: the last one may be a rare first name or a word, joined by "et"
or Québec's "pis", and a name found once is found again where the message repeats it.
Sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import found, fr

__all__ = ["fr"]  # fixtures


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sandrine et Mélisse de l'accueil ont posé leurs congés ensemble", "Mélisse"),
        ("au quai il y a Karim, Julien et Manu, toujours les mêmes", "Manu"),
        ("on est quatre au bureau : Sylvain, Ginette pis Kim", "Kim"),
    ],
)
def test_the_last_name_of_a_list_is_someone(fr: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in found(fr, text)


def test_a_name_found_once_is_found_where_it_is_repeated(fr: ScreeningEngine) -> None:
    text = "J'ai Nadia, Lucas et Manu en formation, et seul Manu a réussi le test."
    assert [t for k, t in found(fr, text) if k == "person"].count("Manu") == 2


def test_a_repeat_in_lower_case_is_the_word(fr: ScreeningEngine) -> None:
    text = "Ce matin Rose m'a dit que le rose du nouveau logo ne plaît à personne."
    assert [t for k, t in found(fr, text) if k == "person"] == ["Rose"]


def test_a_list_of_capitalised_nouns_without_a_person_stays_clean(fr: ScreeningEngine) -> None:
    text = "Le planning sépare Production, Qualité et Maintenance depuis janvier."
    assert [k for k, _ in found(fr, text) if k == "person"] == []
