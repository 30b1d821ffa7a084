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

A pending row is claimed, as the outbox is (migration 0005): `claimed_by` is the running
inbox that handles it (a token per instance, so per process) and `claimed_until` when
that claim lapses. `record` claims what it inserts, `pending` claims (FOR UPDATE SKIP
LOCKED) only the rows nobody holds or whose claim lapsed, so a starting process does not
replay what a live peer is still handling. `pick_up`, run periodically by the scheduler,
renews this process's claims and hands the channels that `follow` it the rows a stopped
or killed peer left behind once their claim lapsed. The lease is the store's claim lease
(two minutes); a pick-up runs every 30 seconds, so a live claim never lapses unless the
database was out of reach longer than the lease (then a peer may take the entry too, and
the conversation's remembered ids refuse the second handling, as after a restart).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.delivery.inbox import DEDUPE_TTL, PersonQueues
from bot.domain import InboxEntry
from bot.errors import StoreUnavailableError
from bot.ports import Clock
from bot.storage import codec
from bot.storage.postgres.liveness import abandoned
from bot.storage.postgres.sealing import SHARED_KEY
from bot.storage.postgres.store import Conn, PostgresStore

log = logging.getLogger(__name__)

_DONE = "UPDATE inbox SET body = NULL WHERE key = ANY(%s) AND body IS NOT NULL"


class _WallClock:
    """The time when no clock is given (commands that only read or prune)."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class PostgresInbox:
    """Inbox port on the `inbox` table of the store's database (its pool and data key)."""

    def __init__(self, store: PostgresStore, *, clock: Clock | None = None) -> None:
        self._store = store
        self._clock: Clock = clock if clock is not None else _WallClock()
        self._lease = store.claim_lease
        self._liveness = store.liveness
        self._claimer = uuid.uuid4()  # this instance's claims (one per process)
        self._undone: set[str] = set()  # handled, not yet marked: the database was out of reach
        self._held: set[str] = set()  # claimed by this instance and not yet done
        self._followers: dict[str, PersonQueues] = {}
        self._is_stranded = False  # the last record saw events no live process holds

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
                "WITH fresh AS (INSERT INTO inbox (key, channel, received_at, body, recorded_by, claimed_by,"
                " claimed_until,"
                " claim_holder, claim_server_start)"
                f" SELECT k, ch, at, b, %s, %s, %s, {self._liveness.claim_values()}"
                " FROM unnest(%s::text[], %s::text[], %s::timestamptz[], %s::bytea[])"
                " WITH ORDINALITY AS u(k, ch, at, b, n) ORDER BY n"
                " ON CONFLICT ON CONSTRAINT inbox_key_unique DO UPDATE SET key = excluded.key"
                " WHERE inbox.recorded_by = excluded.recorded_by RETURNING key, sequence),"
                # Before this delivery: entries no live process holds (a killed peer's).
                " stranded AS (SELECT EXISTS (SELECT 1 FROM inbox o WHERE o.body IS NOT NULL"
                " AND o.channel = ANY(%s::text[]) AND o.claimed_by IS DISTINCT FROM %s"
                f" AND (o.claimed_until IS NULL OR o.claimed_until <= %s OR {abandoned('o')})) AS found)"
                " SELECT fresh.key, fresh.sequence, stranded.found FROM stranded LEFT JOIN fresh ON true",
                (
                    token,
                    self._claimer,
                    now_at + self._lease,
                    list(unique),
                    [e.channel for e in unique.values()],
                    [e.received_at for e in unique.values()],
                    bodies,
                    sorted({e.channel for e in unique.values()}),
                    self._claimer,
                    now_at,
                ),
            )
            rows = await cursor.fetchall()
            self._is_stranded = any(bool(row[2]) for row in rows)
            sequences = {str(row[0]): int(row[1]) for row in rows if row[0] is not None}
            return [replace(e, sequence=sequences[e.key]) for e in unique.values() if e.key in sequences]

        now_at = self._clock.now()
        self._is_stranded = False
        fresh = await self._store._run("inbox_record", body, is_single=True)
        self._undone.difference_update(undone)
        self._held.update(e.key for e in fresh)
        if self._is_stranded and fresh:
            # A killed peer left earlier events, maybe this sender's: they go to the queues
            # first, so one person's events are still handled in the order they came.
            await self.pick_up()
        return fresh

    def _entry(self, row: tuple[Any, ...]) -> InboxEntry:
        sequence, wrapped, sealed = row
        record = f"sequence {sequence}"
        document = self._store._open(sealed, wrapped, table="inbox", record=record, key_name=SHARED_KEY)
        return codec.decode_inbox(document, source=f"inbox {record}", sequence=int(sequence))

    async def pending(self, channel: str) -> list[InboxEntry]:
        """Recorded and not done, in recording order, claimed for this process: its own
        entries and those no running process holds (never claimed, or the claim lapsed).
        An entry a live peer recorded or picked up is left to it."""
        return await self._claim(channel, is_own_included=True)

    async def _claim(self, channel: str, *, is_own_included: bool) -> list[InboxEntry]:
        """Claim (SKIP LOCKED, then a lease) the pending entries free for this process, its
        own included; with `is_own_included` False, not those it has in hand (`pick_up`):
        an own claim it does not know of (a claim whose answer was lost) is taken again."""
        now_at = self._clock.now()
        in_hand = [] if is_own_included else sorted(self._held | self._undone)

        async def body(c: Conn) -> list[InboxEntry]:
            cursor = await c.execute(
                "WITH free AS (SELECT sequence FROM inbox WHERE channel = %s AND body IS NOT NULL"
                " AND (claimed_until IS NULL OR claimed_until <= %s OR claimed_by = %s"
                f" OR {abandoned('inbox')})"
                " AND NOT key = ANY(%s::text[]) ORDER BY sequence FOR UPDATE SKIP LOCKED)"
                f" UPDATE inbox i SET claimed_by = %s, claimed_until = %s, {self._liveness.claim_set()}"
                " FROM free"
                " WHERE i.sequence = free.sequence RETURNING i.sequence, i.key, i.body",
                (channel, now_at, self._claimer, in_hand, self._claimer, now_at + self._lease),
            )
            claimed = sorted(await cursor.fetchall(), key=lambda row: int(row[0]))
            if not claimed:
                return []
            keys = await c.execute("SELECT wrapped FROM data_keys WHERE name = %s", (SHARED_KEY,))
            found = await keys.fetchone()
            wrapped = None if found is None else found[0]
            return [self._entry((row[0], wrapped, row[2])) for row in claimed]

        entries = await self._store._run("inbox_pending", body)
        self._held.update(e.key for e in entries)
        return entries

    def follow(self, channel: str, queues: PersonQueues) -> None:
        """`pick_up` hands this channel's abandoned entries to `queues` from now on."""
        self._followers[channel] = queues

    async def pick_up(self) -> int:
        """Renew this process's claims, then claim for each following channel the entries
        whose claimer's lease ran out (a peer stopped or was killed) and hand them to its
        queues. Returns how many were picked up."""
        now_at = self._clock.now()
        held = sorted(self._held | self._undone)
        if held:

            async def renew(c: Conn) -> None:
                await c.execute(
                    f"UPDATE inbox SET claimed_until = %s, {self._liveness.claim_set()}"
                    " WHERE key = ANY(%s::text[]) AND claimed_by = %s AND body IS NOT NULL",
                    (now_at + self._lease, held, self._claimer),
                )

            await self._store._run("inbox_renew", renew, is_single=True)
        picked = 0
        for channel, queues in list(self._followers.items()):
            if not queues.is_open:
                continue
            entries = await self._claim(channel, is_own_included=False)
            queues.submit(replace(e, is_replay=True) for e in entries)  # maybe handled before a kill
            picked += len(entries)
        if picked:
            log.info("inbox entries picked up after a lapsed claim count=%d", picked)
        return picked

    async def release(self) -> None:
        """The process stops: its pending entries are free for a peer's next pick-up (or
        the next start) now, rather than once the lease has run out."""
        self._followers.clear()
        held, self._held = sorted(self._held), set()

        async def body(c: Conn) -> None:
            await c.execute(
                "UPDATE inbox SET claimed_until = NULL WHERE key = ANY(%s::text[]) AND claimed_by = %s",
                (held, self._claimer),
            )

        if held:
            await self._store._run("inbox_release", body, is_single=True)

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

        # The entry stays in hand while its done is retried (a database restarting): were it
        # let go first, a pick-up meanwhile would take this process's own claim for one
        # whose answer was lost, and handle the event a second time.
        try:
            await self._store._run("inbox_done", body, is_single=True)
        except StoreUnavailableError:
            self._undone.add(entry.key)
            self._held.discard(entry.key)
            log.warning("inbox done deferred until the database is back keys=%d", len(self._undone))
            return
        self._held.discard(entry.key)
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
