"""Keeps sends under Telegram's flood limits without making one chat wait for another.

Telegram answers 429 beyond about one message per second in a chat and thirty per second
overall ("or so", says its FAQ). Waiting before sending is cheaper than being told to
retry: a digest going to one mentor must not delay the acknowledgement another mentee is
waiting for. Time and sleep are injected so tests check the spacing without sleeping.

The overall limit is a leaky bucket, as python-telegram-bot's own AIORateLimiter (aiolimiter,
30 per 1 s): up to thirty messages at once, then one every 1/30 s. A sliding window ("never
more than thirty in any second") made the 31st of fifty replies due together wait a whole
second, for the same sustained rate.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable

Sleep = Callable[[float], Awaitable[None]]
Now = Callable[[], float]


class RateLimiter:
    """Per-chat minimum spacing plus a global leaky bucket.

    A per-chat lock queues messages of the same chat in order; other chats never take it.
    The global window is held only for the short wait it imposes. `now` returns seconds
    (any origin); `sleep` waits that many seconds.
    """

    def __init__(
        self,
        *,
        now: Now,
        sleep: Sleep = asyncio.sleep,
        per_chat_interval_s: float = 1.0,
        global_per_second: int = 30,
        max_tracked_chats: int = 1024,
    ) -> None:
        self._now = now
        self._sleep = sleep
        self._interval_s = per_chat_interval_s
        self._global_per_second = global_per_second
        self._max_tracked_chats = max_tracked_chats
        self._next_at: dict[Hashable, float] = {}
        self._chat_locks: dict[Hashable, asyncio.Lock] = {}
        self._global_lock = asyncio.Lock()
        self._level = 0.0  # messages in the bucket, leaking at global_per_second
        self._level_at = float("-inf")

    async def acquire(self, chat: Hashable) -> None:
        """Wait until a message to `chat` may go out, and count it as sent now."""
        lock = self._chat_locks.setdefault(chat, asyncio.Lock())
        async with lock:
            wait_s = self._next_at.get(chat, float("-inf")) - self._now()
            if wait_s > 0:
                # Capped: a clock jumping backwards must not park a chat for hours.
                await self._sleep(min(wait_s, self._interval_s))
            await self._acquire_global()
            self._next_at[chat] = self._now() + self._interval_s
        self._forget_idle()

    async def _acquire_global(self) -> None:
        async with self._global_lock:
            self._leak()
            wait_s = (self._level + 1 - self._global_per_second) / self._global_per_second
            if wait_s > 0:
                await self._sleep(min(wait_s, 1.0))
                self._leak()
            self._level += 1

    def _leak(self) -> None:
        now = self._now()
        elapsed_s = max(0.0, now - self._level_at)  # a clock going back leaks nothing
        self._level = max(0.0, self._level - elapsed_s * self._global_per_second)
        self._level_at = now

    def _forget_idle(self) -> None:
        """Drop chats whose spacing has elapsed, so memory follows active chats only."""
        if len(self._next_at) <= self._max_tracked_chats:
            return
        now = self._now()
        for chat in [c for c, at in self._next_at.items() if at <= now]:
            lock = self._chat_locks.get(chat)
            if lock is None or not lock.locked():
                self._next_at.pop(chat, None)
                self._chat_locks.pop(chat, None)
