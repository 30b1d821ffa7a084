"""The Store on PostgreSQL (psycopg 3, async, pooled): several `cadre run` processes at once.

Each method is one transaction, committed when it returns (the durability the port asks
for). Records are the codec's documents in `body`, sealed with their owner's data key
(see sealing.py); the columns beside them are what queries filter and order on, so no hot
path scans a table. Rules several processes share are constraints or row locks:

- an inbound message id is recorded once per person (primary key);
- an outbox entry exists once per key (primary key) and is claimed for sending with
  `FOR UPDATE SKIP LOCKED` plus a lease, so one process sends it; a process killed
  mid-send leaves a lease that expires and the entry is sent again (at-least-once);
- a digest slot, or a job's slot (reminders, purge), is claimed by inserting its row:
  the process whose insert wins does the work, a missed slot is caught up once.

Errors never carry a value: a failed statement is reported by its SQLSTATE and the
constraint's name, because PostgreSQL's own message may quote the offending value. A lost
connection (server restarted, failover) is retried with backoff for `retry_s`, then
reported as DatabaseUnavailableError.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any, TypeVar

import psycopg
from psycopg import AsyncConnection
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from bot.domain import (
    AuditEvent,
    Conversation,
    Invitation,
    Item,
    ItemStatus,
    Mentee,
    OutboxEntry,
    OutboxStatus,
    UserRef,
)
from bot.errors import CorruptRecordError, StoreError
from bot.storage import codec
from bot.storage.postgres import schema
from bot.storage.postgres.sealing import SHARED_KEY, Sealer, master_or_none
from bot.storage.tiny.store import OUTBOX_KEEP, person_name

log = logging.getLogger(__name__)

T = TypeVar("T")
Conn = AsyncConnection[Any]

ERASED = "erased"
RETRY_S = 15.0
"""How long an operation keeps retrying a lost connection before it is reported."""
CLAIM_LEASE = timedelta(minutes=2)
"""How long a claimed outbox entry is reserved for its sender before another may retry."""
INBOUND_KEEP = timedelta(days=30)
"""How long an inbound message id is kept for deduplication (platforms redeliver for days)."""


_LATER = "SET LOCAL synchronous_commit TO off"
"""For the writes whose durability can wait for the next one: an inbound id and a claim.

