"""A safety alert is its own kind of item (issue 14, item 6): an alert for the mentor, never
one of the mentee's questions, and a sober follow-up to the next message."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.app import load_setup
from bot.channels.console import CONSOLE_USER
from bot.cli.commands.console import ensure_console_mentee
from bot.domain import InboundKind, ItemKind, ItemStatus, UserRef
from bot.privacy.export import build_export
from bot.runtime.clock import ManualClock
from bot.schedule.digest import DigestRenderer, build_digest
from bot.storage import MemoryStore
from bot.storage.codec import decode_item, encode_item
from tests.cli.test_mentor_console import mentor_console
from tests.conftest import paris
from tests.core.mentor.test_mentor import MENTEE, MENTOR_TG, build, enrol, submit, to_mentee
from tests.harness import Harness

DISTRESS = "Je n'en peux plus, j'ai envie de tout arrêter."


async def alerted(project: Path) -> Harness:
    harness = await Harness.start(project / "config", paris("2026-11-22T23:00"))
    assert "3114" in await harness.type(DISTRESS)
    return harness


async def test_the_next_message_gets_a_sober_follow_up(project: Path) -> None:
    harness = await alerted(project)
    said = await harness.type("ok merci")
    assert "les numéros de mon message précédent répondent à toute heure" in said
    for cheerful in ("Construisons", "1/4", "Avec plaisir", "fermées"):
        assert cheerful not in said
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert conversation is not None and conversation.draft is None and conversation.pending is None
    assert "1/4" in await harness.type("1"), "the offer starts a question"


async def test_an_alert_is_not_listed_among_the_questions(project: Path) -> None:
    harness = await alerted(project)
    [alert] = await harness.store.items_of(CONSOLE_USER)
    assert alert.kind is ItemKind.ALERT and alert.theme is None and alert.answers == ()
    assert "aucune question" in await harness.command("fil")
    mentee = await harness.store.get_mentee(CONSOLE_USER)
    assert mentee is not None
    bundle = await build_export(
        harness.store,
        mentee,
        now_at=harness.clock.now(),
        settings=harness.setup.settings,
        catalogue=harness.setup.catalogue,
        flows=harness.setup.flows,
    )
    readable = bundle.attachments()[1].content.decode("utf-8")
    assert "## Vos questions (0)" in readable
    assert "## Messages d'orientation vers une aide (1)" in readable
    assert "Votre message n'a pas été conservé" in readable


async def test_the_mentor_sees_an_alert_not_a_question(project: Path) -> None:
    harness = await alerted(project)
    setup = harness.setup
    renderer = DigestRenderer(setup.catalogue, setup.flows, zone_name=setup.settings.timezone)
    digest = build_digest(
        harness.mentee.mentor if harness.mentee else "mentor",
        paris("2026-11-23T08:00"),
        await harness.store.open_items(),
        as_of=paris("2026-11-23T08:00"),
    )
    out = renderer.render(
        digest, to=UserRef("telegram", "9"), locale="fr", mentor_name="Claire", has_buttons=True
    )
    assert "aucune question ne vous attend" in out[0].text and "Et une alerte" in out[0].text
    text = out[1].text
    assert "Alerte, pas une question" in text and "message d'orientation" in text
    for shown in ("Thème", "suicide", "distress", "détresse"):
        assert shown not in text


async def test_the_mentor_files_or_answers_an_alert() -> None:
    d = await build()
    alert = await d.store.find_item_by_ref("ABCD")
    assert alert is not None
    alert = replace(alert, kind=ItemKind.ALERT, flow="safety", answers=(), theme=None)
    await d.store.save_item(alert)
    refused = await d.command("seance", "ABCD")
    assert to_mentee(refused) == [] and "est une alerte, pas une question" in refused[0].text
    [message] = to_mentee(await d.say("ABCD Je pense à vous, appelons-nous demain si vous voulez."))
    assert message.text.startswith("Message de votre mentor :") and "question" not in message.text
    await enrol(d.store, UserRef("telegram", "1003"), "carla", "mentor", paris("2026-11-01T10:00"))
    other = replace(alert, id="other", ref="EFGH", replies=(), status=ItemStatus.WAITING)
    await d.store.save_item(other)
    filed = await d.push(MENTOR_TG, InboundKind.CHOICE, "Clore", "mentor:close:EFGH")
    assert [o.to for o in filed] == [MENTOR_TG] and "Alerte EFGH classée" in filed[0].text
    stored = await d.store.get_item("other")
    assert stored is not None and stored.status is ItemStatus.CLOSED and stored.mentee == MENTEE


def test_alerts_stored_before_their_kind_existed_read_as_alerts(project: Path) -> None:
    raw = {
        "id": "x",
        "ref": "OLD1",
        "mentee": {"channel": "telegram", "id": "1"},
        "alias": "bruno",
        "mentor": "mentor",
        "flow": "safety",
        "answers": [],
        "submitted_at": "2026-11-01T10:00:00+00:00",
        "status": "waiting",
        "is_flagged": True,
        "theme": "suicide",
        "replies": [],
        "deferred_until": None,
    }
    old = decode_item(raw, source="test", record="item")
    assert old.kind is ItemKind.ALERT
    assert decode_item(encode_item(old), source="test", record="item") == old
    question = decode_item({**raw, "flow": "question", "is_flagged": False}, source="test", record="item")
    assert question.kind is ItemKind.QUESTION


async def test_the_mentor_console_counts_alerts_apart(project: Path) -> None:
    setup = load_setup(project / "config")
    store = MemoryStore()
    mentee = await ensure_console_mentee(setup, store, ManualClock(paris("2026-11-01T10:00")))
    await submit(store, mentee.user, mentee.alias, mentee.mentor, "KQ7M", paris("2026-11-20T19:00"))
    alert = await submit(store, mentee.user, mentee.alias, mentee.mentor, "AL3R", paris("2026-11-21T19:00"))
    await store.save_item(replace(alert, kind=ItemKind.ALERT, flow="safety", answers=(), is_flagged=True))
    out = await mentor_console(project, store, "2026-11-21T20:00", [])
    assert "1 question en attente, et une alerte." in out
