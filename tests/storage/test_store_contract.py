"""The Store contract (bot/ports.py), run against every adapter.

A new adapter adds one entry to ADAPTERS (or SERVER_ADAPTERS, given the URL of a fresh
database from the fixture named `<adapter>_url`): an async context manager that yields a
fresh, empty store and closes it after. Every test below then runs against it too; a test that
only one adapter needs (files on disk, SQL) lives in that adapter's own module.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain import (
    Attachment,
    AuditEvent,
    Choice,
    Consent,
    Conversation,
    Invitation,
    ItemStatus,
    MenteeStatus,
    Outbound,
    OutboxStatus,
    Reply,
    ReplyKind,
    SentFor,
    UserRef,
)
from bot.errors import StoreError
from bot.ports import Person, Store
from bot.storage import MemoryStore, TinyStore
from bot.storage.postgres.store import PostgresStore
from tests.storage.records import ANA, BEN, MENTOR, T0, draft, entry, fill_with_canary, item, mentee


@asynccontextmanager
async def memory_store(tmp_path: Path) -> AsyncIterator[Store]:
    store = MemoryStore()
    yield store
    await store.close()


@asynccontextmanager
async def tiny_store(tmp_path: Path) -> AsyncIterator[Store]:
    store = TinyStore(tmp_path / "data")
    try:
        yield store
    finally:
        await store.close()


@asynccontextmanager
async def postgres_store(url: str) -> AsyncIterator[Store]:
    """A fresh database per test, at the current schema (tests/pg.py starts the server)."""
    store = await PostgresStore(url).open()
    try:
        yield store
    finally:
        await store.close()


ADAPTERS: dict[str, Callable[[Path], AbstractAsyncContextManager[Store]]] = {
    "memory": memory_store,
    "tiny": tiny_store,
}
SERVER_ADAPTERS: dict[str, Callable[[str], AbstractAsyncContextManager[Store]]] = {
    "postgres": postgres_store,
}


@pytest.fixture(params=sorted(ADAPTERS) + sorted(SERVER_ADAPTERS))
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    if request.param in SERVER_ADAPTERS:
        url = request.getfixturevalue(f"{request.param}_url")
        async with SERVER_ADAPTERS[request.param](url) as opened:
            yield opened
        return
    async with ADAPTERS[request.param](tmp_path) as opened:
        yield opened


# --------------------------------------------------------------------------- shared behaviour
async def test_100_kb_strings_round_trip(store: Store) -> None:
    big = ("😀 שלום \x07 " * 10_000)[:100_000]
    await store.save_mentee(mentee(alias=big))
    await store.submit_item(item(1, text=big), Conversation(ANA, draft=draft(big)))
    assert await store.enqueue(entry("big", text=big))
    got = await store.get_item("item00001")
    assert got is not None and got.answers[0].text == big
    assert await store.get_conversation(ANA) == Conversation(ANA, draft=draft(big))
    assert await store.get_mentee(ANA) == mentee(alias=big)
    assert (await store.list_outbox())[0].outbound.text == big


async def test_mentees_and_conversations(store: Store) -> None:
    assert await store.get_mentee(ANA) is None and await store.get_conversation(ANA) is None
    await store.save_mentee(mentee(ANA))
    await store.save_mentee(replace(mentee(BEN, alias="Ben"), enrolled_at=T0 + timedelta(days=1)))
    await store.save_mentee(replace(mentee(ANA), status=MenteeStatus.WITHDRAWN))
    assert [m.alias for m in await store.list_mentees()] == ["Ana", "Ben"]
    assert await store.get_mentee(ANA) == replace(mentee(ANA), status=MenteeStatus.WITHDRAWN)
    await store.save_conversation(Conversation(ANA, draft=draft(), seen_ids=("m1", "m2")))
    await store.save_conversation(Conversation(BEN, away_period="2026-11-23T08:00"))
    assert await store.list_conversations_with_draft() == [
        Conversation(ANA, draft=draft(), seen_ids=("m1", "m2"))
    ]
    assert await store.get_mentee(ANA) is not None, "saving a conversation keeps the profile"


async def test_submit_item_clears_draft_and_indexes(store: Store) -> None:
    await store.save_mentee(mentee())
    await store.save_conversation(Conversation(ANA, draft=draft()))
    first = item(1)
    await store.submit_item(first, Conversation(ANA, seen_ids=("m9",)))
    assert await store.get_conversation(ANA) == Conversation(ANA, seen_ids=("m9",))
    assert await store.list_conversations_with_draft() == []
    assert await store.get_item(first.id) == first
    assert await store.find_item_by_ref(first.ref) == first
    assert await store.find_item_by_ref("ZZZZ") is None and await store.get_item("nope") is None
    assert await store.items_of(ANA) == [first] and await store.items_of(BEN) == []
    assert await store.get_mentee(ANA) == mentee(), "the profile shares the file and survives"


async def test_open_items_per_mentor_oldest_first(store: Store) -> None:
    late = item(1, ANA, mentor="claire", at=T0 + timedelta(hours=5))
    early = item(2, BEN, mentor="claire", at=T0 + timedelta(hours=1))
    other = item(3, BEN, mentor="marc", at=T0)
    middle = item(4, ANA, mentor="claire", at=T0 + timedelta(hours=3))
    for it in (late, early, other, middle):
        await store.submit_item(it, Conversation(it.mentee))
    assert await store.open_items("claire") == [early, middle, late]
    assert await store.open_items("marc") == [other]
    assert await store.open_items() == [other, early, middle, late]
    answered = replace(
        middle, status=ItemStatus.ANSWERED, replies=(Reply(ReplyKind.ANSWER, "answer", "claire", T0),)
    )
    await store.save_item(answered)
    assert await store.open_items("claire") == [early, late]
    assert await store.get_item(middle.id) == answered
    assert await store.find_item_by_ref(middle.ref) == answered, "closed items stay findable"
    await store.save_item(replace(answered, status=ItemStatus.WAITING))
    assert await store.open_items("claire") == [early, replace(answered, status=ItemStatus.WAITING), late]


async def test_outbox_add_is_idempotent_on_key(store: Store) -> None:
    assert await store.enqueue(entry("k1", text="first"))
    assert not (await store.enqueue(entry("k1", text="second")))
    got = await store.get_outbox("k1")
    assert got is not None and got.outbound.text == "first"
    assert await store.get_outbox("missing") is None


async def test_due_outbox_by_next_attempt(store: Store) -> None:
    a = replace(entry("a"), next_attempt_at=T0 + timedelta(minutes=10))
    b = replace(entry("b"), next_attempt_at=T0 + timedelta(minutes=1))
    c = replace(entry("c"), next_attempt_at=T0 + timedelta(hours=2))
    sent = replace(entry("d"), status=OutboxStatus.SENT)
    for e in (a, b, c, sent):
        assert await store.enqueue(e)
    assert await store.due_outbox(T0) == []
    assert await store.due_outbox(T0 + timedelta(minutes=30)) == [b, a]
    retried = replace(b, attempts=1, next_attempt_at=T0 + timedelta(hours=1), last_error="timeout")
    await store.save_outbox(retried)
    assert await store.due_outbox(T0 + timedelta(minutes=30)) == [a]
    assert await store.due_outbox(T0 + timedelta(hours=3)) == [a, retried, c]
    assert {e.outbound.key for e in await store.list_outbox()} == {"a", "b", "c", "d"}


async def test_find_outbox_by_platform_id(store: Store) -> None:
    await store.enqueue(entry("k1", to=MENTOR, item_ref="R0001"))
    await store.save_outbox(
        replace(entry("k1", to=MENTOR, item_ref="R0001"), status=OutboxStatus.SENT, platform_message_id="555")
    )
    found = await store.by_platform_id("telegram", "555")
    assert found is not None and found.outbound.item_ref == "R0001"
    assert await store.by_platform_id("whatsapp", "555") is None
    assert await store.by_platform_id("telegram", "556") is None


async def test_two_chats_each_with_message_5_keep_their_own_entry(store: Store) -> None:
    """Telegram numbers messages per chat: the same id in two chats is two messages, and a
    mentor's reply-to (in their own chat) finds the one sent to them."""
    other_mentor = UserRef("telegram", "10")
    for key, to, ref, at in (
        ("k1", MENTOR, "R0001", T0),
        ("k2", other_mentor, "R0002", T0 + timedelta(minutes=1)),
    ):
        await store.enqueue(entry(key, to=to, item_ref=ref, at=at))
        sent = replace(
            entry(key, to=to, item_ref=ref, at=at), status=OutboxStatus.SENT, platform_message_id="5"
        )
        await store.save_outbox(sent)
    mine = await store.by_platform_id("telegram", "5", to=MENTOR)
    theirs = await store.by_platform_id("telegram", "5", to=other_mentor)
    assert mine is not None and mine.outbound.item_ref == "R0001"
    assert theirs is not None and theirs.outbound.item_ref == "R0002"
    assert await store.by_platform_id("telegram", "5", to=UserRef("telegram", "11")) is None
    latest = await store.by_platform_id("telegram", "5")
    assert latest is not None and latest.outbound.key == "k2", "without a chat: the latest"


