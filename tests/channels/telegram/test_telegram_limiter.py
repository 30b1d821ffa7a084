"""RateLimiter on fake time: spacing per chat, a global ceiling, no cross-chat blocking."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.channels.telegram.limiter import RateLimiter
from tests.e2e import wait_until


class FakeTime:
    """Seconds that only move when the limiter sleeps; sleeps are recorded."""

    def __init__(self) -> None:
        self.now_s = 1000.0
        self.waits: list[float] = []
        self.gate: asyncio.Event | None = None

    def now(self) -> float:
        return self.now_s

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self.gate is not None:
            await self.gate.wait()
        self.now_s += seconds


async def test_same_chat_is_spaced_by_one_second() -> None:
    time = FakeTime()
    limiter = RateLimiter(now=time.now, sleep=time.sleep)
    sent_at: list[float] = []
    for _ in range(3):
        await limiter.acquire(1)
        sent_at.append(time.now_s)
    assert [b - a for a, b in itertools.pairwise(sent_at)] == [1.0, 1.0]


async def test_a_chat_that_was_quiet_is_not_delayed() -> None:
    time = FakeTime()
    limiter = RateLimiter(now=time.now, sleep=time.sleep)
    await limiter.acquire(1)
    time.now_s += 5
    await limiter.acquire(1)
    assert time.waits == []


async def test_global_ceiling_of_thirty_per_second() -> None:
    time = FakeTime()
    limiter = RateLimiter(now=time.now, sleep=time.sleep)
    for chat in range(30):
        await limiter.acquire(chat)
    assert time.waits == [], "thirty at once"
    await limiter.acquire(30)
    assert time.waits == [pytest.approx(1 / 30)], "then one every 1/30 s, not a second's wait"
    start_s = time.now_s
    for chat in range(31, 31 + 60):
        await limiter.acquire(chat)
    assert time.now_s - start_s == pytest.approx(2.0), "sixty more take two seconds: 30 per second"


async def test_waiting_chat_does_not_block_another() -> None:
    time = FakeTime()
    limiter = RateLimiter(now=time.now, sleep=time.sleep)
    await limiter.acquire("a")
    time.gate = asyncio.Event()
    waiting = asyncio.create_task(limiter.acquire("a"))
    await wait_until(lambda: time.waits == [1.0], "chat a waiting behind its gate")
    assert not waiting.done()
    await asyncio.wait_for(limiter.acquire("b"), 1)
    assert time.waits == [1.0], "chat b did not wait"
    time.gate.set()
    await asyncio.wait_for(waiting, 1)


async def test_idle_chats_are_forgotten() -> None:
    time = FakeTime()
    limiter = RateLimiter(now=time.now, sleep=time.sleep, max_tracked_chats=4)
    for chat in range(6):
        await limiter.acquire(chat)
        time.now_s += 2
    await limiter.acquire(99)
    assert len(limiter._next_at) <= 5
