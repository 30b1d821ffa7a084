"""`cadre bench --store postgres`: webhooks per second and p99 with 1, 2 and 4 processes.

What one inbound message costs the store, measured where several processes share one
PostgreSQL, at 10,000 and 100,000 stored items, with TinyDB (one process, its only mode)
side by side in the same run. Each worker process is what `cadre run` is to the store:
its own pool, its own advisory-lock isolation, several webhooks in flight at once. A
message does what the core asks of the store for one webhook: take the person's lock,
record the inbound id (a redelivery stops there), read the mentee and the conversation,
then either save the draft with one more answer or, every fifth message, submit the item
with the conversation and enqueue, claim and mark sent the mentor's copy.

A tenth of the messages are delivered a second time to another process, as a platform
redelivers a webhook it saw time out; after each run the database is checked for double
effects (an inbound id handled twice, an item stored twice, an outbox entry sent twice).

Screening and the flow machine are not in this figure (see `cadre bench` for the whole
pipeline on TinyDB): this is the part that changes with the store and with processes.
The server is the pgserver wheel's PostgreSQL 16 with its default durability (fsync on)
in a folder under --work-dir, or the server of CADRE_DATABASE_URL when --url is given.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.pipeline import no_fsync, percentile

ITEMS_PER_MENTEE = 10
SIZES = (10_000, 100_000)
PROCESSES = (1, 2, 4)
MESSAGES = 2_000
IN_FLIGHT = 8
RATE = 250.0
POOL_SIZE = 10
LOCK_POOL_SIZE = 8
REDELIVERED_SHARE = 0.1
SUBMIT_EVERY = 5
START_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
MENTOR = "claire"


# --------------------------------------------------------------------------- records
def _user(index: int) -> Any:
    from bot.domain import UserRef

    return UserRef("bench", f"m{index:06d}")


def _history(mentees: int) -> Iterator[tuple[Any, list[Any]]]:
    """Each mentee with ITEMS_PER_MENTEE stored questions, most answered."""
    from bot.domain import Consent, Item, ItemStatus, Mentee, Reply, ReplyKind, StepAnswer

    for index in range(mentees):
        user = _user(index)
        enrolled = START_AT - timedelta(days=400)
        mentee = Mentee(user, f"Bench {index}", MENTOR, "fr", enrolled, Consent("v1", enrolled))
        items = []
        for number in range(ITEMS_PER_MENTEE):
            at = START_AT - timedelta(days=365 - number * 30, minutes=index)
            is_waiting = (index + number) % 25 == 0
            items.append(
                Item(
                    id=f"s{index:06d}{number:02d}",
                    ref=f"S{index:06d}{number:02d}",
                    mentee=user,
                    alias=mentee.alias,
                    mentor=MENTOR,
                    flow="question",
                    answers=tuple(
                        StepAnswer(
                            step, f"Une réponse assez longue pour peser, étape {step}, numéro {number}."
                        )
                        for step in ("context", "stake", "tried", "question")
                    ),
                    submitted_at=at,
                    status=ItemStatus.WAITING if is_waiting else ItemStatus.ANSWERED,
                    replies=()
                    if is_waiting
                    else (Reply(ReplyKind.ANSWER, "Merci, voici une piste claire à essayer.", MENTOR, at),),
                )
            )
        yield mentee, items


def seed_postgres(url: str, items: int) -> None:
    """COPY the history in: the store's own encoding, sealed in clear (no data key)."""
    import psycopg

    from bot.storage import codec
    from bot.storage.postgres.sealing import to_bytes
    from bot.storage.tiny import person_name

    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        with (
            cursor.copy(
                "COPY people (person, mentor, status, enrolled_at, has_legal_hold, body) FROM STDIN"
            ) as people,
        ):
            batches = list(_history(items // ITEMS_PER_MENTEE))
            for mentee, _ in batches:
                people.write_row(
                    (
                        person_name(mentee.user.key),
                        MENTOR,
                        "active",
                        mentee.enrolled_at,
                        False,
                        to_bytes(codec.encode_mentee(mentee)),
                    )
                )
        with cursor.copy(
            "COPY items (id, ref, person, mentor, status, submitted_at, deferred_until, body) FROM STDIN"
        ) as copy:
            for mentee, stored in batches:
                person = person_name(mentee.user.key)
                for item in stored:
                    document = codec.encode_item(item)
                    document.pop("replies")
                    copy.write_row(
                        (
                            item.id,
                            item.ref,
                            person,
                            MENTOR,
                            item.status.value,
                            item.submitted_at,
                            None,
                            to_bytes(document),
                        )
                    )
        with cursor.copy("COPY replies (item_id, position, kind, mentor, at, body) FROM STDIN") as copy:
            for _, stored in batches:
                for item in stored:
                    for position, reply in enumerate(item.replies):
                        raw = codec.encode_item(item)["replies"]
                        assert isinstance(raw, list)
                        copy.write_row(
                            (
                                item.id,
                                position,
                                reply.kind.value,
                                reply.mentor,
                                reply.at,
                                to_bytes(raw[position]),
                            )
                        )
    settle_postgres(url)


def settle_postgres(url: str) -> None:
    """The seeded database brought to steady state before any measure, as pgbench does:
    VACUUM ANALYZE (hint bits, visibility map, statistics) and a CHECKPOINT (the seed's
    dirty pages written), so no run pays for the seeding. Durability is untouched."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
        connection.execute("CHECKPOINT")
    os.sync()


@contextlib.contextmanager
def _quiet(logger: str) -> Iterator[None]:
    """That logger's warnings held back: the bench's own output stays about the measure."""
    log = logging.getLogger(logger)
    before = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(before)


def seed_tiny(data_dir: Path, items: int) -> None:
    """Person files written whole, then the indexes rebuilt from them in one pass."""
    from bot.storage import codec
    from bot.storage.tiny import TinyStore, person_name

    with no_fsync(), TinyStore(data_dir) as tiny:
        for mentee, stored in _history(items // ITEMS_PER_MENTEE):
            label = f"people/{person_name(mentee.user.key)}.json"
            tiny._write(
                label,
                {
                    "profile": {"1": codec.encode_mentee(mentee)},
                    "items": {item.id: codec.encode_item(item) for item in stored},
                },
            )
        # the seed wrote no indexes on purpose: building them is a repair, not a finding
        with _quiet("bot.storage.tiny.store"):
            tiny.recover()
    os.sync()  # the seed's writes on disk before the measure, as `cadre bench` does


# --------------------------------------------------------------------------- the workload
@dataclass(frozen=True)
class Message:
    index: int  # its place in the run: every SUBMIT_EVERY-th one submits a question
    mentee: int
    number: int  # the mentee's n-th message in this run
    message_id: str

    @property
    def submits(self) -> bool:
        return self.index % SUBMIT_EVERY == SUBMIT_EVERY - 1


@dataclass(frozen=True)
class Load:
    """How webhooks are offered: the figures mean nothing without it (Little's law).

    `in_flight` (closed loop): each process keeps this many webhooks in flight, a new one as
    soon as one is answered, so the run measures saturation throughput, and its latency is
    mostly the queue the bench itself builds (latency = in flight / throughput). `rate`
    (open loop): webhooks arrive at this many per second across all processes, spaced
    evenly whatever the answers do, as a platform delivers them; latency is counted from
    the moment a webhook was due, so a bench that falls behind pays for it.
    """

    in_flight: int = 0
    rate: float = 0.0
    handlers: int = IN_FLIGHT

    def label(self) -> str:
        if self.rate:
            return f"{self.rate:g}/s offered"
        return f"{self.in_flight} in flight/proc"


def plan(mentees: int, messages: int, processes: int, seed: int) -> list[list[Message]]:
    """Messages of random mentees, dealt round-robin; a tenth redelivered to another process."""
    rng = random.Random(seed)
    counts: dict[int, int] = {}
    queues: list[list[Message]] = [[] for _ in range(processes)]
    for index in range(messages):
        mentee = rng.randrange(mentees)
        number = counts.get(mentee, 0)
        counts[mentee] = number + 1
        message = Message(index, mentee, number, f"w{seed}-{index}")
        queues[index % processes].append(message)
        if rng.random() < REDELIVERED_SHARE:
            queues[(index + 1 + rng.randrange(max(processes - 1, 1))) % processes].append(message)
    return queues


PROMPT = (
    "2/4 · Qu'est-ce qui est en jeu pour vous, ou pour votre équipe, si rien ne change ?"
    " Une ou deux phrases suffisent."
)
"""A step's prompt as the flows word one (the default flow's run 60 to 150 characters)."""


class StoreWork:
    """One webhook's worth of store calls, the same on every adapter of the Store port.

    What `cadre run` asks of the store for one message: the durable inbox records the
    event before the webhook is answered (a redelivery stops there), then under the
    person's lock the outbox looks for messages parked for them, the core reads the
    person and saves the conversation (or submits the item, and the mentor's copy is
    enqueued, claimed and marked sent), and the inbox entry is marked done.
    """

    def __init__(self, store: Any, isolation: Any, inbox: Any, handlers: int) -> None:
        self.store = store
        self.isolation = isolation
        self.inbox = inbox
        # How many recorded events are handled at once, as the channel's PersonQueues bounds
        # them; recording (the webhook's answer) is not bounded, as in the webhook server.
        self.handlers = asyncio.Semaphore(handlers)
        self.sent = 0
        self.duplicates = 0
        self.lock_waits: list[float] = []

    async def handle(self, message: Message) -> None:
        from bot.domain import InboxEntry

        user = _user(message.mentee)
        now = START_AT + timedelta(seconds=message.number)
        recorded = await self.inbox.record(
            [InboxEntry(f"bench:{message.message_id}", "bench", user.key, "{}", now)]
        )
        if not recorded:
            self.duplicates += 1  # the inbox refused a redelivery: answered 200, nothing more
            return
        async with self.handlers:
            asked = time.perf_counter()
            async with self.isolation(user):
                self.lock_waits.append(time.perf_counter() - asked)
                await self._turn(user, message, now)
            await self.inbox.done(recorded[0])

    async def _turn(self, user: Any, message: Message, now: datetime) -> None:
        from bot.core.turn import SENT_FOR_KEPT
        from bot.domain import (
            Choice,
            Conversation,
            Draft,
            Item,
            Outbound,
            OutboxEntry,
            OutboxStatus,
            SentFor,
            StepAnswer,
        )

        await self.store.parked_for(user)
        person = await self.store.get_person(user)
        assert person.mentee is not None
        conversation = person.conversation or Conversation(user=user)
        if message.message_id in conversation.seen_ids:
            self.duplicates += 1
            return
        seen = (*conversation.seen_ids[-19:], message.message_id)
        # The turn's answer, kept with it in the same write for a replay (bot.core.turn): a
        # step's prompt or an acknowledgement, about as long as the flows' own.
        said = Outbound(user, PROMPT, f"{message.message_id}#0", (Choice("step:a", "Option A"),))
        sent_for = (*conversation.sent_for, SentFor(message.message_id, (said,)))[-SENT_FOR_KEPT:]
        answers = conversation.draft.answers if conversation.draft else ()
        text = f"Réponse {message.number} : quelques phrases sur la situation, sans nom propre."
        if not message.submits:
            step = f"s{len(answers)}"
            draft = Draft("question", step, (*answers, StepAnswer(step, text)), now, now)
            await self.store.save_conversation(
                replace(conversation, draft=draft, seen_ids=seen, sent_for=sent_for)
            )
            return
        item = Item(
            id=f"n{message.mentee:06d}{message.number:04d}",
            ref=f"N{message.mentee:06d}{message.number:04d}",
            mentee=user,
            alias=person.mentee.alias,
            mentor=MENTOR,
            flow="question",
            answers=(*answers, StepAnswer("question", text)),
            submitted_at=now,
        )
        await self.store.submit_item(
            item, replace(conversation, draft=None, seen_ids=seen, sent_for=sent_for)
        )
        outbound = Outbound(
            to=_user(-1), text=text, key=f"copy:{item.id}", item_ref=item.ref, is_durable=True
        )
        entry = OutboxEntry(outbound, created_at=now, next_attempt_at=now)
        if not await self.store.enqueue(entry):
            return
        claimed = await self.store.claim_outbox(outbound.key, now)
        if claimed is None:
            return
        sent = replace(
            claimed.without_content(), status=OutboxStatus.SENT, attempts=1, platform_message_id=item.id
        )
        await self.store.save_outbox(sent)
        self.sent += 1


async def _drive(work: StoreWork, messages: list[Message], load: Load, processes: int) -> list[float]:
    """Latency of each webhook under `load` (this process's share of a rate)."""
    if load.rate:
        return await _offer(work, messages, load.rate / processes)
    latencies: list[float] = []
    queue = list(reversed(messages))

    async def lane() -> None:
        while queue:
            message = queue.pop()
            started = time.perf_counter()
            await work.handle(message)
            latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(lane() for _ in range(load.in_flight)))
    return latencies


async def _offer(work: StoreWork, messages: list[Message], rate: float) -> list[float]:
    """Open loop: webhook k is due at k / rate, sent then whatever is still in flight."""
    latencies: list[float] = []
    begun = time.perf_counter()

    async def one(message: Message, due: float) -> None:
        await work.handle(message)
        latencies.append(time.perf_counter() - due)

    tasks = []
    for k, message in enumerate(messages):
        due = begun + k / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(message, due)))
    await asyncio.gather(*tasks)
    return latencies


