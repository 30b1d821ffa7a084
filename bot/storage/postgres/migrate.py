"""`cadre db migrate --from DATA_DIR`: a TinyDB data folder copied into PostgreSQL.

Idempotent by construction: a record is copied only when the database lacks it (same
person, item id, outbox key, invitation code, mark name, link key, inbox key; audit
events and failed codes compared whole), so a second run copies nothing and an
interrupted run finishes where it stopped.

Besides the records: the WhatsApp identity links (system.json `links`), the durable
inbox (events acknowledged to a platform and not yet handled, handled on PostgreSQL by
the first process that starts; and the dedupe memory of handled ones, so a platform's
redelivery is still refused), and the invitation guard's wrong codes with the folder's
secret that keys their hashes. A database that already has its own secret keeps it, and
then the folder's wrong codes, meaningless under another key, are not copied (they
expire within the guard's hour anyway). The
folder is opened as the bot opens it, lock included: the migration refuses to run while
a `cadre run` still uses the folder, which is what keeps the copy consistent.

Nothing is deleted from the folder; once the bot runs on PostgreSQL, keep the folder as a
backup for as long as the retention rules allow, then delete it (docs/scaling.md).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from bot.domain import AuditEvent, Conversation, InboxEntry, Invitation, Item, Mentee, OutboxEntry
from bot.errors import StoreError
from bot.journey.ports import JourneyRecords
from bot.storage import codec
from bot.storage.postgres.inbox import PostgresInbox
from bot.storage.postgres.journey import PostgresJourneyStore
from bot.storage.postgres.store import PostgresStore
from bot.storage.tiny import TinyStore
from bot.storage.tiny.inbox import TinyInbox
from bot.storage.tiny.journey import TinyJourneyStore
from bot.storage.tiny.store import CODE_GUARD_SECRET, DIGEST_MARK

log = logging.getLogger(__name__)

KINDS = (
    "mentees",
    "conversations",
    "items",
    "outbox",
    "invitations",
    "digest_slots",
    "windows",
    "links",
    "failed_codes",
    "inbox",
    "inbox_seen",
    "audit",
    "journey",
)


@dataclass
class Tally:
    """Per record kind: copied now, and already in the database (an earlier run)."""

    copied: Counter[str] = field(default_factory=Counter)
    present: Counter[str] = field(default_factory=Counter)

    def count(self, kind: str, is_copied: bool) -> None:
        (self.copied if is_copied else self.present)[kind] += 1


@dataclass(frozen=True)
class FolderRecords:
    """Everything a TinyDB folder holds, decoded (the files are read once)."""

    mentees: tuple[Mentee, ...]
    conversations: tuple[Conversation, ...]
    items: tuple[Item, ...]
    outbox: tuple[OutboxEntry, ...]
    invitations: tuple[Invitation, ...]
    digest_slots: tuple[tuple[str, datetime], ...]
    windows: tuple[tuple[str, datetime], ...]
    audit: tuple[AuditEvent, ...]
    links: tuple[tuple[str, str], ...] = ()
    failed_codes: tuple[tuple[str, datetime], ...] = ()
    code_guard_key: bytes | None = None
    inbox: tuple[InboxEntry, ...] = ()
    inbox_seen: tuple[tuple[str, datetime], ...] = ()  # handled keys, and until when they hold
    journey: tuple[JourneyRecords, ...] = ()
    """The folder's journey records (its journey/ files), one per alias."""


