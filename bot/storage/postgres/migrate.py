"""`cadre db migrate --from DATA_DIR`: a TinyDB data folder copied into PostgreSQL.

Idempotent by construction: a record is copied only when the database lacks it (same
person, item id, outbox key, invitation code, mark name; audit events compared whole),
so a second run copies nothing and an interrupted run finishes where it stopped. The
folder is opened as the bot opens it, lock included: the migration refuses to run while
a `cadre run` still uses the folder, which is what keeps the copy consistent.

Nothing is deleted from the folder; once the bot runs on PostgreSQL, keep the folder as a
backup for as long as the retention rules allow, then delete it (docs/scaling.md).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain import AuditEvent, Conversation, Invitation, Item, Mentee, OutboxEntry
from bot.journey.ports import JourneyRecords
from bot.storage import codec
from bot.storage.postgres.journey import PostgresJourneyStore
from bot.storage.postgres.store import PostgresStore
from bot.storage.tiny import TinyStore
from bot.storage.tiny.journey import TinyJourneyStore
from bot.storage.tiny.store import DIGEST_MARK

log = logging.getLogger(__name__)

KINDS = (
    "mentees",
    "conversations",
    "items",
    "outbox",
    "invitations",
    "digest_slots",
    "windows",
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
    journey: tuple[JourneyRecords, ...] = ()
    """The folder's journey records (its journey/ files), one per alias."""


async def read_folder(tiny: TinyStore) -> FolderRecords:
    """Person files, the active outbox and its archive, system.json and the audit trail."""
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
    return FolderRecords(
        mentees=tuple(mentees),
        conversations=tuple(conversations),
        items=tuple(items),
        outbox=tuple(outbox.values()),
        invitations=invitations,
        digest_slots=tuple(digest_slots),
        windows=tuple(windows),
        audit=tuple(await tiny.audit_events()),
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
    for entry in records.outbox:
        tally.count("outbox", await target.enqueue(entry))
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
    for event, is_missing in _missing_audit(records.audit, await target.audit_events()):
        if is_missing:
            await target.append_audit(event)
        tally.count("audit", is_missing)
    journey = PostgresJourneyStore(target)
    for kept in records.journey:
        tally.count("journey", await journey.adopt(kept))
    log.info("folder migrated copied=%d present=%d", sum(tally.copied.values()), sum(tally.present.values()))
    return tally
