"""`cadre screening report`: answers kept on a mentee's word, counted; the words, counted."""

from __future__ import annotations

import io
from pathlib import Path

from bot.channels.console import CONSOLE_USER
from bot.cli.commands.screening_report import run_screening_report
from bot.domain import Finding
from tests.conftest import paris
from tests.harness import Harness


class MaybeZorglub:
    """Flags 'Zorglub' as a possible name (uncertain), as the real screener does."""

    def screen(self, text: str) -> list[Finding]:
        start = text.find("Zorglub")
        return [] if start < 0 else [Finding(start, start + 7, "person", "Zorglub", False)]


async def test_no_kept_answer(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    out = io.StringIO()
    assert await run_screening_report(harness.setup, harness.store, stdout=out) == 0
    assert out.getvalue() == "Aucune réponse gardée sur la parole d'un mentoré.\n"


async def test_kept_answers_and_words_are_counted_without_texts(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), screener=MaybeZorglub())
    await harness.command("nouvelle")
    await harness.type("Dans notre jeu de rôle, le méchant Zorglub sabote toujours l'atelier.")
    await harness.type("Ce n'est ni une personne ni une entreprise réelle")
    await harness.type("Je veux que l'atelier reste utile à tous.")
    await harness.type("J'ai changé les règles du jeu.")
    await harness.type("Comment garder le jeu sans le conflit ?")
    await harness.type("1")
    await harness.type("Envoyer")
    assert len(await harness.store.items_of(CONSOLE_USER)) == 1
    out = io.StringIO()
    assert await run_screening_report(harness.setup, harness.store, stdout=out) == 0
    report = out.getvalue()
    assert report.splitlines()[0].startswith("1 réponse gardée parce que son auteur a dit")
    assert "(1 mentoré)" in report
    assert "  zorglub : 1" in report
    assert "sabote" not in report and "atelier" not in report


async def test_a_word_repeated_in_one_question_counts_once(project: Path) -> None:
    """The report said "zorglub : 3" beside "1 réponse gardée": each word counts per question."""
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), screener=MaybeZorglub())
    await harness.command("nouvelle")
    await harness.type("Dans notre jeu de rôle, le méchant Zorglub sabote toujours l'atelier.")
    await harness.type("Ce n'est ni une personne ni une entreprise réelle")
    await harness.type("Je veux que Zorglub reste un jeu utile à tous.")
    await harness.type("J'ai changé les règles de Zorglub.")
    await harness.type("Comment garder le jeu sans le conflit ?")
    await harness.type("1")
    await harness.type("Envoyer")
    out = io.StringIO()
    assert await run_screening_report(harness.setup, harness.store, stdout=out) == 0
    report = out.getvalue()
    assert report.splitlines()[0].startswith("1 réponse gardée") and "  zorglub : 1\n" in report
