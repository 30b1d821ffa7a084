"""Letters spaced out to hide a name are a name when either language's files hold it: one
spells out "D r u c k e r" to hide a colleague, though it is an American surname more than
a French one. Spaced-out words stay words. Sentences written for these tests."""

from __future__ import annotations

from bot.screening import ScreeningEngine
from tests.screening_engines import found, fr

__all__ = ["fr"]  # fixtures


def test_a_spaced_out_english_surname_is_found(fr: ScreeningEngine) -> None:
    text = "le souci vient de W a s h i n g t o n, je l'écris comme ça exprès"
    assert ("person", "W a s h i n g t o n") in found(fr, text)


def test_a_spaced_out_word_is_no_one(fr: ScreeningEngine) -> None:
    assert found(fr, "c'est U R G E N T pour demain matin") == []
