"""The Store on PostgreSQL (psycopg 3, async, pooled): several `cadre run` processes at once.

Each method is one transaction, committed when it returns (the durability the port asks
for). Records are the codec's documents in `body`, sealed with their owner's data key
(see sealing.py); the columns beside them are what queries filter and order on, so no hot
path scans a table. Rules several processes share are constraints or row locks:

- an inbound message id is recorded once per person (primary key), beside the ids the
  conversation remembers;
- an outbox entry exists once per key (primary key) and is claimed for sending with
  `FOR UPDATE SKIP LOCKED` plus a lease, so one process sends it; a process killed
  mid-send leaves a lease that expires and the entry is sent again (at-least-once);
- a digest slot, or a job's slot, is claimed by inserting its row under a lease: the
  process whose insert wins does the work; a slot claimed by a process that died before
  finishing is claimed again once its lease has expired, so a missed slot is caught up
  once.

Errors never carry a value: a failed statement is reported by its SQLSTATE and the
constraint's name, because PostgreSQL's own message may quote the offending value. A lost
connection (server restarted, failover) is retried with backoff for `retry_s`, then
reported as DatabaseUnavailableError.
"""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
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
    UserRef,
)
from bot.errors import CorruptRecordError, StoreError, StoreUnavailableError
from bot.ports import Person
from bot.storage import codec
from bot.storage.postgres import schema
from bot.storage.postgres.liveness import Liveness, abandoned
from bot.storage.postgres.sealing import SHARED_KEY, Sealer, master_or_none
from bot.storage.records import ERASED, is_redeemable, item_order, outbox_order, parked_order
from bot.storage.tiny.store import CODE_GUARD_SECRET, OUTBOX_KEEP, SECRET_BYTES, person_name

log = logging.getLogger(__name__)

T = TypeVar("T")
Conn = AsyncConnection[Any]

RETRY_S = 15.0
"""How long an operation keeps retrying a lost connection before it is reported."""
CLAIM_LEASE = timedelta(minutes=2)
"""How long a claimed outbox entry is reserved for its sender before another may retry."""
MIN_WAIT_S = 0.05
"""The shortest wait for a pooled connection, for a last try at the end of the window."""
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


_CLAIM_TAKEN = (
    "claimed_until = excluded.claimed_until, claim_holder = excluded.claim_holder,"
    " claim_server_start = excluded.claim_server_start"
)
"""An INSERT's ON CONFLICT that takes a lapsed or abandoned claim over (see liveness.py)."""


