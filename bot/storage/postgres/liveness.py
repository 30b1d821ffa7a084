"""Which processes are alive: a session-level advisory lock per process, held while it runs.

Claims (an inbox entry, an outbox entry, a digest slot, a job's slot) carry a lease, so a
process that dies leaves them to the others once it runs out. A lease has to be long
enough for a live process to renew it, so on its own it also keeps a dead process's
claims for minutes: a process killed and restarted at once (a supervisor) waited two
minutes for its predecessor's pending events.

Liveness makes the difference visible at once. Each store holds, on a connection of its
own, `pg_advisory_lock(LIVENESS_CLASS, holder)` for as long as it is open; the server
releases it when that session ends, whether the process stopped, was killed, or lost its
machine. Every claim records its holder number, when the holder held its lock at that
instant (else NULL, and the lease alone decides), and the server's start time. A claim is
*abandoned* when its holder's lock is not held any more on the same server run: any
process may then take it without waiting for the lease. After a server restart every lock
is gone, the live processes' too, until they take them again: claims older than the
restart are left to their lease (their recorded start time differs), so a live process
reconnecting is never mistaken for a dead one.

The holder number is drawn at random and taken with `pg_try_advisory_lock`: two live
processes never share one. A dead process's number drawn again later only makes its old
claims look alive, and their lease decides, as before this existed.

The numbers travel as literals in the SQL text: they are this process's own integers,
never a value from a message.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import random
from typing import Any

import psycopg
from psycopg import AsyncConnection

from bot.errors import StoreUnavailableError

log = logging.getLogger(__name__)

LIVENESS_CLASS = 0x4341444C  # 'CADL': the first key of every liveness lock (the second, the holder)
EXCLUSIVE_CLASS = 0x43414458  # 'CADX': the first key of a right one process holds (see hold_exclusive)
KEEPALIVE_S = 2.0
"""How often the lock's connection is checked, and how soon a lost one is taken again."""
_HOLDER_MAX = 2**31 - 1
_TRY_LOCK = "SELECT pg_try_advisory_lock(%s, %s)"


def _held(holder_sql: str) -> str:
    """SQL: the liveness lock of the holder `holder_sql` (an integer expression) is held.

    A shared try-lock on the same key fails exactly while some session holds it exclusive:
    one probe of the lock table, where reading pg_locks copies every lock of the server.
    When it succeeds (nobody holds it), the shared lock lasts until the statement's
    transaction ends, which only delays that holder number's own retake by as much."""
    return f"NOT pg_try_advisory_xact_lock_shared({LIVENESS_CLASS}, ({holder_sql}))"


def abandoned(alias: str) -> str:
    """SQL: the claim on row `alias` belongs to a process that is gone (its lock was released
    on this server run). With no holder, or claimed before the server restarted: false."""
    return (
        f"({alias}.claim_holder IS NOT NULL AND {alias}.claim_server_start = pg_postmaster_start_time()"
        f" AND NOT {_held(f'{alias}.claim_holder')})"
    )


