"""English clean text left clean: words English capitalises by custom (holidays of the
countries whose holidays are named in English, job titles, currencies) are no one."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(locale="en")


def _found(engine: ScreeningEngine, text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in engine.screen(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Everyone is away over Matariki so the rota is a mess.",
        "I asked for the day after Waitangi Day off and got a flat no.",
        "The shop is shut for Eid-ul-Fitr and the orders pile up.",
    ],
)
def test_holidays_of_countries_named_in_english_are_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _found(engine, text) == []


def test_a_first_name_a_holiday_is_named_after_is_still_someone(engine: ScreeningEngine) -> None:
    assert ("person", "Kwame") in _found(engine, "Kwame from logistics keeps skipping the stand-up.")
