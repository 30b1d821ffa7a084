"""Written work is not lost by one tap (issue 14, item 19): cancelling a draft asks first,
/nouvelle during a draft asks what to do with it, and a reminder asks its step once."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from bot.channels.console import CONSOLE_USER
from bot.cli.commands.console import run_console
from bot.domain import Conversation
from bot.domain.pending import ConfirmCancel, DraftOrNew, parse_pending, pending_text
from tests.conftest import paris
from tests.harness import Harness

SITUATION = "Mon équipe conteste une décision de planning prise sans concertation préalable."
QUESTION = [
    SITUATION,
    "La cohésion de l'équipe avant un lancement important.",
    "J'ai expliqué les contraintes en réunion.",
    "Dois-je revenir sur la décision ou l'assumer pleinement ?",
    "Ma posture",
]


async def conversation(harness: Harness) -> Conversation:
    found = await harness.store.get_conversation(CONSOLE_USER)
    assert found is not None
    return found


async def test_cancel_at_the_review_asks_before_dropping_the_question(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    for line in QUESTION:
        said = await harness.type(line)
    assert "Voici votre question" in said
    asked = await harness.type("Annuler")
    assert "Abandonner ce brouillon ?" in asked and "Brouillon abandonné" not in asked
    draft = (await conversation(harness)).draft
    assert draft is not None and draft.answer("context") == SITUATION
    kept = await harness.type("Non, le garder")
    assert "Je garde votre brouillon" in kept and "Voici votre question" in kept
    await harness.type("3")
    assert "Brouillon abandonné" in await harness.type("1")
    assert (await conversation(harness)).draft is None


async def test_the_cancel_command_asks_too_and_takes_a_plain_yes(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    await harness.type(SITUATION)
    assert "Abandonner ce brouillon ?" in await harness.command("annuler")
    assert (await conversation(harness)).pending == ConfirmCancel()
    assert "Brouillon abandonné" in await harness.type("Oui")
    assert (await conversation(harness)).draft is None


async def test_an_unclear_answer_keeps_the_draft(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    await harness.type(SITUATION)
    await harness.command("annuler")
    said = await harness.type("euh, je ne sais pas")
    assert "Je garde votre brouillon" in said and "2/4" in said
    current = await conversation(harness)
    assert current.draft is not None and current.pending is None


async def test_an_empty_draft_is_cancelled_at_once(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    assert "Brouillon abandonné" in await harness.command("annuler")


async def test_new_during_a_draft_asks_what_to_do_with_it(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    await harness.type(SITUATION)
    asked = await harness.command("nouvelle")
    assert "Vous avez déjà une question en cours, commencée le lundi 23 novembre" in asked
    assert "1. La reprendre" in asked and "2. L'abandonner et en commencer une nouvelle" in asked
    assert "2/4" not in asked, "not resumed silently"
    resumed = await harness.type("1")
    assert "2/4" in resumed
    await harness.command("nouvelle")
    replaced = await harness.type("2")
    assert "Brouillon précédent abandonné" in replaced and "1/4" in replaced
    draft = (await conversation(harness)).draft
    assert draft is not None and draft.answers == () and draft.step == "context"


async def test_new_with_an_empty_draft_just_starts_again(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    said = await harness.command("nouvelle")
    assert "1/4" in said and "question en cours" not in said


async def console_start(harness: Harness, project: Path) -> str:
    """What `cadre console` prints in a terminal when the person comes back."""
    out = io.StringIO()
    await run_console(
        harness.setup,
        harness.store,
        harness.clock,
        stdin=io.StringIO(""),
        stdout=out,
        is_interactive=True,
        data_dir=project / "data",
        is_encrypted=True,
    )
    return out.getvalue()


def test_the_new_waiting_states_are_stored_as_short_texts() -> None:
    for pending in (ConfirmCancel(), DraftOrNew(""), DraftOrNew("retour")):
        assert parse_pending(pending_text(pending)) == pending


async def test_a_reminder_at_console_start_asks_its_step_once(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    await harness.type(SITUATION)
    harness.clock.advance(timedelta(days=2))  # past drafts.reminder_after
    printed = await console_start(harness, project)
    assert "vous attend" in printed
    assert printed.count("2/4 · L'enjeu") == 1, printed


async def test_coming_back_to_a_draft_on_the_console_asks_its_step(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    await harness.type(SITUATION)
    printed = await console_start(harness, project)
    assert "Vous aviez un brouillon en cours" in printed and printed.count("2/4 · L'enjeu") == 1
    assert "question en cours, commencée" not in printed


async def test_a_step_removed_under_a_draft_resumes_at_the_next_step_keeping_the_text(project: Path) -> None:
    """The coach removes the step a draft stands on (flows check says valid): the next
    answer was lost and the draft jumped to the review with the situation as the question."""
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    await harness.type(SITUATION)
    assert (await conversation(harness)).draft.step == "stake"  # type: ignore[union-attr]
    flow = project / "flows" / "question.yaml"
    text = flow.read_text()
    start, end = text.index("  - id: stake"), text.index("  - id: tried")
    flow.write_text(text[:start] + text[end:])
    later = await Harness.start(
        project / "config", paris("2026-11-23T10:05"), store=harness.store, consent=False
    )
    said = await later.type(QUESTION[2])
    draft = (await conversation(later)).draft
    assert draft is not None and draft.answer("tried") == QUESTION[2], "the text typed is kept"
    assert draft.step == "question" and "Voici votre question" not in said
    await later.type(QUESTION[3])
    said = await later.type(QUESTION[4])
    assert "Voici votre question" in said and QUESTION[3] in said and "Ma posture" in said
    said = await later.type("Envoyer")
    [item] = await later.store.items_of(CONSOLE_USER)
    assert item.theme == "self" and item.answers[-2].text == QUESTION[3]


async def test_a_renamed_step_takes_the_next_answer(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    await harness.type(SITUATION)
    flow = project / "flows" / "question.yaml"
    flow.write_text(flow.read_text().replace("  - id: stake\n", "  - id: enjeu\n"))
    later = await Harness.start(
        project / "config", paris("2026-11-23T10:05"), store=harness.store, consent=False
    )
    await later.type(QUESTION[1])
    draft = (await conversation(later)).draft
    assert draft is not None and draft.answer("enjeu") == QUESTION[1] and draft.step == "tried"


async def test_a_draft_on_a_renamed_flow_moves_to_the_default_flow_with_its_answers(project: Path) -> None:
    """The coach renames the flow a draft was started on: the next answer started a fresh
    draft over it, and the situation already written was gone without a word."""
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    await harness.type(SITUATION)
    flow = project / "flows" / "question.yaml"
    flow.write_text(flow.read_text().replace("\nid: question\n", "\nid: parcours\n"))
    (project / "config" / "cadre.yaml").write_text(
        (project / "config" / "cadre.yaml").read_text() + "\nflows:\n  default: parcours\n"
    )
    later = await Harness.start(
        project / "config", paris("2026-11-25T10:05"), store=harness.store, consent=False
    )
    said = await later.type(QUESTION[1])
    assert "vos réponses ont été reprises" in said and "brouillon du lundi 23 novembre" in said
    draft = (await conversation(later)).draft
    assert draft is not None and draft.flow == "parcours"
    assert draft.answer("context") == SITUATION and draft.answer("stake") == QUESTION[1]
    assert draft.step == "tried"


async def test_a_draft_whose_flow_has_no_step_left_in_common_shows_what_was_written(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    await harness.type(SITUATION)
    flow = project / "flows" / "question.yaml"
    text = flow.read_text().replace("\nid: question\n", "\nid: parcours\n")
    for step in ("context", "stake", "tried", "question", "theme"):
        text = text.replace(f"  - id: {step}\n", f"  - id: {step}_v2\n")
    flow.write_text(text)
    (project / "config" / "cadre.yaml").write_text(
        (project / "config" / "cadre.yaml").read_text() + "\nflows:\n  default: parcours\n"
    )
    later = await Harness.start(
        project / "config", paris("2026-11-25T10:05"), store=harness.store, consent=False
    )
    said = await later.type("Bonjour")
    assert "Voici ce que vous aviez écrit, pour le réutiliser :\n• " + SITUATION in said
    draft = (await conversation(later)).draft
    assert draft is not None and draft.flow == "parcours" and draft.answers == ()