def exclusive_key(name: str) -> int:
    """The 32-bit lock key of an exclusive right's name."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big", signed=True)


class Liveness:
    """This process's liveness lock on `url`, held on its own connection, taken again after
    a lost connection (a server restart) as soon as the server answers."""

    def __init__(self, url: str, *, name: str) -> None:
        self._url = url
        self._name = name
        self._holder = random.randint(1, _HOLDER_MAX)
        self._connection: AsyncConnection[Any] | None = None
        self._task: asyncio.Task[None] | None = None
        self._exclusive: dict[int, str] = {}  # key -> name of each right this process holds

    @property
    def holder(self) -> int:
        return self._holder

    def claim_values(self) -> str:
        """SQL: the values of (claim_holder, claim_server_start) for a claim taken now; the
        holder only if its lock is granted at this instant (else the lease alone decides)."""
        return f"CASE WHEN {_held(str(self._holder))} THEN {self._holder} END, pg_postmaster_start_time()"

    def claim_set(self) -> str:
        """SQL: the SET list of an UPDATE that takes a claim now."""
        return (
            f"claim_holder = CASE WHEN {_held(str(self._holder))} THEN {self._holder} END,"
            " claim_server_start = pg_postmaster_start_time()"
        )

    async def hold_exclusive(self, name: str) -> bool:
        """Take, for as long as this process lives, the right called `name` that one process
        at a time may hold (Telegram long polling of one bot): False when a live process
        holds it. A session-level advisory lock on the liveness connection, so it goes with
        the process, killed or not. `name` is hashed: pass no secret in clear anyway."""
        key = exclusive_key(name)
        if key in self._exclusive:
            return True
        connection = self._connection
        if connection is None:
            raise StoreUnavailableError(f"the liveness connection to {self._name} is down: retry")
        try:
            cursor = await connection.execute(_TRY_LOCK, (EXCLUSIVE_CLASS, key))
            row = await cursor.fetchone()
        except psycopg.Error as exc:
            raise StoreUnavailableError(
                f"cannot take a lock on {self._name} ({type(exc).__name__}): retry"
            ) from None
        if row is None or not row[0]:
            return False
        self._exclusive[key] = name
        return True

    async def open(self) -> Liveness:
        """Take the lock (drawing another number while one is taken), then keep it."""
        try:
            await self._take()
        except psycopg.Error as exc:
            raise StoreUnavailableError(
                f"cannot hold this process's liveness lock on {self._name} ({type(exc).__name__})"
            ) from None
        self._task = asyncio.get_running_loop().create_task(self._keep(), name="cadre-liveness")
        return self

    async def _take(self) -> None:
        connection = await AsyncConnection.connect(self._url, autocommit=True)
        try:
            for _ in range(100):
                cursor = await connection.execute(_TRY_LOCK, (LIVENESS_CLASS, self._holder))
                row = await cursor.fetchone()
                if row is not None and row[0]:
                    self._connection = connection
                    return
                self._holder = random.randint(1, _HOLDER_MAX)  # a live process has this one
            raise psycopg.OperationalError("no free holder number")
        except BaseException:
            await connection.close()
            raise

    async def _keep(self) -> None:
        """Check the connection every KEEPALIVE_S; a lost one is opened again and the same
        number locked again (claims taken meanwhile carry no holder: their lease decides)."""
        while True:
            await asyncio.sleep(KEEPALIVE_S)
            connection = self._connection
            try:
                if connection is None:
                    raise psycopg.OperationalError("not connected")
                await connection.execute("SELECT 1")
                continue
            except psycopg.Error:
                pass
            self._connection = None
            if connection is not None:
                await connection.close()
            try:
                await self._retake()
            except psycopg.Error as exc:
                log.warning("liveness lock not held (%s): claims rely on their lease", type(exc).__name__)

    async def _retake(self) -> None:
        connection = await AsyncConnection.connect(self._url, autocommit=True)
        cursor = await connection.execute(_TRY_LOCK, (LIVENESS_CLASS, self._holder))
        row = await cursor.fetchone()
        if row is None or not row[0]:
            await connection.close()
            raise psycopg.OperationalError("holder number taken")
        self._connection = connection
        log.info("liveness lock held again holder=%d", self._holder)
        for key in list(self._exclusive):
            cursor = await connection.execute(_TRY_LOCK, (EXCLUSIVE_CLASS, key))
            row = await cursor.fetchone()
            if row is None or not row[0]:
                # Taken by another process while the server was away: it holds it now.
                del self._exclusive[key]
                log.error("exclusive right lost while the database was away name_key=%d", key)

    async def close(self) -> None:
        """Release the lock (the session ends): this process's claims are free at once."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._connection is not None:
            connection, self._connection = self._connection, None
            # Released now, not when the server gets round to ending the session (a peer
            # asking right after a clean stop must find the claims free).
            with contextlib.suppress(psycopg.Error):
                await connection.execute("SELECT pg_advisory_unlock_all()")
            await connection.close()