Both are always followed, before anything is acknowledged or sent twice, by a synchronous
commit of the same message (its conversation or item; the sent entry), and WAL is flushed
in order, so that commit makes them durable too. Alone, losing one to a server crash only
lets a redelivery be handled again, or an entry be claimed again: what at-least-once
allows. It saves two of the five disk flushes a message costs.
"""


class DatabaseUnavailableError(StoreError):
    """PostgreSQL cannot be reached (restart, failover, network): retry later."""


def _reason(exc: psycopg.Error) -> str:
    """What went wrong, without any value the server may have quoted."""
    sqlstate = getattr(exc, "sqlstate", None)
    if sqlstate is None:
        return type(exc).__name__
    constraint = exc.diag.constraint_name
    return f"{type(exc).__name__} sqlstate={sqlstate}" + (f" constraint={constraint}" if constraint else "")


def _is_connection_error(exc: BaseException) -> bool:
    if isinstance(exc, PoolTimeout):
        return True
    if isinstance(exc, psycopg.OperationalError):
        sqlstate = getattr(exc, "sqlstate", None)
        return sqlstate is None or sqlstate.startswith(("08", "57P"))
    return False


def _json(document: object) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise CorruptRecordError("record is not an object")
    return document


class PostgresStore:
    """The Store port on one PostgreSQL database; as many instances as processes."""

    def __init__(
        self,
        url: str,
        *,
        data_key: str | None = None,
        min_size: int = 1,
        max_size: int = 10,
        outbox_keep: timedelta = OUTBOX_KEEP,
        retry_s: float = RETRY_S,
        claim_lease: timedelta = CLAIM_LEASE,
    ) -> None:
        self.url = url
        self.name = schema.describe(url)
        self._sealer = Sealer(master_or_none(data_key))
        self._pool: AsyncConnectionPool[Conn] = AsyncConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            open=False,
            timeout=min(retry_s, 2.0),
            name="cadre",
            reconnect_timeout=max(retry_s, 300.0),
        )
        self._outbox_keep = outbox_keep
        self._retry_s = retry_s
        self._claim_lease = claim_lease
        self._is_open = False

    # ------------------------------------------------------------------ lifecycle
    async def open(self) -> PostgresStore:
        """Connect, refuse a schema behind or ahead of the code, check the data key."""
        try:
            await self._pool.open(wait=True, timeout=self._retry_s)
        except (psycopg.Error, PoolTimeout) as exc:
            await self._pool.close()
            raise DatabaseUnavailableError(
                f"cannot reach the database {self.name} ({type(exc).__name__}); "
                "check CADRE_DATABASE_URL and that the server is running"
            ) from None
        try:
            async with self._pool.connection() as connection:
                cursor = await connection.execute(schema.QUERY_TABLE_EXISTS, (schema.VERSION_TABLE,))
                row = await cursor.fetchone()
                exists = bool(row and row[0])
                rows = await (await connection.execute(schema.QUERY_VERSIONS)).fetchall() if exists else []
                schema.check_rows(self.url, exists, rows)
                cursor = await connection.execute(
                    "SELECT EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM conversations)"
                    " OR EXISTS (SELECT 1 FROM outbox)"
                )
                row = await cursor.fetchone()
                await self._sealer.check(connection, has_records=bool(row and row[0]))
        except BaseException:
            await self._pool.close()
            raise
        self._is_open = True
        log.info("postgres store open database=%s encrypted=%s", self.name, self._sealer.is_encrypted)
        return self

    async def close(self) -> None:
        self._is_open = False
        await self._pool.close()

    async def __aenter__(self) -> PostgresStore:
        return await self.open()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def pool(self) -> AsyncConnectionPool[Conn]:
        return self._pool

    # ------------------------------------------------------------------ transactions
    async def _run(self, operation: str, body: Callable[[Conn], Awaitable[T]]) -> T:
        """One transaction; a lost connection is retried with backoff, other errors reported."""
        if not self._is_open:
            raise StoreError(f"the store on {self.name} is closed")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._retry_s
        delay_s = 0.05
        while True:
            try:
                async with self._pool.connection() as connection:
                    return await body(connection)
            except (psycopg.Error, PoolTimeout) as exc:
                if not _is_connection_error(exc):
                    raise StoreError(f"{operation} failed on {self.name}: {_reason(exc)}") from None
                if loop.time() + delay_s > deadline:
                    raise DatabaseUnavailableError(
                        f"{operation}: the database {self.name} is unreachable ({type(exc).__name__}); "
                        f"retried for {self._retry_s:.0f} s"
                    ) from None
                log.warning("database connection lost operation=%s retry_in_ms=%d", operation, delay_s * 1000)
                await asyncio.sleep(delay_s * (0.5 + random.random() / 2))
                delay_s = min(delay_s * 2, 1.0)

    @asynccontextmanager
    async def transaction(self, operation: str) -> AsyncIterator[Conn]:
        """A connection in a transaction for a caller that holds a lock across calls."""
        if not self._is_open:
            raise StoreError(f"the store on {self.name} is closed")
        try:
            async with self._pool.connection() as connection:
                yield connection
        except (psycopg.Error, PoolTimeout) as exc:
            if _is_connection_error(exc):
                raise DatabaseUnavailableError(
                    f"{operation}: the database {self.name} is unreachable ({type(exc).__name__})"
                ) from None
            raise StoreError(f"{operation} failed on {self.name}: {_reason(exc)}") from None

    # ------------------------------------------------------------------ sealing helpers
    async def _seal(self, connection: Conn, key_name: str, document: object) -> bytes:
        key = await self._sealer.key_for_write(connection, key_name)
        return self._sealer.seal(key, document)

    def _open(self, body: bytes, wrapped: str | None, *, table: str, record: str, key_name: str) -> object:
        return self._sealer.open(body, wrapped, table=table, record=record, name=key_name)

    # ------------------------------------------------------------------ mentees
    async def get_mentee(self, user: UserRef) -> Mentee | None:
        person = person_name(user.key)

        async def body(c: Conn) -> Mentee | None:
            cursor = await c.execute(
                "SELECT p.body, k.wrapped FROM people p LEFT JOIN data_keys k ON k.name = p.person"
                " WHERE p.person = %s",
                (person,),
            )
            row = await cursor.fetchone()
            return None if row is None else self._mentee(person, row)

        return await self._run("get_mentee", body)

    def _mentee(self, person: str, row: tuple[Any, ...]) -> Mentee:
        document = self._open(row[0], row[1], table="people", record=person, key_name=person)
        return codec.decode_mentee(document, source="people", record=person)

    async def save_mentee(self, mentee: Mentee) -> None:
        person = person_name(mentee.user.key)

        async def body(c: Conn) -> None:
            sealed = await self._seal(c, person, codec.encode_mentee(mentee))
            await c.execute(
                "INSERT INTO people (person, mentor, status, enrolled_at, has_legal_hold, body)"
                " VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (person) DO UPDATE SET mentor = excluded.mentor, status = excluded.status,"
                " enrolled_at = excluded.enrolled_at, has_legal_hold = excluded.has_legal_hold,"
                " body = excluded.body",
                (
                    person,
                    mentee.mentor,
                    mentee.status.value,
                    mentee.enrolled_at,
                    mentee.has_legal_hold,
                    sealed,
                ),
            )
            if mentee.consent is not None:
                await c.execute(
                    "INSERT INTO consents (person, version, accepted_at) VALUES (%s, %s, %s)"
                    " ON CONFLICT (person, version) DO NOTHING",
                    (person, mentee.consent.version, mentee.consent.accepted_at),
                )

        await self._run("save_mentee", body)

    async def list_mentees(self) -> list[Mentee]:
        async def body(c: Conn) -> list[Mentee]:
            cursor = await c.execute(
                "SELECT p.body, k.wrapped, p.person FROM people p"
                " LEFT JOIN data_keys k ON k.name = p.person ORDER BY p.enrolled_at, p.person"
            )
            found = [self._mentee(row[2], row) for row in await cursor.fetchall()]
            return sorted(found, key=lambda m: (m.enrolled_at, m.user.key))

        return await self._run("list_mentees", body)

    # ------------------------------------------------------------------ conversations
    async def get_conversation(self, user: UserRef) -> Conversation | None:
        person = person_name(user.key)

        async def body(c: Conn) -> Conversation | None:
            cursor = await c.execute(
                "SELECT c.body, k.wrapped FROM conversations c"
                " LEFT JOIN data_keys k ON k.name = c.person WHERE c.person = %s",
                (person,),
            )
            row = await cursor.fetchone()
            return None if row is None else self._conversation(person, row)

        return await self._run("get_conversation", body)

    def _conversation(self, person: str, row: tuple[Any, ...]) -> Conversation:
        document = self._open(row[0], row[1], table="conversations", record=person, key_name=person)
        return codec.decode_conversation(document, source="conversations", record=person)

    async def _write_conversation(self, c: Conn, conversation: Conversation) -> None:
        person = person_name(conversation.user.key)
        sealed = await self._seal(c, person, codec.encode_conversation(conversation))
        await c.execute(
            "INSERT INTO conversations (person, has_draft, updated_at, body) VALUES (%s, %s, now(), %s)"
            " ON CONFLICT (person) DO UPDATE SET has_draft = excluded.has_draft,"
            " updated_at = excluded.updated_at, body = excluded.body",
            (person, conversation.draft is not None, sealed),
        )

    async def save_conversation(self, conversation: Conversation) -> None:
        async def body(c: Conn) -> None:
            await self._write_conversation(c, conversation)

        await self._run("save_conversation", body)

    async def list_conversations_with_draft(self) -> list[Conversation]:
        async def body(c: Conn) -> list[Conversation]:
            cursor = await c.execute(
                "SELECT c.body, k.wrapped, c.person FROM conversations c"
                " LEFT JOIN data_keys k ON k.name = c.person WHERE c.has_draft ORDER BY c.person"
            )
            return [self._conversation(row[2], row) for row in await cursor.fetchall()]

        return await self._run("list_conversations_with_draft", body)

    async def record_inbound(self, user: UserRef, message_id: str, received_at: datetime) -> bool:
        """Remember an inbound message id; False when it was already recorded (a redelivery)."""
        person = person_name(user.key)

        async def body(c: Conn) -> bool:
            await c.execute(_LATER)
            cursor = await c.execute(
                "INSERT INTO inbound (person, message_id, received_at) VALUES (%s, %s, %s)"
                " ON CONFLICT (person, message_id) DO NOTHING",
                (person, message_id, received_at),
            )
            return cursor.rowcount == 1

        return await self._run("record_inbound", body)

    async def forget_inbound_before(self, before_at: datetime) -> int:
        async def body(c: Conn) -> int:
            cursor = await c.execute("DELETE FROM inbound WHERE received_at < %s", (before_at,))
            return cursor.rowcount

        return await self._run("forget_inbound_before", body)

    # ------------------------------------------------------------------ items
    async def _write_item(self, c: Conn, item: Item) -> None:
        person = person_name(item.mentee.key)
        document = codec.encode_item(item)
        replies = document.pop("replies")
        assert isinstance(replies, list)
        sealed = await self._seal(c, person, document)
        await c.execute(
            "INSERT INTO items (id, ref, person, mentor, status, submitted_at, deferred_until, body)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET ref = excluded.ref, mentor = excluded.mentor,"
            " status = excluded.status, submitted_at = excluded.submitted_at,"
            " deferred_until = excluded.deferred_until, body = excluded.body",
            (
                item.id,
                item.ref,
                person,
                item.mentor,
                item.status.value,
                item.submitted_at,
                item.deferred_until,
                sealed,
            ),
        )
        await c.execute("DELETE FROM replies WHERE item_id = %s AND position >= %s", (item.id, len(replies)))
        key = await self._sealer.key_for_write(c, person)
        for position, (reply, raw) in enumerate(zip(item.replies, replies, strict=True)):
            await c.execute(
                "INSERT INTO replies (item_id, position, kind, mentor, at, body)"
                " VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (item_id, position) DO UPDATE SET kind = excluded.kind,"
                " mentor = excluded.mentor, at = excluded.at, body = excluded.body",
                (item.id, position, reply.kind.value, reply.mentor, reply.at, self._sealer.seal(key, raw)),
            )

    async def submit_item(self, item: Item, conversation: Conversation) -> None:
        """The item and the conversation (draft cleared) in one transaction."""
        if person_name(conversation.user.key) != person_name(item.mentee.key):
            raise StoreError(f"item {item.id}: conversation belongs to another person")

        async def body(c: Conn) -> None:
            await self._write_item(c, item)
            await self._write_conversation(c, conversation)

        await self._run("submit_item", body)

    async def save_item(self, item: Item) -> None:
        async def body(c: Conn) -> None:
            await self._write_item(c, item)

        await self._run("save_item", body)

    _ITEM_SELECT = (
        "SELECT i.id, i.person, i.body, k.wrapped,"
        " COALESCE((SELECT array_agg(r.body ORDER BY r.position) FROM replies r WHERE r.item_id = i.id),"
        " '{}'::bytea[]) FROM items i LEFT JOIN data_keys k ON k.name = i.person"
    )

    def _item(self, row: tuple[Any, ...]) -> Item:
        item_id, person, body_, wrapped, replies = row
        document = _json(self._open(body_, wrapped, table="items", record=item_id, key_name=person))
        document["replies"] = [
            self._open(raw, wrapped, table="replies", record=item_id, key_name=person) for raw in replies
        ]
        return codec.decode_item(document, source="items", record=item_id)

    async def _items(self, operation: str, where: str, params: tuple[Any, ...]) -> list[Item]:
        async def body(c: Conn) -> list[Item]:
            cursor = await c.execute(f"{self._ITEM_SELECT} {where}", params)
            return [self._item(row) for row in await cursor.fetchall()]

        return await self._run(operation, body)

    async def get_item(self, item_id: str) -> Item | None:
        found = await self._items("get_item", "WHERE i.id = %s", (item_id,))
        return found[0] if found else None

    async def find_item_by_ref(self, ref: str) -> Item | None:
        found = await self._items("find_item_by_ref", "WHERE i.ref = %s", (ref,))
        return found[0] if found else None

    async def items_of(self, user: UserRef) -> list[Item]:
        return await self._items(
            "items_of", "WHERE i.person = %s ORDER BY i.submitted_at, i.id", (person_name(user.key),)
        )

    async def open_items(self, mentor: str | None = None) -> list[Item]:
        """Items still waiting for a mentor, oldest first (the partial index items_open)."""
        if mentor is None:
            return await self._items(
                "open_items", "WHERE i.status = 'waiting' ORDER BY i.submitted_at, i.id", ()
            )
        return await self._items(
            "open_items",
            "WHERE i.status = 'waiting' AND i.mentor = %s ORDER BY i.submitted_at, i.id",
            (mentor,),
        )

    async def count_items(self) -> int:
        async def body(c: Conn) -> int:
            row = await (await c.execute("SELECT count(*) FROM items")).fetchone()
            return int(row[0]) if row else 0

        return await self._run("count_items", body)

    # ------------------------------------------------------------------ outbox
    _OUTBOX_SELECT = (
        "SELECT o.key, o.subject, o.body, k.wrapped FROM outbox o LEFT JOIN data_keys k ON k.name = o.subject"
    )

    def _outbox(self, row: tuple[Any, ...]) -> OutboxEntry:
        key, subject, body_, wrapped = row
        document = self._open(body_, wrapped, table="outbox", record=key, key_name=subject)
        return codec.decode_outbox(document, source="outbox", record=key)

    async def _subject(self, c: Conn, entry: OutboxEntry) -> str:
        """Whose words the entry holds: the mentee of the item it copies, else its recipient."""
        if entry.outbound.item_ref is not None:
            cursor = await c.execute("SELECT person FROM items WHERE ref = %s", (entry.outbound.item_ref,))
            row = await cursor.fetchone()
            if row is not None:
                return str(row[0])
        return person_name(entry.outbound.to.key)

    async def _write_outbox(self, c: Conn, entry: OutboxEntry, *, is_new: bool) -> bool:
        subject = await self._subject(c, entry)
        sealed = await self._seal(c, subject, codec.encode_outbox(entry))
        columns = (
            entry.outbound.key,
            person_name(entry.outbound.to.key),
            subject,
            entry.outbound.to.channel,
            entry.outbound.item_ref,
            entry.status.value,
            entry.created_at,
            entry.next_attempt_at,
            entry.attempts,
            entry.platform_message_id,
            bool(entry.outbound.text or entry.outbound.choices or entry.outbound.attachment),
            sealed,
        )
        conflict = (
            "DO NOTHING"
            if is_new
            else "DO UPDATE SET status = excluded.status, next_attempt_at = excluded.next_attempt_at,"
            " attempts = excluded.attempts, platform_message_id = excluded.platform_message_id,"
            " has_content = excluded.has_content, body = excluded.body, claimed_until = NULL"
        )
        cursor = await c.execute(
            "INSERT INTO outbox (key, person, subject, channel, item_ref, status, created_at,"
            " next_attempt_at, attempts, platform_message_id, has_content, body)"
            f" VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (key) {conflict}",
            columns,
        )
        return cursor.rowcount == 1

    async def add_outbox(self, entry: OutboxEntry) -> bool:
        """Store an entry unless one with the same key exists; False when it already did."""

        async def body(c: Conn) -> bool:
            return await self._write_outbox(c, entry, is_new=True)

        return await self._run("add_outbox", body)

    async def save_outbox(self, entry: OutboxEntry) -> None:
        async def body(c: Conn) -> None:
            await self._write_outbox(c, entry, is_new=False)

        await self._run("save_outbox", body)

    async def _outboxes(self, operation: str, where: str, params: tuple[Any, ...]) -> list[OutboxEntry]:
        async def body(c: Conn) -> list[OutboxEntry]:
            cursor = await c.execute(f"{self._OUTBOX_SELECT} {where}", params)
            return [self._outbox(row) for row in await cursor.fetchall()]

        return await self._run(operation, body)

    async def get_outbox(self, key: str) -> OutboxEntry | None:
        found = await self._outboxes("get_outbox", "WHERE o.key = %s", (key,))
        return found[0] if found else None

    async def due_outbox(self, now_at: datetime) -> list[OutboxEntry]:
        """Pending entries whose time has come and that no process is sending now."""
        await self._strip_finished(now_at)
        return await self._outboxes(
            "due_outbox",
            "WHERE o.status = 'pending' AND o.next_attempt_at <= %s"
            " AND (o.claimed_until IS NULL OR o.claimed_until <= %s)"
            " ORDER BY o.next_attempt_at, o.created_at, o.key",
            (now_at, now_at),
        )

    async def claim_due_outbox(self, now_at: datetime, limit: int = 50) -> list[OutboxEntry]:
        """Reserve due entries for this process (SKIP LOCKED + a lease), so one process sends each.

        The lease is cleared by the next `save_outbox` of the entry (sent, retried, failed);
        a process killed mid-send leaves it to expire, and the entry is sent again.
        """

        async def body(c: Conn) -> list[OutboxEntry]:
            await c.execute(_LATER)
            cursor = await c.execute(
                "WITH due AS (SELECT key FROM outbox WHERE status = 'pending' AND next_attempt_at <= %s"
                " AND (claimed_until IS NULL OR claimed_until <= %s)"
                " ORDER BY next_attempt_at, created_at, key LIMIT %s FOR UPDATE SKIP LOCKED)"
                " UPDATE outbox o SET claimed_until = %s FROM due WHERE o.key = due.key"
                " RETURNING o.key, o.subject, o.body,"
                " (SELECT wrapped FROM data_keys k WHERE k.name = o.subject),"
                " o.next_attempt_at, o.created_at",
                (now_at, now_at, limit, now_at + self._claim_lease),
            )
            rows = await cursor.fetchall()
            rows.sort(key=lambda r: (r[4], r[5], r[0]))
            return [self._outbox(row[:4]) for row in rows]

        return await self._run("claim_due_outbox", body)

    async def claim_outbox(self, key: str, now_at: datetime) -> OutboxEntry | None:
        """Reserve one pending entry for this process; None if finished or another holds it."""

        async def body(c: Conn) -> OutboxEntry | None:
            await c.execute(_LATER)
            cursor = await c.execute(
                "WITH one AS (SELECT key FROM outbox WHERE key = %s AND status = 'pending'"
                " AND (claimed_until IS NULL OR claimed_until <= %s) FOR UPDATE SKIP LOCKED)"
                " UPDATE outbox o SET claimed_until = %s FROM one WHERE o.key = one.key"
                " RETURNING o.key, o.subject, o.body,"
                " (SELECT wrapped FROM data_keys k WHERE k.name = o.subject)",
                (key, now_at, now_at + self._claim_lease),
            )
            row = await cursor.fetchone()
            return None if row is None else self._outbox(row)

        return await self._run("claim_outbox", body)

    async def _strip_finished(self, now_at: datetime) -> None:
        """Sent or failed long enough ago: keep ids for dedupe and routing, drop the words."""
        cutoff = now_at - self._outbox_keep

        async def body(c: Conn) -> int:
            cursor = await c.execute(
                "SELECT o.key, o.subject, o.body, k.wrapped FROM outbox o"
                " LEFT JOIN data_keys k ON k.name = o.subject"
                " WHERE o.status <> 'pending' AND o.status <> 'parked' AND o.has_content"
                " AND o.created_at <= %s LIMIT 500 FOR UPDATE OF o SKIP LOCKED",
                (cutoff,),
            )
            rows = await cursor.fetchall()
            for row in rows:
                entry = self._outbox(row).without_content()
                sealed = await self._seal(c, str(row[1]), codec.encode_outbox(entry))
                await c.execute(
                    "UPDATE outbox SET body = %s, has_content = false WHERE key = %s", (sealed, row[0])
                )
            return len(rows)

        stripped = await self._run("strip_finished_outbox", body)
        if stripped:
            log.info("outbox content dropped count=%d", stripped)

    async def list_outbox(self) -> list[OutboxEntry]:
        """The active outbox: pending entries and those finished within the keep window."""
        return await self._outboxes(
            "list_outbox",
            "WHERE o.status = 'pending' OR o.has_content ORDER BY o.next_attempt_at, o.created_at, o.key",
            (),
        )

    async def outbox_for(self, user: UserRef) -> list[OutboxEntry]:
        return await self._outboxes(
            "outbox_for",
            "WHERE o.person = %s ORDER BY o.created_at, o.key",
            (person_name(user.key),),
        )

    async def find_outbox_by_platform_id(self, channel: str, message_id: str) -> OutboxEntry | None:
        found = await self._outboxes(
            "find_outbox_by_platform_id",
            "WHERE o.channel = %s AND o.platform_message_id = %s",
            (channel, message_id),
        )
        return found[0] if found else None

    # ------------------------------------------------------------------ invitations
    async def save_invitation(self, invitation: Invitation) -> None:
        used_by = invitation.used_by
        person = None if used_by is None else ERASED if used_by == ERASED else person_name(used_by)

        async def body(c: Conn) -> None:
            sealed = await self._seal(c, SHARED_KEY, codec.encode_invitation(invitation))
            await c.execute(
                "INSERT INTO invitations (code, mentor, created_at, expires_at, used_by, used_at, body)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (code) DO UPDATE SET"
                " mentor = excluded.mentor, expires_at = excluded.expires_at, used_by = excluded.used_by,"
                " used_at = excluded.used_at, body = excluded.body",
                (
                    invitation.code,
                    invitation.mentor,
                    invitation.created_at,
                    invitation.expires_at,
                    person,
                    invitation.used_at,
                    sealed,
                ),
            )

        await self._run("save_invitation", body)

    async def get_invitation(self, code: str) -> Invitation | None:
        async def body(c: Conn) -> Invitation | None:
            cursor = await c.execute(
                "SELECT i.body, k.wrapped FROM invitations i LEFT JOIN data_keys k ON k.name = %s"
                " WHERE i.code = %s",
                (SHARED_KEY, code),
            )
            row = await cursor.fetchone()
            if row is None:
                return None
            document = self._open(
                row[0], row[1], table="invitations", record="invitation", key_name=SHARED_KEY
            )
            return codec.decode_invitation(document, source="invitations", record="invitation")

        return await self._run("get_invitation", body)

    async def list_invitations(self) -> list[Invitation]:
        async def body(c: Conn) -> list[Invitation]:
            cursor = await c.execute(
                "SELECT i.body, k.wrapped FROM invitations i LEFT JOIN data_keys k ON k.name = %s"
                " ORDER BY i.created_at, i.code",
                (SHARED_KEY,),
            )
            return [
                codec.decode_invitation(
                    self._open(row[0], row[1], table="invitations", record="invitation", key_name=SHARED_KEY),
                    source="invitations",
                    record="invitation",
                )
                for row in await cursor.fetchall()
            ]

        return await self._run("list_invitations", body)

    # ------------------------------------------------------------------ marks and claims
    async def get_mark(self, name: str) -> str | None:
        async def body(c: Conn) -> str | None:
            row = await (await c.execute("SELECT value FROM marks WHERE name = %s", (name,))).fetchone()
            return None if row is None else str(row[0])

        return await self._run("get_mark", body)

    async def set_mark(self, name: str, value: str) -> None:
        async def body(c: Conn) -> None:
            await c.execute(
                "INSERT INTO marks (name, value) VALUES (%s, %s)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

        await self._run("set_mark", body)

    async def claim_digest_slot(self, mentor: str, slot: str, now_at: datetime) -> bool:
        """True for the one process that may send this mentor's digest for this slot."""

        async def body(c: Conn) -> bool:
            cursor = await c.execute(
                "INSERT INTO digest_slots (mentor, slot, claimed_at) VALUES (%s, %s, %s)"
                " ON CONFLICT (mentor, slot) DO NOTHING",
                (mentor, slot, now_at),
            )
            return cursor.rowcount == 1

        return await self._run("claim_digest_slot", body)

    async def last_digest_slot(self, mentor: str) -> str | None:
        async def body(c: Conn) -> str | None:
            cursor = await c.execute("SELECT max(slot) FROM digest_slots WHERE mentor = %s", (mentor,))
            row = await cursor.fetchone()
            return None if row is None or row[0] is None else str(row[0])

        return await self._run("last_digest_slot", body)

    async def claim_job(self, job: str, slot: str, now_at: datetime) -> bool:
        """True for the one process that runs `job` for `slot` (a minute, a day)."""

        async def body(c: Conn) -> bool:
            cursor = await c.execute(
                "INSERT INTO job_runs (job, slot, claimed_at) VALUES (%s, %s, %s)"
                " ON CONFLICT (job, slot) DO NOTHING",
                (job, slot, now_at),
            )
            return cursor.rowcount == 1

        return await self._run("claim_job", body)

    async def set_last_inbound(self, user: UserRef, at: datetime) -> None:
        async def body(c: Conn) -> None:
            await c.execute(
                "INSERT INTO last_inbound (person, channel, at) VALUES (%s, %s, %s)"
                " ON CONFLICT (person, channel) DO UPDATE SET at = GREATEST(last_inbound.at, excluded.at)",
                (person_name(user.key), user.channel, at),
            )

        await self._run("set_last_inbound", body)

    async def last_inbound(self, user: UserRef) -> datetime | None:
        async def body(c: Conn) -> datetime | None:
            cursor = await c.execute(
                "SELECT at FROM last_inbound WHERE person = %s AND channel = %s",
                (person_name(user.key), user.channel),
            )
            row = await cursor.fetchone()
            return None if row is None else row[0]

        return await self._run("last_inbound", body)

    # ------------------------------------------------------------------ audit
    async def append_audit(self, event: AuditEvent) -> None:
        async def body(c: Conn) -> None:
            await c.execute(
                "INSERT INTO audit (at, actor, action, subject, details) VALUES (%s, %s, %s, %s, %s)",
                (event.at, event.actor, event.action, event.subject, Jsonb([list(d) for d in event.details])),
            )

        await self._run("append_audit", body)

    def _audit(self, row: tuple[Any, ...]) -> AuditEvent:
        at, actor, action, subject, details, number = row
        raw = {
            "at": codec.encode_at(at),
            "actor": actor,
            "action": action,
            "subject": subject,
            "details": details,
        }
        return codec.decode_audit(raw, source="audit", record=str(number))

    async def audit_events(self) -> list[AuditEvent]:
        async def body(c: Conn) -> list[AuditEvent]:
            cursor = await c.execute(
                "SELECT at, actor, action, subject, details, id FROM audit ORDER BY at, id"
            )
            return [self._audit(row) for row in await cursor.fetchall()]

        return await self._run("audit_events", body)

    async def audit_about(self, subject: str) -> list[AuditEvent]:
        async def body(c: Conn) -> list[AuditEvent]:
            cursor = await c.execute(
                "SELECT at, actor, action, subject, details, id FROM audit"
                " WHERE subject = %s ORDER BY at, id",
                (subject,),
            )
            return [self._audit(row) for row in await cursor.fetchall()]

        return await self._run("audit_about", body)

    async def prune_audit(self, before_at: datetime) -> int:
        async def body(c: Conn) -> int:
            cursor = await c.execute("DELETE FROM audit WHERE at < %s", (before_at,))
            return cursor.rowcount

        return await self._run("prune_audit", body)

    # ------------------------------------------------------------------ rights
    async def erase_user(self, user: UserRef) -> None:
        """Everything about this person in one transaction, the data key first (see sealing.py)."""
        person = person_name(user.key)

        async def body(c: Conn) -> None:
            await c.execute("DELETE FROM data_keys WHERE name = %s", (person,))
            await c.execute(
                "DELETE FROM outbox WHERE person = %s OR subject = %s"
                " OR item_ref IN (SELECT ref FROM items WHERE person = %s)",
                (person, person, person),
            )
            await c.execute("DELETE FROM items WHERE person = %s", (person,))
            await c.execute("DELETE FROM conversations WHERE person = %s", (person,))
            await c.execute("DELETE FROM inbound WHERE person = %s", (person,))
            await c.execute("DELETE FROM last_inbound WHERE person = %s", (person,))
            await c.execute("DELETE FROM people WHERE person = %s", (person,))
            cursor = await c.execute("SELECT code FROM invitations WHERE used_by = %s", (person,))
            codes = [str(row[0]) for row in await cursor.fetchall()]
            for code in codes:
                cursor = await c.execute(
                    "SELECT i.body, k.wrapped FROM invitations i LEFT JOIN data_keys k ON k.name = %s"
                    " WHERE i.code = %s",
                    (SHARED_KEY, code),
                )
                row = await cursor.fetchone()
                assert row is not None
                document = _json(
                    self._open(row[0], row[1], table="invitations", record="invitation", key_name=SHARED_KEY)
                )
                document["used_by"] = ERASED
                sealed = await self._seal(c, SHARED_KEY, document)
                await c.execute(
                    "UPDATE invitations SET used_by = %s, body = %s WHERE code = %s", (ERASED, sealed, code)
                )

        await self._run("erase_user", body)
        log.info("person erased person=%s", person[:8])

    # ------------------------------------------------------------------ counts (migration, bench)
    async def item_status_counts(self) -> dict[ItemStatus, int]:
        async def body(c: Conn) -> dict[ItemStatus, int]:
            cursor = await c.execute("SELECT status, count(*) FROM items GROUP BY status")
            return {ItemStatus(row[0]): int(row[1]) for row in await cursor.fetchall()}

        return await self._run("item_status_counts", body)

    async def outbox_status_counts(self) -> dict[OutboxStatus, int]:
        async def body(c: Conn) -> dict[OutboxStatus, int]:
            cursor = await c.execute(
                "SELECT status, count(*) FROM outbox WHERE status <> 'parked' GROUP BY status"
            )
            return {OutboxStatus(row[0]): int(row[1]) for row in await cursor.fetchall()}

        return await self._run("outbox_status_counts", body)
