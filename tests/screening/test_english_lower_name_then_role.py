"""English short forms of first names (the `nicknames` package's table: "kev", "nate",
"geoff") and lower-case names said with who they are, without a comma: "oluwaseun my new
colleague asked…", "the new cashier tarquin keeps…"; a tool, a typo or a chat word in the
same place is no one."""

from __future__ import annotations

import pytest

from bot.screening.engine import ScreeningEngine
from bot.screening.knowledge import knowledge


@pytest.fixture(scope="module")
def engine() -> ScreeningEngine:
    return ScreeningEngine(locale="en", follow_language=False)


def _people(engine: ScreeningEngine, text: str) -> list[str]:
    return [f.text for f in engine.screen(text) if f.kind == "person"]


def test_a_short_form_has_a_first_names_strength() -> None:
    k = knowledge()
    assert k.facts("kev").first_en >= 3.5
    assert k.facts("geoff").first_en >= 3.5
    # "wil" is "will" with a letter dropped, "rob" a dictionary word: left to the context
    assert "wil" not in k.nicknames_en
    assert "rob" not in k.nicknames_en


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("the night shift is fine but geoff and the old crew keep skipping the checks", ["geoff"]),
        ("yesterday oluwaseun my new colleague asked me to cover his shift", ["oluwaseun"]),
        ("honestly tarquin my supervisor is impossible this week", ["tarquin"]),
        ("anjali the weekend manager put me on six closes in a row", ["anjali"]),
        ("our warehouse guard oluwaseun is rude to the drivers", ["oluwaseun"]),
        ("the site lead tarquin keeps moving my breaks around", ["tarquin"]),
    ],
)
def test_a_lower_case_name_said_with_its_role(engine: ScreeningEngine, text: str, names: list[str]) -> None:
    assert _people(engine, text) == names


@pytest.mark.parametrize(
    "text",
    [
        "i thnk my boss is avoiding me since the review",
        "honestly my supervisor is impossible this week",
        "lmao my manager said the deadline moved again",
        "the new laptop my manager ordered keeps crashing",
        "teh logs are corrupted again, wil sort it tmrw",
    ],
)
def test_no_one_in_the_same_place(engine: ScreeningEngine, text: str) -> None:
    assert _people(engine, text) == []
