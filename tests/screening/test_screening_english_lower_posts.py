"""English lower-case first names found by the shift or the department their bearer
works on or in ("gareth on days", "tom on nights"); the same frames with an ordinary word
stay clean."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(locale="en")


def _people(engine: ScreeningEngine, text: str) -> list[str]:
    return [f.text for f in engine.screen(text) if f.kind == "person"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("honestly rhodri on nights never hands over properly", "rhodri"),
        ("i reckon tom on lates is struggling with the new rota", "tom"),
        ("sipho on the floor says the tips are split unfairly", "sipho"),
    ],
)
def test_a_lower_case_first_name_on_a_shift_is_someone(engine: ScreeningEngine, text: str, name: str) -> None:
    assert name in _people(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "we keep working on nights and nobody notices",
        "there are constant issues in logistics this quarter",
        "the overtime on weekends is killing the team",
    ],
)
def test_an_ordinary_word_before_a_shift_is_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _people(engine, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("our supervisor gareth wants the report by noon", "gareth"),
        ("my team leader nkechi keeps giving me the worst shifts", "nkechi"),
    ],
)
def test_a_lower_case_first_name_after_its_role_is_someone(
    engine: ScreeningEngine, text: str, name: str
) -> None:
    assert name in _people(engine, text)


@pytest.mark.parametrize(
    "text",
    ["my manager really wants the report by noon", "our supervisor always forgets the rota"],
)
def test_an_adverb_after_a_role_is_no_one(engine: ScreeningEngine, text: str) -> None:
    assert _people(engine, text) == []
