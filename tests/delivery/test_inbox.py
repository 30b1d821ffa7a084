"""The durable inbox port: the memory, TinyDB and PostgreSQL adapters keep the same promises.

Record keeps what was not seen within the dedupe window and returns exactly that; pending
gives back what is not done, in order, after a restart; done forgets the words; prune
bounds the dedupe memory. PersonQueues: one person in order, different people at once.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.delivery.inbox import (
    DEDUPE_TTL,
    Inbox,
    MemoryInbox,
    PersonQueues,
    ScreenedInbox,
    handle_then_done,
    resume_inbox,
)
from bot.domain import Finding, InboxEntry
from bot.errors import CorruptRecordError, StoreError, UndeliveredError
from bot.runtime.clock import ManualClock
from bot.storage.postgres.inbox import PostgresInbox
from bot.storage.postgres.store import PostgresStore
from bot.storage.tiny.inbox import TinyInbox
from tests.e2e import wait_until

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def entry(key: str, person: str = "p1", at: datetime = T0, channel: str = "whatsapp") -> InboxEntry:
    return InboxEntry(key=key, channel=channel, person=person, body=json.dumps({"k": key}), received_at=at)


@pytest.fixture(params=["memory", "tiny", "postgres"])
async def make_inbox(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Callable[[], Inbox]]:
    """A factory: calling it again on "tiny" is a restart on the same folder, on "postgres"
    another inbox on the same database (tests/pg.py gives a fresh one per test)."""
    if request.param == "memory":
        shared = MemoryInbox()
        yield lambda: shared
    elif request.param == "tiny":
        yield lambda: TinyInbox(tmp_path)
    else:
        async with PostgresStore(request.getfixturevalue("postgres_url")) as store:
            clock = ManualClock(T0)

            def after_the_last_lease() -> Inbox:
                """A process started once the previous one's claims lapsed (it was killed)."""
                clock.advance(store.claim_lease)
                return PostgresInbox(store, clock=clock)

            yield after_the_last_lease


async def test_record_keeps_new_keys_once_in_order(make_inbox: Callable[[], Inbox]) -> None:
    inbox = make_inbox()
    fresh = await inbox.record([entry("a"), entry("b"), entry("a")])
    assert [e.key for e in fresh] == ["a", "b"]
    assert fresh[0].sequence < fresh[1].sequence
    assert await inbox.record([entry("b"), entry("c")]) == [
        e for e in await inbox.pending("whatsapp") if e.key == "c"
    ]
    assert [e.key for e in await inbox.pending("whatsapp")] == ["a", "b", "c"]
    assert await inbox.pending("telegram") == []


async def test_done_entries_stay_refused_and_leave_pending(make_inbox: Callable[[], Inbox]) -> None:
    inbox = make_inbox()
    [a] = await inbox.record([entry("a")])
    await inbox.done(a)
    await inbox.done(a)  # twice is harmless
    assert await inbox.pending("whatsapp") == []
    assert await inbox.record([entry("a")]) == [], "a redelivery of a handled event"


async def test_prune_forgets_keys_only_after_the_dedupe_window(make_inbox: Callable[[], Inbox]) -> None:
    inbox = make_inbox()
    [a] = await inbox.record([entry("a")])
    await inbox.done(a)
    assert await inbox.prune(T0 + timedelta(days=7)) == 0
    assert await inbox.record([entry("a", at=T0 + timedelta(days=7))]) == []
    assert await inbox.prune(T0 + DEDUPE_TTL + timedelta(days=1)) >= 1
    assert [e.key for e in await inbox.record([entry("a", at=T0 + timedelta(days=10))])] == ["a"]


async def test_tiny_inbox_survives_a_restart(tmp_path: Path) -> None:
    first = TinyInbox(tmp_path)
    [a, b] = await first.record([entry("a"), entry("b", person="p2")])
    await first.done(a)
    again = TinyInbox(tmp_path)
    assert [e.key for e in await again.pending("whatsapp")] == ["b"]
    assert await again.record([entry("a"), entry("b")]) == []
    [c] = await again.record([entry("c")])
    assert c.sequence > b.sequence, "sequence keeps growing across restarts"


