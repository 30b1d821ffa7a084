"""A district no list holds, where French puts the place one lives or stays in: after a
verb of dwelling and "à", after "entre" with a known place, or before "ou à" and a known
place. A person is not lived in; one still speaks to people. Sentences written for these
tests."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import found, fr

__all__ = ["fr"]  # fixtures


@pytest.mark.parametrize(
    "text",
    [
        "mes parents vivent à Treichville et je ne veux pas partir loin d'eux",
        "on est installés ici à Bastos depuis trois ans, les enfants y ont leurs amis",
        "je fais la route tous les jours entre Strasbourg et Illkirch-Graffenstaden",
        "on cherche un appart à Wemmel ou à Bruxelles, mais c'est cher",
    ],
)
def test_a_district_one_lives_in_is_no_one(fr: ScreeningEngine, text: str) -> None:
    assert [k for k, _ in found(fr, text) if k == "person"] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("j'ai parlé à Kowalczyk de mon projet de mutation", "Kowalczyk"),
        ("ma collègue Ophélie habite à Lyon et vient en train", "Ophélie"),
    ],
)
def test_people_near_those_frames_are_still_found(fr: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in found(fr, text)
