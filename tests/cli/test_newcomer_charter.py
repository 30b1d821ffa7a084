"""A new charter version read by someone who already accepted one: worded as carrying on,
not as a first start."""

from __future__ import annotations

from pathlib import Path

from bot.storage import MemoryStore
from tests.conftest import paris
from tests.harness import Harness


async def test_a_returning_mentee_re_consents_in_words_for_carrying_on(project: Path) -> None:
    store = MemoryStore()
    first = await Harness.start(project / "config", paris("2026-11-23T10:00"), store=store)
    assert first.mentee is not None
    path = project / "config" / "cadre.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('version: "1"', 'version: "2"'), encoding="utf-8"
    )
    again = await Harness.start(project / "config", paris("2026-11-24T10:00"), store=store, consent=False)
    charter = await again.type("Bonjour")
    assert "La charte a changé (version 2)" in charter and "Voici la nouvelle version" in charter
    assert "Avant de commencer" not in charter
    hint = await again.type("Bonjour")
    assert "Pour continuer" in hint and "Pour commencer" not in hint
    accepted = await again.type("1")
    assert "Vous reprenez où vous en étiez" in accepted and "première question" not in accepted


async def test_a_first_start_keeps_its_wording(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), consent=False)
    said = await harness.command("start")
    assert "Avant de commencer" in said
    assert "première question" in await harness.type("1")
