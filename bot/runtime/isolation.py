"""One person's events one at a time, in one process: the local EventIsolation.

A lock per person, created when their first event arrives and dropped as soon as no
event holds or waits for it, so the table follows the people writing right now, not
everyone who ever wrote (strangers included). asyncio.Lock wakes waiters in the order
they asked, which keeps a person's messages in the order the channel delivered them.
Across processes an advisory lock in the database plays the same part.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field

from bot.domain import UserRef
from bot.ports import EventIsolation


@dataclass
class _Slot:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0
    """Events holding or waiting for the lock: the slot goes when this falls to zero."""


class LocalIsolation:
    """EventIsolation for one process."""

    def __init__(self) -> None:
        self._slots: dict[str, _Slot] = {}

    def hold(self, user: UserRef) -> AbstractAsyncContextManager[None]:
        return self._hold(user.key)

    @asynccontextmanager
    async def _hold(self, key: str) -> AsyncIterator[None]:
        slot = self._slots.setdefault(key, _Slot())
        slot.users += 1
        try:
            async with slot.lock:
                yield
        finally:
            slot.users -= 1
            if slot.users == 0:
                del self._slots[key]

    @property
    def held(self) -> int:
        """People with an event in hand or waiting (for tests and health figures)."""
        return len(self._slots)


@asynccontextmanager
async def open_isolation() -> AsyncIterator[EventIsolation | None]:
    """Across processes (an advisory lock) when the store is PostgreSQL; None: this process."""
    from bot.app import database_url

    url = database_url()
    if url is None:
        yield None
        return
    from bot.storage.postgres.isolation import AdvisoryLockIsolation

    isolation = await AdvisoryLockIsolation(url, local=LocalIsolation()).open()
    try:
        yield isolation
    finally:
        await isolation.close()
