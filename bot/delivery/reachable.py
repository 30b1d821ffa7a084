"""Waiting out a store that cannot be reached, for the work that must not be dropped.

A store that loses its database (a PostgreSQL restart, a failover) retries each call for
its own window, then raises StoreUnavailableError: nothing was done. For a message
already acknowledged to a platform, or a send already accepted by one, giving up would
lose it or send it twice; `until_reachable` tries again, a pause apart, for as long as it
takes. It waits in real time, as the store's own retries do: it waits for a server, not
for a moment of the mentoring calendar. A task cancelled meanwhile (the process
stopping) leaves the work where it was: an inbox entry still pending, replayed at the
next start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.errors import StoreUnavailableError

log = logging.getLogger(__name__)

T = TypeVar("T")

PAUSE_S = 1.0
"""Between two tries, on top of the store's own retry window."""


async def until_reachable(attempt: Callable[[], Awaitable[T]], *, what: str, pause_s: float = PAUSE_S) -> T:
    """`attempt()` again and again while the store is unavailable; its other errors pass."""
    tries = 0
    while True:
        try:
            return await attempt()
        except StoreUnavailableError as error:
            tries += 1
            log.warning(
                "store unreachable, %s tried again in_s=%.1f tries=%d error=%s",
                what,
                pause_s,
                tries,
                type(error).__name__,
            )
            await asyncio.sleep(pause_s)
