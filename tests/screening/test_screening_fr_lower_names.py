"""French first names typed in lower case, found by who the message says they are.

A name of the files that no dictionary holds, opening its clause, then a possessive and a
role without a comma ("kader mon chef"), or a department ("nico de la logistique", also
after "le grand", as nicknames go); two such names as a pair of subjects; a kin noun then
"de" ("la fille de arjun"); a compound first name though one part is a town ("la
marie-ève"). Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import found, fr

__all__ = ["fr"]  # fixtures


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("hinano mon binôme est encore en retard ce matin", ["hinano"]),
        ("kader ma cheffe d'équipe refuse mes congés", ["kader"]),
        ("nico de la compta me renvoie toujours mes notes de frais", ["nico"]),
        ("le petit momo de la maintenance a tout réparé en une heure", ["momo"]),
        ("kader et momo se sont disputés devant les clients", ["kader", "momo"]),
        ("le mari de arjun a appelé pour dire qu'elle est malade", ["arjun"]),
        ("hier la marie-ève m'a relancée trois fois", ["marie-ève"]),
    ],
)
def test_a_lower_case_name_shown_by_its_frame(fr: ScreeningEngine, text: str, names: list[str]) -> None:
    people = [t for k, t in found(fr, text) if k == "person"]
    assert all(name in people for name in names), people


@pytest.mark.parametrize(
    "text",
    [
        "bref mon chef ne répond jamais avant midi",
        "lundi de la semaine prochaine on fait l'inventaire",
        "le grand ménage de la compta commence demain",
        "je bosse à Saint-Martin-d'Hères depuis deux ans",
        "on hésite entre Roubaix et Villeneuve-d'Ascq pour le dépôt",
    ],
)
def test_words_and_towns_in_those_frames_stay_clean(fr: ScreeningEngine, text: str) -> None:
    assert [k for k, _ in found(fr, text) if k == "person"] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("mon binôme ji-woo relit tous mes rapports avant envoi", "ji-woo"),
        ("mon binôme min-jun est absent toute la semaine", "min-jun"),
    ],
)
def test_a_foreign_compound_first_name_after_a_role(fr: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in found(fr, text)


def test_a_french_compound_after_a_role_is_a_word(fr: ScreeningEngine) -> None:
    assert [k for k, _ in found(fr, "mon chef anti-tout refuse chaque proposition") if k == "person"] == []
