"""A replayed message gets its turn's answers again; a duplicate gets nothing.

A process killed between a turn's commit and its send leaves the inbox entry pending: the
next start replays it (`Inbound.is_replay`), the conversation already knows its id, and
the answers kept with the turn (`Conversation.sent_for`, in the same write) go out again.
A platform's duplicate (not a replay) is still ignored. A turn whose answer quoted flagged
words keeps none of them: its replay asks the person to write again, and the words are
nowhere on disk.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.channels.console import CONSOLE_USER
from bot.core.turn import SENT_FOR_KEPT
from bot.domain import Inbound, InboundKind, Outbound
from bot.storage import TinyStore
from tests.conftest import paris
from tests.harness import Harness
from tests.storage.records import scan

ANSWERS = [
    "Dans mon équipe, deux collaborateurs ne se parlent plus depuis la réorganisation.",
    "La confiance de l'équipe et le respect des délais du projet.",
    "Une réunion commune, sans effet durable.",
    "Comment rétablir un dialogue minimal sans prendre parti ?",
]


def _text(harness: Harness, message_id: str, text: str) -> Inbound:
    return Inbound(CONSOLE_USER, message_id, InboundKind.TEXT, harness.clock.now(), text)


def _texts(outbounds: list[Outbound]) -> list[str]:
    return [o.text for o in outbounds]


async def test_a_replayed_message_gets_its_answers_again_and_a_duplicate_none(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    inbound = Inbound(CONSOLE_USER, "wa:r-1", InboundKind.COMMAND, harness.clock.now(), "nouvelle")
    first = await harness.engine.handle(inbound)
    assert any("1/4" in o.text for o in first)
    assert await harness.engine.handle(inbound) == [], "a platform's duplicate answers nothing"
    again = await harness.engine.handle(replace(inbound, is_replay=True))
    assert again == first, "the same answers, with the same keys"
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert (
        conversation is not None and conversation.draft is not None and conversation.draft.step == "context"
    )
    assert again[-1].choices == first[-1].choices


async def test_a_replayed_submission_acknowledges_again_and_stores_once(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    await harness.command("nouvelle")
    for number, answer in enumerate([*ANSWERS, "1"]):  # the four steps, then the theme
        await harness.engine.handle(_text(harness, f"wa:a-{number}", answer))
    send = _text(harness, "wa:send", "1")  # the review's first choice: send
    acknowledged = await harness.engine.handle(send)
    [item] = await harness.store.items_of(CONSOLE_USER)
    assert any(o.text.startswith(f"Question {item.ref} envoyée") for o in acknowledged)
    again = await harness.engine.handle(replace(send, is_replay=True))
    assert _texts(again) == _texts(acknowledged) and [o.key for o in again] == [o.key for o in acknowledged]
    assert len(await harness.store.items_of(CONSOLE_USER)) == 1, "stored once"


async def test_a_replayed_consent_confirms_again(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), consent=False)
    await harness.command("start")
    accept = _text(harness, "wa:accept", "1")
    confirmed = await harness.engine.handle(accept)
    assert confirmed, "consent recorded and said"
    assert await harness.engine.handle(replace(accept, is_replay=True)) == confirmed
    assert await harness.engine.handle(accept) == []


async def test_a_flagged_turn_is_replayed_as_withheld_and_its_words_are_not_stored(
    project: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"), store=TinyStore(data))
    try:
        await harness.command("nouvelle")
        flagged = _text(harness, "wa:flagged", "Mon collègue CANARYmartine ne me parle plus.")
        refused = await harness.engine.handle(flagged)
        assert any("CANARYmartine" in o.text for o in refused), "the finding is named to the person"
        assert scan(data, b"CANARYmartine") == [], "the quoted words reached the data folder"
        again = await harness.engine.handle(replace(flagged, is_replay=True))
        lost = harness.setup.catalogue.text("core.withheld_lost", "fr")
        assert _texts(again) == [lost]
        assert await harness.engine.handle(flagged) == [], "a duplicate still answers nothing"
        answered = await harness.engine.handle(_text(harness, "wa:clean", ANSWERS[0]))
        assert any("2/4" in o.text for o in answered), "the next message goes on as before"
        assert scan(data, b"CANARYmartine") == []
    finally:
        await harness.store.close()


async def test_only_the_last_turns_answers_are_kept(project: Path) -> None:
    harness = await Harness.start(project / "config", paris("2026-11-23T10:00"))
    ids = [f"wa:h-{n}" for n in range(SENT_FOR_KEPT + 2)]
    for message_id in ids:
        await harness.engine.handle(
            Inbound(CONSOLE_USER, message_id, InboundKind.COMMAND, harness.clock.now(), "aide")
        )
    conversation = await harness.store.get_conversation(CONSOLE_USER)
    assert conversation is not None
    assert [s.message_id for s in conversation.sent_for] == ids[-SENT_FOR_KEPT:]
    oldest = Inbound(CONSOLE_USER, ids[0], InboundKind.COMMAND, harness.clock.now(), "aide", is_replay=True)
    assert await harness.engine.handle(oldest) == [], "past the kept turns, a replay is a duplicate"
