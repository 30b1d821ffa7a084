"""A claim whose holder is gone is free at once; a live holder's claim, and one taken before
the server restarted, are kept until their lease ends (bot/storage/postgres/liveness.py).

Two stores on one database stand for two processes. Closing a store without releasing
anything ends its session as a kill does: the server drops its liveness lock, and every
claim it held (inbox entries, an outbox entry, a digest slot, a job's slot) is taken by the
other at the same instant of the injected clock, long before the lease would end.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import psycopg

from bot.delivery.inbox import PersonQueues
from bot.domain import InboxEntry, OutboxEntry
from bot.runtime.clock import ManualClock
from bot.storage.postgres.inbox import PostgresInbox
from bot.storage.postgres.liveness import LIVENESS_CLASS
from bot.storage.postgres.store import PostgresStore
from tests.storage.records import entry as outbox_entry

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def inbox_entry(key: str) -> InboxEntry:
    body = json.dumps({"message": {"from": "33612345678", "text": {"body": "bonjour"}}})
    return InboxEntry(key=key, channel="whatsapp", person="33612345678", body=body, received_at=T0)


def holders(url: str, table: str) -> list[object]:
    with psycopg.connect(url) as connection:
        return [row[0] for row in connection.execute(f"SELECT claim_holder FROM {table}").fetchall()]


async def test_a_live_process_holds_its_lock_and_releases_it_when_it_closes(postgres_url: str) -> None:
    store = await PostgresStore(postgres_url).open()
    query = (
        "SELECT count(*) FROM pg_locks"
        " WHERE locktype = 'advisory' AND classid = %s AND objid = %s AND granted"
    )
    with psycopg.connect(postgres_url) as connection:
        assert connection.execute(query, (LIVENESS_CLASS, store.liveness.holder)).fetchone() == (1,)
        await store.close()
        assert connection.execute(query, (LIVENESS_CLASS, store.liveness.holder)).fetchone() == (0,)


async def test_a_dead_holders_inbox_entries_are_taken_at_once_a_live_ones_are_not(postgres_url: str) -> None:
    clock = ManualClock(T0)
    async with PostgresStore(postgres_url) as peer:
        survivor = PostgresInbox(peer, clock=clock)
        dying_store = await PostgresStore(postgres_url).open()
        dying = PostgresInbox(dying_store, clock=clock)
        [a] = await dying.record([inbox_entry("wa:a")])
        assert holders(postgres_url, "inbox") == [dying_store.liveness.holder]
        assert await survivor.pending("whatsapp") == [], "a live peer's claim is left to it"
        await dying_store.close()  # its session ends, as a kill ends it: nothing released
        assert await survivor.pending("whatsapp") == [a], "taken at once, the lease not waited for"
        assert holders(postgres_url, "inbox") == [peer.liveness.holder]


async def test_claims_older_than_a_server_restart_wait_for_their_lease(postgres_url: str) -> None:
    """Every lock goes with a server restart, a live process's too: a claim taken before it
    (its recorded start time differs) is left to its lease, as before liveness existed."""
    clock = ManualClock(T0)
    async with PostgresStore(postgres_url) as peer:
        survivor = PostgresInbox(peer, clock=clock)
        dying_store = await PostgresStore(postgres_url).open()
        await PostgresInbox(dying_store, clock=clock).record([inbox_entry("wa:a")])
        with psycopg.connect(postgres_url) as connection:
            connection.execute("UPDATE inbox SET claim_server_start = claim_server_start - interval '1 hour'")
        await dying_store.close()
        assert await survivor.pending("whatsapp") == []
        clock.advance(peer.claim_lease)
        assert [e.key for e in await survivor.pending("whatsapp")] == ["wa:a"], "the lease, as the fallback"


async def test_a_dead_holders_outbox_entry_digest_slot_and_job_are_taken_at_once(postgres_url: str) -> None:
    slot = T0 + timedelta(hours=9)
    async with PostgresStore(postgres_url) as peer:
        dying = await PostgresStore(postgres_url).open()
        for key in ("k1", "k2"):
            await dying.enqueue(outbox_entry(key))
        claimed = await dying.claim_outbox("k1", T0)
        assert isinstance(claimed, OutboxEntry)
        assert await dying.claim_digest_slot("claire", slot, slot)
        assert await dying.claim_job("purge", "2026-11-23", T0)
        # alive: nothing of it is the peer's
        assert [e.outbound.key for e in await peer.due_outbox(T0)] == ["k2"]
        assert await peer.claim_outbox("k1", T0) is None
        assert not await peer.claim_digest_slot("claire", slot, slot)
        assert not await peer.claim_job("purge", "2026-11-23", T0)
        await dying.close()
        # dead: everything it held is free at the same instant
        assert [e.outbound.key for e in await peer.due_outbox(T0)] == ["k1", "k2"]
        assert await peer.claim_outbox("k1", T0) == claimed
        assert await peer.claim_digest_slot("claire", slot, slot)
        assert await peer.claim_job("purge", "2026-11-23", T0)
        # and now held by a live holder again: refused to a third process
        async with PostgresStore(postgres_url) as third:
            assert await third.claim_outbox("k1", T0) is None
            assert not await third.claim_digest_slot("claire", slot, slot)
            assert not await third.claim_job("purge", "2026-11-23", T0)


async def test_a_dead_peers_earlier_event_is_handled_before_the_next_one_of_the_same_person(
    postgres_url: str,
) -> None:
    """The peer recorded (and acknowledged) a mentee's message, then was killed; their next
    message reaches this process: the first one is handed to the queues before it, so the
    two are handled in the order they were written."""
    clock = ManualClock(T0)
    handled: list[str] = []

    async def handle(entry: InboxEntry) -> None:
        handled.append(entry.key)

    async with PostgresStore(postgres_url) as peer:
        survivor = PostgresInbox(peer, clock=clock)
        queues = PersonQueues(handle)
        survivor.follow("whatsapp", queues)
        dying_store = await PostgresStore(postgres_url).open()
        await PostgresInbox(dying_store, clock=clock).record([inbox_entry("wa:first")])
        await dying_store.close()
        fresh = await survivor.record([inbox_entry("wa:second")])
        queues.submit(fresh)  # what the channel does with what `record` kept
        await queues.wait_idle()
        assert handled == ["wa:first", "wa:second"]
        handled.clear()
        queues.submit(await survivor.record([inbox_entry("wa:third")]))
        await queues.wait_idle()
        assert handled == ["wa:third"], "nothing stranded any more: nothing picked up twice"
