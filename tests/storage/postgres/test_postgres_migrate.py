"""A TinyDB data folder copied into PostgreSQL: every record, once, whatever the reruns."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.app import Setup, load_setup, open_folder
from bot.domain import (
    AuditEvent,
    Consent,
    Conversation,
    Draft,
    InboxEntry,
    Invitation,
    Item,
    ItemStatus,
    Mentee,
    Outbound,
    OutboxEntry,
    OutboxStatus,
    Reply,
    ReplyKind,
    StepAnswer,
    UserRef,
)
from bot.privacy.export import build_export
from bot.storage.postgres.inbox import PostgresInbox
from bot.storage.postgres.migrate import KINDS, copy_records, read_folder
from bot.storage.postgres.store import PostgresStore
from bot.storage.tiny import TinyStore
from bot.storage.tiny.inbox import TinyInbox
from tests.storage.postgres.test_postgres_store import raw_bytes

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
MENTOR = UserRef("telegram", "9")


def people(count: int) -> list[UserRef]:
    return [UserRef("telegram" if n % 2 else "whatsapp", f"33600000{n:03d}") for n in range(count)]


async def fill(tiny: TinyStore, count: int = 6) -> None:
    """A folder as months of use leave it: answered and open items, drafts, sent messages."""
    for n, user in enumerate(people(count)):
        at = T0 + timedelta(hours=n)
        await tiny.save_mentee(Mentee(user, f"Alias{n}", "claire", "fr", at, Consent("v1", at)))
        for k in range(3):
            item = Item(
                id=f"i{n}-{k}",
                ref=f"R{n}{k}",
                mentee=user,
                alias=f"Alias{n}",
                mentor="claire",
                flow="question",
                answers=(StepAnswer("context", f"words {n}-{k}"),),
                submitted_at=at + timedelta(minutes=k),
            )
            if k == 0:
                item = replace(
                    item,
                    status=ItemStatus.ANSWERED,
                    replies=(Reply(ReplyKind.ANSWER, "reply", "claire", at),),
                )
            await tiny.submit_item(item, Conversation(user=user, seen_ids=(f"m{n}-{k}",)))
            await tiny.enqueue(
                OutboxEntry(
                    Outbound(MENTOR, f"copy {n}-{k}", f"copy:{item.id}", item_ref=item.ref, is_durable=True),
                    created_at=at,
                    next_attempt_at=at,
                    status=OutboxStatus.SENT if k == 0 else OutboxStatus.PENDING,
                    platform_message_id=f"p{n}{k}" if k == 0 else None,
                )
            )
        if n % 3 == 0:
            draft = Draft("question", "context", (StepAnswer("context", "half"),), at, at)
            await tiny.save_conversation(Conversation(user=user, draft=draft, seen_ids=(f"m{n}-9",)))
        await tiny.append_audit(AuditEvent(at, "operator", "export", f"Alias{n}", (("items", "3"),)))
    await tiny.save_invitation(Invitation("FREE01", "New", "claire", T0, T0 + timedelta(days=7)))
    await tiny.set_digest_slot("claire", T0 + timedelta(hours=9))
    await tiny.set_last_inbound("wa-window-1", T0)
    await tiny.set_identity_link("wa-link-1", "33600000001")
    await tiny.add_failed_code("guesser-1", T0, forget_before=T0 - timedelta(hours=1))
    await tiny.code_guard_key()
    inbox = TinyInbox(tiny.root, cipher_for=tiny.cipher_for)
    handled, _ = await inbox.record([inbox_entry("wa:handled", T0), inbox_entry("wa:waiting", T0)])
    await inbox.done(handled)


def inbox_entry(key: str, at: datetime) -> InboxEntry:
    return InboxEntry(key=key, channel="whatsapp", person="33600000001", body='{"k": 1}', received_at=at)


async def snapshot(store: TinyStore | PostgresStore) -> dict[str, object]:
    """What the store serves, read through the port alike for both."""
    mentees = await store.list_mentees()
    return {
        "mentees": mentees,
        "conversations": [await store.get_conversation(m.user) for m in mentees],
        "items": [await store.items_of(m.user) for m in mentees],
        "open": await store.open_items(),
        "outbox": await store.list_outbox(),
        "invitation": await store.get_invitation("FREE01"),
        "digest": await store.digest_slot("claire"),
        "window": await store.last_inbound("wa-window-1"),
        "link": await store.identity_link("wa-link-1"),
        "failed": await store.failed_codes(T0 - timedelta(days=1)),
        "guard key": await store.code_guard_key(),
        "audit": await store.audit_events(),
    }


async def test_a_folder_is_copied_whole_and_a_rerun_copies_nothing(tmp_path: Path, postgres_url: str) -> None:
    tiny = TinyStore(tmp_path / "data")
    await fill(tiny)
    before = await snapshot(tiny)
    records = await read_folder(tiny)
    await tiny.close()
    async with PostgresStore(postgres_url) as store:
        first = await copy_records(records, store)
        assert dict(first.copied) == {
            "mentees": 6,
            "conversations": 6,
            "items": 18,
            "outbox": 18,
            "invitations": 1,
            "digest_slots": 1,
            "windows": 1,
            "links": 1,
            "failed_codes": 1,
            "inbox": 1,
            "inbox_seen": 1,
            "audit": 6,
        }
        assert set(first.copied) <= set(KINDS)
        second = await copy_records(records, store)
        assert sum(second.copied.values()) == 0
        assert second.present == first.copied
        assert await snapshot(store) == before
        # the ids a conversation remembered are recorded as inbound ids too
        assert await store.is_seen(people(6)[0], "m0-9")
        inbox = PostgresInbox(store)
        assert [e.key for e in await inbox.pending("whatsapp")] == ["wa:waiting"], "handled there"
        assert await inbox.record([inbox_entry("wa:handled", T0 + timedelta(days=1))]) == [], (
            "a redelivery of what the folder handled is still refused"
        )
        assert await inbox.prune(T0 + timedelta(days=9, hours=1)) == 1, "and forgotten on time"


async def test_a_database_with_its_own_guard_secret_keeps_it(tmp_path: Path, postgres_url: str) -> None:
    tiny = TinyStore(tmp_path / "data")
    await fill(tiny, count=1)
    records = await read_folder(tiny)
    await tiny.close()
    async with PostgresStore(postgres_url) as store:
        own = await store.code_guard_key()
        tally = await copy_records(records, store)
        assert await store.code_guard_key() == own != records.code_guard_key
        assert tally.copied["failed_codes"] == 0, "hashes under another key would match no one"
        assert await store.failed_codes(T0 - timedelta(days=1)) == []


async def test_an_interrupted_copy_finishes_on_the_next_run(tmp_path: Path, postgres_url: str) -> None:
    tiny = TinyStore(tmp_path / "data")
    await fill(tiny, count=4)
    records = await read_folder(tiny)
    await tiny.close()
    partial = replace(records, items=records.items[:5], outbox=(), audit=records.audit[:1])
    async with PostgresStore(postgres_url) as store:
        await copy_records(partial, store)
        rest = await copy_records(records, store)
        assert rest.copied["items"] == len(records.items) - 5
        assert rest.copied["audit"] == len(records.audit) - 1
        assert rest.present["mentees"] == 4


async def exports(store: TinyStore | PostgresStore, setup: Setup) -> dict[str, tuple[bytes, str]]:
    """Every mentee's export (JSON and Markdown), at one fixed moment."""
    found = {}
    for one in await store.list_mentees():
        bundle = await build_export(
            store, one, now_at=T0 + timedelta(days=30), settings=setup.settings, catalogue=setup.catalogue
        )
        found[one.alias] = (bundle.json_bytes, bundle.markdown)
    return found


