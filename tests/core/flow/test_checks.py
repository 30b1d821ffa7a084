"""The step checks count what a reader sees: a combining accent or an invisible mark is not
a character of its own."""

from __future__ import annotations

from pathlib import Path

from bot.config.flows import Step
from bot.config.i18n import Quantity
from bot.core.flow.checks import run_checks
from tests.conftest import paris
from tests.harness import Harness

STEP = Step.model_validate({"id": "stake", "prompt": "p", "label": "l", "checks": [{"min_length": 15}]})


def test_a_combining_accent_is_part_of_its_letter() -> None:
    """Ten "é" typed as e + U+0301 are ten characters on screen, not twenty."""
    failure = run_checks(STEP, "e\u0301" * 10, is_nudged=False)
    assert failure is not None and failure.key == "flow.check.min_length"
    assert dict(failure.params)["length"] == Quantity(10, "flow.check.characters")


def test_invisible_marks_do_not_make_an_answer_long_enough() -> None:
    failure = run_checks(STEP, "ok" + "\u200b" * 20 + "\u200f", is_nudged=False)
    assert failure is not None and failure.key == "flow.check.min_length"
    assert dict(failure.params)["length"] == Quantity(2, "flow.check.characters")


def test_fifteen_visible_characters_pass() -> None:
    assert run_checks(STEP, "Cafe\u0301 et de\u0301lais ok", is_nudged=False) is None


async def test_punctuation_alone_is_not_called_emoji(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    said = await harness.type("." * 40)
    assert "pas seulement des émojis ou des signes" in said