@dataclass(frozen=True)
class WorkerResult:
    latencies: list[float]
    lock_waits: list[float]
    started: float
    finished: float
    sent: int
    duplicates: int


def _result(work: StoreWork, latencies: list[float], started: float) -> WorkerResult:
    return WorkerResult(latencies, work.lock_waits, started, time.perf_counter(), work.sent, work.duplicates)


async def _postgres_worker(
    url: str, messages: list[Message], load: Load, processes: int, ready: Any, go: Any
) -> WorkerResult:
    from bot.runtime.isolation import LocalIsolation
    from bot.storage.postgres.inbox import PostgresInbox
    from bot.storage.postgres.isolation import AdvisoryLockIsolation
    from bot.storage.postgres.store import PostgresStore

    async with PostgresStore(url, min_size=POOL_SIZE, max_size=POOL_SIZE) as store:
        isolation = await AdvisoryLockIsolation(
            url, local=LocalIsolation(), min_held=LOCK_POOL_SIZE, max_held=LOCK_POOL_SIZE
        ).open()
        try:
            work = StoreWork(store, isolation.hold, PostgresInbox(store), load.handlers)
            await _warm_up(work, messages)
            ready.set()
            await asyncio.get_running_loop().run_in_executor(None, go.wait)
            started = time.perf_counter()
            latencies = await _drive(work, messages, load, processes)
            return _result(work, latencies, started)
        finally:
            await isolation.close()