async def test_every_mentees_export_is_identical_before_and_after(
    tmp_path: Path, project: Path, postgres_url: str
) -> None:
    setup = load_setup(project / "config")
    tiny = TinyStore(tmp_path / "data")
    await fill(tiny)
    before = await exports(tiny, setup)
    records = await read_folder(tiny)
    await tiny.close()
    async with PostgresStore(postgres_url) as store:
        await copy_records(records, store)
        after = await exports(store, setup)
    assert len(before) == 6
    assert after == before


async def test_the_folders_journey_is_copied_once_per_alias(tmp_path: Path, postgres_url: str) -> None:
    from datetime import date

    from bot.journey.pause import Pause
    from bot.journey.programme import Programme, Session
    from bot.journey.sessions import AgendaEntry, AgendaSource
    from bot.storage.postgres.journey import PostgresJourneyStore
    from bot.storage.tiny.journey import TinyJourneyStore
    from tests.conftest import paris

    tiny = TinyStore(tmp_path / "data")
    folder_journey = TinyJourneyStore(tmp_path / "data")
    at = paris("2027-01-10T10:00")
    plan = Programme("A-17", date(2027, 1, 11), date(2027, 12, 17), (Session(1, paris("2027-01-18T14:00")),))
    await folder_journey.save_programme(plan)
    await folder_journey.add_agenda_entry(AgendaEntry("A-17", 1, AgendaSource.PROMPT, at, "préparer"))
    await folder_journey.save_pause(Pause("B-2", date(2027, 3, 1), at))  # no programme, still copied
    records = await read_folder(tiny)
    await tiny.close()
    async with PostgresStore(postgres_url) as store:
        first = await copy_records(records, store)
        assert first.copied["journey"] == 2
        journey = PostgresJourneyStore(store)
        assert await journey.records("A-17") == await folder_journey.records("A-17")
        assert (await journey.records("B-2")).pause == Pause("B-2", date(2027, 3, 1), at)
        second = await copy_records(records, store)
        assert second.copied["journey"] == 0 and second.present["journey"] == 2


