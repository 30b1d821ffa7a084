"""The Store in memory, for tests and the console preview.

Records are frozen dataclasses, so keeping the instances themselves is safe: nothing the
engine holds can change what is stored. Semantics match TinyStore (ordering, idempotency,
erasure): tests/storage/test_store_contract.py runs the same tests against both.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime

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
from bot.domain.about import is_audit_about, is_outbox_about
from bot.errors import StoreError
from bot.ports import Person
from bot.storage.records import (
    ERASED,
    is_redeemable,
    item_order,
    outbox_order,
    parked_order,
)


class MemoryStore:
    """Dictionaries behind the Store protocol; nothing survives the process."""

    def __init__(self) -> None:
        self._mentees: dict[str, Mentee] = {}
        self._conversations: dict[str, Conversation] = {}
        self._items: dict[str, Item] = {}
        self._outbox: dict[str, OutboxEntry] = {}
        self._invitations: dict[str, Invitation] = {}
        self._digest_slots: dict[str, datetime] = {}
        self._windows: dict[str, datetime] = {}
        self._runs: set[tuple[str, datetime]] = set()
        self._links: dict[str, str] = {}
        self._audit: list[AuditEvent] = []
        self._failed_codes: list[tuple[str, datetime]] = []
        self._code_guard_key = secrets.token_bytes(32)

    # people
    async def get_person(self, user: UserRef) -> Person:
        return Person(user, self._mentees.get(user.key), self._conversations.get(user.key))

    async def get_mentee(self, user: UserRef) -> Mentee | None:
        return self._mentees.get(user.key)

    async def save_mentee(self, mentee: Mentee) -> None:
        self._mentees[mentee.user.key] = mentee

    async def list_mentees(self) -> list[Mentee]:
        return sorted(self._mentees.values(), key=lambda m: (m.enrolled_at, m.user.key))

    async def get_conversation(self, user: UserRef) -> Conversation | None:
        return self._conversations.get(user.key)

    async def save_conversation(self, conversation: Conversation) -> None:
        self._conversations[conversation.user.key] = conversation

    async def list_conversations_with_draft(self) -> list[Conversation]:
        return [c for c in self._conversations.values() if c.draft is not None]

    async def erase_user(self, user: UserRef) -> None:
        refs = {i.ref for i in self._items.values() if i.mentee == user}
        self._mentees.pop(user.key, None)
        self._conversations.pop(user.key, None)
        self._items = {k: i for k, i in self._items.items() if i.mentee != user}
        self._outbox = {k: e for k, e in self._outbox.items() if not is_outbox_about(e, user, refs)}
        for code, invitation in list(self._invitations.items()):
            if invitation.used_by == user.key:
                self._invitations[code] = replace(invitation, used_by=ERASED)

    # items
    async def submit_item(self, item: Item, conversation: Conversation) -> None:
        if conversation.user != item.mentee:
            raise StoreError(f"item {item.id}: conversation belongs to another person")
        self._items[item.id] = item
        self._conversations[conversation.user.key] = conversation

    async def save_item(self, item: Item) -> None:
        self._items[item.id] = item

    async def record_reply(self, item: Item, entry: OutboxEntry) -> bool:
        if entry.outbound.key in self._outbox:
            return False
        self._items[item.id] = item
        self._outbox[entry.outbound.key] = entry
        return True

    async def get_item(self, item_id: str) -> Item | None:
        return self._items.get(item_id)

    async def find_item_by_ref(self, ref: str) -> Item | None:
        return next((i for i in self._items.values() if i.ref == ref), None)

    async def items_of(self, user: UserRef) -> list[Item]:
        return sorted((i for i in self._items.values() if i.mentee == user), key=item_order)

    async def open_items(self, mentor: str | None = None) -> list[Item]:
        return sorted(
            (
                i
                for i in self._items.values()
                if i.status is ItemStatus.WAITING and (mentor is None or i.mentor == mentor)
            ),
            key=item_order,
        )

    # outbox
    async def enqueue(self, entry: OutboxEntry) -> bool:
        if entry.outbound.key in self._outbox:
            return False
        self._outbox[entry.outbound.key] = entry
        return True

    async def save_outbox(self, entry: OutboxEntry) -> None:
        self._outbox[entry.outbound.key] = entry

    async def get_outbox(self, key: str) -> OutboxEntry | None:
        return self._outbox.get(key)

    async def due_outbox(self, now_at: datetime) -> list[OutboxEntry]:
        return sorted(
            (
                e
                for e in self._outbox.values()
                if e.status is OutboxStatus.PENDING and e.next_attempt_at <= now_at
            ),
            key=outbox_order,
        )

    async def list_outbox(self) -> list[OutboxEntry]:
        return sorted(self._outbox.values(), key=outbox_order)

    async def claim_outbox(self, key: str, now_at: datetime) -> OutboxEntry | None:
        entry = self._outbox.get(key)
        return entry if entry is not None and entry.status is OutboxStatus.PENDING else None

    async def parked_for(self, user: UserRef) -> list[OutboxEntry]:
        return sorted(
            (e for e in self._outbox.values() if e.status is OutboxStatus.PARKED and e.outbound.to == user),
            key=parked_order,
        )

    async def by_platform_id(
        self, channel: str, message_id: str, *, to: UserRef | None = None
    ) -> OutboxEntry | None:
        found = [
            e
            for e in self._outbox.values()
            if e.platform_message_id == message_id
            and e.outbound.to.channel == channel
            and (to is None or e.outbound.to == to)
        ]
        return max(found, key=lambda e: (e.created_at, e.outbound.key)) if found else None

    # marks
    async def digest_slot(self, mentor_id: str) -> datetime | None:
        return self._digest_slots.get(mentor_id)

    async def set_digest_slot(self, mentor_id: str, slot_at: datetime) -> None:
        self._digest_slots[mentor_id] = slot_at

    async def claim_run(self, job: str, slot_at: datetime, now_at: datetime) -> bool:
        if (job, slot_at) in self._runs:
            return False
        self._runs.add((job, slot_at))
        return True

    async def finish_run(self, job: str, slot_at: datetime) -> None:
        """One process: its claim already holds for good."""

    async def prune_runs(self, before_at: datetime) -> int:
        old = {run for run in self._runs if run[1] < before_at}
        self._runs -= old
        return len(old)

    async def claim_digest_slot(self, mentor_id: str, slot_at: datetime, now_at: datetime) -> bool:
        handled_at = self._digest_slots.get(mentor_id)
        return handled_at is None or handled_at < slot_at

    async def last_inbound(self, window: str) -> datetime | None:
        return self._windows.get(window)

    async def set_last_inbound(self, window: str, at: datetime | None) -> None:
        if at is None:
            self._windows.pop(window, None)
        else:
            self._windows[window] = at

    async def identity_link(self, key: str) -> str | None:
        return self._links.get(key)

    async def set_identity_link(self, key: str, identity: str | None) -> None:
        if identity is None:
            self._links.pop(key, None)
        else:
            self._links[key] = identity

    # invitations, consent
    async def save_invitation(self, invitation: Invitation) -> None:
        self._invitations[invitation.code] = invitation

    async def get_invitation(self, code: str) -> Invitation | None:
        return self._invitations.get(code)

    async def redeem_invitation(self, code: str, *, user_key: str, now_at: datetime) -> Invitation | None:
        invitation = self._invitations.get(code)
        if not is_redeemable(invitation, now_at):
            return None
        assert invitation is not None
        used = replace(invitation, used_by=user_key, used_at=now_at)
        self._invitations[code] = used
        return used

    async def failed_codes(self, since_at: datetime) -> list[tuple[str, datetime]]:
        return [(who, at) for who, at in self._failed_codes if at >= since_at]

    async def add_failed_code(self, who: str, at: datetime, *, forget_before: datetime) -> None:
        self._failed_codes = [(w, a) for w, a in self._failed_codes if a >= forget_before] + [(who, at)]

    async def code_guard_key(self) -> bytes:
        return self._code_guard_key

    async def record_consent(self, mentee: Mentee, conversation: Conversation, event: AuditEvent) -> None:
        self._audit.append(event)
        self._mentees[mentee.user.key] = mentee
        self._conversations[conversation.user.key] = conversation

    # audit
    async def append_audit(self, event: AuditEvent) -> None:
        self._audit.append(event)

    async def audit_events(self, since_at: datetime | None = None) -> list[AuditEvent]:
        return sorted((e for e in self._audit if since_at is None or e.at >= since_at), key=lambda e: e.at)

    async def audit_about(self, alias: str, refs: frozenset[str] = frozenset()) -> list[AuditEvent]:
        return sorted((e for e in self._audit if is_audit_about(e, alias, refs)), key=lambda e: e.at)

    async def prune_audit(self, before_at: datetime) -> int:
        kept = [e for e in self._audit if e.at >= before_at]
        removed = len(self._audit) - len(kept)
        self._audit = kept
        return removed

    async def close(self) -> None:
        """Nothing to release; present so callers can treat every store alike."""