async def _warm_up(work: StoreWork, messages: list[Message]) -> None:
    """Not timed: every pooled connection opened and its statements prepared, as in a
    process that has been running for a while (the pools fill at open; this makes each
    connection see the hot statements before the measure)."""
    users = sorted({m.mentee for m in messages})[: POOL_SIZE * 8]
    for _ in range(2):
        await asyncio.gather(*(work.store.get_person(_user(u)) for u in users))
        await asyncio.gather(*(work.store.parked_for(_user(u)) for u in users))


def postgres_worker(
    url: str, messages: list[Message], load: Load, processes: int, ready: Any, go: Any, results: Any
) -> None:
    results.put(asyncio.run(_postgres_worker(url, messages, load, processes, ready, go)))


async def _tiny_run(data_dir: Path, messages: list[Message], load: Load) -> WorkerResult:
    from bot.app import open_inbox
    from bot.storage.tiny import TinyStore

    locks: dict[str, asyncio.Lock] = {}

    @contextlib.asynccontextmanager
    async def isolation(user: Any) -> Any:
        async with locks.setdefault(user.key, asyncio.Lock()):
            yield

    store = TinyStore(data_dir)
    try:
        work = StoreWork(store, isolation, open_inbox(store), load.handlers)
        started = time.perf_counter()
        latencies = await _drive(work, messages, load, 1)
        return _result(work, latencies, started)
    finally:
        await store.close()


