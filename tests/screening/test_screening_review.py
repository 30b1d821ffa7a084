"""The verdict shared by the mentee's flow and the mentor desk: certain or uncertain findings,
words vouched for, and a suggestion that is screened again."""

from __future__ import annotations

import pytest

from bot.domain import Finding
from bot.screening import ScreeningEngine
from bot.screening.review import review

PLACEHOLDERS = {"person": "[personne]", "organization": "[entreprise]", "phone": "[téléphone]"}


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine()


def test_clean_text(engine: ScreeningEngine) -> None:
    verdict = review(engine, "Mon manager change les priorités chaque semaine.", PLACEHOLDERS)
    assert verdict.is_clean and verdict.suggestion is None and not verdict.can_vouch


def test_an_uncertain_word_can_be_vouched_for(engine: ScreeningEngine) -> None:
    text = "Mon collègue Zorglub refuse de partager ses fichiers."
    verdict = review(engine, text, PLACEHOLDERS)
    assert verdict.can_vouch and verdict.uncertain_words == ("Zorglub",)
    assert verdict.suggestion == "Mon collègue [personne] refuse de partager ses fichiers."
    assert review(engine, text, PLACEHOLDERS, vouched=["zorglub"]).is_clean


def test_a_structured_identifier_can_never_be_vouched_for(engine: ScreeningEngine) -> None:
    text = "Appelle Zorglub au 06 12 34 56 78."
    verdict = review(engine, text, PLACEHOLDERS, vouched=["Zorglub", "06 12 34 56 78"])
    assert [(f.kind, f.certain) for f in verdict.findings] == [("phone", True)]
    assert not verdict.can_vouch
    assert verdict.suggestion == "Appelle Zorglub au [téléphone]."


class _Stubborn:
    """A screener that flags its own placeholders: the suggestion must then be withheld."""

    def screen(self, text: str) -> list[Finding]:
        start = text.find("[")
        if start < 0:
            start = text.find("Zorglub")
            return [Finding(start, start + 7, "person", "Zorglub", False)] if start >= 0 else []
        return [Finding(start, start + 10, "person", text[start : start + 10], False)]


def test_a_suggestion_that_is_not_clean_is_not_offered() -> None:
    verdict = review(_Stubborn(), "Zorglub est parti.", PLACEHOLDERS)
    assert verdict.findings and verdict.suggestion is None
