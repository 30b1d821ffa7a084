"""A mistyped command names the nearest one, and the step being written is asked again, so the
mentee need not scroll up to know where they were."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import paris
from tests.harness import Harness


async def _english(project: Path) -> Harness:
    settings = project / "config" / "cadre.yaml"
    settings.write_text(settings.read_text().replace("locale: fr", "locale: en"))
    return await Harness.start(project / "config", paris("2026-11-24T19:00"))


async def test_a_mistyped_command_names_the_nearest(project: Path) -> None:
    harness = await _english(project)
    said = await harness.command("qestion")
    assert "I don't know that command. Did you mean /question?" in said
    assert "qestion" not in said, "what was typed is not echoed (a reply is written to the outbox)"
    assert "Did you mean /help?" in await harness.command("hlep")


async def test_a_word_near_no_command_gets_the_list(project: Path) -> None:
    harness = await _english(project)
    said = await harness.command("zzzzzz")
    assert "I don't know that command. Type /help for the list." in said
    assert "Did you mean" not in said


async def test_the_step_being_written_is_asked_again(project: Path) -> None:
    harness = await _english(project)
    await harness.command("question")
    await harness.type("A client keeps changing the scope of the project every week.")
    said = await harness.command("qestion")
    assert "Did you mean /question?" in said and "2/4" in said


async def test_in_french_the_nearest_is_the_french_word(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-24T19:00"))
    said = await harness.command("nouvele")
    assert "Je ne connais pas cette commande. Vouliez-vous dire /nouvelle ?" in said
