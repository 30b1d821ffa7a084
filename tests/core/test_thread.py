"""/fil and coming back (issue 14, item 15): the mentor's answers as answers, closing and
redirecting as what happened, and a "nouvelle réponse" the person has not read yet."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from bot.app import load_setup
from bot.channels.console import CONSOLE_USER
from bot.cli.commands.console import ensure_console_mentee, run_console
from bot.domain import Consent, ItemStatus, Reply, ReplyKind
from bot.runtime.clock import ManualClock
from bot.storage import MemoryStore
from tests.cli.test_mentor_console import mentor_console
from tests.conftest import paris
from tests.core.mentor.test_mentor import submit
from tests.harness import Harness

ANSWER = "Nommez le fait, en privé, avant la prochaine réunion."


async def with_replies(project: Path) -> Harness:
    harness = await Harness.start(project / "config", paris("2026-11-24T10:00"))
    assert harness.mentee is not None
    mentee = harness.mentee
    answered = await submit(
        harness.store, mentee.user, mentee.alias, mentee.mentor, "ANS1", paris("2026-11-20T19:00")
    )
    closed = await submit(
        harness.store, mentee.user, mentee.alias, mentee.mentor, "CLO2", paris("2026-11-21T19:00")
    )
    moved = await submit(
        harness.store, mentee.user, mentee.alias, mentee.mentor, "SEA3", paris("2026-11-22T19:00")
    )
    at = paris("2026-11-23T09:00")
    catalogue = harness.setup.catalogue
    await harness.store.save_item(
        replace(
            answered, status=ItemStatus.ANSWERED, replies=(Reply(ReplyKind.ANSWER, ANSWER, "mentor", at),)
        )
    )
    closing = catalogue.text("mentor.to_mentee.closed", "fr", ref="CLO2")
    await harness.store.save_item(
        replace(closed, status=ItemStatus.CLOSED, replies=(Reply(ReplyKind.CLOSE, closing, "mentor", at),))
    )
    moving = catalogue.text("mentor.to_mentee.redirected", "fr", ref="SEA3")
    await harness.store.save_item(
        replace(
            moved, status=ItemStatus.REDIRECTED, replies=(Reply(ReplyKind.REDIRECT, moving, "mentor", at),)
        )
    )
    return harness


async def test_notices_are_shown_as_what_happened_not_as_answers(project: Path) -> None:
    harness = await with_replies(project)
    thread = await harness.command("fil")
    assert f"Nouvelle réponse de votre mentor (lundi 23 novembre) : {ANSWER}" in thread
    assert "Close par votre mentor le lundi 23 novembre, sans réponse écrite." in thread
    # the day is when the mentor decided, not the session's: said so, and "reportée" is a /reporter
    assert (
        "Gardée par votre mentor pour en parler à votre prochaine séance (décision du lundi 23 novembre)."
        in (thread)
    )
    assert "· gardée pour la prochaine séance" in thread and "reportée" not in thread
    assert "Votre mentor a clos" not in thread and "Votre mentor propose" not in thread
    assert thread.count("Réponse de votre mentor") + thread.count("réponse de votre mentor") == 1


async def test_a_reply_read_in_the_thread_is_no_longer_new(project: Path) -> None:
    harness = await with_replies(project)
    await harness.command("fil")
    harness.clock.advance(timedelta(minutes=5))
    again = await harness.command("fil")
    assert (
        "Nouvelle réponse" not in again and f"Réponse de votre mentor (lundi 23 novembre) : {ANSWER}" in again
    )
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert conversation is not None and conversation.replies_seen_at == harness.clock.now()


async def test_coming_back_to_the_console_says_a_reply_is_waiting(project: Path) -> None:
    setup = load_setup(project / "config")
    store = MemoryStore()
    mentee = await ensure_console_mentee(setup, store, ManualClock(paris("2026-11-01T10:00")))
    mentee = replace(mentee, consent=Consent(setup.settings.charter.version, paris("2026-11-01T10:00")))
    await store.save_mentee(mentee)
    await submit(store, mentee.user, mentee.alias, mentee.mentor, "KQ7M", paris("2026-11-20T19:00"))
    await mentor_console(project, store, "2026-11-23T09:00", [f"kq7m {ANSWER}"])

    async def mentee_console(lines: str) -> str:
        out = io.StringIO()
        await run_console(
            setup,
            store,
            ManualClock(paris("2026-11-23T19:00")),
            stdin=io.StringIO(lines),
            stdout=out,
            is_interactive=False,
            data_dir=project / "data",
            is_encrypted=True,
        )
        return out.getvalue()

    back = await mentee_console("/fil\n")
    assert back.startswith("Nouvelle réponse de votre mentor à votre question KQ7M. Tapez /fil pour la lire.")
    assert f"Nouvelle réponse de votre mentor (lundi 23 novembre) : {ANSWER}" in back
    assert "Nouvelle réponse" not in await mentee_console(""), "read: not new any more"
