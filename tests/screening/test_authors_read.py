"""A known author's surname where one reads them is no one here; a namesake stays someone."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.mark.parametrize(
    "text",
    [
        "Our coach lent me the book of Covey and I finally finished it on the train.",
        "I keep rereading Sinek's ideas about purpose before every one-to-one.",
        "We were told to read Kotter before the change programme starts.",
    ],
)
def test_author_being_read_is_no_one(en: ScreeningEngine, text: str) -> None:
    assert [f for f in en.screen(text) if f.kind == "person"] == []


def test_namesake_sending_mail_stays_someone(en: ScreeningEngine) -> None:
    persons = [
        f.text for f in en.screen("Drucker's email this morning was rude again.") if f.kind == "person"
    ]
    assert persons == ["Drucker"]
