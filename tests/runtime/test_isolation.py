"""LocalIsolation: one person's events one at a time, in order; nothing kept once idle."""

from __future__ import annotations

import asyncio

from bot.domain import UserRef
from bot.runtime.isolation import LocalIsolation

ANA = UserRef("whatsapp", "1")
BEN = UserRef("whatsapp", "2")


async def test_one_persons_events_run_one_at_a_time_in_arrival_order() -> None:
    isolation = LocalIsolation()
    trace: list[str] = []

    async def event(name: str) -> None:
        async with isolation.hold(ANA):
            trace.append(f"{name}:in")
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            trace.append(f"{name}:out")

    await asyncio.gather(event("a"), event("b"), event("c"))
    assert trace == ["a:in", "a:out", "b:in", "b:out", "c:in", "c:out"]


async def test_different_people_do_not_wait_for_each_other() -> None:
    isolation = LocalIsolation()
    ana_inside = asyncio.Event()
    release = asyncio.Event()

    async def ana() -> None:
        async with isolation.hold(ANA):
            ana_inside.set()
            await release.wait()

    task = asyncio.create_task(ana())
    await ana_inside.wait()
    async with isolation.hold(BEN):  # entered while Ana's hold is taken
        assert isolation.held == 2
    release.set()
    await task


async def test_nothing_is_kept_for_a_person_once_idle() -> None:
    isolation = LocalIsolation()
    for index in range(100):
        async with isolation.hold(UserRef("telegram", str(index))):
            assert isolation.held == 1
    assert isolation.held == 0


async def test_a_failing_event_releases_the_hold() -> None:
    isolation = LocalIsolation()
    try:
        async with isolation.hold(ANA):
            raise RuntimeError("handler bug")
    except RuntimeError:
        pass
    assert isolation.held == 0
    async with isolation.hold(ANA):
        assert isolation.held == 1