async def test_invitations_and_marks(store: Store) -> None:
    code = Invitation("K7Q2", "Ana", "claire", T0, T0 + timedelta(days=7))
    await store.save_invitation(code)
    assert await store.get_invitation("K7Q2") == code
    used = replace(code, used_by=ANA.key, used_at=T0 + timedelta(hours=1))
    await store.save_invitation(used)
    assert await store.get_invitation("K7Q2") == used and await store.get_invitation("nope") is None
    assert await store.digest_slot("claire") is None
    await store.set_digest_slot("claire", T0)
    await store.set_digest_slot("claire", T0 + timedelta(days=1))
    assert await store.digest_slot("claire") == T0 + timedelta(days=1)
    assert await store.digest_slot("bruno") is None
    assert await store.last_inbound("whatsapp.last_inbound.k1") is None
    await store.set_last_inbound("whatsapp.last_inbound.k1", T0)
    assert await store.last_inbound("whatsapp.last_inbound.k1") == T0
    await store.set_last_inbound("whatsapp.last_inbound.k1", None)
    assert await store.last_inbound("whatsapp.last_inbound.k1") is None


async def test_a_message_about_a_mentee_round_trips_and_goes_with_their_erasure(store: Store) -> None:
    """A review or an agenda to the mentor holds the mentee's words: `about` names them, and
    the picture rides along; erasing the mentee removes it, erasing someone else does not."""
    picture = Attachment("frise.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    about_ana = replace(
        entry("journey:review:A:mentor:final:frise.png", to=MENTOR),
        outbound=replace(
            entry("journey:review:A:mentor:final:frise.png", to=MENTOR).outbound,
            attachment=picture,
            about=ANA,
        ),
    )
    await store.enqueue(about_ana)
    await store.enqueue(entry("to-mentor", to=MENTOR))
    assert await store.get_outbox(about_ana.outbound.key) == about_ana
    await store.erase_user(BEN)
    assert await store.get_outbox(about_ana.outbound.key) == about_ana
    await store.erase_user(ANA)
    assert await store.get_outbox(about_ana.outbound.key) is None
    assert await store.get_outbox("to-mentor") is not None


