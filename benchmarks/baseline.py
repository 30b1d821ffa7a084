"""The naive store `cadre bench` compares TinyStore against: one TinyDB file, default storage.

Benchmark-only code. It is what one would write first with TinyDB: every record in one
`db.json` through TinyDB's default `JSONStorage` (which rewrites the whole file in place
and fsyncs it, but is not atomic), records found with `Query`. It exists so the bench can
show what the per-person layout buys as history grows: here every read parses and every
write re-serialises the entire history. Never use it for real data: a crash mid-write
leaves a truncated file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import JSONStorage
from tinydb.table import Document

from bot.domain import (
    AuditEvent,
    Conversation,
    Invitation,
    Item,
    ItemStatus,
    Mentee,
    OutboxEntry,
    OutboxStatus,
    UserRef,
)
from bot.domain.about import is_audit_about
from bot.domain.time import parse_aware
from bot.ports import Person
from bot.storage import codec
from bot.storage.records import ERASED, is_redeemable, parked_order

BASELINE_FILE = "db.json"


class BaselineTinyStore:
    """The Store protocol on a single TinyDB file (default JSONStorage, no cache, no index)."""

    def __init__(self, data_dir: str | Path) -> None:
        root = Path(data_dir)
        root.mkdir(parents=True, exist_ok=True)
        self.path = root / BASELINE_FILE
        self._db = TinyDB(self.path, storage=JSONStorage, encoding="utf-8")
        self._q = Query()

    async def close(self) -> None:
        self.release()

    def release(self) -> None:
        self._db.close()

    # ------------------------------------------------------------------ helpers
    def _upsert(self, table: str, key: str, record: dict[str, Any]) -> None:
        self._db.table(table).upsert({"key": key, "record": record}, self._q.key == key)

    def _get(self, table: str, key: str) -> Any | None:
        found = self._db.table(table).get(self._q.key == key)
        if found is None or isinstance(found, list):
            return None
        return found["record"]

    def _all(self, table: str) -> list[tuple[str, Any]]:
        return [(str(d["key"]), d["record"]) for d in self._db.table(table).all()]

    def seed(self, mentees: list[Mentee], items: list[Item]) -> None:
        """Bulk load for the bench's pre-seeded history (one write, not one per record)."""
        self._db.table("mentees").insert_multiple(
            {"key": m.user.key, "record": codec.encode_mentee(m)} for m in mentees
        )
        self._db.table("items").insert_multiple(
            {"key": i.id, "ref": i.ref, "mentee": i.mentee.key, "record": codec.encode_item(i)} for i in items
        )

    # ------------------------------------------------------------------ mentees
    async def get_person(self, user: UserRef) -> Person:
        """Two lookups in the one file: the baseline has no per-person record."""
        return Person(user, await self.get_mentee(user), await self.get_conversation(user))

    async def get_mentee(self, user: UserRef) -> Mentee | None:
        raw = self._get("mentees", user.key)
        return None if raw is None else codec.decode_mentee(raw, source=BASELINE_FILE)

    async def save_mentee(self, mentee: Mentee) -> None:
        self._upsert("mentees", mentee.user.key, codec.encode_mentee(mentee))

    async def list_mentees(self) -> list[Mentee]:
        found = [codec.decode_mentee(raw, source=BASELINE_FILE) for _, raw in self._all("mentees")]
        return sorted(found, key=lambda m: (m.enrolled_at, m.user.key))

    # ------------------------------------------------------------------ conversations
    async def get_conversation(self, user: UserRef) -> Conversation | None:
        raw = self._get("conversations", user.key)
        return None if raw is None else codec.decode_conversation(raw, source=BASELINE_FILE)

    async def save_conversation(self, conversation: Conversation) -> None:
        self._upsert("conversations", conversation.user.key, codec.encode_conversation(conversation))

    async def list_conversations_with_draft(self) -> list[Conversation]:
        found = [
            codec.decode_conversation(raw, source=BASELINE_FILE) for _, raw in self._all("conversations")
        ]
        return [c for c in found if c.draft is not None]

    # ------------------------------------------------------------------ items
    def _put_item(self, item: Item) -> None:
        self._db.table("items").upsert(
            {"key": item.id, "ref": item.ref, "mentee": item.mentee.key, "record": codec.encode_item(item)},
            self._q.key == item.id,
        )

    async def submit_item(self, item: Item, conversation: Conversation) -> None:
        self._put_item(item)
        await self.save_conversation(conversation)

    async def save_item(self, item: Item) -> None:
        self._put_item(item)

    async def record_reply(self, item: Item, entry: OutboxEntry) -> bool:
        if self._get("outbox", entry.outbound.key) is not None:
            return False
        self._put_item(item)
        await self.save_outbox(entry)
        return True

    def _decode_items(self, condition: Any) -> list[Item]:
        return [
            codec.decode_item(d["record"], source=BASELINE_FILE, record=str(d["key"]))
            for d in self._db.table("items").search(condition)
        ]

    async def get_item(self, item_id: str) -> Item | None:
        found = self._decode_items(self._q.key == item_id)
        return found[0] if found else None

    async def find_item_by_ref(self, ref: str) -> Item | None:
        found = self._decode_items(self._q.ref == ref)
        return found[0] if found else None

    async def items_of(self, user: UserRef) -> list[Item]:
        return sorted(self._decode_items(self._q.mentee == user.key), key=lambda i: (i.submitted_at, i.id))

    async def open_items(self, mentor: str | None = None) -> list[Item]:
        waiting = [
            i
            for i in self._decode_items(self._q.record.status == ItemStatus.WAITING.value)
            if mentor is None or i.mentor == mentor
        ]
        return sorted(waiting, key=lambda i: (i.submitted_at, i.id))

    # ------------------------------------------------------------------ outbox
    def _entries(self, condition: Callable[[OutboxEntry], bool]) -> list[OutboxEntry]:
        found = [
            codec.decode_outbox(raw, source=BASELINE_FILE, record=key) for key, raw in self._all("outbox")
        ]
        return sorted(
            (e for e in found if condition(e)),
            key=lambda e: (e.next_attempt_at, e.created_at, e.outbound.key),
        )

    async def enqueue(self, entry: OutboxEntry) -> bool:
        if self._get("outbox", entry.outbound.key) is not None:
            return False
        await self.save_outbox(entry)
        return True

    async def save_outbox(self, entry: OutboxEntry) -> None:
        self._upsert("outbox", entry.outbound.key, codec.encode_outbox(entry))

    async def get_outbox(self, key: str) -> OutboxEntry | None:
        raw = self._get("outbox", key)
        return None if raw is None else codec.decode_outbox(raw, source=BASELINE_FILE, record=key)

    async def due_outbox(self, now_at: datetime) -> list[OutboxEntry]:
        return self._entries(lambda e: e.status is OutboxStatus.PENDING and e.next_attempt_at <= now_at)

    async def list_outbox(self) -> list[OutboxEntry]:
        return self._entries(lambda e: True)

    async def parked_for(self, user: UserRef) -> list[OutboxEntry]:
        parked = self._entries(lambda e: e.status is OutboxStatus.PARKED and e.outbound.to == user)
        return sorted(parked, key=parked_order)

    async def by_platform_id(self, channel: str, message_id: str) -> OutboxEntry | None:
        found = self._entries(
            lambda e: e.platform_message_id == message_id and e.outbound.to.channel == channel
        )
        return found[0] if found else None

    # ------------------------------------------------------------------ invitations, marks
    async def save_invitation(self, invitation: Invitation) -> None:
        self._upsert("invitations", invitation.code, codec.encode_invitation(invitation))

    async def get_invitation(self, code: str) -> Invitation | None:
        raw = self._get("invitations", code)
        return (
            None if raw is None else codec.decode_invitation(raw, source=BASELINE_FILE, record="invitation")
        )

    async def redeem_invitation(self, code: str, *, user_key: str, now_at: datetime) -> Invitation | None:
        invitation = await self.get_invitation(code)
        if not is_redeemable(invitation, now_at):
            return None
        assert invitation is not None
        used = replace(invitation, used_by=user_key, used_at=now_at)
        await self.save_invitation(used)
        return used

    async def record_consent(self, mentee: Mentee, conversation: Conversation, event: AuditEvent) -> None:
        await self.append_audit(event)
        await self.save_mentee(mentee)
        await self.save_conversation(conversation)

    def _at_mark(self, name: str) -> datetime | None:
        raw = self._get("marks", name)
        return parse_aware(raw) if isinstance(raw, str) else None

    def _set_at_mark(self, name: str, at: datetime | None) -> None:
        if at is None:
            self._db.table("marks").remove(self._q.key == name)
        else:
            self._db.table("marks").upsert({"key": name, "record": codec.encode_at(at)}, self._q.key == name)

    async def digest_slot(self, mentor_id: str) -> datetime | None:
        return self._at_mark(f"digest:{mentor_id}")

    async def set_digest_slot(self, mentor_id: str, slot_at: datetime) -> None:
        self._set_at_mark(f"digest:{mentor_id}", slot_at)

    async def last_inbound(self, window: str) -> datetime | None:
        return self._at_mark(window)

    async def set_last_inbound(self, window: str, at: datetime | None) -> None:
        self._set_at_mark(window, at)

    # ------------------------------------------------------------------ audit
    async def append_audit(self, event: AuditEvent) -> None:
        self._db.table("audit").insert({"record": codec.encode_audit(event)})

    def _audit(self) -> list[AuditEvent]:
        found = [
            codec.decode_audit(d["record"], source=BASELINE_FILE, record=str(d.doc_id))
            for d in self._db.table("audit").all()
            if isinstance(d, Document)
        ]
        return sorted(found, key=lambda e: e.at)

    async def audit_events(self, since_at: datetime | None = None) -> list[AuditEvent]:
        return [e for e in self._audit() if since_at is None or e.at >= since_at]

    async def audit_about(self, alias: str, refs: frozenset[str] = frozenset()) -> list[AuditEvent]:
        return [e for e in self._audit() if is_audit_about(e, alias, refs)]

    async def prune_audit(self, before_at: datetime) -> int:
        gone = [
            d.doc_id
            for d in self._db.table("audit").all()
            if isinstance(d, Document)
            and codec.decode_audit(d["record"], source=BASELINE_FILE, record=str(d.doc_id)).at < before_at
        ]
        self._db.table("audit").remove(doc_ids=gone)
        return len(gone)

    # ------------------------------------------------------------------ rights
    async def erase_user(self, user: UserRef) -> None:
        refs = {i.ref for i in await self.items_of(user)}
        self._db.table("mentees").remove(self._q.key == user.key)
        self._db.table("conversations").remove(self._q.key == user.key)
        self._db.table("items").remove(self._q.mentee == user.key)
        for key, raw in self._all("outbox"):
            entry = codec.decode_outbox(raw, source=BASELINE_FILE, record=key)
            if entry.outbound.to == user or entry.outbound.item_ref in refs:
                self._db.table("outbox").remove(self._q.key == key)
        for code, raw in self._all("invitations"):
            if raw.get("used_by") == user.key:
                raw["used_by"] = ERASED
                self._upsert("invitations", code, raw)
