"""What only PostgreSQL needs: several processes at once, encryption in tables, errors.

The Store contract itself (the same tests on memory, TinyDB and PostgreSQL) lives with
the other store tests; here are the properties that exist because several `cadre run`
processes share one database: claims, key-first erasure, sealed bodies, lost connections.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import psycopg
import pytest
from cryptography.fernet import Fernet

from bot.domain import (
    AuditEvent,
    Conversation,
    Draft,
    Invitation,
    OutboxStatus,
    Reply,
    ReplyKind,
    StepAnswer,
)
from bot.errors import CorruptRecordError, StoreError
from bot.runtime.isolation import LocalIsolation
from bot.storage.postgres.local import LocalPostgres
from bot.storage.postgres.store import DatabaseUnavailableError, PostgresStore
from bot.storage.tiny import person_name
from tests.storage.records import ANA, BEN, MENTOR, T0, entry, item, mentee

CANARY = "Zéphyrine-Canary-7731"


@pytest.fixture
async def store(postgres_url: str) -> AsyncIterator[PostgresStore]:
    async with PostgresStore(postgres_url) as opened:
        yield opened


@pytest.fixture
async def sealed(postgres_url: str) -> AsyncIterator[tuple[PostgresStore, str]]:
    key = Fernet.generate_key().decode("ascii")
    async with PostgresStore(postgres_url, data_key=key) as opened:
        yield opened, key


def raw_bytes(url: str) -> bytes:
    """Every row of every Cadre table as text, to look for a canary."""
    with psycopg.connect(url) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
        dump = []
        for table in tables:
            for row in connection.execute(f"SELECT * FROM {table}").fetchall():
                dump.append(repr(row).encode())
                dump.extend(bytes(v) for v in row if isinstance(v, bytes | memoryview))
    return b"\n".join(dump)


async def waiting_locks(url: str, *, until: int, timeout_s: float = 10) -> int:
    """Advisory locks waited for, polled until `until` is reached (a condition, not a delay)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as connection:
        while True:
            cursor = await connection.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            )
            row = await cursor.fetchone()
            count = int(row[0]) if row else 0
            if count >= until or asyncio.get_running_loop().time() > deadline:
                return count
            await asyncio.sleep(0.01)


async def test_round_trip_of_every_record_kind(store: PostgresStore) -> None:
    ana = mentee()
    await store.save_mentee(ana)
    conversation = Conversation(
        user=ANA, draft=Draft("question", "context", (StepAnswer("context", "x"),), T0, T0), seen_ids=("m1",)
    )
    await store.save_conversation(conversation)
    first = replace(
        item(1),
        replies=(
            Reply(ReplyKind.ANSWER, "answer one", "claire", T0),
            Reply(ReplyKind.CLOSE, "", "claire", T0),
        ),
    )
    await store.submit_item(first, replace(conversation, draft=None))
    invitation = Invitation("ABC123", "Ana", "claire", T0, T0 + timedelta(days=7))
    await store.save_invitation(invitation)
    event = AuditEvent(T0, "coach", "export", "Ana", (("items", "1"),))
    await store.append_audit(event)
    assert await store.enqueue(entry("k1"))

    assert await store.get_mentee(ANA) == ana
    assert await store.get_conversation(ANA) == replace(conversation, draft=None)
    assert await store.get_item(first.id) == first
    assert await store.find_item_by_ref("R0001") == first
    assert await store.items_of(ANA) == [first]
    assert await store.get_invitation("ABC123") == invitation
    assert await store.audit_events() == [event]
    assert await store.get_outbox("k1") == entry("k1")
    assert await store.list_conversations_with_draft() == []
    # fewer replies than before: the extra rows go
    await store.save_item(replace(first, replies=first.replies[:1]))
    assert (await store.get_item(first.id)) == replace(first, replies=first.replies[:1])


async def test_inbound_ids_a_conversation_remembers_stay_recorded_after_it_forgets_them(
    store: PostgresStore,
) -> None:
    await store.save_conversation(Conversation(user=ANA, seen_ids=("m1", "m2")))
    await store.save_conversation(Conversation(user=ANA, seen_ids=("m3",)))
    assert await store.is_seen(ANA, "m1")
    assert await store.is_seen(ANA, "m3")
    assert not await store.is_seen(BEN, "m1")
    with pytest.raises(StoreError, match="constraint=inbound_pkey"):
        async with store.transaction("test") as connection:
            await connection.execute(
                "INSERT INTO inbound (person, message_id, received_at) VALUES (%s, 'm1', now())",
                (person_name(ANA.key),),
            )