async def test_audit_by_month(store: Store) -> None:
    events = [
        AuditEvent(T0 + timedelta(days=d), "coach", "export", f"item{d}", (("n", str(d)),))
        for d in (40, 0, 10)
    ]
    for event in events:
        await store.append_audit(event)
    assert await store.audit_events() == sorted(events, key=lambda e: e.at)


async def test_erase_user_forgets_the_person(store: Store) -> None:
    await fill_with_canary(store)
    await store.erase_user(ANA)
    assert await store.get_mentee(ANA) is None and await store.get_conversation(ANA) is None
    assert await store.items_of(ANA) == [] and await store.get_item(item(1).id) is None
    assert await store.find_item_by_ref("R0001") is None
    assert [i.id for i in await store.open_items()] == [item(2).id]
    assert {e.outbound.key for e in await store.list_outbox()} == {"to-ben"}
    invitation = await store.get_invitation("K7Q2")
    assert invitation is not None and invitation.used_by not in (None, ANA.key), (
        "still used (not redeemable again), no longer naming the person"
    )
    assert await store.get_mentee(BEN) is not None and await store.get_item(item(2).id) is not None
    await store.erase_user(ANA)  # erasing twice is harmless


# --------------------------------------------------------------------------- people: one read
async def test_get_person_reads_profile_and_conversation_together(store: Store) -> None:
    assert await store.get_person(ANA) == Person(ANA, None, None), "a stranger: both absent"
    await store.save_mentee(mentee(ANA))
    assert await store.get_person(ANA) == Person(ANA, mentee(ANA), None)
    await store.save_conversation(Conversation(ANA, seen_ids=("m1",)))
    assert await store.get_person(ANA) == Person(ANA, mentee(ANA), Conversation(ANA, seen_ids=("m1",)))
    assert await store.get_person(BEN) == Person(BEN, None, None)


