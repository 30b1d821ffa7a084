"""The Inbox on PostgreSQL (table `inbox`, migration 0002), beside a PostgresStore.

Every process sharing the database records into the same table, so a platform's
redelivery reaching another process is refused too: the key is unique (constraint
`inbox_key_unique`) and `record` inserts `ON CONFLICT DO NOTHING`, keeping exactly the
rows its inserts created. `record` is one transaction, committed before it returns, so
the webhook's 200 follows a durable write. `sequence` is a bigserial: it grows with each
record, across processes and restarts.

The row's `body` is the entry as the codec encodes it (the platform's JSON, and the
sender's platform id in `person`; a withheld entry without the platform's JSON, see
bot.delivery.inbox), sealed with the shared key when CADRE_DATA_KEY is set;
`done` sets it to NULL, so what remains of a handled event is its key, channel and time,
until `prune` deletes the row once DEDUPE_TTL has passed. No column holds a platform id
of a person. Errors and logs name keys and counts only (the store's `_run` reports by
SQLSTATE, never by value).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.delivery.inbox import DEDUPE_TTL
from bot.domain import InboxEntry
from bot.errors import StoreUnavailableError
from bot.storage import codec
from bot.storage.postgres.sealing import SHARED_KEY
from bot.storage.postgres.store import Conn, PostgresStore

log = logging.getLogger(__name__)

_DONE = "UPDATE inbox SET body = NULL WHERE key = ANY(%s) AND body IS NOT NULL"


class PostgresInbox:
    """Inbox port on the `inbox` table of the store's database (its pool and data key)."""

    def __init__(self, store: PostgresStore) -> None:
        self._store = store
        self._undone: set[str] = set()  # handled, not yet marked: the database was out of reach

    async def record(self, entries: Sequence[InboxEntry]) -> list[InboxEntry]:
        """A key already there is a redelivery, unless this very call put it there: the
        store retries a statement whose answer was lost, and the token tells the two apart.

        One INSERT for the whole delivery, run on its own (the server commits it, durably,
        before answering): one round trip, where a transaction around it took two.
        """
        token = uuid.uuid4()
        undone = sorted(self._undone)
        unique: dict[str, InboxEntry] = {}
        for entry in entries:
            unique.setdefault(entry.key, entry)  # twice in one delivery: the first one
        if not unique and not undone:
            return []

        async def body(c: Conn) -> list[InboxEntry]:
            if undone:
                await c.execute(_DONE, (undone,))
            if not unique:
                return []
            # The shared key is never erased: read without holding it for a transaction.
            bodies = [await self._store._seal(c, SHARED_KEY, codec.encode_inbox(e)) for e in unique.values()]
            cursor = await c.execute(
                "INSERT INTO inbox (key, channel, received_at, body, recorded_by)"
                " SELECT k, ch, at, b, %s FROM unnest(%s::text[], %s::text[], %s::timestamptz[], %s::bytea[])"
                " WITH ORDINALITY AS u(k, ch, at, b, n) ORDER BY n"
                " ON CONFLICT ON CONSTRAINT inbox_key_unique DO UPDATE SET key = excluded.key"
                " WHERE inbox.recorded_by = excluded.recorded_by RETURNING key, sequence",
                (
                    token,
                    list(unique),
                    [e.channel for e in unique.values()],
                    [e.received_at for e in unique.values()],
                    bodies,
                ),
            )
            sequences = {str(row[0]): int(row[1]) for row in await cursor.fetchall()}
            return [replace(e, sequence=sequences[e.key]) for e in unique.values() if e.key in sequences]

        fresh = await self._store._run("inbox_record", body, is_single=True)
        self._undone.difference_update(undone)
        return fresh

    def _entry(self, row: tuple[Any, ...]) -> InboxEntry:
        sequence, wrapped, sealed = row
        record = f"sequence {sequence}"
        document = self._store._open(sealed, wrapped, table="inbox", record=record, key_name=SHARED_KEY)
        return codec.decode_inbox(document, source=f"inbox {record}", sequence=int(sequence))

    async def pending(self, channel: str) -> list[InboxEntry]:
        """Recorded and not done, in recording order (index `inbox_pending`)."""

        async def body(c: Conn) -> list[InboxEntry]:
            cursor = await c.execute(
                "SELECT i.sequence, k.wrapped, i.body FROM inbox i LEFT JOIN data_keys k ON k.name = %s"
                " WHERE i.channel = %s AND i.body IS NOT NULL ORDER BY i.sequence",
                (SHARED_KEY, channel),
            )
            return [self._entry(row) for row in await cursor.fetchall()]

        return await self._store._run("inbox_pending", body)

    async def done(self, entry: InboxEntry) -> None:
        """The words go; the key stays, refusing a redelivery until it is pruned.

        With the database out of reach (after the store's retries), the key is kept here and
        marked done with the next `record` or `done` that reaches it, so an event handled
        just before an outage is not left pending until the next start. If the process
        stops first, the next start replays the event, which the conversation's remembered
        ids then refuse: handled once either way.
        """
        keys = sorted({entry.key, *self._undone})

        async def body(c: Conn) -> None:
            await c.execute(_DONE, (keys,))

        try:
            await self._store._run("inbox_done", body, is_single=True)
        except StoreUnavailableError:
            self._undone.add(entry.key)
            log.warning("inbox done deferred until the database is back keys=%d", len(self._undone))
            return
        self._undone.difference_update(keys)

    async def remember(self, handled: Sequence[tuple[str, datetime]]) -> list[str]:
        """Keys of events handled elsewhere (a migrated folder): refused like a done entry
        until DEDUPE_TTL after `at`. Returns the keys that were not known yet."""

        async def body(c: Conn) -> list[str]:
            cursor = await c.execute(
                "INSERT INTO inbox (key, channel, received_at, body)"
                " SELECT k, split_part(k, ':', 1), at, NULL"
                " FROM unnest(%s::text[], %s::timestamptz[]) AS u(k, at)"
                " ON CONFLICT ON CONSTRAINT inbox_key_unique DO NOTHING RETURNING key",
                ([key for key, _ in handled], [at for _, at in handled]),
            )
            return [str(row[0]) for row in await cursor.fetchall()]

        return await self._store._run("inbox_remember", body) if handled else []

    async def prune(self, now_at: datetime) -> int:
        """Delete the handled keys recorded more than DEDUPE_TTL before `now_at`."""

        async def body(c: Conn) -> int:
            cursor = await c.execute(
                "DELETE FROM inbox WHERE body IS NULL AND received_at < %s", (now_at - DEDUPE_TTL,)
            )
            return cursor.rowcount

        dropped = await self._store._run("inbox_prune", body)
        if dropped:
            log.info("inbox dedupe pruned keys=%d", dropped)
        return dropped
