"""One person's events at a time across processes: a transaction-scoped advisory lock.

Inside one process the local isolation comes first (so waiting costs no connection); then
a transaction on a connection of its own takes `pg_advisory_xact_lock(class, person)`
and stays open while the event is handled and its replies delivered. The lock goes with
the transaction: committed at the end, or rolled back by the server if the process dies
or its connection drops, so a killed process never leaves a person locked.

The locks use their own small pool: if they drew from the store's pool, events waiting
on locks could hold every connection while the event that owns the lock waits for one
to write. A lost connection (a server restart) is retried with backoff for `retry_s`, as
the store does, so an event waits for the database instead of failing; losing the
connection while the lock is held only ends the transaction, which releases the lock on
the server: the event that held it is not failed for that.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from bot.domain import UserRef
from bot.errors import StoreError
from bot.ports import EventIsolation
from bot.storage.postgres import schema
from bot.storage.postgres.store import RETRY_S, DatabaseUnavailableError, _is_connection_error
from bot.storage.tiny.store import person_name

log = logging.getLogger(__name__)

LOCK_CLASS = 0x43414450  # 'CADP': the first key of every person lock (the second is the person)


def lock_key(user: UserRef) -> int:
    """The person's 32-bit lock key; a collision only serialises two people, never mixes them."""
    digest = hashlib.sha256(person_name(user.key).encode("ascii")).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


class AdvisoryLockIsolation:
    """The EventIsolation port across processes sharing one PostgreSQL database.

    `local` keeps the order inside this process (and its size to the people active now);
    the composition root passes the runtime's LocalIsolation.
    """

    def __init__(
        self,
        url: str,
        *,
        local: EventIsolation,
        min_held: int = 1,
        max_held: int = 8,
        wait_s: float = 60.0,
        retry_s: float = RETRY_S,
    ) -> None:
        self._name = schema.describe(url)
        self._retry_s = retry_s
        self._pool: AsyncConnectionPool[AsyncConnection[Any]] = AsyncConnectionPool(
            url, min_size=min_held, max_size=max_held, open=False, timeout=wait_s, name="cadre-locks"
        )
        self._local = local

    async def open(self) -> AdvisoryLockIsolation:
        try:
            await self._pool.open(wait=True, timeout=RETRY_S)
        except (psycopg.Error, PoolTimeout) as exc:
            await self._pool.close()
            raise DatabaseUnavailableError(
                f"cannot reach the database {self._name} for person locks ({type(exc).__name__})"
            ) from None
        return self

    async def close(self) -> None:
        await self._pool.close()

    @asynccontextmanager
    async def hold(self, user: UserRef) -> AsyncIterator[None]:
        """Held while one event of `user` is handled and delivered."""
        async with self._local.hold(user), self._locked(user):
            yield

    @asynccontextmanager
    async def _locked(self, user: UserRef) -> AsyncIterator[None]:
        """A failure to take the lock is a StoreError; the body's own errors pass."""
        connection = await self._lock(user)
        try:
            yield
        finally:
            try:
                await connection.commit()  # releases the lock
            except psycopg.Error as exc:
                # The transaction is gone with the connection: so is the lock, on the server.
                log.warning("person lock released with its connection (%s)", type(exc).__name__)
            finally:
                await self._pool.putconn(connection)

    async def _lock(self, user: UserRef) -> AsyncConnection[Any]:
        """A connection holding the person's lock in an open transaction."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._retry_s
        delay_s = 0.05
        while True:
            try:
                connection = await self._pool.getconn()
                try:
                    async with connection.pipeline() as pipeline:  # BEGIN and the lock: one round trip
                        await connection.execute(
                            "SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_CLASS, lock_key(user))
                        )
                        await pipeline.sync()
                except BaseException:
                    await self._pool.putconn(connection)
                    raise
                return connection
            except (psycopg.Error, PoolTimeout) as exc:
                if not _is_connection_error(exc):
                    raise StoreError(f"cannot lock a person on {self._name} ({type(exc).__name__})") from None
                if loop.time() + delay_s > deadline:
                    raise DatabaseUnavailableError(
                        f"cannot lock a person on {self._name} ({type(exc).__name__}); "
                        f"retried for {self._retry_s:.0f} s"
                    ) from None
                log.warning("database connection lost operation=lock retry_in_ms=%d", delay_s * 1000)
                await asyncio.sleep(delay_s * (0.5 + random.random() / 2))
                delay_s = min(delay_s * 2, 1.0)