# --------------------------------------------------------------------------- replies
async def test_record_reply_stores_item_and_entry_together_once(store: Store) -> None:
    await store.submit_item(item(1), Conversation(ANA))
    answered = replace(
        item(1), status=ItemStatus.ANSWERED, replies=(Reply(ReplyKind.ANSWER, "answer", "claire", T0),)
    )
    reply = entry("reply:item00001:1", to=ANA, text="answer", item_ref="R0001")
    assert await store.record_reply(answered, reply)
    assert await store.get_item(item(1).id) == answered
    assert await store.get_outbox("reply:item00001:1") == reply
    assert await store.open_items() == []
    again = replace(answered, replies=(*answered.replies, Reply(ReplyKind.ANSWER, "x", "claire", T0)))
    assert not await store.record_reply(again, reply), "same key: a repeated action is a no-op"
    assert await store.get_item(item(1).id) == answered, "nothing changed by the refused call"


# --------------------------------------------------------------------------- outbox queries
async def test_parked_for_lists_one_persons_parked_entries_oldest_first(store: Store) -> None:
    late = replace(entry("late", to=BEN, at=T0 + timedelta(minutes=5)), status=OutboxStatus.PARKED)
    early = replace(entry("early", to=BEN, at=T0), status=OutboxStatus.PARKED)
    other = replace(entry("other", to=ANA), status=OutboxStatus.PARKED)
    pending = entry("pending", to=BEN)
    for e in (late, early, other, pending):
        assert await store.enqueue(e)
    assert await store.parked_for(BEN) == [early, late]
    assert await store.parked_for(MENTOR) == []
    assert await store.due_outbox(T0 + timedelta(days=1)) == [pending], "parked is never due"
    await store.save_outbox(replace(early, status=OutboxStatus.PENDING))
    assert await store.parked_for(BEN) == [late]
    await store.erase_user(BEN)
    assert await store.parked_for(BEN) == []
    assert await store.parked_for(ANA) == [other]


async def test_by_platform_id_follows_saves(store: Store) -> None:
    await store.enqueue(entry("k1", to=MENTOR))
    assert await store.by_platform_id("telegram", "p1") is None
    sent = replace(entry("k1", to=MENTOR), status=OutboxStatus.SENT, platform_message_id="p1")
    await store.save_outbox(sent)
    assert await store.by_platform_id("telegram", "p1") == sent
    read = replace(sent, delivery_status="read")
    await store.save_outbox(read)
    assert await store.by_platform_id("telegram", "p1") == read


# --------------------------------------------------------------------------- invitations, consent
async def test_redeem_invitation_once_and_only_while_valid(store: Store) -> None:
    await store.save_invitation(Invitation("K7Q2-AAAA", "Ana", "claire", T0, T0 + timedelta(days=7)))
    await store.save_invitation(Invitation("OLD1-AAAA", "Old", "claire", T0, T0 + timedelta(hours=1)))
    assert await store.redeem_invitation("NONE-AAAA", user_key=ANA.key, now_at=T0) is None
    assert (
        await store.redeem_invitation("OLD1-AAAA", user_key=ANA.key, now_at=T0 + timedelta(hours=1)) is None
    )
    used = await store.redeem_invitation("K7Q2-AAAA", user_key=ANA.key, now_at=T0 + timedelta(hours=2))
    assert used is not None and used.used_by == ANA.key and used.used_at == T0 + timedelta(hours=2)
    assert await store.get_invitation("K7Q2-AAAA") == used
    assert (
        await store.redeem_invitation("K7Q2-AAAA", user_key=BEN.key, now_at=T0 + timedelta(hours=3)) is None
    )
    assert await store.get_invitation("K7Q2-AAAA") == used, "the second person changed nothing"


async def test_two_people_redeeming_one_code_at_once_one_gets_it(store: Store) -> None:
    await store.save_invitation(Invitation("K7Q2-BBBB", "Ana", "claire", T0, T0 + timedelta(days=7)))
    got = await asyncio.gather(
        store.redeem_invitation("K7Q2-BBBB", user_key=ANA.key, now_at=T0),
        store.redeem_invitation("K7Q2-BBBB", user_key=BEN.key, now_at=T0),
    )
    assert sum(g is not None for g in got) == 1


