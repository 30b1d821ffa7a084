"""A negated auxiliary is never a name, its apostrophe split off or left out."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.mark.parametrize(
    "text",
    [
        "Nobody can plan anything while the company hasn't told us the new rota.",
        "The supplier hasn’t answered my last three e-mails about the delay.",
        "havnt slept properly since the merger was announced",
        "Didnt get the training budget again this year, third time running.",
    ],
)
def test_negated_auxiliary_is_no_one(en: ScreeningEngine, text: str) -> None:
    assert en.screen(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Please tell Vincent the rota hasn't changed.", "Vincent"),
        ("i asked brent about the overtime and he hasn't replied", "brent"),
    ],
)
def test_names_ending_in_nt_stay_someone(en: ScreeningEngine, text: str, name: str) -> None:
    assert name in [f.text for f in en.screen(text) if f.kind == "person"]
