"""The review's step picker: an answer it cannot read asks again, and never falls back to the
review, whose numbers mean other things (a "1" there sends the question)."""

from __future__ import annotations

from pathlib import Path

from bot.channels.console import CONSOLE_USER
from tests.conftest import paris
from tests.harness import Harness

QUESTION = [
    "A peer keeps interrupting me in meetings.",
    "My confidence in front of the team.",
    "I tried to finish my sentence firmly.",
    "How do I stop being interrupted?",
    "4",
]


async def _at_the_picker(project: Path) -> Harness:
    settings = project / "config" / "cadre.yaml"
    settings.write_text(settings.read_text().replace("locale: fr", "locale: en"))
    harness = await Harness.start(project / "config", paris("2026-12-07T12:00"))
    await harness.command("question")
    for line in QUESTION:
        await harness.type(line)
    picker = await harness.type("2")
    assert "Which step would you like to change?" in picker
    return harness


async def test_a_number_beyond_the_steps_asks_again_for_a_step(project: Path) -> None:
    harness = await _at_the_picker(project)
    said = await harness.type("9")
    assert "Please pick one of the options." in said
    assert "Which step would you like to change?" in said
    assert "What would you like to do?" not in said
    edited = await harness.type("1")
    assert "1/4" in edited and "Your current answer" in edited
    assert await harness.store.items_of(CONSOLE_USER) == [], "a 1 after a wrong pick sent the question"


async def test_words_that_name_no_step_ask_again_for_a_step(project: Path) -> None:
    harness = await _at_the_picker(project)
    said = await harness.type("hmm")
    assert "Please pick one of the options." in said
    assert "Which step would you like to change?" in said


async def test_an_unreadable_answer_at_the_review_says_so(project: Path) -> None:
    harness = await _at_the_picker(project)
    await harness.type("Situation")  # to the step, then back to the review with its answer
    review = await harness.type("The same peer keeps interrupting me in meetings.")
    assert "What would you like to do?" in review
    said = await harness.type("hmm")
    assert "Please pick one of the options." in said
    assert "What would you like to do?" in said