async def read_folder(tiny: TinyStore) -> FolderRecords:
    """Person files, the active outbox and its archive, system.json, the inbox, the audit."""
    mentees: list[Mentee] = []
    conversations: list[Conversation] = []
    items: list[Item] = []
    for name in tiny._person_names():
        label = tiny._person_label(name)
        data = tiny._read(label)
        mentee = tiny._profile(label, data)
        if mentee is not None:
            mentees.append(mentee)
        conversation = tiny._conversation(label, data)
        if conversation is not None:
            conversations.append(conversation)
        items.extend(tiny._items(label, data))
    outbox: dict[str, OutboxEntry] = {}
    for label in [*tiny._labels("outbox"), "outbox.json"]:  # the active file wins
        for entry in tiny._outbox_entries(label):
            outbox[entry.outbound.key] = entry
    system = tiny._read("system.json")
    invitations = tuple(
        codec.decode_invitation(raw, source="system.json", record="invitation")
        for raw in system.get("invitations", {}).values()
    )
    digest_slots: list[tuple[str, datetime]] = []
    windows: list[tuple[str, datetime]] = []
    for name in sorted(system.get("marks", {})):
        at = tiny._mark(name)
        if at is None:
            continue
        if name.startswith(DIGEST_MARK):
            digest_slots.append((name.removeprefix(DIGEST_MARK), at))
        else:
            windows.append((name, at))
    links = []
    for key in sorted(system.get("links", {})):
        identity = await tiny.identity_link(key)
        if identity is not None:
            links.append((key, identity))
    secret = system.get("secrets", {}).get(CODE_GUARD_SECRET)
    inbox = TinyInbox(tiny.root, cipher_for=tiny.cipher_for)
    pending = [e for channel in inbox.channels() for e in await inbox.pending(channel)]
    return FolderRecords(
        mentees=tuple(mentees),
        conversations=tuple(conversations),
        items=tuple(items),
        outbox=tuple(outbox.values()),
        invitations=invitations,
        digest_slots=tuple(digest_slots),
        windows=tuple(windows),
        audit=tuple(await tiny.audit_events()),
        links=tuple(links),
        failed_codes=tuple(await tiny.failed_codes(datetime.min.replace(tzinfo=UTC))),
        code_guard_key=(
            None
            if secret is None
            else codec.decode_secret(secret, source="system.json", record=CODE_GUARD_SECRET)
        ),
        inbox=tuple(sorted(pending, key=lambda e: e.sequence)),
        inbox_seen=tuple(
            (key, datetime.fromisoformat(day).replace(tzinfo=UTC) + timedelta(days=1) - timedelta(seconds=1))
            for key, day in sorted(inbox.handled_keys().items())
        ),
        journey=tuple(await TinyJourneyStore(tiny.root, keys=getattr(tiny, "keys", None)).all_records()),
    )


def _audit_key(event: AuditEvent) -> tuple[object, ...]:
    return (event.at, event.actor, event.action, event.subject, event.details)


def _missing_audit(
    events: tuple[AuditEvent, ...], existing: list[AuditEvent]
) -> Iterator[tuple[AuditEvent, bool]]:
    """Each folder event, and whether the database lacks it (as many times as it occurs)."""
    have = Counter(_audit_key(e) for e in existing)
    for event in events:
        key = _audit_key(event)
        if have[key]:
            have[key] -= 1
            yield event, False
        else:
            yield event, True


def one_platform_id_per_chat(entries: Iterable[OutboxEntry]) -> list[OutboxEntry]:
    """The entries with each platform id held once per channel and chat, as the database's
    unique index wants it. A folder may hold one id twice in a chat (a fake platform that
    answered the same id to every send): TinyDB accepted it and found the latest entry by
    it, so the latest keeps it and the older ones are copied without it."""
    latest: dict[tuple[str, str, str], OutboxEntry] = {}
    listed = list(entries)
    for entry in listed:
        if entry.platform_message_id is None:
            continue
        pair = (entry.outbound.to.channel, entry.outbound.to.key, entry.platform_message_id)
        held = latest.get(pair)
        if held is None or (entry.created_at, entry.outbound.key) > (held.created_at, held.outbound.key):
            latest[pair] = entry
    kept = {entry.outbound.key for entry in latest.values()}
    cleared = [e for e in listed if e.platform_message_id is not None and e.outbound.key not in kept]
    if cleared:
        log.warning("outbox platform ids held twice in one chat: copied without it count=%d", len(cleared))
    gone = {e.outbound.key for e in cleared}
    return [replace(e, platform_message_id=None) if e.outbound.key in gone else e for e in listed]


