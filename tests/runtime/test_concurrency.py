"""Many people at once on one TinyStore: no lost update, no cross-talk, one effect per delivery.

Mentees are asyncio tasks calling the engine under the service's EventIsolation, yielding
to each other between messages so their conversations interleave message by message, as
traffic from a webhook server would; the mentor answers while they write. The store
yields to the loop around every call, as a networked store (PostgreSQL) would, so events
really do interleave inside one message's handling: only the per-person hold keeps them
apart, and the last test shows what happens without it.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, cast

from bot.app import build_engine, load_setup
from bot.core.flow.machine import SEND, STEP_CHOICE
from bot.core.onboarding import ACCEPT
from bot.domain import Inbound, InboundKind, ItemStatus, Mentee, Outbound, UserRef
from bot.ports import Store
from bot.runtime.clock import ManualClock
from bot.runtime.isolation import LocalIsolation
from bot.storage import TinyStore
from tests.conftest import paris
from tests.harness import CanaryScreener

MENTEES = 50
MENTOR = UserRef("console", "mentor")


def messages(user: UserRef, marker: str) -> list[Inbound]:
    at = paris("2026-11-23T10:00")
    steps = [
        (InboundKind.CHOICE, "", ACCEPT),
        (InboundKind.COMMAND, "nouvelle", ""),
        (InboundKind.TEXT, f"Situation {marker} : deux collègues ne se parlent plus du tout.", ""),
        (InboundKind.TEXT, f"Enjeu {marker} : la confiance de l'équipe.", ""),
        (InboundKind.TEXT, f"Essai {marker} : une réunion commune.", ""),
        (InboundKind.TEXT, f"Question {marker} : comment rétablir le dialogue ?", ""),
        (InboundKind.CHOICE, "", STEP_CHOICE + "team"),
        (InboundKind.CHOICE, "", SEND),
    ]
    return [
        Inbound(user, f"{user.id}:{n}", kind, at, text, payload)
        for n, (kind, text, payload) in enumerate(steps)
    ]


async def enrol(store: TinyStore, count: int, clock: ManualClock) -> list[UserRef]:
    users = [UserRef("whatsapp", f"3360000{index:04d}") for index in range(count)]
    for index, user in enumerate(users):
        await store.save_mentee(
            Mentee(user=user, alias=f"M{index}", mentor="mentor", locale="fr", enrolled_at=clock.now())
        )
    return users


class YieldingStore:
    """TinyStore that gives the loop away before and after every call, like a network store."""

    def __init__(self, inner: TinyStore) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._inner, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            await asyncio.sleep(0)
            result = await method(*args, **kwargs)
            await asyncio.sleep(0)
            return result

        return call


Handle = Callable[[Inbound], Awaitable[list[Outbound]]]


def engine_on(project: Path, store: TinyStore, clock: ManualClock, *, isolated: bool = True) -> Handle:
    """The engine as the service calls it: under the person's hold (unless told otherwise)."""
    engine = build_engine(
        load_setup(project / "config"),
        store=cast(Store, YieldingStore(store)),
        clock=clock,
        screener=CanaryScreener(),
    )
    isolation = LocalIsolation()

    async def handle(inbound: Inbound) -> list[Outbound]:
        if not isolated:
            return await engine.handle(inbound)
        async with isolation.hold(inbound.user):
            return await engine.handle(inbound)

    return handle


async def write(handle: Handle, inbounds: list[Inbound]) -> list[Outbound]:
    said: list[Outbound] = []
    for inbound in inbounds:
        said += await handle(inbound)
        await asyncio.sleep(0)  # let the other mentees' messages in between
    return said


async def test_fifty_mentees_writing_at_once_each_get_their_own_item(project: Path, tmp_path: Path) -> None:
    clock = ManualClock(paris("2026-11-23T10:00"))
    with TinyStore(tmp_path / "data") as store:
        users = await enrol(store, MENTEES, clock)
        handle = engine_on(project, store, clock)
        writing = {user: messages(user, f"#{user.id}#") for user in users}
        answered: list[str] = []

        async def mentor() -> None:
            """Answers every item as soon as it is waiting, while the others still write."""
            turn = 0
            while len(answered) < MENTEES:
                for item in await store.open_items("mentor"):
                    turn += 1
                    await handle(
                        Inbound(
                            MENTOR,
                            f"mentor:{turn}",
                            InboundKind.COMMAND,
                            clock.now(),
                            "repondre",
                            f"{item.ref} Réponse pour {item.alias}.",
                        )
                    )
                    answered.append(item.ref)
                await asyncio.sleep(0)

        desk = asyncio.create_task(mentor())
        results = await asyncio.gather(*(write(handle, m) for m in writing.values()))
        await desk

        for user, said in zip(users, results, strict=True):
            assert all(o.to == user for o in said), "a mentee was sent someone else's message"
            items = await store.items_of(user)
            assert len(items) == 1
            item = items[0]
            marker = f"#{user.id}#"
            assert [a.step for a in item.answers] == ["context", "stake", "tried", "question", "theme"]
            assert all(marker in a.text for a in item.answers[:4]), "answers crossed mentees"
            assert item.status is ItemStatus.ANSWERED
            assert item.replies[0].text == f"Réponse pour {item.alias}."
            conversation = await store.get_conversation(user)
            assert conversation is not None and conversation.draft is None
            assert conversation.seen_ids == tuple(i.message_id for i in writing[user])
        stored: list[str] = []
        for u in users:
            stored += [i.ref for i in await store.items_of(u)]
        assert sorted(answered) == sorted(stored)
        assert await store.open_items() == []


async def test_duplicate_deliveries_racing_have_one_effect(project: Path, tmp_path: Path) -> None:
    clock = ManualClock(paris("2026-11-23T10:00"))
    with TinyStore(tmp_path / "data") as store:
        users = await enrol(store, 10, clock)
        handle = engine_on(project, store, clock)
        for user in users:  # the charter, delivered once
            await handle(messages(user, "")[0])
        outcomes: list[list[list[Outbound]]] = []
        for step in range(1, 8):  # every other message of every mentee three times at once
            batch = [messages(user, f"#{user.id}#")[step] for user in users]
            outcomes.append(
                list(await asyncio.gather(*(handle(inbound) for inbound in batch for _ in range(3))))
            )
        for per_step in outcomes:
            answered = Counter(out[0].to for out in per_step if out)
            assert answered == Counter(users), "each delivery answered exactly once"
        for user in users:
            assert len(await store.items_of(user)) == 1
        assert len(await store.open_items()) == len(users)


async def test_a_redelivered_charter_acceptance_has_no_second_effect(project: Path, tmp_path: Path) -> None:
    clock = ManualClock(paris("2026-11-23T10:00"))
    with TinyStore(tmp_path / "data") as store:
        (user,) = await enrol(store, 1, clock)
        handle = engine_on(project, store, clock)
        accept = messages(user, "")[0]
        first, second = await asyncio.gather(handle(accept), handle(accept))
        assert first and second == []


async def test_without_the_hold_racing_duplicates_are_handled_twice(project: Path, tmp_path: Path) -> None:
    """What EventIsolation buys: on a store that yields, two deliveries of one message both
    read the conversation before either writes it, and both are answered."""
    clock = ManualClock(paris("2026-11-23T10:00"))
    with TinyStore(tmp_path / "data") as store:
        (user,) = await enrol(store, 1, clock)
        handle = engine_on(project, store, clock, isolated=False)
        accept = messages(user, "")[0]
        first, second = await asyncio.gather(handle(accept), handle(accept))
        assert first and second, "both copies went through: the hold is what keeps one"