async def test_two_processes_sending_the_due_outbox_never_send_the_same_entry(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as one, PostgresStore(postgres_url) as two:
        for n in range(30):
            await one.enqueue(entry(f"k{n:02d}"))
        now = T0 + timedelta(minutes=1)

        async def sender(store: PostgresStore) -> list[str]:
            claimed = []
            for due in await store.due_outbox(now):
                got = await store.claim_outbox(due.outbound.key, now)
                if got is not None:
                    claimed.append(got.outbound.key)
            return claimed

        batches = await asyncio.gather(sender(one), sender(two), sender(one), sender(two))
        keys = [key for batch in batches for key in batch]
        assert len(keys) == len(set(keys)) == 30
        assert await one.due_outbox(now) == []  # all claimed: none looks due to anyone
        # a claim expires: a process killed mid-send leaves the entry to be sent again
        later = now + timedelta(minutes=3)
        assert len(await two.due_outbox(later)) == 30
        again = await two.claim_outbox("k00", later)
        assert again == entry("k00")
        # saving the outcome ends the claim; a sent entry is never claimed again
        sent = replace(again, status=OutboxStatus.SENT, platform_message_id="p1")
        await two.save_outbox(sent)
        assert await one.claim_outbox("k00", later + timedelta(hours=1)) is None
        assert await one.by_platform_id("telegram", "p1") == sent


async def test_claim_one_entry_is_exclusive(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as one, PostgresStore(postgres_url) as two:
        await one.enqueue(entry("k"))
        got = await asyncio.gather(one.claim_outbox("k", T0), two.claim_outbox("k", T0))
        assert sorted(g is not None for g in got) == [False, True]


async def test_digest_slots_and_jobs_are_claimed_once_across_processes(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as one, PostgresStore(postgres_url) as two:
        slot = T0 + timedelta(hours=9)
        wins = await asyncio.gather(*(s.claim_digest_slot("claire", slot, slot) for s in (one, two) * 5))
        assert wins.count(True) == 1
        assert await two.claim_digest_slot("marc", slot, slot)
        # the winner died before delivering: after the lease, the slot is caught up once
        later = slot + timedelta(minutes=5)
        retries = await asyncio.gather(*(s.claim_digest_slot("claire", slot, later) for s in (one, two) * 3))
        assert retries.count(True) == 1
        # delivered and marked: never again
        await one.set_digest_slot("claire", slot)
        assert await one.digest_slot("claire") == slot
        assert not await two.claim_digest_slot("claire", slot, later + timedelta(hours=1))
        jobs = await asyncio.gather(*(s.claim_job("purge", "2026-11-23", T0) for s in (one, two) * 3))
        assert jobs.count(True) == 1
        await one.finish_job("purge", "2026-11-23")
        assert not await two.claim_job("purge", "2026-11-23", T0 + timedelta(days=1))


async def test_a_finished_run_outlives_its_lease_and_a_failed_one_is_retried_once(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as one, PostgresStore(postgres_url) as two:
        day = T0.replace(hour=0, minute=0, second=0)
        assert await one.claim_run("purge", day, day)
        await one.finish_run("purge", day)
        # a purge cron firing hours later in another process: the day is done
        assert not await two.claim_run("purge", day, day + timedelta(hours=3))
        # a tick that failed (never finished): a peer retries it after the lease, once
        minute = day + timedelta(hours=10)
        assert await one.claim_run("tick", minute, minute)
        assert not await two.claim_run("tick", minute, minute + timedelta(minutes=1))
        later = minute + timedelta(minutes=3)
        retries = await asyncio.gather(*(s.claim_run("tick", minute, later) for s in (one, two) * 3))
        assert retries.count(True) == 1
        with psycopg.connect(postgres_url) as connection:
            rows = connection.execute("SELECT count(*) FROM job_runs").fetchone()
        assert rows == (2,)
        assert await two.prune_runs(later + timedelta(days=1)) == 2


async def test_of_two_people_redeeming_one_code_at_once_one_gets_it(postgres_url: str) -> None:
    async with PostgresStore(postgres_url) as one, PostgresStore(postgres_url) as two:
        await one.save_invitation(Invitation("CODE42", "Ana", "claire", T0, T0 + timedelta(days=7)))
        got = await asyncio.gather(
            one.redeem_invitation("CODE42", user_key=ANA.key, now_at=T0),
            two.redeem_invitation("CODE42", user_key=BEN.key, now_at=T0),
        )
        winners = [g for g in got if g is not None]
        assert len(winners) == 1
        assert await one.get_invitation("CODE42") == winners[0]


async def test_erasure_removes_every_row_about_the_person(store: PostgresStore, postgres_url: str) -> None:
    await store.save_mentee(mentee())
    await store.submit_item(item(1, text=CANARY), Conversation(user=ANA))
    await store.enqueue(entry("to-mentor", to=MENTOR, text=CANARY, item_ref="R0001"))
    await store.enqueue(entry("to-ana", text=CANARY))
    await store.save_conversation(Conversation(user=ANA, seen_ids=("m1",)))
    await store.save_invitation(Invitation("CODE", "Ana", "claire", T0, T0, used_by=ANA.key, used_at=T0))
    await store.save_mentee(mentee(BEN))
    await store.erase_user(ANA)
    assert CANARY.encode() not in raw_bytes(postgres_url)
    assert await store.get_mentee(ANA) is None
    assert await store.items_of(ANA) == []
    assert await store.list_outbox() == []
    assert not await store.is_seen(ANA, "m1")
    assert (await store.get_invitation("CODE")).used_by == "erased"  # type: ignore[union-attr]
    assert await store.get_mentee(BEN) == mentee(BEN)


async def test_encrypted_bodies_hold_no_word_in_clear_and_erasure_destroys_the_key(
    sealed: tuple[PostgresStore, str], postgres_url: str
) -> None:
    store, _ = sealed
    await store.save_mentee(mentee())
    await store.submit_item(item(1, text=CANARY), Conversation(user=ANA))
    await store.enqueue(entry("to-mentor", to=MENTOR, text=CANARY, item_ref="R0001"))
    dump = raw_bytes(postgres_url)
    assert CANARY.encode() not in dump
    assert b"1001" not in dump  # the platform id is sealed too
    assert (await store.get_item("item00001")) == item(1, text=CANARY)
    with psycopg.connect(postgres_url) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM data_keys").fetchall()}
        assert person_name(ANA.key) in names
        # the mentor's copy of Ana's item is sealed with Ana's key, not the shared one
        subject = connection.execute("SELECT subject FROM outbox WHERE key = 'to-mentor'").fetchone()
        assert subject == (person_name(ANA.key),)
    await store.erase_user(ANA)
    with psycopg.connect(postgres_url) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM data_keys").fetchall()}
    assert person_name(ANA.key) not in names


async def test_a_record_whose_key_is_gone_is_reported_not_read(
    sealed: tuple[PostgresStore, str], postgres_url: str
) -> None:
    store, _ = sealed
    await store.save_mentee(mentee())
    with psycopg.connect(postgres_url) as connection:
        connection.execute("DELETE FROM data_keys")
    with pytest.raises(CorruptRecordError, match=r"people: record [0-9a-f]{32}: its data key is gone"):
        await store.get_mentee(ANA)


async def test_the_data_key_must_match_the_database(
    sealed: tuple[PostgresStore, str], postgres_url: str
) -> None:
    store, _ = sealed
    await store.save_mentee(mentee())
    with pytest.raises(StoreError, match="CADRE_DATA_KEY does not open this database"):
        await PostgresStore(postgres_url, data_key=Fernet.generate_key().decode()).open()
    with pytest.raises(StoreError, match="this database is encrypted at rest: set CADRE_DATA_KEY"):
        await PostgresStore(postgres_url).open()


async def test_a_clear_database_refuses_a_key_once_it_holds_records(
    store: PostgresStore, postgres_url: str
) -> None:
    await store.save_mentee(mentee())
    with pytest.raises(StoreError, match="holds records stored in clear"):
        await PostgresStore(postgres_url, data_key=Fernet.generate_key().decode()).open()


async def test_a_failed_statement_names_the_constraint_never_the_value(store: PostgresStore) -> None:
    await store.submit_item(item(1), Conversation(user=ANA))
    clash = replace(item(2, text=CANARY), ref="R0001")
    with pytest.raises(StoreError) as caught:
        await store.save_item(clash)
    message = str(caught.value)
    assert "constraint=items_ref_key" in message
    assert "R0001" not in message and CANARY not in message


async def test_a_store_refuses_a_database_behind_the_code(empty_postgres_url: str) -> None:
    with pytest.raises(StoreError, match=r"run `cadre db upgrade`"):
        await PostgresStore(empty_postgres_url).open()


async def test_an_unreachable_database_is_reported_with_what_to_check() -> None:
    with pytest.raises(DatabaseUnavailableError, match="check CADRE_DATABASE_URL"):
        await PostgresStore(
            "postgresql://cadre@/cadre?host=/nonexistent&connect_timeout=1", retry_s=0.5
        ).open()


async def test_a_restarted_server_is_waited_for_and_nothing_acknowledged_is_lost(
    postgres_server: LocalPostgres, postgres_template: str
) -> None:
    """Its own server: restarting the shared one would disturb other tests' databases."""
    own = LocalPostgres(is_durable=True)
    try:
        own.start()
        from bot.storage.postgres.schema import upgrade

        url = own.create_database("restart")
        upgrade(url)
        async with PostgresStore(url, retry_s=30) as store:
            for n in range(5):
                await store.enqueue(entry(f"before{n}"))
            own.crash()
            restarting = asyncio.get_running_loop().run_in_executor(None, own.start)
            # written while the server is down or starting: retried until it answers
            for n in range(5):
                await store.enqueue(entry(f"during{n}"))
            await restarting
            keys = {e.outbound.key for e in await store.list_outbox()}
        assert keys == {f"before{n}" for n in range(5)} | {f"during{n}" for n in range(5)}
    finally:
        own.remove()


async def test_one_persons_events_wait_for_each_other_across_processes(postgres_url: str) -> None:
    """Two isolations (two processes' worth of pools): Ana's second event waits, Ben's does not."""
    from bot.storage.postgres.isolation import AdvisoryLockIsolation

    one = await AdvisoryLockIsolation(postgres_url, local=LocalIsolation()).open()
    two = await AdvisoryLockIsolation(postgres_url, local=LocalIsolation()).open()
    try:
        order: list[str] = []
        inside = asyncio.Event()
        release = asyncio.Event()

        async def first() -> None:
            async with one.hold(ANA):
                order.append("ana-1 in")
                inside.set()
                await release.wait()
                order.append("ana-1 out")

        async def second() -> None:
            await inside.wait()
            async with two.hold(ANA):
                order.append("ana-2 in")

        async def other() -> None:
            await inside.wait()
            async with two.hold(BEN):
                order.append("ben in")

        tasks = [asyncio.create_task(f()) for f in (first, second, other)]
        await inside.wait()
        await tasks[2]  # Ben is not held up by Ana
        assert await waiting_locks(postgres_url, until=1) == 1  # Ana's second event waits on the lock
        assert order == ["ana-1 in", "ben in"]
        release.set()
        await asyncio.gather(*tasks)
        assert order == ["ana-1 in", "ben in", "ana-1 out", "ana-2 in"]
    finally:
        await one.close()
        await two.close()


async def test_a_busy_pool_is_waited_for_in_turn_not_taken_for_an_outage(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Every connection busy for longer than the pool's own timeout (2 s): the calls waiting
    keep their place in the queue and are served in the order they came, with no retry and
    no "connection lost" warning (past capacity, the retries were most of the work)."""
    from tests.e2e import wait_until

    async with PostgresStore(postgres_url, min_size=1, max_size=1, retry_s=6) as store:
        served: list[str] = []

        async def read(name: str) -> None:
            await store.get_person(ANA)
            served.append(name)

        async with store.pool.connection():
            first = asyncio.create_task(read("first"))
            await wait_until(lambda: store.pool.get_stats().get("requests_waiting", 0) == 1, "first queued")
            second = asyncio.create_task(read("second"))
            await wait_until(lambda: store.pool.get_stats().get("requests_waiting", 0) == 2, "second queued")
            await asyncio.sleep(2.5)  # the pool's own timeout is 2 s: the queue outlives it
        await asyncio.gather(first, second)
    assert served == ["first", "second"]
    assert not [r for r in caplog.records if "connection lost" in r.getMessage()]
