"""Ordinary coaching prose, written apart from the evaluation set, must not be flagged."""

from __future__ import annotations

import pytest

from bot.screening import ScreeningEngine
from tests.conftest import REPO

SENTENCES = (REPO / "tests" / "data" / "ordinary_prose.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(allow_words=["CODIR", "COMEX"])


@pytest.mark.parametrize("sentence", SENTENCES)
def test_not_flagged(engine: ScreeningEngine, sentence: str) -> None:
    assert engine.screen(sentence) == []


@pytest.mark.parametrize("opening", ["Deux", "Trois", "Plusieurs", "Quelques", "Dix"])
def test_number_words_opening_a_sentence_are_not_names(engine: ScreeningEngine, opening: str) -> None:
    assert engine.screen(f"{opening} collaborateurs ont quitté l'équipe cette année.") == []


def test_a_first_name_opening_a_sentence_is_still_caught(engine: ScreeningEngine) -> None:
    findings = engine.screen("Marie refuse de venir aux réunions.")
    assert [(f.kind, f.text) for f in findings] == [("person", "Marie")]
