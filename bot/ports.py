"""The seams between the core and the outside: channels, storage, time, screening.

The core depends on these protocols only; adapters (TinyStore, TelegramChannel…) satisfy
them structurally, so the core never imports a platform SDK or a storage engine.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from bot.domain import (
    AuditEvent,
    Conversation,
    Finding,
    Inbound,
    Invitation,
    Item,
    Mentee,
    Outbound,
    OutboxEntry,
    UserRef,
)


class Clock(Protocol):
    def now(self) -> datetime:
        """Current time, aware, in UTC."""
        ...


OnMessage = Callable[[Inbound], Awaitable[None]]


class Channel(Protocol):
    """A messaging platform, translated to Inbound and from Outbound.

    `send` returns the platform's id for the sent message (used to route a mentor's reply
    back to an item) and raises RetryableSendError or FinalSendError.
    """

    name: str

    async def start(self, on_message: OnMessage) -> None: ...

    async def send(self, outbound: Outbound) -> str | None: ...

    async def stop(self) -> None: ...


class Screener(Protocol):
    """Finds identifying data in a text (pure; may load a language model once)."""

    def screen(self, text: str) -> list[Finding]: ...


class Store(Protocol):
    """What Cadre keeps, shaped by the domain.

    Every write is durable when the method returns (temp file, fsync, os.replace): the
    engine acknowledges only after. One writer process. Implementations must keep the cost
    of a write independent of the total history (per-mentee files plus small indexes).
    """

    # mentees
    def get_mentee(self, user: UserRef) -> Mentee | None: ...

    def save_mentee(self, mentee: Mentee) -> None: ...

    def list_mentees(self) -> list[Mentee]: ...

    # conversations (draft, away notice, idempotency)
    def get_conversation(self, user: UserRef) -> Conversation | None: ...

    def save_conversation(self, conversation: Conversation) -> None: ...

    def list_conversations_with_draft(self) -> list[Conversation]: ...

    # items
    def submit_item(self, item: Item, conversation: Conversation) -> None:
        """Store a new item and the conversation (draft cleared) in one atomic write."""
        ...

    def save_item(self, item: Item) -> None: ...

    def get_item(self, item_id: str) -> Item | None: ...

    def find_item_by_ref(self, ref: str) -> Item | None: ...

    def items_of(self, user: UserRef) -> list[Item]: ...

    def open_items(self, mentor: str | None = None) -> list[Item]:
        """Items still waiting for a mentor (status waiting), oldest first."""
        ...

    # outbox
    def add_outbox(self, entry: OutboxEntry) -> bool:
        """Store an entry unless one with the same key exists; False when it already did."""
        ...

    def save_outbox(self, entry: OutboxEntry) -> None: ...

    def get_outbox(self, key: str) -> OutboxEntry | None: ...

    def due_outbox(self, now_at: datetime) -> list[OutboxEntry]: ...

    def list_outbox(self) -> list[OutboxEntry]: ...

    def find_outbox_by_platform_id(self, channel: str, message_id: str) -> OutboxEntry | None: ...

    # invitations
    def save_invitation(self, invitation: Invitation) -> None: ...

    def get_invitation(self, code: str) -> Invitation | None: ...

    # marks: small named values (last digest slot per mentor…)
    def get_mark(self, name: str) -> str | None: ...

    def set_mark(self, name: str, value: str) -> None: ...

    # audit trail
    def append_audit(self, event: AuditEvent) -> None: ...

    def audit_events(self) -> list[AuditEvent]: ...

    # rights
    def erase_user(self, user: UserRef) -> None:
        """Remove everything about this person: profile, conversation, items, outbox."""
        ...

    def close(self) -> None:
        """Release the data folder (its lock) for another process."""
        ...