async def test_record_consent_writes_profile_conversation_and_trail(store: Store) -> None:
    await store.save_mentee(replace(mentee(ANA), consent=None))
    accepted = replace(mentee(ANA), consent=Consent("2", T0))
    event = AuditEvent(T0, "Ana", "charter_accepted", "Ana", (("version", "2"),))
    await store.record_consent(accepted, Conversation(ANA, seen_ids=("m1",)), event)
    assert await store.get_person(ANA) == Person(ANA, accepted, Conversation(ANA, seen_ids=("m1",)))
    assert await store.audit_events() == [event]


# --------------------------------------------------------------------------- audit queries
async def test_audit_since_about_and_prune(store: Store) -> None:
    old = AuditEvent(T0 - timedelta(days=400), "Ana", "charter_accepted", "Ana")
    mine = AuditEvent(T0 - timedelta(days=10), "mentor:claire", "item_answered", "R0001")
    other = AuditEvent(T0 - timedelta(days=5), "operator", "exported", "Ben")
    recent = AuditEvent(T0, "operator", "erased", "Ana")
    for event in (recent, old, other, mine):
        await store.append_audit(event)
    assert await store.audit_events() == [old, mine, other, recent]
    assert await store.audit_events(since_at=T0 - timedelta(days=10)) == [mine, other, recent]
    assert await store.audit_about("Ana") == [old, recent]
    assert await store.audit_about("Ana", frozenset({"R0001"})) == [old, mine, recent]
    assert await store.audit_about("Nobody") == []
    assert await store.prune_audit(T0 - timedelta(days=10)) == 1
    assert await store.audit_events() == [mine, other, recent]
    assert await store.prune_audit(T0 - timedelta(days=10)) == 0, "idempotent"
    assert await store.prune_audit(T0 + timedelta(seconds=1)) == 3
    assert await store.audit_events() == []


def _answered(message_id: str) -> SentFor:
    """A turn's answers as the core keeps them: a prompt with choices, an acknowledgement."""
    return SentFor(
        message_id,
        (
            Outbound(ANA, "1/4 · Quel est le contexte ?", f"{message_id}#0", (Choice("step:a", "A"),)),
            Outbound(ANA, "Question R-1 envoyée", f"{message_id}#1", item_ref="R-1", is_durable=True),
        ),
    )


async def test_a_turns_answers_come_back_with_its_conversation_from_every_write(store: Store) -> None:
    """The answers kept for a replay travel in the turn's own write, whichever it is: the
    conversation alone, the item with it, the consent with it; a withheld turn keeps only
    its mark."""
    await store.save_mentee(replace(mentee(ANA), consent=None))
    remembered = (_answered("m1"), SentFor("m2", is_withheld=True))
    saved = Conversation(ANA, draft=draft(), seen_ids=("m1", "m2"), sent_for=remembered)
    await store.save_conversation(saved)
    assert await store.get_conversation(ANA) == saved
    assert (await store.get_person(ANA)).conversation == saved
    submitted = Conversation(ANA, seen_ids=("m1", "m2", "m3"), sent_for=(*remembered, _answered("m3")))
    await store.submit_item(item(1), submitted)
    assert await store.get_conversation(ANA) == submitted
    consented = replace(submitted, sent_for=(_answered("m4"),))
    event = AuditEvent(T0, "Ana", "charter_accepted", "Ana", (("version", "2"),))
    await store.record_consent(replace(mentee(ANA), consent=Consent("2", T0)), consented, event)
    assert await store.get_conversation(ANA) == consented


async def test_submit_refuses_a_conversation_of_someone_else(store: Store) -> None:
    """One atomic write needs one record: item and conversation must be the same person's."""
    with pytest.raises(StoreError, match="another person"):
        await store.submit_item(item(1), Conversation(BEN))


async def test_withdrawn_status_and_erasure_leave_others_alone(store: Store) -> None:
    await store.save_mentee(mentee(ANA))
    await store.save_mentee(mentee(BEN, alias="Ben"))
    await store.save_mentee(replace(mentee(ANA), status=MenteeStatus.WITHDRAWN))
    await store.erase_user(UserRef("console", "nobody"))  # erasing a stranger is harmless
    assert [m.alias for m in await store.list_mentees()] == ["Ana", "Ben"]


async def test_close_is_idempotent(store: Store) -> None:
    await store.close()
    await store.close()


async def test_claim_outbox_hands_out_a_pending_entry_only(store: Store) -> None:
    assert await store.claim_outbox("nothing", T0) is None
    assert await store.enqueue(entry("k1"))
    assert await store.claim_outbox("k1", T0) == entry("k1")
    await store.save_outbox(replace(entry("k1"), status=OutboxStatus.SENT, platform_message_id="p1"))
    assert await store.claim_outbox("k1", T0 + timedelta(days=1)) is None