# --------------------------------------------------------------------------- runs
@dataclass(frozen=True)
class RunResult:
    store: str
    items: int
    processes: int
    load: Load
    messages: int
    per_s: float
    p50_ms: float
    p99_ms: float
    lock_p99_ms: float
    redelivered: int
    double_effects: int


def _summarise(
    store: str, items: int, processes: int, load: Load, results: list[WorkerResult], double: int
) -> RunResult:
    latencies = [value for r in results for value in r.latencies]
    waits = [value for r in results for value in r.lock_waits]
    wall = max(r.finished for r in results) - min(r.started for r in results)
    return RunResult(
        store=store,
        items=items,
        processes=processes,
        load=load,
        messages=len(latencies),
        per_s=len(latencies) / wall if wall > 0 else 0.0,
        p50_ms=percentile(latencies, 0.5) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
        lock_p99_ms=percentile(waits, 0.99) * 1000,
        redelivered=sum(r.duplicates for r in results),
        double_effects=double,
    )


def _double_effects(url: str, queues: list[list[Message]], results: list[WorkerResult]) -> int:
    """Events recorded or handled more than once or never, items or copies stored or sent twice."""
    import psycopg

    distinct = {m.message_id for queue in queues for m in queue}
    submissions = {(m.mentee, m.number) for queue in queues for m in queue if m.submits}
    with psycopg.connect(url) as connection:

        def one(sql: str) -> int:
            row = connection.execute(sql).fetchone()
            return int(row[0]) if row else 0

        recorded = one("SELECT count(*) FROM inbox WHERE key LIKE 'bench:%' AND body IS NULL")
        inbound = one("SELECT count(*) FROM inbound")
        new_items = one("SELECT count(*) FROM items WHERE id LIKE 'n%'")
        sent_rows = one("SELECT count(*) FROM outbox WHERE status = 'sent'")
    sent = sum(r.sent for r in results)
    return (
        abs(recorded - len(distinct))
        + abs(inbound - len(distinct))
        + abs(new_items - len(submissions))
        + abs(sent - sent_rows)
        + abs(sent - len(submissions))
    )


