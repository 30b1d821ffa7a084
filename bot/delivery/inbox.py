"""The durable inbox: what a platform handed us is kept before we say "received".

A webhook answers 200 (and Telegram polling moves its offset) only once every event of
the delivery is recorded here; events are then handled from the inbox, in order per
person, and marked done. After a crash or a restart, `pending()` gives back what was
recorded and not yet done, so nothing acknowledged to a platform is ever lost.

What every adapter (memory, TinyDB, PostgreSQL) promises:

- `record(entries)` is durable when it returns (TinyDB: file fsynced and renamed, folder
  fsynced; PostgreSQL: committed). It keeps, in the order given, each entry whose `key`
  was not recorded within DEDUPE_TTL, and returns exactly those: a platform's redelivery
  of a recorded event returns nothing and is handled zero more times. Keys are unique per
  platform event ("wa:<wamid>", "tg:<update_id>"); PostgreSQL: a unique constraint.
- `pending(channel)` returns the entries recorded and not done, in recording order
  (`sequence` grows with each record). An inbox several processes share (PostgreSQL, a
  `SharedInbox`) claims them for the caller under a lease and leaves out the entries a
  live process holds (it recorded them, or picked them up); its `pick_up`, run by the
  scheduler, renews this process's claims and hands each channel that follows it (see
  `resume_inbox`) what a stopped or killed peer left once its claim lapsed. A one-process
  inbox (memory, TinyDB) has nothing to pick up: what it holds is replayed at the start.
  A stopping process `release`s its claims, so a peer takes its entries at once.
- `done(entry)` forgets the entry's body (the words), keeps its key until DEDUPE_TTL has
  passed since it was recorded; calling it twice is harmless.
- `prune(now_at)` drops keys recorded more than DEDUPE_TTL ago, so the dedupe memory
  holds about one redelivery window of traffic and never grows without bound.
- One person's entries are handled one at a time and in order (PersonQueues below in one
  process; across processes, the EventIsolation advisory lock around the handler).

The body is the platform's own JSON for one event, re-read by its channel when handled:
it may hold a mentee's words, so it lives only until done (and is encrypted at rest with
the shared key when CADRE_DATA_KEY is set). Logs name keys and counts only.

Nothing the screening flags is ever written, encrypted or not: `ScreenedInbox` (the
runtime puts it in front of each channel's inbox) reads the words of each event through
the channel's own parser and screens them with the Screener the flows use. An event with
any finding is recorded WITHHELD (`InboxEntry.is_withheld`): every adapter writes its key,
sequence, person and the mark, never its body (`InboxEntry.durable()`). `record` still
returns the entry with its body, so it is handled from memory as any other and nothing
changes while the process lives. What a crash costs: a withheld entry read back by
`pending` has an empty body, and its channel hands the core an Inbound of kind WITHHELD,
answered (once, like every entry) by asking the sender to write their last message again
without the identifying data (`core.withheld_lost`).

A kill between a turn's commit and its send: the entry is marked done only once its
answers were sent (or stored in the outbox), so the next start replays it. Everything read
back from the inbox (`pending`, a peer's pick-up) is flagged `InboxEntry.is_replay`, which
the channel carries to the core as `Inbound.is_replay`: the core then sends again the
answers it kept with the turn (bot.core.router), where a fresh entry whose id the
conversation knows is a duplicate and answers nothing. The answer caught mid-send may thus
arrive twice (at-least-once). A turn committed whose delivery the store failed (an outbox
write refused) leaves its entry pending, for the next start or a peer
(`handle_then_done`); any other failure is logged and the entry done, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from bot.domain import InboxEntry
from bot.errors import UndeliveredError
from bot.ports import Screener

log = logging.getLogger(__name__)

DEDUPE_TTL = timedelta(days=8)
"""How long a recorded key refuses a redelivery: WhatsApp retries for up to 7 days, plus a
day of margin; Telegram keeps an update for 24 hours."""

STALE_EVENT_TTL = timedelta(days=7)
"""Policy for a validly signed event older than this (by the platform's own timestamp):
acknowledged, counted in the log and not handled. Its key may already have left the dedupe
memory, so handling it could answer a second time something answered a week ago."""


class Inbox(Protocol):
    """The durable inbox port (see the module docstring for what adapters promise)."""

    async def record(self, entries: Sequence[InboxEntry]) -> list[InboxEntry]: ...

    async def pending(self, channel: str) -> list[InboxEntry]: ...

    async def done(self, entry: InboxEntry) -> None: ...

    async def prune(self, now_at: datetime) -> int: ...


class MemoryInbox:
    """The Inbox in memory: same semantics, nothing survives the process (tests, console)."""

    def __init__(self) -> None:
        self._pending: OrderedDict[str, InboxEntry] = OrderedDict()
        self._seen: dict[str, datetime] = {}
        self._sequence = 0

    async def record(self, entries: Sequence[InboxEntry]) -> list[InboxEntry]:
        fresh: list[InboxEntry] = []
        for entry in entries:
            if entry.key in self._seen:
                continue
            self._sequence += 1
            kept = replace(entry, sequence=self._sequence)
            self._seen[entry.key] = entry.received_at
            self._pending[entry.key] = kept.durable()
            fresh.append(kept)
        return fresh

    async def pending(self, channel: str) -> list[InboxEntry]:
        return [entry for entry in self._pending.values() if entry.channel == channel]

    async def done(self, entry: InboxEntry) -> None:
        self._pending.pop(entry.key, None)

    async def prune(self, now_at: datetime) -> int:
        old = [key for key, at in self._seen.items() if now_at - at > DEDUPE_TTL and key not in self._pending]
        for key in old:
            del self._seen[key]
        return len(old)


WordsOf = Callable[[str], str]
"""A channel's reading of one event body: the words a person wrote in it ("" for none)."""


class ScreenedInbox:
    """An Inbox that never writes the body of an event whose words screening flags.

    `words_of` is the channel's parser (`bot.channels.*.inbox_words`); an unreadable body
    is left as it is (its channel refuses it the same way when handling it).
    """

    def __init__(self, inner: Inbox, screener: Screener, words_of: WordsOf) -> None:
        self._inner = inner
        self._screener = screener
        self._words_of = words_of

    def _screened(self, entry: InboxEntry) -> InboxEntry:
        try:
            words = self._words_of(entry.body)
        except (ValueError, TypeError, KeyError, RecursionError):
            return entry
        if words.strip() and self._screener.screen(words):
            return replace(entry, is_withheld=True)
        return entry

    async def record(self, entries: Sequence[InboxEntry]) -> list[InboxEntry]:
        screened = [self._screened(entry) for entry in entries]
        withheld = sum(entry.is_withheld for entry in screened)
        if withheld:
            log.info("inbox entries withheld (screening findings) count=%d", withheld)
        return await self._inner.record(screened)

    async def pending(self, channel: str) -> list[InboxEntry]:
        return await self._inner.pending(channel)

    async def done(self, entry: InboxEntry) -> None:
        await self._inner.done(entry)

    async def prune(self, now_at: datetime) -> int:
        return await self._inner.prune(now_at)

    def follow(self, channel: str, queues: PersonQueues) -> None:
        if isinstance(self._inner, SharedInbox):
            self._inner.follow(channel, queues)

    async def pick_up(self) -> int:
        return await self._inner.pick_up() if isinstance(self._inner, SharedInbox) else 0

    async def release(self) -> None:
        if isinstance(self._inner, SharedInbox):
            await self._inner.release()


@runtime_checkable
class SharedInbox(Protocol):
    """An inbox several processes share (PostgreSQL): pending entries are claimed under a
    lease, and a running process picks up, periodically, those a stopped peer left."""

    def follow(self, channel: str, queues: PersonQueues) -> None: ...

    async def pick_up(self) -> int: ...

    async def release(self) -> None: ...


async def resume_inbox(inbox: Inbox, channel: str, queues: PersonQueues) -> list[InboxEntry]:
    """A channel's start: hand `queues` what the inbox holds for it from before (a crash, a
    stop) and, on a shared inbox, follow it, so that what a peer leaves behind later comes
    without a restart. Returns what was replayed now."""
    replay = [replace(entry, is_replay=True) for entry in await inbox.pending(channel)]
    queues.submit(replay)
    if isinstance(inbox, SharedInbox):
        inbox.follow(channel, queues)
    return replay


Handler = Callable[[InboxEntry], Awaitable[None]]


async def handle_then_done(inbox: Inbox, entry: InboxEntry, handle: Callable[[], Awaitable[None]]) -> None:
    """A channel's handling of one entry, marked done once it is over, unless its turn was
    committed and the store failed its delivery (UndeliveredError), or the process is
    stopping: its answers may not have left (or reached the outbox), so the entry stays
    pending and is replayed (the next start, or a peer), and the core sends the answers
    kept with its turn again. Any other failure is logged by type and the entry done, as
    before: nothing of it was committed, and replaying it after the person's later
    messages would handle it out of order (or fail again, at every start)."""
    try:
        await handle()
    except UndeliveredError as error:
        log.warning(
            "inbox entry left pending, answers undelivered key=%s error=%s", entry.key, type(error).__name__
        )
        return
    except Exception as error:
        log.error("inbox entry failed key=%s error=%s", entry.key, type(error).__name__)
    await inbox.done(entry)


class PersonQueues:
    """Entries of one person one at a time and in order; different people never wait.

    Each person with work has one task draining their queue; at most `max_people` run at
    once (the others wait for a free slot, not for each other's sends). A handler failure
    is logged by key and type; whether the entry is done is the channel's call
    (`handle_then_done`): the queue itself never stops.
    """

    def __init__(self, handle: Handler, *, max_people: int = 64) -> None:
        self._handle = handle
        self._queues: dict[str, deque[InboxEntry]] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._slots = asyncio.Semaphore(max_people)
        self._idle = asyncio.Event()
        self._idle.set()
        self._is_stopped = False

    def submit(self, entries: Iterable[InboxEntry]) -> None:
        if self._is_stopped:
            return
        for entry in entries:
            self._queues.setdefault(entry.person, deque()).append(entry)
            if entry.person not in self._tasks:
                self._idle.clear()
                self._tasks[entry.person] = asyncio.create_task(
                    self._drain(entry.person), name=f"inbox-person-{len(self._tasks)}"
                )

    async def _drain(self, person: str) -> None:
        try:
            async with self._slots:
                queue = self._queues[person]
                while queue and not self._is_stopped:
                    entry = queue[0]
                    try:
                        await self._handle(entry)
                    except Exception as error:
                        log.error("inbox entry failed key=%s error=%s", entry.key, type(error).__name__)
                    queue.popleft()
        finally:
            self._tasks.pop(person, None)
            if not self._queues.get(person):
                self._queues.pop(person, None)
            if not self._tasks:
                self._idle.set()

    async def wait_idle(self) -> None:
        """Until every submitted entry has been handled (tests, graceful shutdown)."""
        await self._idle.wait()

    @property
    def is_open(self) -> bool:
        """Whether entries submitted now are handled (False once closed or stopped)."""
        return not self._is_stopped

    @property
    def backlog(self) -> int:
        return sum(len(queue) for queue in self._queues.values())

    def close(self) -> None:
        """Start no other entry from now on (the ones in hand go on)."""
        self._is_stopped = True

    async def stop(self, grace_s: float) -> None:
        """Finish the entry in hand (for `grace_s` at most), start no other: they stay
        pending in the inbox and are replayed at the next start."""
        self._is_stopped = True
        tasks = list(self._tasks.values())
        if not tasks:
            return
        _, late = await asyncio.wait(tasks, timeout=grace_s)
        for task in late:
            task.cancel()
        for task in late:
            with contextlib.suppress(asyncio.CancelledError):
                await task
