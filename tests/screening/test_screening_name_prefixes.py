"""West African surnames keep their "N'" or "M'": the finding covers the whole name.

"N'Guessan", "N'Diaye", "M'Bala" are one surname; cut after the apostrophe, the suggestion
would leave "N'" behind. A lower-case "n'" is French negation and stays out. Sentences
written for these tests.
"""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.screening_engines import found, fr

__all__ = ["fr"]  # fixtures


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mon manager, Yao N'Goran, m'a recadré devant tout le monde", "Yao N'Goran"),
        ("C'est Aminata N'Diaye qui reprend le dossier lundi", "Aminata N'Diaye"),
        ("J'ai croisé Patrick M'Bala à la cantine hier", "Patrick M'Bala"),
    ],
)
def test_the_prefix_belongs_to_the_surname(fr: ScreeningEngine, text: str, name: str) -> None:
    assert ("person", name) in found(fr, text)


def test_a_negation_before_a_name_stays_out_of_it(fr: ScreeningEngine) -> None:
    text = "Bernard n'Oublie jamais rien, c'est Bernard Lavilliers"
    people = [t for k, t in found(fr, text) if k == "person"]
    assert all(not t.lower().startswith("n'") for t in people), people