def run_postgres(url_for: Any, items: int, processes: int, messages: int, load: Load) -> RunResult:
    url = url_for(items, processes)
    queues = plan(items // ITEMS_PER_MENTEE, messages, processes, seed=items + processes)
    context = multiprocessing.get_context("spawn")
    go = context.Event()
    results_queue = context.Queue()
    readies = [context.Event() for _ in range(processes)]
    workers = [
        context.Process(target=postgres_worker, args=(url, queue, load, processes, ready, go, results_queue))
        for queue, ready in zip(queues, readies, strict=True)
    ]
    for worker in workers:
        worker.start()
    deadline = time.monotonic() + 120
    while not all(ready.is_set() for ready in readies):
        if any(worker.exitcode is not None for worker in workers):
            raise RuntimeError("a bench worker died before starting (its traceback is above)")
        if time.monotonic() > deadline:
            raise RuntimeError("a bench worker did not start within 120 s")
        readies[0].wait(0.2)
    go.set()
    results = [results_queue.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    double = _double_effects(url, queues, results)
    return _summarise("PostgreSQL", items, processes, load, results, double)


def run_tiny(work_dir: Path, items: int, messages: int, load: Load) -> RunResult:
    data_dir = work_dir / f"tiny-{items}-{'rate' if load.rate else 'saturation'}"
    seed_tiny(data_dir, items)
    [queue] = plan(items // ITEMS_PER_MENTEE, messages, 1, seed=items + 1)
    result = asyncio.run(_tiny_run(data_dir, queue, load))
    return _summarise("TinyDB", items, 1, load, [result], 0)


@dataclass(frozen=True)
class StoreBenchOptions:
    sizes: tuple[int, ...] = SIZES
    processes: tuple[int, ...] = PROCESSES
    messages: int = MESSAGES
    in_flight: int = IN_FLIGHT
    rate: float = RATE
    with_tiny: bool = True
    url: str | None = None
    work_dir: Path | None = None

    @classmethod
    def quick(cls) -> StoreBenchOptions:
        return cls(sizes=(1_000,), processes=(1, 2), messages=200)

    @property
    def loads(self) -> tuple[Load, ...]:
        """Saturation first (closed loop), then the stated rate (open loop) when one is set."""
        closed = Load(in_flight=self.in_flight, handlers=self.in_flight)
        return (closed, Load(rate=self.rate, handlers=self.in_flight)) if self.rate else (closed,)


def run_store_bench(options: StoreBenchOptions, progress: Any = None) -> list[RunResult]:
    from bot.storage.postgres.local import LocalPostgres
    from bot.storage.postgres.schema import upgrade

    def say(text: str) -> None:
        if progress is not None:
            progress.write(text + "\n")
            progress.flush()

    work_dir = Path(tempfile.mkdtemp(prefix="cadre-bench-", dir=options.work_dir))
    server = None if options.url else LocalPostgres(work_dir / "pg", is_durable=True).start()
    results: list[RunResult] = []
    try:
        seeded: dict[int, str] = {}

        def url_for(items: int, processes: int) -> str:
            name = f"bench_{items}_{processes}"
            if server is not None:
                server.drop_database(name)
                if items not in seeded:
                    template = f"bench_seed_{items}"
                    server.drop_database(template)
                    url = server.create_database(template)
                    upgrade(url)
                    say(f"seeding {items} items in PostgreSQL, then VACUUM ANALYZE and CHECKPOINT")
                    seed_postgres(url, items)
                    seeded[items] = template
                return server.create_database(name, template=seeded[items])
            assert options.url is not None
            upgrade(options.url)
            return options.url

        for items in options.sizes:
            for load in options.loads:
                for processes in options.processes:
                    say(f"PostgreSQL: {items} items, {processes} process(es), {load.label()}")
                    results.append(run_postgres(url_for, items, processes, options.messages, load))
                if options.with_tiny:
                    say(f"TinyDB: seeding and running {items} items, {load.label()}")
                    results.append(run_tiny(work_dir, items, options.messages, load))
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work_dir, ignore_errors=True)
    return results


TARGET_RATE = 250.0
TARGET_P99_MS = 50.0
TARGET_GROWTH = 1.5
TARGET_PROCESSES = 2


def _verdict(ok: bool) -> str:
    return "ok" if ok else "NOT MET"


def format_results(results: list[RunResult]) -> str:
    header = (
        "store",
        "stored items",
        "processes",
        "load",
        "messages",
        "msg/s",
        "p50 ms",
        "p99 ms",
        "lock p99 ms",
        "redelivered",
        "double effects",
    )
    rows = [header] + [
        (
            r.store,
            f"{r.items:,}",
            str(r.processes),
            r.load.label(),
            str(r.messages),
            f"{r.per_s:.0f}",
            f"{r.p50_ms:.1f}",
            f"{r.p99_ms:.1f}",
            f"{r.lock_p99_ms:.1f}",
            str(r.redelivered),
            str(r.double_effects),
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    saturated = {(r.store, r.items, r.processes): r for r in results if not r.load.rate}
    offered = {(r.store, r.items, r.processes): r for r in results if r.load.rate}
    sizes = sorted({r.items for r in results})
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for processes in sorted({r.processes for r in results if r.store == "PostgreSQL"}):
            a = saturated.get(("PostgreSQL", small, processes))
            b = saturated.get(("PostgreSQL", large, processes))
            if a and b and a.per_s and b.per_s:
                growth = a.per_s / b.per_s
                lines.append(
                    f"PostgreSQL, {processes} process(es): per-message cost at {large:,} items is "
                    f"{growth:.2f}x the cost at {small:,} (1 / saturation msg/s)"
                    f"  [target <= {TARGET_GROWTH}x: {_verdict(growth <= TARGET_GROWTH)}]"
                )
    for items in sizes:
        sat = saturated.get(("PostgreSQL", items, TARGET_PROCESSES))
        at = offered.get(("PostgreSQL", items, TARGET_PROCESSES))
        if sat is None:
            continue
        line = (
            f"PostgreSQL, {TARGET_PROCESSES} processes, {items:,} items: saturation {sat.per_s:.0f} msg/s"
            f" (p99 {sat.p99_ms:.1f} ms with {sat.load.label()})"
        )
        if at is not None:
            keeps_up = at.per_s >= TARGET_RATE * 0.97 and at.load.rate >= TARGET_RATE
            line += (
                f"; at {at.load.label()}: {at.per_s:.0f} msg/s, p99 {at.p99_ms:.1f} ms"
                f"  [target >= {TARGET_RATE:g} msg/s and p99 <= {TARGET_P99_MS:g} ms:"
                f" {_verdict(keeps_up and sat.per_s >= TARGET_RATE and at.p99_ms <= TARGET_P99_MS)}]"
            )
        lines.append(line)
    return "\n".join(lines)
