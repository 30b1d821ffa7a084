"""The Store protocol in memory, for tests and the console preview.

Records are frozen dataclasses, so keeping the instances themselves is safe: nothing the
engine holds can change what is stored. Semantics match TinyStore (ordering, idempotency,
erasure) so tests written against one hold for the other.
"""

from __future__ import annotations

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

ERASED = "erased"
"""What an invitation's `used_by` becomes when its user is erased: still used, no longer theirs."""


class MemoryStore:
    """Dictionaries behind the Store protocol; nothing survives the process."""

    def __init__(self) -> None:
        self._mentees: dict[str, Mentee] = {}
        self._conversations: dict[str, Conversation] = {}
        self._items: dict[str, Item] = {}
        self._outbox: dict[str, OutboxEntry] = {}
        self._invitations: dict[str, Invitation] = {}
        self._marks: dict[str, str] = {}
        self._audit: list[AuditEvent] = []

    # mentees
    def get_mentee(self, user: UserRef) -> Mentee | None:
        return self._mentees.get(user.key)

    def save_mentee(self, mentee: Mentee) -> None:
        self._mentees[mentee.user.key] = mentee

    def list_mentees(self) -> list[Mentee]:
        return sorted(self._mentees.values(), key=lambda m: (m.enrolled_at, m.user.key))

    # conversations
    def get_conversation(self, user: UserRef) -> Conversation | None:
        return self._conversations.get(user.key)

    def save_conversation(self, conversation: Conversation) -> None:
        self._conversations[conversation.user.key] = conversation

    def list_conversations_with_draft(self) -> list[Conversation]:
        return [c for c in self._conversations.values() if c.draft is not None]

    # items
    def submit_item(self, item: Item, conversation: Conversation) -> None:
        self._items[item.id] = item
        self._conversations[conversation.user.key] = conversation

    def save_item(self, item: Item) -> None:
        self._items[item.id] = item

    def get_item(self, item_id: str) -> Item | None:
        return self._items.get(item_id)

    def find_item_by_ref(self, ref: str) -> Item | None:
        for item in self._items.values():
            if item.ref == ref:
                return item
        return None

    def items_of(self, user: UserRef) -> list[Item]:
        return sorted((i for i in self._items.values() if i.mentee == user), key=_item_order)

    def open_items(self, mentor: str | None = None) -> list[Item]:
        return sorted(
            (
                i
                for i in self._items.values()
                if i.status is ItemStatus.WAITING and (mentor is None or i.mentor == mentor)
            ),
            key=_item_order,
        )

    # outbox
    def add_outbox(self, entry: OutboxEntry) -> bool:
        if entry.outbound.key in self._outbox:
            return False
        self._outbox[entry.outbound.key] = entry
        return True

    def save_outbox(self, entry: OutboxEntry) -> None:
        self._outbox[entry.outbound.key] = entry

    def get_outbox(self, key: str) -> OutboxEntry | None:
        return self._outbox.get(key)

    def due_outbox(self, now_at: datetime) -> list[OutboxEntry]:
        return sorted(
            (
                e
                for e in self._outbox.values()
                if e.status is OutboxStatus.PENDING and e.next_attempt_at <= now_at
            ),
            key=_outbox_order,
        )

    def list_outbox(self) -> list[OutboxEntry]:
        return sorted(self._outbox.values(), key=_outbox_order)

    def find_outbox_by_platform_id(self, channel: str, message_id: str) -> OutboxEntry | None:
        for entry in self._outbox.values():
            if entry.platform_message_id == message_id and entry.outbound.to.channel == channel:
                return entry
        return None

    # invitations
    def save_invitation(self, invitation: Invitation) -> None:
        self._invitations[invitation.code] = invitation

    def get_invitation(self, code: str) -> Invitation | None:
        return self._invitations.get(code)

    # marks
    def get_mark(self, name: str) -> str | None:
        return self._marks.get(name)

    def set_mark(self, name: str, value: str) -> None:
        self._marks[name] = value

    # audit
    def append_audit(self, event: AuditEvent) -> None:
        self._audit.append(event)

    def audit_events(self) -> list[AuditEvent]:
        return sorted(self._audit, key=lambda e: e.at)

    # rights
    def erase_user(self, user: UserRef) -> None:
        refs = {i.ref for i in self._items.values() if i.mentee == user}
        self._mentees.pop(user.key, None)
        self._conversations.pop(user.key, None)
        self._items = {k: i for k, i in self._items.items() if i.mentee != user}
        self._outbox = {k: e for k, e in self._outbox.items() if not is_outbox_about(e, user, refs)}
        for code, invitation in list(self._invitations.items()):
            if invitation.used_by == user.key:
                self._invitations[code] = replace(invitation, used_by=ERASED)

    def close(self) -> None:
        """Nothing to release; present so callers can treat both stores alike."""


def _item_order(item: Item) -> tuple[datetime, str]:
    return (item.submitted_at, item.id)


def _outbox_order(entry: OutboxEntry) -> tuple[datetime, datetime, str]:
    return (entry.next_attempt_at, entry.created_at, entry.outbound.key)


def is_outbox_about(entry: OutboxEntry, user: UserRef, refs: set[str]) -> bool:
    """Addressed to the person, or a mentor's copy of one of their items: both hold their words."""
    return entry.outbound.to == user or (
        entry.outbound.item_ref is not None and entry.outbound.item_ref in refs
    )