class DatabaseUnavailableError(StoreUnavailableError):
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
        self._liveness = Liveness(url, name=self.name)
        self._is_open = False

    @property
    def claim_lease(self) -> timedelta:
        """How long a claim (an outbox entry, a slot, an inbox entry) holds unless renewed."""
        return self._claim_lease

    @property
    def liveness(self) -> Liveness:
        """This process's liveness lock: a claim whose holder is gone is free at once."""
        return self._liveness

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
            await self._liveness.open()
        except BaseException:
            await self._pool.close()
            raise
        self._is_open = True
        log.info("postgres store open database=%s encrypted=%s", self.name, self._sealer.is_encrypted)
        return self

    async def close(self) -> None:
        self._is_open = False
        await self._pool.close()
        await self._liveness.close()

    async def __aenter__(self) -> PostgresStore:
        return await self.open()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def pool(self) -> AsyncConnectionPool[Conn]:
        return self._pool

    @property
    def is_encrypted(self) -> bool:
        return self._sealer.is_encrypted

    # ------------------------------------------------------------------ transactions
    async def _run(
        self,
        operation: str,
        body: Callable[[Conn], Awaitable[T]],
        *,
        pipelined: bool = False,
        is_read: bool = False,
        is_single: bool = False,
    ) -> T:
        """One transaction; a lost connection is retried with backoff, other errors reported.

        `pipelined`: the statements go out in pipeline mode with the COMMIT, so a write of
        several statements costs one round trip (plus one per result the body reads
        before the end); only for bodies that read no `rowcount`, which pipeline mode
        fills late. `is_read`: one statement that reads, outside any transaction (no
        BEGIN, no COMMIT: one round trip). `is_single`: the same for a write that is one
        statement, which the server commits (durably) before it answers.
        """
        if not self._is_open:
            raise StoreError(f"the store on {self.name} is closed")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._retry_s
        delay_s = 0.05
        while True:
            try:
                # A busy pool is waited for, in its queue, for what is left of the window: a
                # shorter wait would take a queue for an outage, and the retry would start
                # again at the back of it (past capacity, most of the work went to that).
                wait_s = max(deadline - loop.time(), MIN_WAIT_S)
                async with self._pool.connection(timeout=wait_s) as connection:
                    if is_read or is_single:
                        await connection.set_autocommit(True)
                        try:
                            return await body(connection)
                        finally:
                            await connection.set_autocommit(False)
                    if pipelined:
                        async with connection.pipeline():
                            result = await body(connection)
                            await connection.commit()
                        return result
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

    # ------------------------------------------------------------------ people
    _PERSON_SELECT = (
        "SELECT p.body, c.body, k.wrapped FROM (SELECT %s::text AS person) x"
        " LEFT JOIN people p ON p.person = x.person LEFT JOIN conversations c ON c.person = x.person"
        " LEFT JOIN data_keys k ON k.name = x.person"
    )

    async def get_person(self, user: UserRef) -> Person:
        """Profile and conversation in one round trip."""
        person = person_name(user.key)

        async def body(c: Conn) -> Person:
            row = await (await c.execute(self._PERSON_SELECT, (person,))).fetchone()
            assert row is not None
            mentee = None if row[0] is None else self._mentee(person, (row[0], row[2]))
            conversation = None if row[1] is None else self._conversation(person, (row[1], row[2]))
            return Person(user, mentee, conversation)

        return await self._run("get_person", body, is_read=True)

    async def get_mentee(self, user: UserRef) -> Mentee | None:
        return (await self.get_person(user)).mentee

    def _mentee(self, person: str, row: tuple[Any, ...]) -> Mentee:
        document = self._open(row[0], row[1], table="people", record=person, key_name=person)
        return codec.decode_mentee(document, source="people", record=person)

    async def _write_mentee(self, c: Conn, mentee: Mentee) -> None:
        person = person_name(mentee.user.key)
        sealed = await self._seal(c, person, codec.encode_mentee(mentee))
        await c.execute(
            "INSERT INTO people (person, mentor, status, enrolled_at, has_legal_hold, body)"
            " VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (person) DO UPDATE SET mentor = excluded.mentor, status = excluded.status,"
            " enrolled_at = excluded.enrolled_at, has_legal_hold = excluded.has_legal_hold,"
            " body = excluded.body",
            (person, mentee.mentor, mentee.status.value, mentee.enrolled_at, mentee.has_legal_hold, sealed),
        )
        if mentee.consent is not None:
            await c.execute(
                "INSERT INTO consents (person, version, accepted_at) VALUES (%s, %s, %s)"
                " ON CONFLICT (person, version) DO NOTHING",
                (person, mentee.consent.version, mentee.consent.accepted_at),
            )

    async def save_mentee(self, mentee: Mentee) -> None:
        async def body(c: Conn) -> None:
            await self._write_mentee(c, mentee)

        await self._run("save_mentee", body, pipelined=True)

    async def list_mentees(self) -> list[Mentee]:
        async def body(c: Conn) -> list[Mentee]:
            cursor = await c.execute(
                "SELECT p.body, k.wrapped, p.person FROM people p"
                " LEFT JOIN data_keys k ON k.name = p.person ORDER BY p.enrolled_at, p.person"
            )
            found = [self._mentee(row[2], row) for row in await cursor.fetchall()]
            return sorted(found, key=lambda m: (m.enrolled_at, m.user.key))

        return await self._run("list_mentees", body, is_read=True)

    async def get_conversation(self, user: UserRef) -> Conversation | None:
        return (await self.get_person(user)).conversation

    def _conversation(self, person: str, row: tuple[Any, ...]) -> Conversation:
        document = self._open(row[0], row[1], table="conversations", record=person, key_name=person)
        return codec.decode_conversation(document, source="conversations", record=person)

    async def _write_conversation(self, c: Conn, conversation: Conversation) -> None:
        """The conversation, and its remembered inbound ids under their unique constraint."""
        person = person_name(conversation.user.key)
        sealed = await self._seal(c, person, codec.encode_conversation(conversation))
        await c.execute(
            "INSERT INTO conversations (person, has_draft, updated_at, body) VALUES (%s, %s, now(), %s)"
            " ON CONFLICT (person) DO UPDATE SET has_draft = excluded.has_draft,"
            " updated_at = excluded.updated_at, body = excluded.body",
            (person, conversation.draft is not None, sealed),
        )
        if conversation.seen_ids:
            await c.execute(
                "INSERT INTO inbound (person, message_id, received_at)"
                " SELECT %s, id, now() FROM unnest(%s::text[]) AS id"
                " ON CONFLICT (person, message_id) DO NOTHING",
                (person, list(conversation.seen_ids)),
            )

    async def save_conversation(self, conversation: Conversation) -> None:
        async def body(c: Conn) -> None:
            await self._write_conversation(c, conversation)

        await self._run("save_conversation", body, pipelined=True)

    async def list_conversations_with_draft(self) -> list[Conversation]:
        async def body(c: Conn) -> list[Conversation]:
            cursor = await c.execute(
                "SELECT c.body, k.wrapped, c.person FROM conversations c"
                " LEFT JOIN data_keys k ON k.name = c.person WHERE c.has_draft ORDER BY c.person"
            )
            return [self._conversation(row[2], row) for row in await cursor.fetchall()]

        return await self._run("list_conversations_with_draft", body, is_read=True)

    async def is_seen(self, user: UserRef, message_id: str) -> bool:
        """Whether this inbound id was ever recorded for the person (within INBOUND_KEEP)."""

        async def body(c: Conn) -> bool:
            cursor = await c.execute(
                "SELECT 1 FROM inbound WHERE person = %s AND message_id = %s",
                (person_name(user.key), message_id),
            )
            return await cursor.fetchone() is not None

        return await self._run("is_seen", body, is_read=True)

    async def erase_user(self, user: UserRef) -> None:
        """Everything about this person in one transaction, the data key first (see sealing.py).

        One transaction, so there is nothing to resume after a crash: the erasure happened
        or it did not.
        """
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
            await c.execute("DELETE FROM people WHERE person = %s", (person,))
            cursor = await c.execute(
                "SELECT i.code, i.body, k.wrapped FROM invitations i LEFT JOIN data_keys k ON k.name = %s"
                " WHERE i.used_by = %s FOR UPDATE OF i",
                (SHARED_KEY, person),
            )
            for _code, body_, wrapped in await cursor.fetchall():
                invitation = self._invitation((body_, wrapped))
                await self._write_invitation(c, replace(invitation, used_by=ERASED))

        await self._run("erase_user", body)
        log.info("person erased person=%s", person[:8])

    # ------------------------------------------------------------------ items
    async def _write_item(self, c: Conn, item: Item) -> None:
        person = person_name(item.mentee.key)
        document = codec.encode_item(item)
        replies = document.pop("replies")
        assert isinstance(replies, list)
        key = await self._sealer.key_for_write(c, person)
        await c.execute(
            "INSERT INTO items (id, ref, person, mentor, status, submitted_at, deferred_until, body)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET ref = excluded.ref, person = excluded.person,"
            " mentor = excluded.mentor, status = excluded.status, submitted_at = excluded.submitted_at,"
            " deferred_until = excluded.deferred_until, body = excluded.body",
            (
                item.id,
                item.ref,
                person,
                item.mentor,
                item.status.value,
                item.submitted_at,
                item.deferred_until,
                self._sealer.seal(key, document),
            ),
        )
        await c.execute("DELETE FROM replies WHERE item_id = %s AND position >= %s", (item.id, len(replies)))
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
        if conversation.user != item.mentee:
            raise StoreError(f"item {item.id}: conversation belongs to another person")

        async def body(c: Conn) -> None:
            await self._write_item(c, item)
            await self._write_conversation(c, conversation)

        await self._run("submit_item", body, pipelined=True)

    async def save_item(self, item: Item) -> None:
        async def body(c: Conn) -> None:
            await self._write_item(c, item)

        await self._run("save_item", body, pipelined=True)

    async def record_reply(self, item: Item, entry: OutboxEntry) -> bool:
        """The entry first: if its key exists, nothing is written (a repeated mentor action)."""

        async def body(c: Conn) -> bool:
            if not await self._write_outbox(c, entry, is_new=True):
                return False
            await self._write_item(c, item)
            return True

        return await self._run("record_reply", body, pipelined=True)

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

        return await self._run(operation, body, is_read=True)

    async def get_item(self, item_id: str) -> Item | None:
        found = await self._items("get_item", "WHERE i.id = %s", (item_id,))
        return found[0] if found else None

    async def find_item_by_ref(self, ref: str) -> Item | None:
        found = await self._items("find_item_by_ref", "WHERE i.ref = %s", (ref,))
        return found[0] if found else None

    async def items_of(self, user: UserRef) -> list[Item]:
        found = await self._items(
            "items_of", "WHERE i.person = %s ORDER BY i.submitted_at, i.id", (person_name(user.key),)
        )
        return sorted(found, key=item_order)

    async def open_items(self, mentor: str | None = None) -> list[Item]:
        """Items still waiting, oldest first: the partial index `items_open`, never the history."""
        if mentor is None:
            found = await self._items(
                "open_items", "WHERE i.status = 'waiting' ORDER BY i.submitted_at, i.id", ()
            )
        else:
            found = await self._items(
                "open_items",
                "WHERE i.status = 'waiting' AND i.mentor = %s ORDER BY i.submitted_at, i.id",
                (mentor,),
            )
        return sorted(found, key=item_order)

    # ------------------------------------------------------------------ outbox
    _OUTBOX_SELECT = (
        "SELECT o.key, o.subject, o.body, k.wrapped FROM outbox o LEFT JOIN data_keys k ON k.name = o.subject"
    )

    def _outbox(self, row: tuple[Any, ...]) -> OutboxEntry:
        key, subject, body_, wrapped = row[:4]
        document = self._open(body_, wrapped, table="outbox", record=key, key_name=subject)
        return codec.decode_outbox(document, source="outbox", record=key)

    async def _subject(self, c: Conn, entry: OutboxEntry) -> str:
        """Whose words the entry holds: the mentee it is about (`Outbound.about`), the mentee
        of the item it copies, else its recipient.

        Sealing a mentor's copy with the mentee's key is what makes erasure reach it in a
        backup too.
        """
        if entry.outbound.about is not None:
            return person_name(entry.outbound.about.key)
        if entry.outbound.item_ref is not None:
            cursor = await c.execute("SELECT person FROM items WHERE ref = %s", (entry.outbound.item_ref,))
            row = await cursor.fetchone()
            if row is not None:
                return str(row[0])
        return person_name(entry.outbound.to.key)

    async def _write_outbox(self, c: Conn, entry: OutboxEntry, *, is_new: bool) -> bool:
        recipient = person_name(entry.outbound.to.key)
        subject_params: tuple[str | None, ...]
        if self._sealer.is_encrypted:
            subject = await self._subject(c, entry)  # its key seals the body
            sealed = await self._seal(c, subject, codec.encode_outbox(entry))
            subject_sql, subject_params = "%s", (subject,)
        else:
            # Nothing to seal with: the same rule as `_subject`, in the statement itself.
            sealed = self._sealer.seal(None, codec.encode_outbox(entry))
            if entry.outbound.about is not None:
                subject_sql, subject_params = "%s", (person_name(entry.outbound.about.key),)
            else:
                subject_sql = "COALESCE((SELECT person FROM items WHERE ref = %s), %s)"
                subject_params = (entry.outbound.item_ref, recipient)
        columns = (
            entry.outbound.key,
            recipient,
            *subject_params,
            entry.outbound.to.channel,
            entry.outbound.item_ref,
            entry.status.value,
            entry.created_at,
            entry.next_attempt_at,
            entry.attempts,
            entry.platform_message_id,
            sealed,
        )
        conflict = (
            "DO NOTHING"
            if is_new
            else "DO UPDATE SET status = excluded.status, next_attempt_at = excluded.next_attempt_at,"
            " attempts = excluded.attempts, platform_message_id = excluded.platform_message_id,"
            " body = excluded.body, claimed_until = NULL, is_archived = false"
        )
        cursor = await c.execute(
            "INSERT INTO outbox (key, person, subject, channel, item_ref, status, created_at,"
            " next_attempt_at, attempts, platform_message_id, body)"
            f" VALUES (%s, %s, {subject_sql}, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (key) {conflict}"
            " RETURNING 1",
            columns,
        )
        return len(await cursor.fetchall()) == 1

    async def enqueue(self, entry: OutboxEntry) -> bool:
        """Store the entry unless one with the same key exists (the primary key decides)."""

        async def body(c: Conn) -> bool:
            return await self._write_outbox(c, entry, is_new=True)

        return await self._run("enqueue", body, pipelined=True)

    async def save_outbox(self, entry: OutboxEntry) -> None:
        """Replace the entry; releases this process's claim on it (see claim_outbox)."""

        async def body(c: Conn) -> None:
            await self._write_outbox(c, entry, is_new=False)

        await self._run("save_outbox", body, pipelined=True)

    async def _outboxes(self, operation: str, where: str, params: tuple[Any, ...]) -> list[OutboxEntry]:
        async def body(c: Conn) -> list[OutboxEntry]:
            cursor = await c.execute(f"{self._OUTBOX_SELECT} {where}", params)
            return [self._outbox(row) for row in await cursor.fetchall()]

        return await self._run(operation, body, is_read=True)

    async def get_outbox(self, key: str) -> OutboxEntry | None:
        found = await self._outboxes("get_outbox", "WHERE o.key = %s", (key,))
        return found[0] if found else None

    async def due_outbox(self, now_at: datetime) -> list[OutboxEntry]:
        """PENDING entries whose time has come; archives long-finished ones first.

        Entries another process holds a claim on are left out: it is sending them now.
        """
        await self._archive_finished(now_at)
        found = await self._outboxes(
            "due_outbox",
            "WHERE o.status = 'pending' AND o.next_attempt_at <= %s"
            f" AND (o.claimed_until IS NULL OR o.claimed_until <= %s OR {abandoned('o')})"
            " ORDER BY o.next_attempt_at, o.created_at, o.key",
            (now_at, now_at),
        )
        return sorted(found, key=outbox_order)

    async def claim_outbox(self, key: str, now_at: datetime) -> OutboxEntry | None:
        """Reserve one PENDING entry for this process to send (SKIP LOCKED, then a lease).

        None when it is not pending any more or another process holds it. The lease ends
        with the entry's next `save_outbox` (sent, retried, failed, parked); a process killed
        mid-send leaves it to expire, and the entry is sent again: at-least-once.
        """

        async def body(c: Conn) -> OutboxEntry | None:
            await c.execute(_LATER)
            cursor = await c.execute(
                "WITH one AS (SELECT key FROM outbox WHERE key = %s AND status = 'pending'"
                f" AND (claimed_until IS NULL OR claimed_until <= %s OR {abandoned('outbox')})"
                " FOR UPDATE SKIP LOCKED)"
                f" UPDATE outbox o SET claimed_until = %s, {self._liveness.claim_set()}"
                " FROM one WHERE o.key = one.key"
                " RETURNING o.key, o.subject, o.body,"
                " (SELECT wrapped FROM data_keys k WHERE k.name = o.subject)",
                (key, now_at, now_at + self._claim_lease),
            )
            row = await cursor.fetchone()
            return None if row is None else self._outbox(row)

        return await self._run("claim_outbox", body, pipelined=True)

    async def _archive_finished(self, now_at: datetime) -> None:
        """Sent or failed longer than the keep window ago: keep the ids, drop the words."""
        cutoff = now_at - self._outbox_keep

        async def body(c: Conn) -> int:
            cursor = await c.execute(
                f"{self._OUTBOX_SELECT} WHERE o.status IN ('sent', 'failed') AND NOT o.is_archived"
                " AND o.created_at <= %s LIMIT 500 FOR UPDATE OF o SKIP LOCKED",
                (cutoff,),
            )
            rows = await cursor.fetchall()
            for row in rows:
                entry = self._outbox(row).without_content()
                sealed = await self._seal(c, str(row[1]), codec.encode_outbox(entry))
                await c.execute(
                    "UPDATE outbox SET body = %s, is_archived = true WHERE key = %s", (sealed, row[0])
                )
            return len(rows)

        archived = await self._run("archive_outbox", body)
        if archived:
            log.info("outbox archived count=%d", archived)

    async def list_outbox(self) -> list[OutboxEntry]:
        """The active outbox: pending, parked, and finished within the keep window."""
        found = await self._outboxes(
            "list_outbox", "WHERE NOT o.is_archived ORDER BY o.next_attempt_at, o.created_at, o.key", ()
        )
        return sorted(found, key=outbox_order)

    async def parked_for(self, user: UserRef) -> list[OutboxEntry]:
        found = await self._outboxes(
            "parked_for",
            "WHERE o.status = 'parked' AND o.person = %s ORDER BY o.created_at, o.key",
            (person_name(user.key),),
        )
        return sorted((e for e in found if e.outbound.to == user), key=parked_order)

    async def by_platform_id(
        self, channel: str, message_id: str, *, to: UserRef | None = None
    ) -> OutboxEntry | None:
        params: tuple[str, ...]
        if to is None:
            where, params = "WHERE o.channel = %s AND o.platform_message_id = %s", (channel, message_id)
        else:
            where = "WHERE o.channel = %s AND o.person = %s AND o.platform_message_id = %s"
            params = (channel, person_name(to.key), message_id)
        found = await self._outboxes(
            "by_platform_id", f"{where} ORDER BY o.created_at DESC, o.key DESC", params
        )
        found = [e for e in found if to is None or e.outbound.to == to]
        return found[0] if found else None

    # ------------------------------------------------------------------ marks and claims
    async def digest_slot(self, mentor_id: str) -> datetime | None:
        async def body(c: Conn) -> datetime | None:
            cursor = await c.execute("SELECT slot_at FROM digest_marks WHERE mentor = %s", (mentor_id,))
            row = await cursor.fetchone()
            return None if row is None else _utc(row[0])

        return await self._run("digest_slot", body, is_read=True)

    async def set_digest_slot(self, mentor_id: str, slot_at: datetime) -> None:
        """The mark, and the slot's claim marked done: no process delivers it again."""

        async def body(c: Conn) -> None:
            await c.execute(
                "INSERT INTO digest_marks (mentor, slot_at) VALUES (%s, %s)"
                " ON CONFLICT (mentor) DO UPDATE SET slot_at = excluded.slot_at",
                (mentor_id, slot_at),
            )
            await c.execute(
                "INSERT INTO digest_slots (mentor, slot_at, claimed_until, is_done) VALUES (%s, %s, %s, true)"
                " ON CONFLICT (mentor, slot_at) DO UPDATE SET is_done = true",
                (mentor_id, slot_at, slot_at),
            )

        await self._run("set_digest_slot", body)

    async def claim_digest_slot(self, mentor_id: str, slot_at: datetime, now_at: datetime) -> bool:
        """True for the one process that delivers this mentor's digest for this slot.

        A claim lasts a lease; a process killed between claiming and `set_digest_slot`
        leaves the slot to whichever process asks after the lease (caught up once).
        """

        async def body(c: Conn) -> bool:
            cursor = await c.execute(
                "INSERT INTO digest_slots (mentor, slot_at, claimed_until, claim_holder, claim_server_start)"
                f" SELECT %s, %s, %s, {self._liveness.claim_values()}"
                " WHERE NOT EXISTS (SELECT 1 FROM digest_marks m WHERE m.mentor = %s AND m.slot_at >= %s)"
                f" ON CONFLICT (mentor, slot_at) DO UPDATE SET {_CLAIM_TAKEN}"
                " WHERE NOT digest_slots.is_done"
                f" AND (digest_slots.claimed_until <= %s OR {abandoned('digest_slots')})",
                (mentor_id, slot_at, now_at + self._claim_lease, mentor_id, slot_at, now_at),
            )
            return cursor.rowcount == 1

        return await self._run("claim_digest_slot", body)

    async def claim_run(self, job: str, slot_at: datetime, now_at: datetime) -> bool:
        """True for the one process that runs `job` for this slot (the insert that wins)."""
        return await self.claim_job(job, codec.encode_at(slot_at), now_at)

    async def claim_job(self, job: str, slot: str, now_at: datetime) -> bool:
        """True for the one process that runs `job` for `slot` (a day, a minute), under a lease."""

        async def body(c: Conn) -> bool:
            cursor = await c.execute(
                "INSERT INTO job_runs (job, slot, claimed_until, claim_holder, claim_server_start)"
                f" SELECT %s, %s, %s, {self._liveness.claim_values()}"
                f" ON CONFLICT (job, slot) DO UPDATE SET {_CLAIM_TAKEN}"
                f" WHERE NOT job_runs.is_done AND (job_runs.claimed_until <= %s OR {abandoned('job_runs')})",
                (job, slot, now_at + self._claim_lease, now_at),
            )
            return cursor.rowcount == 1

        return await self._run("claim_job", body)

    async def finish_run(self, job: str, slot_at: datetime) -> None:
        """The run succeeded: its row is done, refusing every later claim of the slot."""
        await self.finish_job(job, codec.encode_at(slot_at))

    async def finish_job(self, job: str, slot: str) -> None:
        async def body(c: Conn) -> None:
            await c.execute("UPDATE job_runs SET is_done = true WHERE job = %s AND slot = %s", (job, slot))

        await self._run("finish_job", body)

    async def prune_runs(self, before_at: datetime) -> int:
        """Delete the runs whose last claim's lease ended before `before_at` (such a run's
        slot started before it too: a claim's lease ends after its slot starts)."""

        async def body(c: Conn) -> int:
            cursor = await c.execute("DELETE FROM job_runs WHERE claimed_until < %s", (before_at,))
            return cursor.rowcount

        return await self._run("prune_runs", body)

    async def last_inbound(self, window: str) -> datetime | None:
        async def body(c: Conn) -> datetime | None:
            cursor = await c.execute("SELECT at FROM windows WHERE window_key = %s", (window,))
            row = await cursor.fetchone()
            return None if row is None else _utc(row[0])

        return await self._run("last_inbound", body, is_read=True)

    async def set_last_inbound(self, window: str, at: datetime | None) -> None:
        async def body(c: Conn) -> None:
            if at is None:
                await c.execute("DELETE FROM windows WHERE window_key = %s", (window,))
            else:
                await c.execute(
                    "INSERT INTO windows (window_key, at) VALUES (%s, %s)"
                    " ON CONFLICT (window_key) DO UPDATE SET at = excluded.at",
                    (window, at),
                )

        await self._run("set_last_inbound", body)

    async def identity_link(self, key: str) -> str | None:
        async def body(c: Conn) -> str | None:
            cursor = await c.execute(
                "SELECT l.body, k.wrapped FROM identity_links l LEFT JOIN data_keys k ON k.name = %s"
                " WHERE l.link_key = %s",
                (SHARED_KEY, key),
            )
            row = await cursor.fetchone()
            if row is None:
                return None
            value = self._open(row[0], row[1], table="identity_links", record="link", key_name=SHARED_KEY)
            if not isinstance(value, str):
                raise CorruptRecordError("identity_links: record link: is not an identity")
            return value or None

        return await self._run("identity_link", body, is_read=True)

    async def set_identity_link(self, key: str, identity: str | None) -> None:
        """The identity may be a phone number: sealed with the shared key, never a column."""

        async def body(c: Conn) -> None:
            if identity is None:
                await c.execute("DELETE FROM identity_links WHERE link_key = %s", (key,))
                return
            sealed = await self._seal(c, SHARED_KEY, identity)
            await c.execute(
                "INSERT INTO identity_links (link_key, body) VALUES (%s, %s)"
                " ON CONFLICT (link_key) DO UPDATE SET body = excluded.body",
                (key, sealed),
            )

        await self._run("set_identity_link", body)

    # ------------------------------------------------------------------ invitations, consent
    def _invitation(self, row: tuple[Any, ...]) -> Invitation:
        document = self._open(row[0], row[1], table="invitations", record="invitation", key_name=SHARED_KEY)
        return codec.decode_invitation(document, source="invitations", record="invitation")

    async def _write_invitation(self, c: Conn, invitation: Invitation) -> None:
        used_by = invitation.used_by
        person = None if used_by is None else ERASED if used_by == ERASED else person_name(used_by)
        sealed = await self._seal(c, SHARED_KEY, codec.encode_invitation(invitation))
        await c.execute(
            "INSERT INTO invitations (code, mentor, created_at, expires_at, used_by, used_at, body)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (code) DO UPDATE SET"
            " mentor = excluded.mentor, created_at = excluded.created_at, expires_at = excluded.expires_at,"
            " used_by = excluded.used_by, used_at = excluded.used_at, body = excluded.body",
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

    async def save_invitation(self, invitation: Invitation) -> None:
        async def body(c: Conn) -> None:
            await self._write_invitation(c, invitation)

        await self._run("save_invitation", body)

    _INVITATION_SELECT = (
        "SELECT i.body, k.wrapped FROM invitations i LEFT JOIN data_keys k ON k.name = 'shared'"
        " WHERE i.code = %s"
    )

    async def get_invitation(self, code: str) -> Invitation | None:
        async def body(c: Conn) -> Invitation | None:
            row = await (await c.execute(self._INVITATION_SELECT, (code,))).fetchone()
            return None if row is None else self._invitation(row)

        return await self._run("get_invitation", body, is_read=True)

    async def redeem_invitation(self, code: str, *, user_key: str, now_at: datetime) -> Invitation | None:
        """The row is locked while it is checked and marked: of two redeemers, one wins."""

        async def body(c: Conn) -> Invitation | None:
            row = await (await c.execute(f"{self._INVITATION_SELECT} FOR UPDATE OF i", (code,))).fetchone()
            invitation = None if row is None else self._invitation(row)
            if not is_redeemable(invitation, now_at):
                return None
            assert invitation is not None
            used = replace(invitation, used_by=user_key, used_at=now_at)
            await self._write_invitation(c, used)
            return used

        return await self._run("redeem_invitation", body)

    async def failed_codes(self, since_at: datetime) -> list[tuple[str, datetime]]:
        """Wrong codes at or after `since_at`, in the order they were counted."""

        async def body(c: Conn) -> list[tuple[str, datetime]]:
            cursor = await c.execute(
                "SELECT who, at FROM failed_codes WHERE at >= %s ORDER BY id", (since_at,)
            )
            return [(str(row[0]), _utc(row[1])) for row in await cursor.fetchall()]

        return await self._run("failed_codes", body, is_read=True)

    async def add_failed_code(self, who: str, at: datetime, *, forget_before: datetime) -> None:
        """One more wrong code, and those older than `forget_before` gone, in one transaction."""

        async def body(c: Conn) -> None:
            await c.execute("DELETE FROM failed_codes WHERE at < %s", (forget_before,))
            await c.execute("INSERT INTO failed_codes (who, at) VALUES (%s, %s)", (who, at))

        await self._run("add_failed_code", body)

    async def code_guard_key(self) -> bytes:
        """Created by the first process that asks (the insert that wins), then the same for all."""
        return await self._secret(CODE_GUARD_SECRET, secrets.token_bytes(SECRET_BYTES))

    async def set_code_guard_key(self, key: bytes) -> bool:
        """Adopt a TinyDB folder's secret (`cadre db migrate`) unless the database has one:
        False when it keeps its own (then the folder's failed codes mean nothing here)."""
        return await self._secret(CODE_GUARD_SECRET, key) == key

    async def _secret(self, name: str, candidate: bytes) -> bytes:
        async def body(c: Conn) -> bytes:
            sealed = await self._seal(c, SHARED_KEY, codec.encode_secret(candidate))
            await c.execute(
                "INSERT INTO secrets (name, body) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING",
                (name, sealed),
            )
            cursor = await c.execute(
                "SELECT s.body, k.wrapped FROM secrets s LEFT JOIN data_keys k ON k.name = %s"
                " WHERE s.name = %s",
                (SHARED_KEY, name),
            )
            row = await cursor.fetchone()
            assert row is not None  # the insert above, or the one that won
            document = self._open(row[0], row[1], table="secrets", record=name, key_name=SHARED_KEY)
            return codec.decode_secret(document, source="secrets", record=name)

        return await self._run("secret", body)

    async def list_invitations(self) -> list[Invitation]:
        async def body(c: Conn) -> list[Invitation]:
            cursor = await c.execute(
                "SELECT i.body, k.wrapped FROM invitations i LEFT JOIN data_keys k ON k.name = 'shared'"
                " ORDER BY i.created_at, i.code"
            )
            return [self._invitation(row) for row in await cursor.fetchall()]

        return await self._run("list_invitations", body, is_read=True)

    async def record_consent(self, mentee: Mentee, conversation: Conversation, event: AuditEvent) -> None:
        """The audit event, the profile and the conversation in one transaction."""

        async def body(c: Conn) -> None:
            await self._write_audit(c, event)
            await self._write_mentee(c, mentee)
            await self._write_conversation(c, conversation)

        await self._run("record_consent", body)

    # ------------------------------------------------------------------ audit
    @staticmethod
    async def _write_audit(c: Conn, event: AuditEvent) -> None:
        await c.execute(
            "INSERT INTO audit (at, actor, action, subject, details) VALUES (%s, %s, %s, %s, %s)",
            (event.at, event.actor, event.action, event.subject, Jsonb([list(d) for d in event.details])),
        )

    async def append_audit(self, event: AuditEvent) -> None:
        async def body(c: Conn) -> None:
            await self._write_audit(c, event)

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

    async def _audits(self, operation: str, where: str, params: tuple[Any, ...]) -> list[AuditEvent]:
        async def body(c: Conn) -> list[AuditEvent]:
            cursor = await c.execute(
                f"SELECT at, actor, action, subject, details, id FROM audit {where} ORDER BY at, id", params
            )
            return [self._audit(row) for row in await cursor.fetchall()]

        return await self._run(operation, body)

    async def audit_events(self, since_at: datetime | None = None) -> list[AuditEvent]:
        if since_at is None:
            return await self._audits("audit_events", "", ())
        return await self._audits("audit_events", "WHERE at >= %s", (since_at,))

    async def audit_about(self, alias: str, refs: frozenset[str] = frozenset()) -> list[AuditEvent]:
        return await self._audits(
            "audit_about",
            "WHERE subject = %s OR actor = %s OR subject = ANY(%s)",
            (alias, alias, sorted(refs)),
        )

    async def prune_audit(self, before_at: datetime) -> int:
        async def body(c: Conn) -> int:
            cursor = await c.execute("DELETE FROM audit WHERE at < %s", (before_at,))
            await c.execute("DELETE FROM inbound WHERE received_at < %s", (before_at - INBOUND_KEEP,))
            return cursor.rowcount

        return await self._run("prune_audit", body)

    # ------------------------------------------------------------------ counts (migration, bench)
    async def item_status_counts(self) -> dict[ItemStatus, int]:
        async def body(c: Conn) -> dict[ItemStatus, int]:
            cursor = await c.execute("SELECT status, count(*) FROM items GROUP BY status")
            return {ItemStatus(row[0]): int(row[1]) for row in await cursor.fetchall()}

        return await self._run("item_status_counts", body)


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)