async def test_a_digest_slot_is_claimable_until_it_is_handled(store: Store) -> None:
    slot = T0 + timedelta(hours=9)
    assert await store.claim_digest_slot("claire", slot, slot)
    await store.set_digest_slot("claire", slot)
    assert not await store.claim_digest_slot("claire", slot, slot + timedelta(hours=1))
    assert not await store.claim_digest_slot("claire", slot - timedelta(days=1), slot)
    assert await store.claim_digest_slot("claire", slot + timedelta(days=1), slot + timedelta(days=1))
    assert await store.claim_digest_slot("marc", slot, slot)


async def test_a_scheduled_run_is_claimed_once_per_slot(store: Store) -> None:
    minute = T0.replace(second=0)
    assert await store.claim_run("tick", minute, T0)
    assert not await store.claim_run("tick", minute, T0)
    assert await store.claim_run("tick", minute + timedelta(minutes=1), T0)
    assert await store.claim_run("purge", minute, T0)


async def test_a_finished_run_is_never_claimed_again(store: Store) -> None:
    day = T0.replace(hour=0, minute=0, second=0)
    assert await store.claim_run("purge", day, day)
    await store.finish_run("purge", day)
    for later in (timedelta(minutes=3), timedelta(hours=5), timedelta(hours=23)):
        assert not await store.claim_run("purge", day, day + later)


async def test_old_run_claims_are_pruned_and_recent_ones_kept(store: Store) -> None:
    day = T0.replace(hour=0, minute=0, second=0)
    old, recent = day - timedelta(days=3), day - timedelta(days=1)
    for slot in (old, recent, day):
        assert await store.claim_run("purge", slot, slot)
        await store.finish_run("purge", slot)
    assert await store.prune_runs(day - timedelta(days=2)) == 1
    assert not await store.claim_run("purge", recent, day)
    assert not await store.claim_run("purge", day, day)
    assert await store.prune_runs(day - timedelta(days=2)) == 0


async def test_failed_codes_are_counted_in_order_and_the_old_ones_dropped(store: Store) -> None:
    hour = timedelta(hours=1)
    assert await store.failed_codes(T0) == []
    await store.add_failed_code("a1", T0, forget_before=T0 - hour)
    await store.add_failed_code("b2", T0 + timedelta(minutes=30), forget_before=T0 - timedelta(minutes=30))
    await store.add_failed_code("a1", T0 + timedelta(minutes=40), forget_before=T0 - timedelta(minutes=20))
    assert await store.failed_codes(T0) == [
        ("a1", T0),
        ("b2", T0 + timedelta(minutes=30)),
        ("a1", T0 + timedelta(minutes=40)),
    ]
    assert await store.failed_codes(T0 + timedelta(minutes=30)) == [
        ("b2", T0 + timedelta(minutes=30)),
        ("a1", T0 + timedelta(minutes=40)),
    ], "at or after since_at"
    await store.add_failed_code("c3", T0 + 2 * hour, forget_before=T0 + timedelta(minutes=35))
    assert await store.failed_codes(T0 - hour) == [
        ("a1", T0 + timedelta(minutes=40)),
        ("c3", T0 + 2 * hour),
    ], "the write that adds one drops those before forget_before"


async def test_the_code_guard_key_is_random_created_once_and_kept(store: Store) -> None:
    key = await store.code_guard_key()
    assert len(key) >= 16 and key != bytes(len(key))
    assert await store.code_guard_key() == key


async def test_identity_links_are_tied_replaced_and_untied(store: Store) -> None:
    assert await store.identity_link("whatsapp.identity.k1") is None
    await store.set_identity_link("whatsapp.identity.k1", "33612345678")
    await store.set_identity_link("whatsapp.bsuid.k2", "FR.1234567890")
    assert await store.identity_link("whatsapp.identity.k1") == "33612345678"
    await store.set_identity_link("whatsapp.identity.k1", "33698765432")
    assert await store.identity_link("whatsapp.identity.k1") == "33698765432"
    await store.set_identity_link("whatsapp.identity.k1", None)
    await store.set_identity_link("whatsapp.identity.k1", None)  # untying twice is harmless
    assert await store.identity_link("whatsapp.identity.k1") is None
    assert await store.identity_link("whatsapp.bsuid.k2") == "FR.1234567890", "other links are kept"