async def test_a_crash_between_the_entry_and_its_key_still_dedupes(tmp_path: Path) -> None:
    first = TinyInbox(tmp_path)
    await first.record([entry("a")])
    for path in (tmp_path / "inbox" / "seen").glob("*.json"):
        path.unlink()  # as if killed after the pending file, before the key
    again = TinyInbox(tmp_path)
    assert [e.key for e in await again.pending("whatsapp")] == ["a"]
    assert await again.record([entry("a")]) == []


async def test_tiny_inbox_files_hold_no_platform_id_in_their_names(tmp_path: Path) -> None:
    inbox = TinyInbox(tmp_path)
    [a] = await inbox.record([entry("wa:wamid.33612345678", person="33612345678")])
    names = [p.name for p in (tmp_path / "inbox").rglob("*.json")]
    assert names and not any("33612345678" in name for name in names)
    await inbox.done(a)
    on_disk = b"".join(p.read_bytes() for p in (tmp_path / "inbox").rglob("*.json"))
    assert b'"k"' not in on_disk, "the body is gone once done"


async def test_an_unreadable_pending_entry_stops_the_start_naming_it(tmp_path: Path) -> None:
    inbox = TinyInbox(tmp_path)
    [a] = await inbox.record([entry("a")])
    [path] = (tmp_path / "inbox" / "pending").glob("*.json")
    path.write_bytes(b'{"entry": {"1": {"key": 3}}}')
    with pytest.raises(CorruptRecordError, match=f"inbox/pending/{path.name}"):
        TinyInbox(tmp_path)
    assert a.key == "a"


async def test_person_queues_keep_order_per_person_and_run_people_at_once() -> None:
    gates = {"slow": asyncio.Event()}
    handled: list[str] = []

    async def handle(item: InboxEntry) -> None:
        gate = gates.get(item.person)
        if gate is not None:
            await gate.wait()
        handled.append(item.key)

    queues = PersonQueues(handle)
    queues.submit([entry("s1", "slow"), entry("f1", "fast"), entry("s2", "slow"), entry("f2", "fast")])
    await wait_until(lambda: len(handled) == 2, "the fast person's two entries")
    assert handled == ["f1", "f2"], "the fast person never waits for the slow one"
    gates["slow"].set()
    await queues.wait_idle()
    assert handled == ["f1", "f2", "s1", "s2"]


async def test_a_failing_entry_does_not_stop_that_persons_queue() -> None:
    handled: list[str] = []

    async def handle(item: InboxEntry) -> None:
        if item.key == "bad":
            raise RuntimeError("boom")
        handled.append(item.key)

    queues = PersonQueues(handle)
    queues.submit([entry("bad"), entry("next")])
    await queues.wait_idle()
    assert handled == ["next"]


# -- withheld entries: screening flagged their words, so their body is never written ------

FLAGGED = "Appelez Claire Martin au 06 12 34 56 78."


def withheld(key: str, person: str = "p1") -> InboxEntry:
    body = json.dumps({"text": FLAGGED})
    return InboxEntry(key=key, channel="whatsapp", person=person, body=body, received_at=T0, is_withheld=True)


async def test_a_withheld_entry_is_handled_from_memory_and_kept_without_its_body(
    make_inbox: Callable[[], Inbox],
) -> None:
    inbox = make_inbox()
    [kept, clean] = await inbox.record([withheld("w"), entry("c")])
    assert kept.body == json.dumps({"text": FLAGGED}), "handled from memory, words and all"
    assert kept.is_withheld and not clean.is_withheld
    again = make_inbox()  # a restart on "tiny"; the same memory on "memory"
    assert [(e.key, e.body, e.is_withheld) for e in await again.pending("whatsapp")] == [
        ("w", "", True),
        ("c", clean.body, False),
    ], "after a crash: the key, the person and the mark; the clean entry with its body"
    [back] = [e for e in await again.pending("whatsapp") if e.key == "w"]
    assert back.person == "p1" and back.sequence == kept.sequence
    await again.done(back)
    assert await again.record([withheld("w")]) == [], "exactly once, like every entry"


