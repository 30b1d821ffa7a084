"""What only the PostgreSQL inbox needs: several processes on one table, sealed bodies.

The inbox contract itself (record, pending, done, prune) runs on every adapter in
tests/delivery/test_inbox.py; here, two stores on one database stand for two `cadre run` processes.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from cryptography.fernet import Fernet

from bot.app import open_inbox
from bot.delivery.inbox import PersonQueues
from bot.domain import InboxEntry
from bot.errors import CorruptRecordError, StoreError
from bot.runtime.clock import ManualClock
from bot.storage import MemoryStore
from bot.storage.postgres.inbox import PostgresInbox
from bot.storage.postgres.local import LocalPostgres
from bot.storage.postgres.schema import upgrade
from bot.storage.postgres.store import PostgresStore

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PHONE = "33612345678"
CANARY = "Zéphyrine-Canary-7731"


def entry(key: str, person: str = PHONE, channel: str = "whatsapp") -> InboxEntry:
    body = json.dumps({"message": {"from": person, "text": {"body": CANARY}}})
    return InboxEntry(key=key, channel=channel, person=person, body=body, received_at=T0)


def inbox_rows(url: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as connection:
        # every column, then the body again last
        return connection.execute("SELECT *, body FROM inbox ORDER BY sequence").fetchall()


@pytest.fixture
async def two(postgres_url: str) -> AsyncIterator[tuple[PostgresStore, PostgresStore]]:
    """Two stores on one database, as two processes would open it."""
    async with PostgresStore(postgres_url) as first, PostgresStore(postgres_url) as second:
        yield first, second


async def test_open_inbox_gives_the_postgres_inbox_for_a_postgres_store(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as store:
        assert isinstance(open_inbox(store), PostgresInbox)
    with pytest.raises(StoreError, match="no durable inbox for a MemoryStore"):
        open_inbox(MemoryStore())


async def test_a_redelivery_to_another_process_is_refused(two: tuple[PostgresStore, PostgresStore]) -> None:
    clock = ManualClock(T0)
    first, second = PostgresInbox(two[0], clock=clock), PostgresInbox(two[1], clock=clock)
    [a] = await first.record([entry("wa:a")])
    assert [e.key for e in await second.record([entry("wa:a"), entry("wa:b")])] == ["wa:b"]
    await second.done(a)
    assert await first.record([entry("wa:a")]) == [], "handled elsewhere, still refused"
    assert await first.pending("whatsapp") == [], "wa:b is in the hands of a live process"
    clock.advance(two[1].claim_lease)
    assert [e.key for e in await first.pending("whatsapp")] == ["wa:b"], "its claim lapsed"


async def test_a_record_retried_after_its_commit_answer_was_lost_is_still_its_own(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server committed, then went away before answering (a restart): the store retries
    the transaction, and the retry must not take the event for a redelivery, or the
    platform would get its 200 for an event no one handles."""
    real_run = PostgresStore._run
    lost: list[str] = []

    async def answer_lost_once(self: PostgresStore, operation: str, body: Any, **options: Any) -> Any:
        async def committed_then_lost(c: Any) -> Any:
            result = await body(c)
            if operation == "inbox_record" and not lost:
                lost.append(operation)
                await c.commit()
                raise psycopg.OperationalError("server closed the connection unexpectedly")
            return result

        return await real_run(self, operation, committed_then_lost, **options)

    monkeypatch.setattr(PostgresStore, "_run", answer_lost_once)
    async with PostgresStore(postgres_url) as store:
        inbox = PostgresInbox(store)
        kept = await inbox.record([entry("wa:r")])
        assert lost and [e.key for e in kept] == ["wa:r"], "recorded once, and known as fresh"
        assert [e.key for e in await inbox.pending("whatsapp")] == ["wa:r"]
        assert await inbox.record([entry("wa:r")]) == [], "a real redelivery is still refused"


async def test_the_same_event_recorded_at_once_by_two_processes_is_kept_once(
    two: tuple[PostgresStore, PostgresStore],
) -> None:
    first, second = PostgresInbox(two[0]), PostgresInbox(two[1])
    results = await asyncio.gather(*(inbox.record([entry("wa:x")]) for inbox in (first, second) * 4))
    assert sum(len(kept) for kept in results) == 1
    # pending to the process that recorded it, left alone by the other one
    assert [e.key for inbox in (first, second) for e in await inbox.pending("whatsapp")] == ["wa:x"]