async def _copy_outbox(entry: OutboxEntry, target: PostgresStore) -> bool:
    """enqueue, refusing by name (entry key, channel, id) an id another entry of the same chat
    already holds in the database (one written by a running service, not by this copy)."""
    message_id = entry.platform_message_id
    if message_id is not None and await target.get_outbox(entry.outbound.key) is None:
        holder = await target.by_platform_id(entry.outbound.to.channel, message_id, to=entry.outbound.to)
        if holder is not None:
            raise StoreError(
                f"outbox entry {entry.outbound.key} ({entry.outbound.to.channel}): its platform "
                f"message id {message_id} is already held in this database by entry "
                f"{holder.outbound.key}, sent to the same chat; the database was written by a "
                "service since: migrate into a new database",
                code="migrate_platform_id_taken",
                params={
                    "key": entry.outbound.key,
                    "channel": entry.outbound.to.channel,
                    "message_id": message_id,
                    "holder": holder.outbound.key,
                },
            )
    return await target.enqueue(entry)


async def copy_records(records: FolderRecords, target: PostgresStore) -> Tally:
    """Copy what the database lacks; items before the outbox (a mentor's copy finds its item)."""
    tally = Tally()
    for mentee in records.mentees:
        is_missing = await target.get_mentee(mentee.user) is None
        if is_missing:
            await target.save_mentee(mentee)
        tally.count("mentees", is_missing)
    for conversation in records.conversations:
        is_missing = await target.get_conversation(conversation.user) is None
        if is_missing:
            await target.save_conversation(conversation)  # its remembered inbound ids with it
        tally.count("conversations", is_missing)
    for item in records.items:
        is_missing = await target.get_item(item.id) is None
        if is_missing:
            await target.save_item(item)
        tally.count("items", is_missing)
    for entry in one_platform_id_per_chat(records.outbox):
        tally.count("outbox", await _copy_outbox(entry, target))
    for invitation in records.invitations:
        is_missing = await target.get_invitation(invitation.code) is None
        if is_missing:
            await target.save_invitation(invitation)
        tally.count("invitations", is_missing)
    for mentor_id, slot_at in records.digest_slots:
        is_missing = await target.digest_slot(mentor_id) is None
        if is_missing:
            await target.set_digest_slot(mentor_id, slot_at)
        tally.count("digest_slots", is_missing)
    for window, at in records.windows:
        is_missing = await target.last_inbound(window) is None
        if is_missing:
            await target.set_last_inbound(window, at)
        tally.count("windows", is_missing)
    for key, identity in records.links:
        is_missing = await target.identity_link(key) is None
        if is_missing:
            await target.set_identity_link(key, identity)
        tally.count("links", is_missing)
    await _copy_failed_codes(records, target, tally)
    inbox = PostgresInbox(target)
    kept = {e.key for e in await inbox.record(records.inbox)}
    await inbox.release()  # no process of ours handles them: the first `cadre run` does
    for pending in records.inbox:
        tally.count("inbox", pending.key in kept)
    remembered = set(await inbox.remember(records.inbox_seen))
    for key, _ in records.inbox_seen:
        tally.count("inbox_seen", key in remembered)
    for event, is_missing in _missing_audit(records.audit, await target.audit_events()):
        if is_missing:
            await target.append_audit(event)
        tally.count("audit", is_missing)
    journey = PostgresJourneyStore(target)
    for alias_records in records.journey:
        tally.count("journey", await journey.adopt(alias_records))
    log.info("folder migrated copied=%d present=%d", sum(tally.copied.values()), sum(tally.present.values()))
    return tally


async def _copy_failed_codes(records: FolderRecords, target: PostgresStore, tally: Tally) -> None:
    """Under the folder's secret (adopted unless the database has its own), each once."""
    if not records.failed_codes:
        return
    if records.code_guard_key is None or not await target.set_code_guard_key(records.code_guard_key):
        log.info("failed codes not copied: the database keys its hashes with its own secret")
        return
    have = Counter(await target.failed_codes(datetime.min.replace(tzinfo=UTC)))
    for who, at in records.failed_codes:
        if have[(who, at)]:
            have[(who, at)] -= 1
            tally.count("failed_codes", False)
            continue
        await target.add_failed_code(who, at, forget_before=datetime.min.replace(tzinfo=UTC))
        tally.count("failed_codes", True)