async def test_a_withheld_entrys_words_never_reach_the_inbox_files(tmp_path: Path) -> None:
    inbox = TinyInbox(tmp_path)
    [w, c] = await inbox.record([withheld("w"), entry("c", person="p2")])
    await inbox.done(c)  # the batch is rewritten with the withheld entry alone
    on_disk = b"".join(p.read_bytes() for p in (tmp_path / "inbox").rglob("*") if p.is_file())
    assert b"Claire" not in on_disk and b"06 12" not in on_disk
    assert b'"withheld": true' in on_disk.replace(b'"withheld":true', b'"withheld": true')
    assert w.body, "the caller still has the words"


class FlagsPhones:
    """A Screener finding a phone number wherever "06 12" appears (a stand-in)."""

    def screen(self, text: str) -> list[Finding]:
        at = text.find("06 12")
        return [] if at < 0 else [Finding(at, at + 5, "phone", "06 12", certain=True)]


async def test_screened_inbox_withholds_exactly_the_events_whose_words_are_flagged() -> None:
    inner = MemoryInbox()
    screened = ScreenedInbox(inner, FlagsPhones(), lambda body: str(json.loads(body)["text"]))
    flagged = InboxEntry("f", "whatsapp", "p1", json.dumps({"text": FLAGGED}), T0)
    clean = InboxEntry("c", "whatsapp", "p1", json.dumps({"text": "Bonjour"}), T0)
    unreadable = InboxEntry("u", "whatsapp", "p1", "not json", T0)
    fresh = await screened.record([flagged, clean, unreadable])
    assert [(e.key, e.is_withheld, bool(e.body)) for e in fresh] == [
        ("f", True, True),
        ("c", False, True),
        ("u", False, True),
    ]
    assert [(e.key, e.body) for e in await screened.pending("whatsapp")] == [
        ("f", ""),
        ("c", clean.body),
        ("u", "not json"),
    ]


async def test_an_entry_whose_answers_went_undelivered_stays_pending_other_failures_do_not() -> None:
    """The store failing between a turn's commit and an outbox write (UndeliveredError), or
    the process stopping mid-handling: the answers may not have left, so the entry stays
    pending for a replay. Anything else failed before a commit: logged, the entry done, as
    before (replayed after the person's later messages, it would be handled out of order)."""
    inbox = MemoryInbox()
    undelivered, stopped, store, bug, fine = await inbox.record([entry(k) for k in ("a", "b", "c", "d", "e")])

    async def raising(error: BaseException) -> None:
        raise error

    async def nothing() -> None:
        return None

    await handle_then_done(inbox, undelivered, lambda: raising(UndeliveredError("outbox")))
    with pytest.raises(asyncio.CancelledError):
        await handle_then_done(inbox, stopped, lambda: raising(asyncio.CancelledError()))
    await handle_then_done(inbox, store, lambda: raising(StoreError("disk")))
    await handle_then_done(inbox, bug, lambda: raising(ValueError("bug")))
    await handle_then_done(inbox, fine, nothing)
    assert [e.key for e in await inbox.pending("whatsapp")] == ["a", "b"]


async def test_what_a_start_replays_is_flagged_a_replay_what_is_recorded_is_not() -> None:
    inbox = MemoryInbox()
    [left] = await inbox.record([entry("left")])
    assert not left.is_replay
    handled: list[InboxEntry] = []

    async def handle(e: InboxEntry) -> None:
        handled.append(e)

    queues = PersonQueues(handle)
    await resume_inbox(inbox, "whatsapp", queues)
    await queues.wait_idle()
    assert [(e.key, e.is_replay) for e in handled] == [("left", True)]
