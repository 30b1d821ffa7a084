"""In English text, a capitalised French function word, month or role that is a common
English first name and no English word is the name ("Mai", "Deja", "Mari", "Mel"); in
French text the word keeps its French reading."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(locale="en", follow_language=False)


def _people(engine: ScreeningEngine, text: str) -> list[str]:
    return [f.text for f in engine.screen(text) if f.kind == "person"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("the late shift is Deja, Rowan and Tomasz this week", ["Deja", "Rowan", "Tomasz"]),
        ("Mel from payroll keeps losing my timesheets", ["Mel"]),
        ("I asked Mai Vang to cover the front desk on Saturday", ["Mai Vang"]),
        ("the trainers are Kelechi, Bronwen and Mari, all new this year", ["Kelechi", "Bronwen", "Mari"]),
    ],
)
def test_an_english_first_name_that_is_a_french_word(
    engine: ScreeningEngine, text: str, names: list[str]
) -> None:
    assert _people(engine, text) == names


def test_the_french_word_in_french_text_is_no_one() -> None:
    engine = ScreeningEngine(locale="fr", follow_language=False)
    assert [f.text for f in engine.screen("Déjà trois réunions cette semaine, et en mai ça recommence")] == []
