"""Capitals listed with the writer are a topic when they, or a neighbour, are an abbreviation."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


def test_acronyms_listed_before_the_writer_are_topics(en: ScreeningEngine) -> None:
    text = "The town hall was about CSR and ESG and I left none the wiser."
    assert [f for f in en.screen(text) if f.kind == "person"] == []


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("PJK and I will drive the van to the depot on Monday.", "PJK"),
        ("Joanne and TW and I covered the late shift.", "TW"),
    ],
)
def test_initials_listed_with_the_writer_stay_someone(en: ScreeningEngine, text: str, initials: str) -> None:
    assert initials in [f.text for f in en.screen(text) if f.kind == "person"]
