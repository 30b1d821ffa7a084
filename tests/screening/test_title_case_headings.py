"""English headings in title case (a subject line, a notice's title) give every word a
capital, function words too; their role and team words, or a comma, make them no signature."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(locale="en", follow_language=False)


def _found(engine: ScreeningEngine, text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in engine.screen(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Re: Annual Review Of Team Goals And Key Milestones For The Year Ahead",
        "Reminder: Revised Rota For The Easter Weekend, All Staff",
        "Fwd: Draft Plan For The Manager Offsite And Key Dates",
    ],
)
def test_a_heading_with_capitalised_function_words_is_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


def test_a_signature_line_still_names_its_firm(engine: ScreeningEngine) -> None:
    assert ("organization", "Lee Valley Foods Ltd") in _found(
        engine, "Senior Account Manager | Lee Valley Foods Ltd"
    )


def test_a_name_in_a_heading_still_counts_by_its_data(engine: ScreeningEngine) -> None:
    assert ("person", "Kowalski") in _found(engine, "Catch Up With Kowalski And The Team On Friday")