async def test_an_encrypted_folder_is_copied_sealed_and_reads_the_same(
    tmp_path: Path, project: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder's files open with CADRE_DATA_KEY; the rows are sealed again under it."""
    key = Fernet.generate_key().decode("ascii")
    monkeypatch.setenv("CADRE_DATA_KEY", key)
    setup = load_setup(project / "config")
    folder = await open_folder(tmp_path / "data")
    assert isinstance(folder, TinyStore)
    await fill(folder)
    before = await exports(folder, setup)
    records = await read_folder(folder)
    await folder.close()
    on_disk = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*.json"))
    assert b"words 0-0" not in on_disk, "the folder was not encrypted"
    async with PostgresStore(postgres_url, data_key=key) as store:
        await copy_records(records, store)
        after = await exports(store, setup)
    assert len(before) == 6
    assert after == before
    assert b"words 0-0" not in raw_bytes(postgres_url)


async def test_platform_ids_numbered_per_chat_are_copied_and_a_rerun_copies_nothing(
    tmp_path: Path, postgres_url: str
) -> None:
    """Message 5 in two chats (Telegram numbers per chat), and one id twice in one chat (a
    fake platform answering the same id to every send): TinyDB kept both, so does the copy."""
    from bot.storage.postgres import schema

    schema.upgrade(postgres_url)
    tiny = TinyStore(tmp_path / "data")
    chats = (MENTOR, UserRef("telegram", "10"), MENTOR)
    for n, to in enumerate(chats):
        at = T0 + timedelta(minutes=n)
        await tiny.enqueue(
            OutboxEntry(
                Outbound(to, f"digest {n}", f"digest:{n}", item_ref=f"R{n}", is_durable=True),
                created_at=at,
                next_attempt_at=at,
                status=OutboxStatus.SENT,
                platform_message_id="5",
            )
        )
    records = await read_folder(tiny)
    await tiny.close()
    async with PostgresStore(postgres_url) as store:
        first = await copy_records(records, store)
        assert first.copied["outbox"] == 3
        mine = await store.by_platform_id("telegram", "5", to=MENTOR)
        theirs = await store.by_platform_id("telegram", "5", to=UserRef("telegram", "10"))
        assert mine is not None and mine.outbound.key == "digest:2", "the latest in the chat keeps it"
        assert theirs is not None and theirs.outbound.key == "digest:1"
        older = await store.get_outbox("digest:0")
        assert older is not None and older.platform_message_id is None
        again = await copy_records(records, store)
        assert sum(again.copied.values()) == 0 and again.present["outbox"] == 3


async def test_an_id_a_service_wrote_since_is_refused_by_name(tmp_path: Path, postgres_url: str) -> None:
    from bot.errors import StoreError

    tiny = TinyStore(tmp_path / "data")
    sent = OutboxEntry(
        Outbound(MENTOR, "digest", "digest:folder", is_durable=True),
        created_at=T0,
        next_attempt_at=T0,
        status=OutboxStatus.SENT,
        platform_message_id="5",
    )
    await tiny.enqueue(sent)
    records = await read_folder(tiny)
    await tiny.close()
    async with PostgresStore(postgres_url) as store:
        written = replace(sent, outbound=replace(sent.outbound, key="digest:service"))
        await store.enqueue(written)
        with pytest.raises(StoreError) as refused:
            await copy_records(records, store)
        assert refused.value.code == "migrate_platform_id_taken"
        assert "digest:folder" in str(refused.value) and "digest:service" in str(refused.value)
