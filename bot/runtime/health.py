"""What `/readyz` asks: is the store readable and writable, is the outbox flushing, are
messages being handled. Channels push their own state to the server (started, failing).

Each check says what is true now, in ids and counts: a process that answers `/healthz`
(alive) may still be not ready, and a load balancer or supervisor tells the two apart.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from bot.errors import StorageFullError, StoreError
from bot.ports import Clock, Store

PROBE_MARK = "health.probe"
"""The probe writes a last-inbound mark under this key: no channel's window key looks like
it (they are the channel's pseudonyms), so no window is ever touched."""
#: A store probe writes once per this delay at most, however often /readyz is asked.
PROBE_DELAY = timedelta(seconds=5)
#: How long the probe waits for the store: a database that does not answer within it is
#: "not ready" now, not after the store's own retries (a load balancer asks every second).
PROBE_TIMEOUT_S = 5.0
#: Messages failing in a row before the process says it is not ready.
FAILURES_NOT_READY = 3


class StoreProbe:
    """Writes a mark and reads it back: readable and writable, or the reason it is not."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._checked_at: datetime | None = None
        self._problem: str | None = None

    async def __call__(self) -> str | None:
        now_at = self._clock.now()
        if self._checked_at is not None and now_at - self._checked_at < PROBE_DELAY and not self._problem:
            return None
        self._checked_at = now_at
        try:
            async with asyncio.timeout(PROBE_TIMEOUT_S):
                await self._store.set_last_inbound(PROBE_MARK, now_at)
                read_back = await self._store.last_inbound(PROBE_MARK)
            self._problem = None if read_back == now_at else "probe not read back"
        except TimeoutError:
            self._problem = f"not answering within {PROBE_TIMEOUT_S:g} s"
        except StorageFullError:
            self._problem = "disk full"
        except StoreError as error:
            self._problem = f"not readable or writable ({type(error).__name__})"
        return self._problem


class FlushWatch:
    """The outbox's last pass: it must have succeeded, and recently."""

    def __init__(self, clock: Clock, interval: timedelta, *, started_at: datetime) -> None:
        self._clock = clock
        self._stale_delay = interval * 4
        self.last_ok_at: datetime = started_at
        self.last_problem: str | None = None

    def succeeded(self) -> None:
        self.last_ok_at = self._clock.now()
        self.last_problem = None

    def failed(self, error: BaseException) -> None:
        self.last_problem = f"last flush failed ({type(error).__name__})"

    async def __call__(self) -> str | None:
        if self.last_problem is not None:
            return self.last_problem
        silent_for = self._clock.now() - self.last_ok_at
        if silent_for > self._stale_delay:
            return f"no flush for {int(silent_for.total_seconds())} s"
        return None


class HandlingWatch:
    """Messages failing one after another (a store that cannot be read for anyone)."""

    def __init__(self) -> None:
        self.failures_in_a_row = 0

    def succeeded(self) -> None:
        self.failures_in_a_row = 0

    def failed(self) -> None:
        self.failures_in_a_row += 1

    async def __call__(self) -> str | None:
        if self.failures_in_a_row >= FAILURES_NOT_READY:
            return f"the last {self.failures_in_a_row} messages failed"
        return None