async def test_pending_entries_survive_a_restart_and_sequence_keeps_growing(postgres_url: str) -> None:
    clock = ManualClock(T0)
    async with PostgresStore(postgres_url) as store:
        [a, b] = await PostgresInbox(store, clock=clock).record(
            [entry("wa:a"), entry("tg:1", "42", "telegram")]
        )
    async with PostgresStore(postgres_url) as store:
        again = PostgresInbox(store, clock=clock)
        assert await again.pending("whatsapp") == [a], "its holder is gone: free at once (liveness.py)"
        assert await again.pending("telegram") == [b]
        [c] = await again.record([entry("wa:c")])
        assert c.sequence > b.sequence > a.sequence


async def test_no_column_holds_the_sender_and_the_sealed_body_goes_when_done(postgres_url: str) -> None:
    key = Fernet.generate_key().decode("ascii")
    async with PostgresStore(postgres_url, data_key=key) as store:
        inbox = PostgresInbox(store)
        [a] = await inbox.record([entry("wa:a")])
        assert await inbox.pending("whatsapp") == [a], "opened again with the shared key"
        [row] = inbox_rows(postgres_url)
        sealed = row[-1]
        assert isinstance(sealed, bytes | memoryview)
        dump = repr(row).encode() + bytes(sealed)
        assert PHONE.encode() not in dump and CANARY.encode() not in dump
        await inbox.done(a)
        [row] = inbox_rows(postgres_url)
        assert row[-1] is None, "the words are gone once handled, the key stays"


async def test_a_body_that_does_not_open_is_named_by_sequence_never_by_content(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as store:
        inbox = PostgresInbox(store)
        [a] = await inbox.record([entry("wa:a")])
        with psycopg.connect(postgres_url) as connection:
            connection.execute("UPDATE inbox SET body = %s", (b'{"key": 3}',))
        with pytest.raises(CorruptRecordError, match=f"inbox.*sequence {a.sequence}") as raised:
            await inbox.pending("whatsapp")
        assert PHONE not in str(raised.value) and CANARY not in str(raised.value)


async def test_a_done_the_database_could_not_take_is_written_with_the_next_record(
    postgres_server: LocalPostgres,
) -> None:
    """The server gone when an event is marked done: no error for the handler, the entry
    still pending, and marked with the next record once the server is back."""
    with LocalPostgres() as own:
        url = own.create_database("deferred")
        upgrade(url)
        async with PostgresStore(url, retry_s=0.5) as store:
            inbox = PostgresInbox(store)
            [first] = await inbox.record([entry("wa:first")])
            await asyncio.to_thread(own.stop)
            await inbox.done(first)  # retried for the window, then kept for later
            await asyncio.to_thread(own.start)
            assert [e.key for e in await inbox.pending("whatsapp")] == ["wa:first"]
            await inbox.record([entry("wa:second")])
            assert [e.key for e in await inbox.pending("whatsapp")] == ["wa:second"]


async def test_a_pick_up_while_a_done_is_retried_leaves_the_entry_to_its_handler(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database restarting while an event is marked done: the store retries the done,
    and the periodic pick-up that runs meanwhile must not take the event for one whose
    answer was lost, or the mentee would be answered twice."""
    real_run = PostgresStore._run
    retrying = asyncio.Event()
    back = asyncio.Event()

    async def done_held_back(self: PostgresStore, operation: str, body: Any, **options: Any) -> Any:
        if operation == "inbox_done":
            retrying.set()
            await back.wait()  # the store's retries, until the server answers again
        return await real_run(self, operation, body, **options)

    monkeypatch.setattr(PostgresStore, "_run", done_held_back)
    handled: list[str] = []

    async def handle(e: InboxEntry) -> None:
        handled.append(e.key)

    async with PostgresStore(postgres_url) as store:
        inbox = PostgresInbox(store)
        inbox.follow("whatsapp", PersonQueues(handle))
        [first] = await inbox.record([entry("wa:done-retried")])
        marking = asyncio.create_task(inbox.done(first))
        await retrying.wait()
        assert await inbox.pick_up() == 0, "its own entry, still in hand"
        back.set()
        await marking
        assert await inbox.pick_up() == 0 and handled == []
        assert await inbox.pending("whatsapp") == [], "marked done once the server answered"
